import * as df from 'durable-functions';
import { NotFoundError } from '../../shared/errors';
import { buildRoleDocument } from '../../shared/import/roleDocument';
import { WriteRolesInputSchema, type WriteRolesOutput } from '../../shared/schemas/orchestration';
import { stores } from '../dependencies';
import { names } from '../names';
import { loadRolesToWrite } from '../../shared/import/stagedResults';
import { faultsFor, firstAttempt } from './testFaults';

/**
 * Writes one batch of mapped roles as pending documents. Ids are deterministic and the write is
 * create-or-compare, so a retry after a partial write finds its own documents instead of duplicating them.
 */
df.app.activity(names.writeRolesActivity, {
  handler: async (input: unknown): Promise<WriteRolesOutput> => {
    const batch = WriteRolesInputSchema.parse(input);
    const { tenantId, importId, workload, offset, count } = batch;
    const { imports, roles } = await stores();
    const doc = await imports.getImport(tenantId, importId);
    if (!doc) throw new NotFoundError(`Import ${importId}`);
    const faults = faultsFor(names.writeRolesActivity);
    if (faults.delayMs > 0) await new Promise((r) => setTimeout(r, faults.delayMs));

    const slice = (await loadRolesToWrite(imports, tenantId, importId, workload)).slice(offset, offset + count);
    const ctx = { tenantId, importId, importedAt: doc.createdAt, writtenBy: doc.requestedBy };
    const outcomes = await roles.writeRoles(slice.map((r) => buildRoleDocument(r, ctx)));
    if (faults.failAfterWrite && firstAttempt(`${importId}:${workload}:${offset}`)) {
      throw new Error('Injected fault after writing (IMPORTER_TEST_FAULTS)');
    }
    return {
      written: outcomes.length,
      created: outcomes.filter((o) => o === 'created').length,
      unchanged: outcomes.filter((o) => o === 'unchanged').length,
      replaced: outcomes.filter((o) => o === 'replaced').length,
    };
  },
});

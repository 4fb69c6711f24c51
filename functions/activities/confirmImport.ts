import * as df from 'durable-functions';
import { NotFoundError } from '../../shared/errors';
import { differencesFromMapped } from '../../shared/import/roleDocument';
import { unifiedRoleId } from '../../shared/import/unifiedRoleId';
import { ImportRefSchema, type ConfirmImportOutput } from '../../shared/schemas/orchestration';
import { stores } from '../dependencies';
import { names } from '../names';
import { loadRolesToWrite } from '../../shared/import/stagedResults';

/**
 * Reads every written role back and checks it equals what was mapped (permissions, principals, data
 * sources). Only when all match are the roles committed (made visible); otherwise nothing is.
 */
df.app.activity(names.confirmImportActivity, {
  handler: async (input: unknown): Promise<ConfirmImportOutput> => {
    const { tenantId, importId } = ImportRefSchema.parse(input);
    const { imports, roles } = await stores();
    const doc = await imports.getImport(tenantId, importId);
    if (!doc) throw new NotFoundError(`Import ${importId}`);
    const mismatches: ConfirmImportOutput['mismatches'] = [];
    const toCommit: string[] = [];
    for (const w of doc.workloads.filter((x) => x.captured)) {
      for (const result of await loadRolesToWrite(imports, tenantId, importId, w.workload)) {
        const roleId = unifiedRoleId(tenantId, importId, result.workload, result.sourceRoleId);
        const stored = await roles.getRole(tenantId, roleId, { includePending: true });
        const fields = stored ? differencesFromMapped(stored, result.unifiedRole!) : ['missing'];
        if (fields.length > 0) mismatches.push({ roleId, sourceRoleId: result.sourceRoleId, workload: result.workload, fields });
        else toCommit.push(roleId);
      }
    }
    if (mismatches.length === 0) {
      for (const roleId of toCommit) await roles.commitRole(tenantId, roleId);
    }
    return { confirmed: mismatches.length === 0 ? toCommit.length : 0, mismatches };
  },
});

import * as df from 'durable-functions';
import { NotFoundError } from '../../shared/errors';
import { differencesFromMapped } from '../../shared/import/roleDocument';
import { loadRolesToWrite } from '../../shared/import/stagedResults';
import { unifiedRoleId } from '../../shared/import/unifiedRoleId';
import { ImportRefSchema, type ConfirmImportOutput } from '../../shared/schemas/orchestration';
import { stores } from '../dependencies';
import { names } from '../names';

/**
 * Reads every written role back (one partition-scoped query) and checks it equals what was mapped
 * (permissions, principals, data sources). Only when all match are the roles committed (made visible);
 * otherwise none is.
 */
df.app.activity(names.confirmImportActivity, {
  handler: async (input: unknown): Promise<ConfirmImportOutput> => {
    const { tenantId, importId } = ImportRefSchema.parse(input);
    const { imports, roles } = await stores();
    const doc = await imports.getImport(tenantId, importId);
    if (!doc) throw new NotFoundError(`Import ${importId}`);
    const written = new Map((await roles.listRoles(tenantId, { importId, includePending: true })).map((r) => [r.id, r]));
    const mismatches: ConfirmImportOutput['mismatches'] = [];
    const toCommit: string[] = [];
    let checked = 0;
    for (const w of doc.workloads.filter((x) => x.captured)) {
      for (const result of await loadRolesToWrite(imports, tenantId, importId, w.workload)) {
        const roleId = unifiedRoleId(tenantId, importId, result.workload, result.sourceRoleId);
        const stored = written.get(roleId);
        checked += 1;
        const fields = stored && result.unifiedRole ? differencesFromMapped(stored, result.unifiedRole) : ['missing'];
        if (fields.length > 0) mismatches.push({ roleId, sourceRoleId: result.sourceRoleId, workload: result.workload, fields });
        else if (stored?.importState === 'pending') toCommit.push(roleId);
      }
    }
    if (mismatches.length > 0) return { confirmed: 0, canceled: false, mismatches };
    // Cancel and commit exclude each other through the record's ETag: whichever writes first wins.
    let canceled = false;
    await imports.updateImport(tenantId, importId, (d) => {
      canceled = d.cancelRequested === true;
      return canceled ? d : { ...d, commitStarted: true, updatedAt: new Date().toISOString() };
    });
    if (canceled) return { confirmed: 0, canceled: true, mismatches };
    if (toCommit.length > 0) await roles.commitRoles(tenantId, toCommit);
    return { confirmed: checked, canceled: false, mismatches };
  },
});

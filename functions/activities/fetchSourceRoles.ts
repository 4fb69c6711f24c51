import * as df from 'durable-functions';
import { extractWorkloadSource, listSourceRoleIds } from '../../shared/domain';
import { NotFoundError } from '../../shared/errors';
import { WorkloadRefSchema, type FetchSourceRolesOutput } from '../../shared/schemas/orchestration';
import { stores } from '../dependencies';
import { stagedSourceName } from '../../shared/import/stagedResults';
import { names } from '../names';

/**
 * Reads one workload's source roles (today from the stored snapshot; later a live reader behind the
 * same port) and stages them for mapping. Re-running it overwrites the same staged document.
 */
df.app.activity(names.fetchSourceRolesActivity, {
  handler: async (input: unknown): Promise<FetchSourceRolesOutput> => {
    const { tenantId, importId, workload } = WorkloadRefSchema.parse(input);
    const { imports, snapshots } = await stores();
    const doc = await imports.getImport(tenantId, importId);
    if (!doc) throw new NotFoundError(`Import ${importId}`);
    const snapshot = await snapshots.getSnapshot(tenantId, doc.snapshotVersion);
    if (!snapshot) throw new NotFoundError(`Snapshot ${doc.snapshotVersion}`);
    const source = extractWorkloadSource(snapshot, workload);
    if (!source) throw new NotFoundError(`Section ${workload} of snapshot ${doc.snapshotVersion}`);
    await imports.putStaged(tenantId, importId, stagedSourceName(workload), source);
    return { workload, sourceRoles: listSourceRoleIds(source).length };
  },
});

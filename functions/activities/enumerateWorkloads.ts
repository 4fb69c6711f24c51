import * as df from 'durable-functions';
import { NotFoundError } from '../../shared/errors';
import { ImportRefSchema, type EnumerateWorkloadsOutput } from '../../shared/schemas/orchestration';
import { stores } from '../dependencies';
import { names } from '../names';

/** Decides which requested workloads the snapshot captured, and marks the import Running. */
df.app.activity(names.enumerateWorkloadsActivity, {
  handler: async (input: unknown): Promise<EnumerateWorkloadsOutput> => {
    const { tenantId, importId } = ImportRefSchema.parse(input);
    const { imports, snapshots } = await stores();
    const doc = await imports.getImport(tenantId, importId);
    if (!doc) throw new NotFoundError(`Import ${importId}`);
    const snapshot = await snapshots.getSnapshot(tenantId, doc.snapshotVersion);
    if (!snapshot) throw new NotFoundError(`Snapshot ${doc.snapshotVersion}`);
    const captured = doc.request.workloads.filter((w) => snapshot[w] !== undefined);
    await imports.updateImport(tenantId, importId, (d) => ({
      ...d,
      status: 'Running',
      progress: { ...d.progress, stage: 'fetching', workloadsTotal: captured.length },
      workloads: d.request.workloads.map((workload) =>
        captured.includes(workload)
          ? { workload, captured: true, notes: [] }
          : { workload, captured: false, notes: ['Not captured: the snapshot has no section for this product, so nothing was read or imported from it.'] },
      ),
      updatedAt: new Date().toISOString(),
    }));
    return { workloads: captured, dryRun: doc.request.dryRun };
  },
});

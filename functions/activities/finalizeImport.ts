import * as df from 'durable-functions';
import { addCounts, ZERO_COUNTS } from '../../shared/import/workloadCounts';
import { FinalizeImportInputSchema } from '../../shared/schemas/orchestration';
import { stores } from '../dependencies';
import { names } from '../names';

/** Records the import's outcome and totals; running it twice leaves the same record. */
df.app.activity(names.finalizeImportActivity, {
  handler: async (input: unknown): Promise<{ status: string }> => {
    const { tenantId, importId, outcome, confirmed, error } = FinalizeImportInputSchema.parse(input);
    const { imports } = await stores();
    const now = new Date().toISOString();
    const doc = await imports.updateImport(tenantId, importId, (d) => {
      const totals = d.workloads.reduce((sum, w) => (w.counts ? addCounts(sum, w.counts) : sum), ZERO_COUNTS);
      return {
        ...d,
        status: outcome,
        progress: { ...d.progress, stage: outcome === 'Completed' ? 'done' : 'failed' },
        summary: { ...totals, confirmed },
        ...(error ? { error: { message: error } } : {}),
        updatedAt: now,
        completedAt: d.completedAt ?? now,
      };
    });
    return { status: doc.status };
  },
});

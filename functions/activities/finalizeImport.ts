import type { InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { summariseResults } from '../../shared/domain';
import { NotFoundError } from '../../shared/errors';
import { loadMappingResults } from '../../shared/import/stagedResults';
import type { ImportStage } from '../../shared/schemas/documents';
import { FinalizeImportInputSchema } from '../../shared/schemas/orchestration';
import { stores } from '../dependencies';
import { names } from '../names';

const FINAL_STAGE = { Completed: 'done', Failed: 'failed', Canceled: 'canceled' } as const satisfies Record<string, ImportStage>;

/**
 * Records the import's outcome, totals and final progress (so the record stands on its own after the
 * Durable history is purged); running it twice leaves the same record.
 */
df.app.activity(names.finalizeImportActivity, {
  handler: async (input: unknown, context: InvocationContext): Promise<{ status: string }> => {
    const { tenantId, importId, outcome, confirmed, error } = FinalizeImportInputSchema.parse(input);
    const { imports } = await stores();
    const now = new Date().toISOString();
    const current = await imports.getImport(tenantId, importId);
    if (!current) throw new NotFoundError(`Import ${importId}`);
    const totals = summariseResults(await loadMappingResults(imports, current)).total;
    const wrote = outcome === 'Completed' && !current.request.dryRun;
    const doc = await imports.updateImport(tenantId, importId, (d) => {
      const mapped = d.workloads.filter((w) => w.counts !== undefined).length;
      return {
        ...d,
        status: outcome,
        progress: {
          stage: FINAL_STAGE[outcome],
          workloadsDone: mapped,
          workloadsTotal: d.workloads.filter((w) => w.captured).length,
          rolesMapped: totals.sourceRoles,
          rolesWritten: wrote ? confirmed : 0,
        },
        summary: { ...totals, confirmed },
        ...(error ? { error: { message: error } } : {}),
        updatedAt: now,
        completedAt: d.completedAt ?? now,
      };
    });
    const line = `[${doc.correlationId ?? importId}] import ${importId} of tenant ${tenantId} ${doc.status}: ${totals.imported} imported, ${totals.notEligible} not eligible, ${totals.skipped} skipped, ${totals.unsupported} unsupported`;
    if (outcome === 'Completed') context.info(line);
    else context.warn(`${line} (${error ?? 'no error text'})`);
    return { status: doc.status };
  },
});

import type { InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { summariseResults } from '../../shared/domain';
import { NotFoundError } from '../../shared/errors';
import { FinalizeImportInputSchema } from '../../shared/schemas/orchestration';
import { stores } from '../dependencies';
import { loadMappingResults } from '../../shared/import/stagedResults';
import { names } from '../names';

/** Records the import's outcome and totals; running it twice leaves the same record. */
df.app.activity(names.finalizeImportActivity, {
  handler: async (input: unknown, context: InvocationContext): Promise<{ status: string }> => {
    const { tenantId, importId, outcome, confirmed, error } = FinalizeImportInputSchema.parse(input);
    const { imports } = await stores();
    const now = new Date().toISOString();
    const current = await imports.getImport(tenantId, importId);
    if (!current) throw new NotFoundError(`Import ${importId}`);
    const totals = summariseResults(await loadMappingResults(imports, current)).total;
    const doc = await imports.updateImport(tenantId, importId, (d) => {
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
    const line = `[${doc.correlationId ?? importId}] import ${importId} of tenant ${tenantId} ${doc.status}: ${totals.imported} imported, ${totals.notEligible} not eligible, ${totals.skipped} skipped, ${totals.unsupported} unsupported`;
    if (outcome === 'Completed') context.info(line);
    else context.warn(`${line} (${error ?? 'no error text'})`);
    return { status: doc.status };
  },
});

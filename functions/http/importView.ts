import type { RoleMappingResult } from '../../shared/domain/mappingResult';
import type { ImportProgress } from '../../shared/schemas/documents';
import { unifiedRoleId } from '../../shared/import/unifiedRoleId';
import type { ImportState } from './importState';

/** The import as the API shows it: the stored record, live progress, and one line per source role. */
export function importView({ doc, live, orphaned }: ImportState, results: RoleMappingResult[]) {
  const progress = isProgress(live?.customStatus) ? live.customStatus : doc.progress;
  // An orchestration terminated or purged outside this API never records an outcome; say so instead of "Running" forever.
  const status = orphaned ? 'Failed' : doc.status;
  const error = orphaned ? { message: `The orchestration ended as ${live?.runtimeStatus} without recording an outcome.` } : (doc.error ?? null);
  const written = doc.status === 'Completed' && !doc.request.dryRun;
  return {
    importId: doc.id,
    tenantId: doc.tenantId,
    status,
    cancelRequested: doc.cancelRequested === true,
    runtimeStatus: live?.runtimeStatus ?? null,
    stage: progress.stage,
    progress,
    request: doc.request,
    snapshotVersion: doc.snapshotVersion,
    correlationId: doc.correlationId ?? null,
    workloads: doc.workloads,
    summary: doc.summary ?? null,
    error,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
    completedAt: doc.completedAt ?? null,
    roles: results.map((r) => ({
      workload: r.workload,
      sourceRoleId: r.sourceRoleId,
      sourceRoleName: r.sourceRoleName,
      verdict: r.verdict,
      deviations: r.deviations,
      unifiedRoleId: written && r.unifiedRole ? unifiedRoleId(doc.tenantId, doc.id, r.workload, r.sourceRoleId) : null,
    })),
  };
}


function isProgress(value: unknown): value is ImportProgress {
  return typeof value === 'object' && value !== null && 'stage' in value && 'workloadsTotal' in value;
}

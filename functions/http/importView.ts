import type { RoleMappingResult } from '../../shared/domain/mappingResult';
import { WORKLOADS } from '../../shared/domain/workloads';
import type { ImportStore } from '../../shared/ports/importStore';
import type { ImportDocument, ImportProgress } from '../../shared/schemas/documents';
import { unifiedRoleId } from '../../shared/import/unifiedRoleId';

/** The staged mapping results of an import (its parity report rows), in workload order. */
export async function loadMappingResults(imports: ImportStore, doc: ImportDocument): Promise<RoleMappingResult[]> {
  const captured = WORKLOADS.filter((w) => doc.workloads.some((x) => x.workload === w && x.captured));
  const perWorkload = await Promise.all(captured.map((w) => imports.getStaged(doc.tenantId, doc.id, `mapping:${w}`)));
  return perWorkload.flatMap((rows) => (Array.isArray(rows) ? (rows as RoleMappingResult[]) : []));
}

/** The import as the API shows it: the stored record, live progress, and one line per source role. */
export function importView(doc: ImportDocument, results: RoleMappingResult[], live?: { runtimeStatus?: string; customStatus?: unknown }) {
  const progress = isProgress(live?.customStatus) ? live.customStatus : doc.progress;
  const written = doc.status === 'Completed' && !doc.request.dryRun;
  return {
    importId: doc.id,
    tenantId: doc.tenantId,
    status: doc.status,
    runtimeStatus: live?.runtimeStatus ?? null,
    stage: progress.stage,
    progress,
    request: doc.request,
    snapshotVersion: doc.snapshotVersion,
    workloads: doc.workloads,
    summary: doc.summary ?? null,
    error: doc.error ?? null,
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

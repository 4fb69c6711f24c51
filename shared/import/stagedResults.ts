import type { RoleMappingResult } from '../domain/mappingResult';
import { WORKLOADS, type Workload } from '../domain/workloads';
import { NotFoundError } from '../errors';
import type { ImportStore } from '../ports/importStore';
import type { ImportDocument } from '../schemas/documents';

/** Staged names: what an import keeps between its activities (by reference, in Cosmos DB). */
export const stagedSourceName = (workload: Workload): string => `source:${workload}`;
export const stagedMappingName = (workload: Workload): string => `mapping:${workload}`;

/** One workload's mapping results (its parity report rows); throws if mapping has not run. */
export async function loadWorkloadResults(imports: ImportStore, tenantId: string, importId: string, workload: Workload): Promise<RoleMappingResult[]> {
  const staged = await imports.getStaged(tenantId, importId, stagedMappingName(workload));
  if (!Array.isArray(staged)) throw new NotFoundError(`Staged mapping of ${workload} for import ${importId}`);
  return staged as RoleMappingResult[];
}

/** The mapped rows of one workload that become unified roles, in the order write batches address them. */
export async function loadRolesToWrite(imports: ImportStore, tenantId: string, importId: string, workload: Workload): Promise<RoleMappingResult[]> {
  return (await loadWorkloadResults(imports, tenantId, importId, workload)).filter((r) => r.unifiedRole !== undefined);
}

/** Every mapping result of an import so far, in workload order (workloads not yet mapped contribute none). */
export async function loadMappingResults(imports: ImportStore, doc: ImportDocument): Promise<RoleMappingResult[]> {
  const captured = WORKLOADS.filter((w) => doc.workloads.some((x) => x.workload === w && x.captured));
  const perWorkload = await Promise.all(captured.map((w) => imports.getStaged(doc.tenantId, doc.id, stagedMappingName(w))));
  return perWorkload.flatMap((rows) => (Array.isArray(rows) ? (rows as RoleMappingResult[]) : []));
}

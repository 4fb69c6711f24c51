import type { RoleMappingResult } from '../../shared/domain/mappingResult';
import type { Workload } from '../../shared/domain/workloads';
import { NotFoundError } from '../../shared/errors';
import type { ImportStore } from '../../shared/ports/importStore';

/** The mapped rows of one workload that become unified roles, in the order write batches address them. */
export async function rolesToWrite(imports: ImportStore, tenantId: string, importId: string, workload: Workload): Promise<RoleMappingResult[]> {
  const staged = await imports.getStaged(tenantId, importId, `mapping:${workload}`);
  if (!Array.isArray(staged)) throw new NotFoundError(`Staged mapping of ${workload} for import ${importId}`);
  return (staged as RoleMappingResult[]).filter((r) => r.unifiedRole !== undefined);
}

import type { RoleMappingResult } from '../domain/mappingResult';
import type { WorkloadCounts } from '../schemas/documents';

/** The counts an import records per workload and in total, from its parity report rows. */
export function countResults(results: readonly RoleMappingResult[]): WorkloadCounts {
  return {
    sourceRoles: results.length,
    imported: results.filter((r) => r.unifiedRole !== undefined).length,
    notEligible: results.filter((r) => r.verdict === 'not-eligible').length,
    skipped: results.filter((r) => r.verdict === 'skipped').length,
    unsupported: results.filter((r) => r.verdict === 'unsupported').length,
    unmapped: results.reduce((n, r) => n + r.unmapped.length, 0),
    widened: results.filter((r) => r.unifiedRole !== undefined && r.deviations.includes('widened')).length,
    narrowed: results.filter((r) => r.unifiedRole !== undefined && r.deviations.includes('narrowed')).length,
  };
}

export function addCounts(a: WorkloadCounts, b: WorkloadCounts): WorkloadCounts {
  return {
    sourceRoles: a.sourceRoles + b.sourceRoles,
    imported: a.imported + b.imported,
    notEligible: a.notEligible + b.notEligible,
    skipped: a.skipped + b.skipped,
    unsupported: a.unsupported + b.unsupported,
    unmapped: a.unmapped + b.unmapped,
    widened: a.widened + b.widened,
    narrowed: a.narrowed + b.narrowed,
  };
}

export const ZERO_COUNTS: WorkloadCounts = { sourceRoles: 0, imported: 0, notEligible: 0, skipped: 0, unsupported: 0, unmapped: 0, widened: 0, narrowed: 0 };

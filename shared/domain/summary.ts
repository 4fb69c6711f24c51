import type { RoleMappingResult } from './mappingResult';
import { isImportedVerdict } from './parity';
import { WORKLOADS, type Workload } from './workloads';

/** Counts for a parity report. */
export interface MappingCounts {
  /** Source roles considered (one per result). */
  sourceRoles: number;
  /** Results that become a unified role. */
  imported: number;
  notEligible: number;
  skipped: number;
  /** Source roles with no unified equivalent as a whole (e.g. MDCA scoped roles). */
  unsupported: number;
  /** Source names that matched no table row, over all results. */
  unmappedNames: number;
  /** Unsupported items inside roles that are otherwise mapped (e.g. the Intune permission). */
  unsupportedPermissions: number;
  /** Imported roles that grant more than the source (prerequisites). */
  widened: number;
  /** Imported roles that grant less than the source (unsupported/unmapped items, dropped principals). */
  narrowed: number;
  /** Imported with only the remaining principals. */
  partialPrincipals: number;
}

export interface MappingSummary {
  byWorkload: Record<Workload, MappingCounts>;
  total: MappingCounts;
}

function emptyCounts(): MappingCounts {
  return {
    sourceRoles: 0,
    imported: 0,
    notEligible: 0,
    skipped: 0,
    unsupported: 0,
    unmappedNames: 0,
    unsupportedPermissions: 0,
    widened: 0,
    narrowed: 0,
    partialPrincipals: 0,
  };
}

function add(c: MappingCounts, r: RoleMappingResult): void {
  const imported = r.unifiedRole !== undefined && isImportedVerdict(r.verdict);
  c.sourceRoles += 1;
  if (imported) c.imported += 1;
  if (r.verdict === 'not-eligible') c.notEligible += 1;
  if (r.verdict === 'skipped') c.skipped += 1;
  if (r.verdict === 'unsupported') c.unsupported += 1;
  c.unmappedNames += r.unmapped.length;
  if (r.verdict !== 'unsupported') c.unsupportedPermissions += r.unsupported.length;
  if (imported && r.deviations.includes('widened')) c.widened += 1;
  if (imported && r.deviations.includes('narrowed')) c.narrowed += 1;
  if (imported && r.partialPrincipals) c.partialPrincipals += 1;
}

export function summariseResults(results: readonly RoleMappingResult[]): MappingSummary {
  const byWorkload = Object.fromEntries(WORKLOADS.map((w) => [w, emptyCounts()])) as Record<Workload, MappingCounts>;
  const total = emptyCounts();
  for (const r of results) {
    add(byWorkload[r.workload], r);
    add(total, r);
  }
  return { byWorkload, total };
}

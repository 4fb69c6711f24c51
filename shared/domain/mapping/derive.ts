import type { PermissionDerivation } from '../mappingResult';
import { normaliseName } from '../normalise';
import { mergeGrants } from '../permissionSet';
import { findRow, type MappingRowType, type MappingTable } from './mappingTable';

/** How one source name maps through a table: mapped, unsupported (row says so) or unmapped (no row). */
export function deriveFromTable(table: MappingTable, source: string, type?: MappingRowType): PermissionDerivation {
  const row = findRow(table, source, type);
  if (!row) return { source, unified: [], outcome: 'unmapped' };
  if (row.unsupported !== undefined) {
    return { source, matchedRow: row.sourceName, unified: [], outcome: 'unsupported', reason: row.unsupported };
  }
  return { source, matchedRow: row.sourceName, unified: mergeGrants(row.targets), outcome: 'mapped' };
}

/** Drops repeats of a name (after normalisation), keeping the first spelling. */
export function uniqueNames(names: readonly string[]): string[] {
  const seen = new Set<string>();
  return names.filter((n) => {
    const key = normaliseName(n);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

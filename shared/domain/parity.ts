import type { Deviation, ParityVerdict } from './mappingResult';

/**
 * The parity verdict of one source role. Priority (highest first):
 * not-eligible > skipped > unsupported > widened > narrowed > exact.
 * `deviations` lists every deviation that applies, so a role can be both widened and narrowed.
 */
export interface ParityFacts {
  notEligible: boolean;
  skipped: boolean;
  /** The role as a whole has no unified equivalent (nothing would be written). */
  unsupportedRole: boolean;
  /** Something was added that the source did not grant (e.g. prerequisites). */
  widened: boolean;
  /**
   * Something the source granted is missing (unsupported or unmapped items, dropped principals,
   * roles inside a built-in role group granting more than the group's own row).
   */
  narrowed: boolean;
}

export function decideParity(facts: ParityFacts): { verdict: ParityVerdict; deviations: Deviation[] } {
  const deviations: Deviation[] = [];
  if (facts.widened) deviations.push('widened');
  if (facts.narrowed) deviations.push('narrowed');
  const verdict: ParityVerdict = facts.notEligible
    ? 'not-eligible'
    : facts.skipped
      ? 'skipped'
      : facts.unsupportedRole
        ? 'unsupported'
        : facts.widened
          ? 'widened'
          : facts.narrowed
            ? 'narrowed'
            : 'exact';
  return { verdict, deviations };
}

/** Verdicts under which a unified role is written. */
export function isImportedVerdict(verdict: ParityVerdict): boolean {
  return verdict === 'exact' || verdict === 'widened' || verdict === 'narrowed';
}

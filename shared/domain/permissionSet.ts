import { toGrant, type PermissionTarget } from './catalogue/catalogue';
import type { UnifiedPermissionGrant } from './mappingResult';

/**
 * Permission-set algebra. Manage implies read, so a permission granted at both levels is kept once
 * at manage. Output is sorted by permission id so results are deterministic.
 */
export function mergeTargets(targets: Iterable<PermissionTarget>): PermissionTarget[] {
  const levels = new Map<string, PermissionTarget['level']>();
  for (const t of targets) {
    if (levels.get(t.permissionId) !== 'manage') levels.set(t.permissionId, t.level);
  }
  return [...levels.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([permissionId, level]) => ({ permissionId, level }));
}

/** `mergeTargets`, rendered with the catalogue's canonical group and name. */
export function mergeGrants(targets: Iterable<PermissionTarget>): UnifiedPermissionGrant[] {
  return mergeTargets(targets).map(toGrant);
}

/** True when `set` already grants `target` (same permission at the same or a higher level). */
export function grants(set: readonly PermissionTarget[], target: PermissionTarget): boolean {
  return set.some((t) => t.permissionId === target.permissionId && (t.level === target.level || t.level === 'manage'));
}

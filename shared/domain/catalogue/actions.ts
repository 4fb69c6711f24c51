import type { PermissionLevel } from '../mappingResult';
import { grants, mergeTargets } from '../permissionSet';
import { getPermission, PERMISSION_CATALOGUE, type KnownAction, type PermissionTarget } from './catalogue';

/**
 * Graph `allowedResourceActions` for a unified permission set.
 * The full leaf list is not published, so per (permission, level) we pick the best-known action:
 * an observed leaf, else a preview-draft / inferred / doc-example leaf, else a wildcard — but a
 * wildcard only when it is safe for the set: every catalogue (permission, level) it also grants
 * must already be in the set (manage implies read). The projection never grants more than the
 * set; a permission whose only known action is an unsafe wildcard is left out and reported.
 * Then, as Defender does when it stores a role, an action already covered by a wildcard in the
 * same set is dropped.
 */

/** `microsoft.xdr/<segments>/<read|manage>`; a segment may be `*`. Anything else (e.g. "...") is not a usable action. */
const ACTION_SHAPE = /^microsoft\.xdr(\/(?:[a-z0-9-]+|\*))+\/(read|manage)$/;

export function isWildcardAction(action: string): boolean {
  return action.includes('/*/');
}

function verbOf(action: string): PermissionLevel | undefined {
  const verb = action.slice(action.lastIndexOf('/') + 1);
  return verb === 'read' || verb === 'manage' ? verb : undefined;
}

/**
 * True when `wildcard` (`<prefix>/*\/<verb>`) grants `action`: same prefix, and the verb is the same
 * or the wildcard is `manage` (manage implies read). A wildcard does not cover itself.
 */
export function isCoveredBy(action: string, wildcard: string): boolean {
  if (action === wildcard || !wildcard.endsWith('/*/read') && !wildcard.endsWith('/*/manage')) return false;
  const wildcardVerb = verbOf(wildcard);
  const actionVerb = verbOf(action);
  if (!wildcardVerb || !actionVerb) return false;
  const prefix = wildcard.slice(0, wildcard.length - `/*/${wildcardVerb}`.length);
  if (!action.startsWith(`${prefix}/`)) return false;
  return wildcardVerb === 'manage' || actionVerb === 'read';
}

function rank(action: KnownAction): number {
  if (isWildcardAction(action.value)) return 2;
  return action.confidence === 'observed' ? 0 : 1;
}

/** The best-known action string for one (permission, level), or undefined when none is known. */
export function bestKnownAction(target: PermissionTarget): KnownAction | undefined {
  const permission = getPermission(target.permissionId);
  if (!permission) return undefined;
  const candidates = permission.actionStrings.filter(
    (a) => ACTION_SHAPE.test(a.value) && verbOf(a.value) === target.level,
  );
  // Stable: among equal ranks the catalogue's order decides.
  return candidates.reduce<KnownAction | undefined>(
    (best, a) => (best === undefined || rank(a) < rank(best) ? a : best),
    undefined,
  );
}

/** A (permission, level) whose only known action is a wildcard that would grant more than the set. */
export interface WithheldWildcard extends PermissionTarget {
  /** The wildcard action not written (the first one the catalogue lists for this level). */
  wildcard: string;
  /** Catalogue (permission, level) pairs the wildcard would also grant that the set does not. */
  wouldAlsoGrant: PermissionTarget[];
}

export interface ResolvedActions {
  /** Deduplicated, wildcard-normalised, sorted. Never grants more than the input set. */
  allowedResourceActions: string[];
  /** (permission, level) pairs for which no action string is known; the caller must report them. */
  unresolved: PermissionTarget[];
  /**
   * (permission, level) pairs for which only a wildcard is known and it is unsafe for this set:
   * left out of `allowedResourceActions`; the caller must report them.
   */
  withheld: WithheldWildcard[];
}

/** Usable action strings of one permission at one level (shape-checked), in catalogue order. */
function usableActions(permissionId: string, level: PermissionLevel): KnownAction[] {
  const permission = getPermission(permissionId);
  if (!permission) return [];
  return permission.actionStrings.filter((a) => ACTION_SHAPE.test(a.value) && verbOf(a.value) === level);
}

/** True when `action` is `candidate` itself or covered by it (only a wildcard covers others). */
function grantsAction(candidate: string, action: string): boolean {
  return action === candidate || isCoveredBy(action, candidate);
}

/**
 * Every catalogue (permission, level) an action string grants, as far as the catalogue tells:
 * - each (permission, level) with a known action equal to it or under it (a `manage` wildcard
 *   also covers `read` actions, including a `read` wildcard of the same prefix);
 * - for a wildcard, conservatively, also each (permission, level) with NO known action whose
 *   permission sits in a catalogue sub-group that has an action under the wildcard (e.g.
 *   "Email & collaboration content: Emails associated with alerts" under `secops/rawdata/*\/read`):
 *   its action is unpublished but almost certainly in the same namespace.
 * Sorted by permission id, then level.
 */
export function catalogueGrantsOfAction(action: string): PermissionTarget[] {
  const wildcardVerb = isWildcardAction(action) ? verbOf(action) : undefined;
  const found: PermissionTarget[] = [];
  const subGroups = new Set<string>();
  for (const p of PERMISSION_CATALOGUE) {
    for (const level of p.levels) {
      if (usableActions(p.id, level).some((a) => grantsAction(action, a.value))) {
        found.push({ permissionId: p.id, level });
        subGroups.add(p.subGroup);
      }
    }
  }
  if (wildcardVerb) {
    for (const p of PERMISSION_CATALOGUE) {
      if (!subGroups.has(p.subGroup)) continue;
      for (const level of p.levels) {
        const coveredLevel = wildcardVerb === 'manage' || level === 'read';
        if (coveredLevel && usableActions(p.id, level).length === 0) found.push({ permissionId: p.id, level });
      }
    }
  }
  const key = (t: PermissionTarget) => `${t.permissionId}\u0000${t.level}`;
  return [...new Map(found.map((t) => [key(t), t])).values()].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/**
 * What `wildcard` would grant beyond `set` (empty = safe to write for this set), manage implying
 * read: a permission missing at both levels is listed once, at manage.
 */
export function wildcardExcess(wildcard: string, set: readonly PermissionTarget[]): PermissionTarget[] {
  return mergeTargets(catalogueGrantsOfAction(wildcard).filter((t) => !grants(set, t)));
}

/** Normalises a set of actions the way Defender stores them: dedupe, drop wildcard-covered, sort. */
export function normaliseActionSet(actions: Iterable<string>): string[] {
  const unique = [...new Set(actions)];
  const wildcards = unique.filter(isWildcardAction);
  return unique.filter((a) => !wildcards.some((w) => isCoveredBy(a, w))).sort();
}

/**
 * The Graph actions for a whole permission set (the role's final targets). Per (permission, level):
 * the best-known leaf; else the first wildcard that grants nothing outside the set; else nothing
 * (`withheld` when only unsafe wildcards are known, `unresolved` when no action is known at all).
 */
export function resolveAllowedResourceActions(targets: readonly PermissionTarget[]): ResolvedActions {
  const actions: string[] = [];
  const unresolved: PermissionTarget[] = [];
  const withheld: WithheldWildcard[] = [];
  for (const target of targets) {
    const pair: PermissionTarget = { permissionId: target.permissionId, level: target.level };
    const candidates = usableActions(target.permissionId, target.level);
    const leaf = bestKnownAction({ permissionId: target.permissionId, level: target.level });
    if (leaf && !isWildcardAction(leaf.value)) {
      actions.push(leaf.value);
      continue;
    }
    const wildcards = candidates.filter((a) => isWildcardAction(a.value));
    const first = wildcards[0];
    if (!first) {
      unresolved.push(pair);
      continue;
    }
    const safe = wildcards.find((w) => wildcardExcess(w.value, targets).length === 0);
    if (safe) actions.push(safe.value);
    else withheld.push({ ...pair, wildcard: first.value, wouldAlsoGrant: wildcardExcess(first.value, targets) });
  }
  return { allowedResourceActions: normaliseActionSet(actions), unresolved, withheld };
}

/** Shorthand for `resolveAllowedResourceActions(targets).allowedResourceActions`. */
export function allowedResourceActions(targets: readonly PermissionTarget[]): string[] {
  return resolveAllowedResourceActions(targets).allowedResourceActions;
}

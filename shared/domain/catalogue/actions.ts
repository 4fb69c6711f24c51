import type { PermissionLevel } from '../mappingResult';
import { getPermission, type KnownAction, type PermissionTarget } from './catalogue';

/**
 * Graph `allowedResourceActions` for a unified permission set.
 * The full leaf list is not published, so per (permission, level) we pick the best-known action:
 * an observed leaf, else a preview-draft / inferred / doc-example leaf, else a wildcard.
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

export interface ResolvedActions {
  /** Deduplicated, wildcard-normalised, sorted. */
  allowedResourceActions: string[];
  /** (permission, level) pairs for which no action string is known; the caller must report them. */
  unresolved: PermissionTarget[];
}

/** Normalises a set of actions the way Defender stores them: dedupe, drop wildcard-covered, sort. */
export function normaliseActionSet(actions: Iterable<string>): string[] {
  const unique = [...new Set(actions)];
  const wildcards = unique.filter(isWildcardAction);
  return unique.filter((a) => !wildcards.some((w) => isCoveredBy(a, w))).sort();
}

export function resolveAllowedResourceActions(targets: readonly PermissionTarget[]): ResolvedActions {
  const actions: string[] = [];
  const unresolved: PermissionTarget[] = [];
  for (const target of targets) {
    const best = bestKnownAction(target);
    if (best) actions.push(best.value);
    else unresolved.push({ permissionId: target.permissionId, level: target.level });
  }
  return { allowedResourceActions: normaliseActionSet(actions), unresolved };
}

/** Shorthand for `resolveAllowedResourceActions(targets).allowedResourceActions`. */
export function allowedResourceActions(targets: readonly PermissionTarget[]): string[] {
  return resolveAllowedResourceActions(targets).allowedResourceActions;
}

import type { DirectoryObject } from '../schemas/sourceSnapshot';
import type { DroppedPrincipal, MapOptions, PrincipalRef } from './mappingResult';

/**
 * Principal resolution and import eligibility. A role that references a principal the directory
 * does not list, or lists as deleted, is "not eligible for import" (as in the portal), unless the
 * caller allows partial imports; then it is imported with the remaining principals. With no
 * principal left it is never eligible.
 */

/** Directory objects keyed by lower-cased object id (GUID comparison is case-insensitive). */
export type DirectoryIndex = ReadonlyMap<string, DirectoryObject>;

export function indexDirectory(directory: readonly DirectoryObject[]): DirectoryIndex {
  return new Map(directory.map((o) => [o.id.toLowerCase(), o]));
}

function refOf(id: string, object: DirectoryObject | undefined): PrincipalRef {
  if (!object) return { id, type: 'unknown' };
  const ref: PrincipalRef = { id, type: object.type };
  if (object.displayName !== undefined) ref.displayName = object.displayName;
  if (object.type === 'user' && object.userPrincipalName !== undefined) ref.userPrincipalName = object.userPrincipalName;
  return ref;
}

export interface ResolvedPrincipals {
  kept: PrincipalRef[];
  dropped: DroppedPrincipal[];
}

/** Resolves ids against the directory, in input order, each id once (case-insensitive). */
export function resolvePrincipals(ids: readonly string[], directory: DirectoryIndex): ResolvedPrincipals {
  const kept: PrincipalRef[] = [];
  const dropped: DroppedPrincipal[] = [];
  const seen = new Set<string>();
  for (const id of ids) {
    const key = id.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    const object = directory.get(key);
    if (!object) dropped.push({ ...refOf(id, undefined), reason: 'missing-from-directory' });
    else if (object.deleted === true) dropped.push({ ...refOf(id, object), reason: 'deleted' });
    else kept.push(refOf(id, object));
  }
  return { kept, dropped };
}

export type Eligibility = 'eligible' | 'partial' | 'not-eligible';

export function assessEligibility(principals: ResolvedPrincipals, options: MapOptions): Eligibility {
  if (principals.dropped.length === 0) return principals.kept.length > 0 ? 'eligible' : 'not-eligible';
  return options.allowPartialPrincipals && principals.kept.length > 0 ? 'partial' : 'not-eligible';
}

/** "group SG-Old (deleted)", "user 3f2c... (missing from directory)": for report notes. */
export function describeDroppedPrincipal(p: DroppedPrincipal): string {
  const kind = p.type === 'unknown' ? 'principal' : p.type;
  const name = p.displayName ? `${p.displayName} (${p.id})` : p.id;
  return `${kind} ${name}: ${p.reason === 'deleted' ? 'deleted' : 'not in the directory'}`;
}

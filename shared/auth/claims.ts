import { isGuid } from './caller';

/** Claim-reading helpers shared by the bearer and App Service paths. */

export function stringClaim(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** GUID-valued list claims (wids, groups): keep GUIDs, lower-cased and unique; drop the rest. */
export function guidList(value: unknown): string[] {
  const items = Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
  return [...new Set(items.filter(isGuid).map((v) => v.toLowerCase()))];
}

/**
 * User or application. `idtyp` is authoritative when Entra sends it. Otherwise a token is a
 * user's when it carries delegated scopes (`scp`) or a sign-in name (ID tokens, as Easy Auth
 * may present them, have no `scp`); app-only tokens have neither.
 */
export function callerKind(idtyp: unknown, scp: unknown, signInName?: unknown): 'user' | 'application' {
  if (idtyp === 'app') return 'application';
  if (idtyp === 'user') return 'user';
  return stringClaim(scp) !== undefined || stringClaim(signInName) !== undefined ? 'user' : 'application';
}

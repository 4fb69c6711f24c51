import { z } from 'zod';
import type { Caller } from './caller';
import { isGuid } from './caller';
import { callerKind, guidList } from './claims';
import { AuthenticationError } from './errors';

/** Header App Service Authentication (Easy Auth) injects after validating the caller. */
export const CLIENT_PRINCIPAL_HEADER = 'x-ms-client-principal';

const MAX_HEADER_LENGTH = 64 * 1024;

const ClientPrincipal = z.object({
  auth_typ: z.string().optional(),
  claims: z.array(z.object({ typ: z.string(), val: z.string() })),
});

/** Claim types as Easy Auth may present them: the JWT short name and the .NET long URI form. */
const CLAIM_TYPES = {
  tid: ['tid', 'http://schemas.microsoft.com/identity/claims/tenantid'],
  oid: ['oid', 'http://schemas.microsoft.com/identity/claims/objectidentifier'],
  wids: ['wids', 'http://schemas.microsoft.com/ws/2008/06/identity/claims/wids'],
  groups: ['groups', 'http://schemas.microsoft.com/ws/2008/06/identity/claims/groups'],
  name: ['name', 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name'],
  appId: ['azp', 'appid'],
  idtyp: ['idtyp'],
  scp: ['scp', 'http://schemas.microsoft.com/identity/claims/scope'],
  signInName: ['preferred_username', 'upn', 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn'],
  overage: ['hasgroups', '_claim_names', 'http://schemas.microsoft.com/claims/groups.link'],
} as const;

function malformed(): AuthenticationError {
  return new AuthenticationError('malformed_credentials', 'client principal header is malformed');
}

/**
 * Reads the Easy Auth principal. Trust comes from the platform (it strips this header from
 * client requests), which is why config only enables this path when Easy Auth is on.
 */
export function callerFromClientPrincipal(headerValue: string): Caller {
  if (headerValue.length > MAX_HEADER_LENGTH || !/^[A-Za-z0-9+/=_-]+$/.test(headerValue.trim())) throw malformed();
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(headerValue.trim(), 'base64').toString('utf8'));
  } catch {
    throw malformed();
  }
  const parsed = ClientPrincipal.safeParse(json);
  if (!parsed.success) throw malformed();

  const values = (types: readonly string[]): string[] =>
    parsed.data.claims
      .filter((c) => types.includes(c.typ.toLowerCase()) || types.includes(c.typ))
      // Multi-valued claims arrive as repeated entries, or sometimes as one JSON array string.
      .flatMap((c) => (c.val.startsWith('[') ? parseArray(c.val) : [c.val]));
  const first = (types: readonly string[]): string | undefined => values(types)[0];

  const tid = first(CLAIM_TYPES.tid);
  const oid = first(CLAIM_TYPES.oid);
  if (!isGuid(tid)) throw new AuthenticationError('invalid_claims', 'client principal has no tenant id');
  if (!isGuid(oid)) throw new AuthenticationError('invalid_claims', 'client principal has no object id');

  const caller: Caller = {
    tenantId: tid.toLowerCase(),
    objectId: oid.toLowerCase(),
    kind: callerKind(first(CLAIM_TYPES.idtyp), first(CLAIM_TYPES.scp), first(CLAIM_TYPES.signInName)),
    wids: guidList(values(CLAIM_TYPES.wids)),
    groups: guidList(values(CLAIM_TYPES.groups)),
    authMethod: 'appServiceAuth',
  };
  const name = first(CLAIM_TYPES.name);
  const appId = first(CLAIM_TYPES.appId);
  if (name !== undefined) caller.displayName = name;
  if (appId !== undefined) caller.appId = appId;
  if (values(CLAIM_TYPES.overage).some((v) => v !== '' && v !== 'false')) caller.groupsOverage = true;
  return caller;
}

function parseArray(val: string): string[] {
  try {
    const arr: unknown = JSON.parse(val);
    return Array.isArray(arr) ? arr.filter((v): v is string => typeof v === 'string') : [val];
  } catch {
    return [val];
  }
}

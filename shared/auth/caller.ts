import { z } from 'zod';

/** Object ids, tenant ids and role template ids from Entra are GUIDs; we compare them lower-cased. */
export const Guid = z
  .string()
  .regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, 'not a GUID')
  .transform((s) => s.toLowerCase());

export function isGuid(value: unknown): value is string {
  return Guid.safeParse(value).success;
}

export const AuthMethod = z.enum(['bearer', 'appServiceAuth', 'devIssuer']);
export type AuthMethod = z.infer<typeof AuthMethod>;

/** The authenticated principal behind a request. Built only by this module, after validation. */
export const Caller = z.object({
  tenantId: Guid,
  objectId: Guid,
  displayName: z.string().optional(),
  kind: z.enum(['user', 'application']),
  /** Entra directory role template ids held by the caller (the `wids` claim). */
  wids: z.array(Guid),
  /** Group object ids from the `groups` claim (GUIDs only; other values are dropped). */
  groups: z.array(Guid),
  /**
   * True when Entra left the groups out of the token (group overage, `_claim_names.groups`).
   * `groups` is then empty, so group-based grants are not seen (fails closed); an edge that
   * needs them must resolve membership from Graph.
   */
  groupsOverage: z.boolean().optional(),
  appId: z.string().optional(),
  authMethod: AuthMethod,
});
export type Caller = z.infer<typeof Caller>;

/** The principal ids whose unified role assignments apply to this caller. */
export function principalIdsForRoleLookup(caller: Pick<Caller, 'objectId' | 'groups'>): string[] {
  return [...new Set([caller.objectId, ...caller.groups].map((id) => id.toLowerCase()))];
}

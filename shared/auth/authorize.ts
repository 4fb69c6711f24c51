import type { UnifiedPermissionGrant } from '../domain/mappingResult';
import { principalIdsForRoleLookup, type Caller } from './caller';
import { AUTHORIZATION_PERMISSION_ID, ENTRA_ROLE_TEMPLATES, type EntraRoleTemplate } from './roleTemplates';

/**
 * Who may do what, as the Defender portal decides it (Defender docs, "permission prerequisites"):
 * - write (snapshot upload, import, role create/edit/delete, settings): Entra Global or Security
 *   Administrator, or the unified Authorization permission at manage level ("all Authorization
 *   permissions").
 * - read: Authorization read or manage, or Entra Security Reader, Global Reader, Security
 *   Administrator, Global Administrator.
 * - activate (and deactivate) workloads: Entra Security or Global Administrator only; the docs
 *   name no unified permission for it, so it is not delegable through unified roles.
 *
 * Tenants. A caller acts on its own tenant. MSSP: a caller whose home tenant is listed in the
 * route tenant's `managingTenantIds` (written by that tenant's own admin) may read and write
 * there; its Entra roles (wids, issued by its home tenant) apply, and unified-role grants count
 * only from the route tenant's roles that name its oid or groups (the edge passes the route
 * tenant's roles only). Activation never crosses tenants.
 *
 * A refused cross-tenant call is 403 "tenant access", the same answer whether or not the tenant
 * exists here or has settings: tenant ids are public (OpenID discovery), and the uniform answer
 * gives no oracle about which tenants this service manages.
 */
export type AuthorizationAction = 'read' | 'write' | 'activate';

export interface CallerRole {
  permissions: UnifiedPermissionGrant[];
  assignments: Array<{ principalIds: string[] }>;
}

export interface AuthorizeInput {
  caller: Caller;
  routeTenantId: string;
  action: AuthorizationAction;
  /** The route tenant's unified roles in which the caller's oid or one of its groups is a principal. */
  callerRoles: CallerRole[];
  /** The route tenant's settings; only `managingTenantIds` matters here. */
  tenantSettings?: { managingTenantIds: string[] };
}

export type AuthorizationDecision =
  | { allowed: true; basis: string }
  | { allowed: false; status: 403; missing: string };

/** What a refusal names: what is missing, never what the caller has. */
export const MISSING = {
  tenantAccess: 'tenant access',
  read: 'Authorization (read) or Entra Security Reader',
  write: 'Authorization (manage) or Entra Security Administrator',
  activate: 'Entra Security Administrator',
} as const;

const { GlobalAdministrator, SecurityAdministrator, SecurityReader, GlobalReader } = ENTRA_ROLE_TEMPLATES;

/** Entra roles that satisfy each action, strongest first (the first match is the basis). */
const ENTRA_ROLES_FOR: Record<AuthorizationAction, readonly EntraRoleTemplate[]> = {
  write: [GlobalAdministrator, SecurityAdministrator],
  read: [GlobalAdministrator, SecurityAdministrator, GlobalReader, SecurityReader],
  activate: [GlobalAdministrator, SecurityAdministrator],
};

/** Highest Authorization level the caller holds through roles actually assigned to it. */
export function authorizationLevel(caller: Caller, callerRoles: CallerRole[]): 'manage' | 'read' | undefined {
  const mine = new Set(principalIdsForRoleLookup(caller));
  let level: 'manage' | 'read' | undefined;
  for (const role of callerRoles) {
    // A role counts only where one of its assignments names the caller or one of its groups.
    const assigned = role.assignments.some((a) => a.principalIds.some((p) => mine.has(p.toLowerCase())));
    if (!assigned) continue;
    for (const grant of role.permissions) {
      if (grant.permissionId !== AUTHORIZATION_PERMISSION_ID) continue;
      if (grant.level === 'manage') return 'manage';
      if (grant.level === 'read') level = 'read';
    }
  }
  return level;
}

export function authorize(input: AuthorizeInput): AuthorizationDecision {
  const { caller, action } = input;
  const route = input.routeTenantId.toLowerCase();
  const home = caller.tenantId.toLowerCase();
  const deny = (missing: string): AuthorizationDecision => ({ allowed: false, status: 403, missing });

  let via = '';
  if (home !== route) {
    const managers = (input.tenantSettings?.managingTenantIds ?? []).map((t) => t.toLowerCase());
    if (action === 'activate' || !managers.includes(home)) return deny(MISSING.tenantAccess);
    via = ` (managing tenant ${home})`;
  }

  const wids = new Set(caller.wids.map((w) => w.toLowerCase()));
  const entraRole = ENTRA_ROLES_FOR[action].find((r) => wids.has(r.id));
  if (entraRole !== undefined) return { allowed: true, basis: `Entra role ${entraRole.name}${via}` };

  if (action === 'activate') return deny(MISSING.activate);

  const level = authorizationLevel(caller, input.callerRoles);
  if (action === 'write') {
    return level === 'manage' ? { allowed: true, basis: `Unified RBAC Authorization (manage)${via}` } : deny(MISSING.write);
  }
  return level !== undefined ? { allowed: true, basis: `Unified RBAC Authorization (${level})${via}` } : deny(MISSING.read);
}

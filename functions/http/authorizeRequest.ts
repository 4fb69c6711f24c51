import type { HttpRequest } from '@azure/functions';
import { authorize, createAuthenticator, loadAuthConfig, principalIdsForRoleLookup, type Authenticator, type AuthorizationAction, type Caller } from '../../shared/auth';
import { AuthorizationError } from '../../shared/errors';
import { stores } from '../dependencies';
import { routeGuid } from './apiHandler';

/**
 * What a route does, in the portal's terms. Granting tenant access (MSSP settings) follows the rule
 * Defender applies to workload activation: the tenant's own Entra Security or Global Administrator,
 * not delegable through unified roles and never across tenants.
 */
export type ApiAction = 'read' | 'write' | 'grantTenantAccess';
const AUTHORIZATION_ACTION: Record<ApiAction, AuthorizationAction> = { read: 'read', write: 'write', grantTenantAccess: 'activate' };

let authenticator: Authenticator | undefined;

/** One authenticator per worker: it caches each tenant's signing keys. Misconfiguration fails every request loudly. */
function getAuthenticator(): Authenticator {
  authenticator ??= createAuthenticator(loadAuthConfig(process.env));
  return authenticator;
}

export interface AuthorizedRequest {
  /** The route's tenant, validated. */
  tenantId: string;
  caller: Caller;
  /** Why the caller was allowed (Entra role or unified Authorization permission), for logs. */
  basis: string;
  /** Who to record as the author of a write: the object id, qualified by its tenant when acting for another tenant. */
  actor: string;
}

/**
 * Authenticates first (Entra ID bearer token, App Service Authentication, or the local dev issuer),
 * so an anonymous caller learns nothing, not even whether its route is well formed; then checks the
 * caller may perform `action` on the route's tenant, as the Defender portal decides it.
 * Throws AuthenticationError (401), InvalidInputError (400) or AuthorizationError (403 naming what is missing).
 */
export async function authorizeRequest(request: HttpRequest, action: ApiAction): Promise<AuthorizedRequest> {
  const caller = await getAuthenticator().authenticate(request.headers);
  const tenantId = routeGuid(request, 'tenantId');
  const crossTenant = caller.tenantId !== tenantId;
  const { roles, tenantSettings } = await stores();
  const [callerRoles, settings] = await Promise.all([
    // A managing tenant's callers act with their home-tenant Entra roles only: roles that a managing
    // tenant imported into this tenant must never widen that same tenant's access.
    crossTenant ? Promise.resolve([]) : roles.listAuthorizationRolesFor(tenantId, principalIdsForRoleLookup(caller)),
    crossTenant ? tenantSettings.getSettings(tenantId) : Promise.resolve(undefined),
  ]);
  const decision = authorize({
    caller,
    routeTenantId: tenantId,
    action: AUTHORIZATION_ACTION[action],
    callerRoles,
    ...(settings ? { tenantSettings: { managingTenantIds: settings.managingTenantIds } } : {}),
  });
  if (!decision.allowed) throw new AuthorizationError(decision.missing);
  return { tenantId, caller, basis: decision.basis, actor: crossTenant ? `${caller.objectId}@${caller.tenantId}` : caller.objectId };
}

/** Public surface of shared/auth: authenticate a request, then authorise an action. */
export { callerFromClientPrincipal, CLIENT_PRINCIPAL_HEADER } from './appServiceAuth';
export { createAuthenticator, type Authenticator, type AuthenticatorDeps, type HeaderSource } from './authenticator';
export {
  authorizationLevel,
  authorize,
  MISSING,
  type AuthorizationAction,
  type AuthorizationDecision,
  type AuthorizeInput,
  type CallerRole,
} from './authorize';
export { expectedIssuers } from './bearerToken';
export { Caller, isGuid, principalIdsForRoleLookup, type AuthMethod } from './caller';
export { AuthConfigSchema, loadAuthConfig, PUBLIC_CLOUD_AUTHORITY_HOST, type AuthConfig } from './config';
export { devIssuerRefusals, isLoopbackUrl, runningInAzure } from './devIssuerTrust';
export {
  AuthConfigError,
  AuthenticationError,
  AuthenticationUnavailableError,
  type AuthenticationErrorCode,
} from './errors';
export type { FetchJson, JsonResponse } from './http';
export {
  AUTHORIZATION_PERMISSION_ID,
  ENTRA_ROLE_KEYS,
  ENTRA_ROLE_TEMPLATES,
  type EntraRoleKey,
  type EntraRoleTemplate,
} from './roleTemplates';

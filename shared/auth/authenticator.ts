import { callerFromClientPrincipal, CLIENT_PRINCIPAL_HEADER } from './appServiceAuth';
import { verifyBearerToken } from './bearerToken';
import type { Caller } from './caller';
import { AuthConfigSchema, type AuthConfig } from './config';
import { devIssuerRefusals, isLoopbackUrl } from './devIssuerTrust';
import { AuthConfigError, AuthenticationError } from './errors';
import { defaultFetchJson, type FetchJson } from './http';
import { TenantKeyDirectory } from './signingKeys';

/** Anything with `get(name)`: Fetch `Headers`, `@azure/functions` `HttpRequest.headers`, a Map shim. */
export interface HeaderSource {
  get(name: string): string | null;
}

export interface Authenticator {
  /** Resolves the caller or throws `AuthenticationError` (401) / `AuthenticationUnavailableError` (503). */
  authenticate(headers: HeaderSource): Promise<Caller>;
}

/** Test seams; production passes nothing. */
export interface AuthenticatorDeps {
  fetchJson?: FetchJson;
  /** Milliseconds since the epoch. */
  now?: () => number;
  /** Environment used to re-check that the dev issuer is allowed (default process.env). */
  env?: Record<string, string | undefined>;
}

const BEARER = /^Bearer[ ]+([^\s]+)[ ]*$/i;

export function createAuthenticator(config: AuthConfig, deps: AuthenticatorDeps = {}): Authenticator {
  const cfg = AuthConfigSchema.parse(config);
  const env = deps.env ?? process.env;
  // Defence in depth: a hand-built config cannot switch the dev issuer on in Azure either.
  if (cfg.devIssuer !== undefined) {
    const refusals = devIssuerRefusals(cfg.devIssuer.issuer, env);
    if (refusals.length > 0) throw new AuthConfigError(refusals);
  }
  const now = deps.now ?? Date.now;
  const devOrigin = cfg.devIssuer === undefined ? undefined : new URL(cfg.devIssuer.issuer).origin;
  const keys = new TenantKeyDirectory({
    fetchJson: deps.fetchJson ?? defaultFetchJson,
    now,
    cacheMaxAgeMs: cfg.jwksCacheMaxAgeSeconds * 1000,
    cooldownMs: cfg.jwksCooldownSeconds * 1000,
    maxTenants: cfg.maxCachedTenants,
    // Keys for the dev authority must also be served from loopback.
    jwksUriAllowed: (uri) => devOrigin === undefined || new URL(uri).origin !== devOrigin || isLoopbackUrl(uri),
  });

  return {
    async authenticate(headers) {
      if (cfg.trustAppServiceAuth) {
        const principal = headers.get(CLIENT_PRINCIPAL_HEADER);
        if (principal !== null && principal !== '') return callerFromClientPrincipal(principal);
      }
      const authorization = headers.get('authorization');
      if (authorization === null || authorization.trim() === '') {
        throw new AuthenticationError('missing_credentials', 'no bearer token was sent');
      }
      const match = BEARER.exec(authorization);
      if (match?.[1] === undefined) {
        throw new AuthenticationError('malformed_credentials', 'authorization header is not a bearer token');
      }
      return verifyBearerToken(match[1], cfg, { keys, now });
    },
  };
}

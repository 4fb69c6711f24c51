import { z } from 'zod';
import { devIssuerRefusals, isLoopbackUrl } from './devIssuerTrust';
import { AuthConfigError } from './errors';

export const PUBLIC_CLOUD_AUTHORITY_HOST = 'https://login.microsoftonline.com';

/** The parsed, validated auth settings. Build it with `loadAuthConfig`. */
export const AuthConfigSchema = z.object({
  /** Accepted `aud` values: the app id URI and/or the client id. */
  audiences: z.array(z.string().min(1)).min(1),
  /** Entra authority host without trailing slash, e.g. https://login.microsoftonline.com. */
  authorityHost: z.string().url(),
  /** Trust `x-ms-client-principal` (App Service Authentication) instead of a bearer token. */
  trustAppServiceAuth: z.boolean(),
  clockSkewSeconds: z.number().int().min(0).max(300),
  jwksCacheMaxAgeSeconds: z.number().int().min(1),
  jwksCooldownSeconds: z.number().int().min(0),
  /** Upper bound on tenants whose OpenID metadata / keys are cached at once. */
  maxCachedTenants: z.number().int().min(1),
  /** Present only when the local development issuer is enabled and allowed here. */
  devIssuer: z.object({ issuer: z.string().url() }).optional(),
});
export type AuthConfig = z.infer<typeof AuthConfigSchema>;

const boolFlag = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.enum(['true', 'false', '1', '0']))
  .transform((v) => v === 'true' || v === '1');

const intSetting = (fallback: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .optional()
    .transform((v) => v ?? fallback);

const withoutTrailingSlash = (s: string) => s.replace(/\/+$/, '');

const AuthEnv = z.object({
  AUTH_AUDIENCE: z
    .string({ error: 'AUTH_AUDIENCE is required (app id URI and/or client id, comma-separated)' })
    .transform((s) => s.split(',').map((a) => a.trim()).filter((a) => a !== ''))
    .pipe(z.array(z.string()).min(1, 'AUTH_AUDIENCE lists no audience')),
  AUTH_AUTHORITY_HOST: z
    .string()
    .trim()
    .url()
    .optional()
    .transform((s) => withoutTrailingSlash(s ?? PUBLIC_CLOUD_AUTHORITY_HOST)),
  AUTH_TRUST_APP_SERVICE_AUTH: boolFlag.optional().transform((v) => v ?? false),
  AUTH_CLOCK_SKEW_SECONDS: intSetting(120).pipe(z.number().max(300, 'at most 300 seconds')),
  AUTH_JWKS_CACHE_SECONDS: intSetting(600).pipe(z.number().min(1)),
  AUTH_JWKS_COOLDOWN_SECONDS: intSetting(30),
  AUTH_MAX_CACHED_TENANTS: intSetting(200).pipe(z.number().min(1)),
  AUTH_DEV_ISSUER_ENABLED: boolFlag.optional().transform((v) => v ?? false),
  AUTH_DEV_ISSUER: z.string().trim().optional(),
});

/**
 * Parses auth settings from the environment once, at start-up. Throws `AuthConfigError` for
 * anything invalid or unsafe (there is no "auth disabled" mode).
 */
export function loadAuthConfig(env: Record<string, string | undefined>): AuthConfig {
  // Treat empty strings as unset: hosts often export blank placeholders.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''));
  const parsed = AuthEnv.safeParse(present);
  if (!parsed.success) {
    throw new AuthConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || 'env'}: ${i.message}`));
  }
  const e = parsed.data;
  const issues: string[] = [];

  const authority = new URL(e.AUTH_AUTHORITY_HOST);
  if (authority.protocol !== 'https:' && !isLoopbackUrl(e.AUTH_AUTHORITY_HOST)) {
    issues.push('AUTH_AUTHORITY_HOST must use https');
  }
  if (authority.search !== '' || authority.hash !== '') issues.push('AUTH_AUTHORITY_HOST must not have a query');

  if (e.AUTH_TRUST_APP_SERVICE_AUTH && (present['WEBSITE_AUTH_ENABLED'] ?? '').toLowerCase() !== 'true') {
    // Outside Easy Auth anyone can send x-ms-client-principal; only the platform strips it.
    issues.push('AUTH_TRUST_APP_SERVICE_AUTH requires App Service Authentication (WEBSITE_AUTH_ENABLED=true)');
  }

  let devIssuer: AuthConfig['devIssuer'];
  if (e.AUTH_DEV_ISSUER_ENABLED) {
    if (e.AUTH_DEV_ISSUER === undefined) {
      issues.push('AUTH_DEV_ISSUER is required when AUTH_DEV_ISSUER_ENABLED=true');
    } else {
      const issuer = withoutTrailingSlash(e.AUTH_DEV_ISSUER);
      const refusals = devIssuerRefusals(issuer, env);
      issues.push(...refusals);
      if (refusals.length === 0) devIssuer = { issuer };
    }
  }
  if (issues.length > 0) throw new AuthConfigError(issues);

  return AuthConfigSchema.parse({
    audiences: e.AUTH_AUDIENCE,
    authorityHost: e.AUTH_AUTHORITY_HOST,
    trustAppServiceAuth: e.AUTH_TRUST_APP_SERVICE_AUTH,
    clockSkewSeconds: e.AUTH_CLOCK_SKEW_SECONDS,
    jwksCacheMaxAgeSeconds: e.AUTH_JWKS_CACHE_SECONDS,
    jwksCooldownSeconds: e.AUTH_JWKS_COOLDOWN_SECONDS,
    maxCachedTenants: e.AUTH_MAX_CACHED_TENANTS,
    devIssuer,
  });
}

import { AuthConfigError, loadAuthConfig } from '../../../shared/auth';

function issuesOf(env: Record<string, string | undefined>): string[] {
  try {
    loadAuthConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(AuthConfigError);
    expect((error as AuthConfigError).name).toBe('AuthConfigError');
    return (error as AuthConfigError).issues;
  }
  throw new Error('expected AuthConfigError');
}

describe('loadAuthConfig', () => {
  it('applies defaults', () => {
    expect(loadAuthConfig({ AUTH_AUDIENCE: 'api://defender-rbac-importer, 0d5c4a8e-0000-4000-8000-000000000001 ' })).toEqual({
      audiences: ['api://defender-rbac-importer', '0d5c4a8e-0000-4000-8000-000000000001'],
      authorityHost: 'https://login.microsoftonline.com',
      trustAppServiceAuth: false,
      clockSkewSeconds: 120,
      jwksCacheMaxAgeSeconds: 600,
      jwksCooldownSeconds: 30,
      maxCachedTenants: 200,
    });
  });

  it('reads every setting', () => {
    const cfg = loadAuthConfig({
      AUTH_AUDIENCE: 'a',
      AUTH_AUTHORITY_HOST: 'https://login.microsoftonline.us/',
      AUTH_CLOCK_SKEW_SECONDS: '60',
      AUTH_JWKS_CACHE_SECONDS: '3600',
      AUTH_JWKS_COOLDOWN_SECONDS: '10',
      AUTH_MAX_CACHED_TENANTS: '5',
      AUTH_TRUST_APP_SERVICE_AUTH: 'TRUE',
      WEBSITE_AUTH_ENABLED: 'True',
    });
    expect(cfg).toMatchObject({
      authorityHost: 'https://login.microsoftonline.us',
      clockSkewSeconds: 60,
      jwksCacheMaxAgeSeconds: 3600,
      jwksCooldownSeconds: 10,
      maxCachedTenants: 5,
      trustAppServiceAuth: true,
    });
  });

  it('requires an audience (auth cannot be switched off)', () => {
    expect(issuesOf({})).toEqual(['AUTH_AUDIENCE: AUTH_AUDIENCE is required (app id URI and/or client id, comma-separated)']);
    expect(issuesOf({ AUTH_AUDIENCE: ' , ' })).toEqual(['AUTH_AUDIENCE: AUTH_AUDIENCE lists no audience']);
  });

  it('rejects unclear flags and out-of-range numbers', () => {
    expect(issuesOf({ AUTH_AUDIENCE: 'a', AUTH_TRUST_APP_SERVICE_AUTH: 'yes' })).toHaveLength(1);
    expect(issuesOf({ AUTH_AUDIENCE: 'a', AUTH_CLOCK_SKEW_SECONDS: '301' })).toEqual(['AUTH_CLOCK_SKEW_SECONDS: at most 300 seconds']);
    expect(issuesOf({ AUTH_AUDIENCE: 'a', AUTH_CLOCK_SKEW_SECONDS: '-1' })).toEqual(['AUTH_CLOCK_SKEW_SECONDS: must be a whole number']);
  });

  it('requires https for a non-loopback authority', () => {
    expect(issuesOf({ AUTH_AUDIENCE: 'a', AUTH_AUTHORITY_HOST: 'http://login.example.com' })).toEqual(['AUTH_AUTHORITY_HOST must use https']);
    expect(loadAuthConfig({ AUTH_AUDIENCE: 'a', AUTH_AUTHORITY_HOST: 'http://127.0.0.1:8080' }).authorityHost).toBe('http://127.0.0.1:8080');
  });

  it('trusts x-ms-client-principal only when App Service Authentication is on', () => {
    expect(issuesOf({ AUTH_AUDIENCE: 'a', AUTH_TRUST_APP_SERVICE_AUTH: 'true' })).toEqual([
      'AUTH_TRUST_APP_SERVICE_AUTH requires App Service Authentication (WEBSITE_AUTH_ENABLED=true)',
    ]);
  });

  describe('development issuer', () => {
    const dev = { AUTH_AUDIENCE: 'a', AUTH_DEV_ISSUER_ENABLED: 'true', AUTH_DEV_ISSUER: 'http://localhost:7071/.dev-issuer/' };

    it('is enabled locally with a loopback issuer', () => {
      expect(loadAuthConfig(dev).devIssuer).toEqual({ issuer: 'http://localhost:7071/.dev-issuer' });
      expect(loadAuthConfig({ ...dev, AUTH_DEV_ISSUER: 'http://127.0.0.1:7071/.dev-issuer' }).devIssuer).toBeDefined();
      expect(loadAuthConfig({ ...dev, AUTH_DEV_ISSUER: 'http://[::1]:7071/.dev-issuer' }).devIssuer).toBeDefined();
    });

    it('is off unless the flag is on', () => {
      expect(loadAuthConfig({ ...dev, AUTH_DEV_ISSUER_ENABLED: 'false' }).devIssuer).toBeUndefined();
      expect(loadAuthConfig({ AUTH_AUDIENCE: 'a', AUTH_DEV_ISSUER: dev.AUTH_DEV_ISSUER }).devIssuer).toBeUndefined();
    });

    it('is refused in Azure', () => {
      expect(issuesOf({ ...dev, WEBSITE_INSTANCE_ID: 'abc123' })).toEqual([
        'AUTH_DEV_ISSUER_ENABLED is not allowed when running in Azure (WEBSITE_INSTANCE_ID is set)',
      ]);
      expect(issuesOf({ ...dev, WEBSITE_SITE_NAME: 'func-rbac' })).toEqual([
        'AUTH_DEV_ISSUER_ENABLED is not allowed when running in Azure (WEBSITE_SITE_NAME is set)',
      ]);
    });

    it('is refused at a non-loopback location or without an issuer', () => {
      for (const issuer of ['https://dev.example.com/.dev-issuer', 'http://10.0.0.5/.dev-issuer', 'http://localhost.evil.com/x', 'file:///tmp/x']) {
        expect(issuesOf({ ...dev, AUTH_DEV_ISSUER: issuer })).toEqual(['AUTH_DEV_ISSUER must be an http(s) loopback URL']);
      }
      expect(issuesOf({ AUTH_AUDIENCE: 'a', AUTH_DEV_ISSUER_ENABLED: 'true' })).toEqual([
        'AUTH_DEV_ISSUER is required when AUTH_DEV_ISSUER_ENABLED=true',
      ]);
    });
  });
});

import { authorize, createAuthenticator, loadAuthConfig, type AuthConfig, type Caller } from '../../../shared/auth';
import { expectedIssuers } from '../../../shared/auth/bearerToken';
import {
  AUDIENCE,
  CLIENT_ID,
  clientPrincipal,
  GROUP_ID,
  headers,
  hs256WithPublicKey,
  makeKey,
  OTHER_TENANT,
  signRs256,
  startFakeEntra,
  TENANT,
  unsignedToken,
  USER_OID,
  type FakeEntra,
  type TestKey,
} from './helpers';

const T0 = 1_800_000_000_000; // fixed clock (ms)
const nowS = T0 / 1000;
const SECURITY_ADMIN = '194ae4cb-b126-40b2-bd5b-6091b380977d';
const REALM = 'Bearer realm="defender-rbac-importer"';

let entra: FakeEntra;
let key1: TestKey;
let key2: TestKey;
let rogue: TestKey;

beforeAll(async () => {
  key1 = makeKey('key-1');
  key2 = makeKey('key-2');
  rogue = makeKey('key-1'); // same kid, different key
  entra = await startFakeEntra([key1]);
});
afterAll(async () => entra.close());
beforeEach(() => {
  entra.keys = [key1];
  entra.requests.length = 0;
  delete entra.jwksOrigin;
});

function config(env: Record<string, string> = {}): AuthConfig {
  return loadAuthConfig({ AUTH_AUDIENCE: `${AUDIENCE},${CLIENT_ID}`, AUTH_AUTHORITY_HOST: entra.origin, ...env });
}

function claims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    iss: `${entra.origin}/${TENANT}/v2.0`,
    aud: AUDIENCE,
    tid: TENANT,
    oid: USER_OID,
    iat: nowS - 60,
    nbf: nowS - 60,
    exp: nowS + 3600,
    scp: 'user_impersonation',
    name: 'Alice',
    azp: CLIENT_ID,
    wids: [SECURITY_ADMIN, 'b79fbf4d-3ef9-4689-8143-76b194e85509'],
    groups: [GROUP_ID],
    ...overrides,
  };
}

function authenticator(cfg: AuthConfig = config(), now = T0) {
  return createAuthenticator(cfg, { now: () => now, env: {} });
}

async function authBearer(token: string, cfg?: AuthConfig, now?: number): Promise<Caller> {
  return authenticator(cfg, now).authenticate(headers({ Authorization: `Bearer ${token}` }));
}

async function expect401(promise: Promise<unknown>, code: string, message: string): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toMatchObject({ name: 'AuthenticationError', status: 401, code, message });
  const challenge = (error as { wwwAuthenticate: string }).wwwAuthenticate;
  expect(challenge).toBe(
    code === 'missing_credentials' ? REALM : `${REALM}, error="invalid_token", error_description="${message}"`,
  );
}

describe('bearer tokens', () => {
  it('accepts a valid Entra v2 access token and returns the caller', async () => {
    const caller = await authBearer(signRs256(claims(), key1));
    expect(caller).toEqual({
      tenantId: TENANT,
      objectId: USER_OID,
      displayName: 'Alice',
      kind: 'user',
      wids: [SECURITY_ADMIN, 'b79fbf4d-3ef9-4689-8143-76b194e85509'],
      groups: [GROUP_ID],
      appId: CLIENT_ID,
      authMethod: 'bearer',
    });
  });

  it('accepts the client id as audience and reports app-only tokens as applications', async () => {
    const caller = await authBearer(signRs256(claims({ aud: CLIENT_ID, idtyp: 'app', scp: undefined, name: undefined }), key1));
    expect(caller.kind).toBe('application');
    expect(caller.displayName).toBeUndefined();
  });

  it('treats a token without scp or idtyp as an application, and drops non-GUID wids/groups', async () => {
    const caller = await authBearer(signRs256(claims({ scp: undefined, wids: ['x', SECURITY_ADMIN.toUpperCase()], groups: 'g' }), key1));
    expect(caller).toMatchObject({ kind: 'application', wids: [SECURITY_ADMIN], groups: [] });
  });

  it('flags group overage and leaves groups empty (fails closed)', async () => {
    const token = signRs256(claims({ groups: undefined, _claim_names: { groups: 'src1' } }), key1);
    const caller = await authBearer(token);
    expect(caller.groups).toEqual([]);
    expect(caller.groupsOverage).toBe(true);
  });

  it('rejects a token signed by another key with the same kid', async () => {
    await expect401(authBearer(signRs256(claims(), rogue)), 'invalid_signature', 'token signature is invalid');
  });

  it('rejects a token whose signature was tampered with (payload changed)', async () => {
    const [h, , s] = signRs256(claims(), key1).split('.');
    const forgedPayload = Buffer.from(JSON.stringify(claims({ wids: [SECURITY_ADMIN, '62e90394-69f5-4237-9190-012177145e10'] }))).toString('base64url');
    await expect401(authBearer(`${h}.${forgedPayload}.${s}`), 'invalid_signature', 'token signature is invalid');
  });

  it('rejects a wrong issuer, another tenant\'s issuer and the v1 issuer outside the public cloud', async () => {
    for (const iss of [
      `https://evil.example/${TENANT}/v2.0`,
      `${entra.origin}/${OTHER_TENANT}/v2.0`,
      `${entra.origin}/${TENANT}/v2.0/`,
      `https://sts.windows.net/${TENANT}/`,
    ]) {
      await expect401(authBearer(signRs256(claims({ iss }), key1)), 'issuer_mismatch', 'token issuer is not trusted');
    }
    expect(entra.requests).toEqual([]); // refused before any key look-up
  });

  it('accepts the v1 issuer form only for the public cloud authority', () => {
    expect(expectedIssuers('https://login.microsoftonline.com', TENANT)).toEqual([
      `https://login.microsoftonline.com/${TENANT}/v2.0`,
      `https://sts.windows.net/${TENANT}/`,
    ]);
    expect(expectedIssuers('https://login.microsoftonline.us', TENANT)).toEqual([`https://login.microsoftonline.us/${TENANT}/v2.0`]);
  });

  it('rejects a wrong audience', async () => {
    await expect401(authBearer(signRs256(claims({ aud: 'api://someone-else' }), key1)), 'audience_mismatch', 'token audience mismatch');
    await expect401(authBearer(signRs256(claims({ aud: undefined }), key1)), 'audience_mismatch', 'token audience mismatch');
  });

  it('rejects an expired token, but tolerates the configured clock skew', async () => {
    await expect401(authBearer(signRs256(claims({ exp: nowS - 121 }), key1)), 'token_expired', 'token expired');
    await expect(authBearer(signRs256(claims({ exp: nowS - 119 }), key1))).resolves.toMatchObject({ objectId: USER_OID });
    const strict = config({ AUTH_CLOCK_SKEW_SECONDS: '0' });
    await expect401(authBearer(signRs256(claims({ exp: nowS - 1 }), key1), strict), 'token_expired', 'token expired');
  });

  it('rejects a token that is not yet valid, but tolerates the clock skew', async () => {
    await expect401(authBearer(signRs256(claims({ nbf: nowS + 121 }), key1)), 'token_not_yet_valid', 'token not yet valid');
    await expect(authBearer(signRs256(claims({ nbf: nowS + 119 }), key1))).resolves.toMatchObject({ objectId: USER_OID });
  });

  it('rejects tokens without expiry or with a non-numeric not-before', async () => {
    await expect401(authBearer(signRs256(claims({ exp: undefined }), key1)), 'invalid_claims', 'token has no expiry');
    await expect401(authBearer(signRs256(claims({ nbf: 'soon' }), key1)), 'invalid_claims', 'token not-before is invalid');
  });

  it('rejects alg none and HS256 keyed with the public key, without fetching anything', async () => {
    await expect401(authBearer(unsignedToken(claims(), key1.kid)), 'unsupported_algorithm', 'token algorithm is not allowed');
    await expect401(authBearer(hs256WithPublicKey(claims(), key1)), 'unsupported_algorithm', 'token algorithm is not allowed');
    await expect401(authBearer(signRs256(claims(), key1, { alg: 'RS512' })), 'unsupported_algorithm', 'token algorithm is not allowed');
    expect(entra.requests).toEqual([]);
  });

  it('rejects a token with critical headers or without a key id', async () => {
    await expect401(authBearer(signRs256(claims(), key1, { crit: ['exp'] })), 'malformed_credentials', 'token has unsupported critical headers');
    await expect401(authBearer(signRs256(claims(), key1, { kid: undefined })), 'malformed_credentials', 'token has no key id');
  });

  it('checks tid is a GUID before it selects any metadata URL', async () => {
    for (const tid of ['../../evil', 'common', undefined]) {
      await expect401(authBearer(signRs256(claims({ tid }), key1)), 'invalid_claims', 'token tenant (tid) is missing or not a GUID');
    }
    expect(entra.requests).toEqual([]);
  });

  it('rejects a tenant the authority does not know', async () => {
    const ghost = 'ffffffff-ffff-4fff-8fff-ffffffffffff';
    const token = signRs256(claims({ tid: ghost, iss: `${entra.origin}/${ghost}/v2.0` }), key1);
    await expect401(authBearer(token), 'issuer_mismatch', 'token issuer is not recognised');
  });

  it('rejects a token without a GUID object id', async () => {
    await expect401(authBearer(signRs256(claims({ oid: undefined }), key1)), 'invalid_claims', 'token object id (oid) is missing or not a GUID');
  });

  it('answers 401 without an error code when no credentials are sent', async () => {
    await expect401(authenticator().authenticate(headers({})), 'missing_credentials', 'no bearer token was sent');
    await expect401(authenticator().authenticate(headers({ authorization: '  ' })), 'missing_credentials', 'no bearer token was sent');
  });

  it('rejects malformed Authorization headers and never echoes them', async () => {
    const cases: Array<[string, string]> = [
      ['Basic dXNlcjpwYXNz', 'authorization header is not a bearer token'],
      ['Bearer', 'authorization header is not a bearer token'],
      ['Bearer a b', 'authorization header is not a bearer token'],
      ['Bearer not-a-jwt', 'token is not a well-formed JWT'],
      ['Bearer a.b.c', 'token is not a well-formed JWT'],
      [`Bearer ${'a'.repeat(17_000)}.b.c`, 'token is not a well-formed JWT'],
    ];
    for (const [value, message] of cases) {
      const error = await authenticator()
        .authenticate(headers({ authorization: value }))
        .catch((e: Error & { wwwAuthenticate: string }) => e);
      expect(error).toMatchObject({ status: 401, code: 'malformed_credentials', message });
      const token = value.split(' ')[1];
      if (token !== undefined && token.length > 5) {
        expect(JSON.stringify({ m: (error as Error).message, h: (error as { wwwAuthenticate: string }).wwwAuthenticate })).not.toContain(token);
      }
    }
  });

  it('never puts the token in the error message or challenge', async () => {
    const token = signRs256(claims({ exp: nowS - 3600 }), key1);
    const error = (await authBearer(token).catch((e: unknown) => e)) as Error & { wwwAuthenticate: string };
    for (const part of token.split('.')) {
      expect(error.message).not.toContain(part);
      expect(error.wwwAuthenticate).not.toContain(part);
      expect(String(error.stack)).not.toContain(part);
    }
  });

  it('answers 503 (AuthenticationUnavailableError) when the authority cannot be reached', async () => {
    const down = await startFakeEntra([key1]);
    await down.close();
    const cfg = loadAuthConfig({ AUTH_AUDIENCE: AUDIENCE, AUTH_AUTHORITY_HOST: down.origin });
    const token = signRs256(claims({ iss: `${down.origin}/${TENANT}/v2.0` }), key1);
    await expect(authBearer(token, cfg)).rejects.toMatchObject({
      name: 'AuthenticationUnavailableError',
      status: 503,
      message: 'identity provider metadata is unavailable',
    });
  });
});

describe('signing keys', () => {
  it('refuses keys published anywhere but the authority itself', async () => {
    entra.jwksOrigin = 'http://127.0.0.2:9';
    await expect(authBearer(signRs256(claims(), key1))).rejects.toMatchObject({
      name: 'AuthenticationUnavailableError',
      status: 503,
      message: 'identity provider metadata names an untrusted key location',
    });
    expect(entra.requests).toEqual([`/${TENANT}/v2.0/.well-known/openid-configuration`]);
  });

  it('a valid token for one tenant is refused on another tenant\'s route', async () => {
    const caller = await authBearer(signRs256(claims(), key1));
    expect(authorize({ caller, routeTenantId: OTHER_TENANT, action: 'read', callerRoles: [] })).toEqual({
      allowed: false,
      status: 403,
      missing: 'tenant access',
    });
    expect(authorize({ caller, routeTenantId: TENANT, action: 'write', callerRoles: [] })).toEqual({
      allowed: true,
      basis: 'Entra role Security Administrator',
    });
  });

  it('caches OpenID metadata and JWKS per tenant', async () => {
    const auth = authenticator();
    const h = headers({ authorization: `Bearer ${signRs256(claims(), key1)}` });
    await auth.authenticate(h);
    await auth.authenticate(h);
    expect(entra.requests).toEqual([`/${TENANT}/v2.0/.well-known/openid-configuration`, `/${TENANT}/discovery/v2.0/keys`]);
  });

  it('bounds the tenant cache', async () => {
    let now = T0;
    const auth = createAuthenticator(config({ AUTH_MAX_CACHED_TENANTS: '1' }), { now: () => now, env: {} });
    const forTenant = (tid: string) =>
      headers({ authorization: `Bearer ${signRs256(claims({ tid, iss: `${entra.origin}/${tid}/v2.0` }), key1)}` });
    await auth.authenticate(forTenant(TENANT));
    await auth.authenticate(forTenant(OTHER_TENANT));
    await auth.authenticate(forTenant(TENANT)); // evicted: discovered again
    now += 1;
    expect(entra.requests.filter((r) => r.endsWith('openid-configuration'))).toHaveLength(3);
  });

  it('handles rotation: a new kid refetches the JWKS; a removed key is refused after refresh; cooldown limits refetches', async () => {
    let now = T0;
    const auth = createAuthenticator(config({ AUTH_JWKS_COOLDOWN_SECONDS: '30', AUTH_JWKS_CACHE_SECONDS: '600' }), {
      now: () => now,
      env: {},
    });
    const bearer = (key: TestKey) => headers({ authorization: `Bearer ${signRs256(claims({ exp: nowS + 7200 }), key)}` });
    const jwksFetches = () => entra.requests.filter((r) => r.endsWith('/keys')).length;

    await expect(auth.authenticate(bearer(key1))).resolves.toMatchObject({ objectId: USER_OID });
    expect(jwksFetches()).toBe(1);

    // Issuer publishes key-2. Within the cooldown an unknown kid does not trigger a fetch.
    entra.keys = [key1, key2];
    now += 10_000;
    await expect401(auth.authenticate(bearer(key2)), 'unknown_signing_key', 'token signing key is not recognised');
    expect(jwksFetches()).toBe(1);

    // After the cooldown the unknown kid refetches and is accepted.
    now += 30_000;
    await expect(auth.authenticate(bearer(key2))).resolves.toMatchObject({ objectId: USER_OID });
    expect(jwksFetches()).toBe(2);

    // Issuer removes key-1: still cached until the next refresh, refused after it.
    entra.keys = [key2];
    await expect(auth.authenticate(bearer(key1))).resolves.toMatchObject({ objectId: USER_OID });
    now += 601_000; // cache max age passed
    await expect401(auth.authenticate(bearer(key1)), 'unknown_signing_key', 'token signing key is not recognised');
    await expect(auth.authenticate(bearer(key2))).resolves.toMatchObject({ objectId: USER_OID });
    expect(jwksFetches()).toBe(3);
  });

  it('refuses a removed key after a refresh triggered by another unknown kid', async () => {
    let now = T0;
    const auth = createAuthenticator(config({ AUTH_JWKS_COOLDOWN_SECONDS: '30' }), { now: () => now, env: {} });
    const bearer = (key: TestKey) => headers({ authorization: `Bearer ${signRs256(claims({ exp: nowS + 7200 }), key)}` });
    await auth.authenticate(bearer(key1));
    entra.keys = [key2];
    now += 31_000;
    await auth.authenticate(bearer(key2)); // refresh replaces the whole set
    await expect401(auth.authenticate(bearer(key1)), 'unknown_signing_key', 'token signing key is not recognised');
  });
});

describe('App Service Authentication (x-ms-client-principal)', () => {
  const easyAuthEnv = { AUTH_TRUST_APP_SERVICE_AUTH: 'true', WEBSITE_AUTH_ENABLED: 'True' };
  const longForm = clientPrincipal([
    { typ: 'http://schemas.microsoft.com/identity/claims/tenantid', val: TENANT },
    { typ: 'http://schemas.microsoft.com/identity/claims/objectidentifier', val: USER_OID.toUpperCase() },
    { typ: 'wids', val: SECURITY_ADMIN },
    { typ: 'http://schemas.microsoft.com/ws/2008/06/identity/claims/groups', val: GROUP_ID },
    { typ: 'name', val: 'Alice' },
    { typ: 'http://schemas.microsoft.com/identity/claims/scope', val: 'user_impersonation' },
  ]);

  it('is trusted when enabled, mapping long and short claim types', async () => {
    const caller = await authenticator(config(easyAuthEnv)).authenticate(headers({ 'X-MS-CLIENT-PRINCIPAL': longForm }));
    expect(caller).toEqual({
      tenantId: TENANT,
      objectId: USER_OID,
      displayName: 'Alice',
      kind: 'user',
      wids: [SECURITY_ADMIN],
      groups: [GROUP_ID],
      authMethod: 'appServiceAuth',
    });
  });

  it('maps short claim types and JSON-array values', async () => {
    const short = clientPrincipal([
      { typ: 'tid', val: TENANT },
      { typ: 'oid', val: USER_OID },
      { typ: 'groups', val: JSON.stringify([GROUP_ID, 'not-a-guid']) },
      { typ: 'idtyp', val: 'app' },
      { typ: 'appid', val: CLIENT_ID },
    ]);
    const caller = await authenticator(config(easyAuthEnv)).authenticate(headers({ 'x-ms-client-principal': short }));
    expect(caller).toEqual({
      tenantId: TENANT,
      objectId: USER_OID,
      kind: 'application',
      wids: [],
      groups: [GROUP_ID],
      appId: CLIENT_ID,
      authMethod: 'appServiceAuth',
    });
  });

  it('is ignored when not enabled (the header alone is no credential)', async () => {
    await expect401(
      authenticator().authenticate(headers({ 'x-ms-client-principal': longForm })),
      'missing_credentials',
      'no bearer token was sent',
    );
  });

  it('falls back to bearer validation when enabled but the header is absent', async () => {
    const caller = await authenticator(config(easyAuthEnv)).authenticate(headers({ authorization: `Bearer ${signRs256(claims(), key1)}` }));
    expect(caller.authMethod).toBe('bearer');
  });

  it('rejects a malformed or incomplete principal', async () => {
    const auth = authenticator(config(easyAuthEnv));
    await expect401(auth.authenticate(headers({ 'x-ms-client-principal': '%%%' })), 'malformed_credentials', 'client principal header is malformed');
    await expect401(
      auth.authenticate(headers({ 'x-ms-client-principal': Buffer.from('{"claims":"x"}').toString('base64') })),
      'malformed_credentials',
      'client principal header is malformed',
    );
    await expect401(
      auth.authenticate(headers({ 'x-ms-client-principal': clientPrincipal([{ typ: 'oid', val: USER_OID }]) })),
      'invalid_claims',
      'client principal has no tenant id',
    );
    await expect401(
      auth.authenticate(headers({ 'x-ms-client-principal': clientPrincipal([{ typ: 'tid', val: TENANT }]) })),
      'invalid_claims',
      'client principal has no object id',
    );
  });
});

describe('caller kind', () => {
  it('treats an Easy Auth ID-token principal (sign-in name, no scp) as a user', async () => {
    const principal = clientPrincipal([
      { typ: 'http://schemas.microsoft.com/identity/claims/tenantid', val: TENANT },
      { typ: 'http://schemas.microsoft.com/identity/claims/objectidentifier', val: USER_OID },
      { typ: 'preferred_username', val: 'alice@contoso.example' },
    ]);
    const cfg = config({ AUTH_TRUST_APP_SERVICE_AUTH: 'true', WEBSITE_AUTH_ENABLED: 'true' });
    await expect(authenticator(cfg).authenticate(headers({ 'x-ms-client-principal': principal }))).resolves.toMatchObject({ kind: 'user' });
  });
});

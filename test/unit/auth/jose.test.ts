/*
 * Verification goes through jose (jwtVerify + createLocalJWKSet), not hand-written crypto: these
 * tests wrap jose's jwtVerify to see it called, and pin the cases jose decides (key size, keys
 * embedded in or pointed to by the header, ambiguous kids, the exp boundary).
 */
jest.mock('jose', () => {
  const actual = jest.requireActual<typeof import('jose')>('jose');
  return { ...actual, jwtVerify: jest.fn(actual.jwtVerify) };
});

import { jwtVerify } from 'jose';
import { createAuthenticator, loadAuthConfig, type AuthConfig, type Caller } from '../../../shared/auth';
import { AUDIENCE, CLIENT_ID, headers, makeKey, signRs256, startFakeEntra, TENANT, USER_OID, type FakeEntra, type TestKey } from './helpers';

const T0 = 1_800_000_000_000;
const nowS = T0 / 1000;
const verifySpy = jwtVerify as unknown as jest.Mock;

let entra: FakeEntra;
let elsewhere: FakeEntra;
let key1: TestKey;
let rogue: TestKey;
let weak: TestKey;

beforeAll(async () => {
  key1 = makeKey('key-1');
  rogue = makeKey('key-1');
  weak = makeKey('weak', 1024);
  entra = await startFakeEntra([key1]);
  elsewhere = await startFakeEntra([rogue]);
});
afterAll(async () => {
  await entra.close();
  await elsewhere.close();
});
beforeEach(() => {
  entra.keys = [key1];
  entra.requests.length = 0;
  elsewhere.requests.length = 0;
  verifySpy.mockClear();
});

const config = (): AuthConfig => loadAuthConfig({ AUTH_AUDIENCE: `${AUDIENCE},${CLIENT_ID}`, AUTH_AUTHORITY_HOST: entra.origin });

function claims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { iss: `${entra.origin}/${TENANT}/v2.0`, aud: AUDIENCE, tid: TENANT, oid: USER_OID, iat: nowS - 60, exp: nowS + 3600, ...overrides };
}

function authBearer(token: string): Promise<Caller> {
  return createAuthenticator(config(), { now: () => T0, env: {} }).authenticate(headers({ Authorization: `Bearer ${token}` }));
}

async function rejection(promise: Promise<unknown>): Promise<{ code?: string; message?: string }> {
  return promise.then(
    () => ({}),
    (e: { code?: string; message?: string }) => ({ code: e.code, message: e.message }),
  );
}

it('verifies with jose jwtVerify: RS256 only, issuer, audience, clock tolerance and required claims', async () => {
  const token = signRs256(claims(), key1);
  await expect(authBearer(token)).resolves.toMatchObject({ objectId: USER_OID });
  expect(verifySpy).toHaveBeenCalledTimes(1);
  expect(verifySpy).toHaveBeenCalledWith(
    token,
    expect.any(Function),
    expect.objectContaining({
      algorithms: ['RS256'],
      issuer: [`${entra.origin}/${TENANT}/v2.0`],
      audience: [AUDIENCE, CLIENT_ID],
      clockTolerance: 120,
      currentDate: new Date(T0),
      requiredClaims: expect.arrayContaining(['exp', 'tid', 'oid']),
    }),
  );
});

it('refuses a token signed with a published 1024-bit RSA key (jose enforces the 2048-bit minimum)', async () => {
  entra.keys = [key1, weak];
  expect(await rejection(authBearer(signRs256(claims(), weak)))).toEqual({
    code: 'unknown_signing_key',
    message: 'token signing key is not recognised',
  });
  expect(verifySpy).toHaveBeenCalledTimes(1); // the key reached jose, which refused it
});

it('ignores jwk / jku / x5u / x5c in the header: keys only come from the authority JWKS', async () => {
  const pointers = {
    jwk: rogue.jwk,
    jku: `${elsewhere.origin}/${TENANT}/discovery/v2.0/keys`,
    x5u: `${elsewhere.origin}/cert.pem`,
    x5c: ['MIIB'],
  };
  // Same kid as a real key: the real key is used, so the rogue signature fails.
  expect(await rejection(authBearer(signRs256(claims(), rogue, pointers)))).toEqual({
    code: 'invalid_signature',
    message: 'token signature is invalid',
  });
  // A kid only the embedded key has: unknown, whatever the header carries.
  expect(await rejection(authBearer(signRs256(claims(), rogue, { ...pointers, kid: 'attacker', jwk: { ...rogue.jwk, kid: 'attacker' } })))).toEqual({
    code: 'unknown_signing_key',
    message: 'token signing key is not recognised',
  });
  expect(elsewhere.requests).toEqual([]);
  expect(entra.requests.every((r) => r.startsWith(`/${TENANT}/`))).toBe(true);
});

it('refuses a kid published twice rather than guessing (ERR_JWKS_MULTIPLE_MATCHING_KEYS)', async () => {
  entra.keys = [key1, rogue];
  expect(await rejection(authBearer(signRs256(claims(), key1)))).toEqual({
    code: 'unknown_signing_key',
    message: 'token signing key is not recognised',
  });
});

it('treats exp exactly at now - skew as expired and a non-numeric iat as invalid (jose rules)', async () => {
  expect(await rejection(authBearer(signRs256(claims({ exp: nowS - 120 }), key1)))).toEqual({ code: 'token_expired', message: 'token expired' });
  expect(await rejection(authBearer(signRs256(claims({ iat: 'yesterday' }), key1)))).toEqual({
    code: 'invalid_claims',
    message: 'token issued-at is invalid',
  });
});

it('ignores JWKS entries that are not RS256 signing keys and strips private members', async () => {
  const encKey = makeKey('key-1');
  entra.keys = [{ ...encKey, jwk: { ...encKey.jwk, use: 'enc' } }, { ...key1, jwk: { ...key1.jwk, d: 'AAAA' } }];
  await expect(authBearer(signRs256(claims(), key1))).resolves.toMatchObject({ objectId: USER_OID });
});

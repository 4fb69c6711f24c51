import { createHash, generateKeyPairSync, createHmac, sign, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const TENANT = '11111111-1111-4111-8111-111111111111';
export const OTHER_TENANT = '22222222-2222-4222-8222-222222222222';
export const USER_OID = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
export const GROUP_ID = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';
export const AUDIENCE = 'api://defender-rbac-importer';
export const CLIENT_ID = 'cccccccc-cccc-4ccc-8ccc-cccccccccccc';

export interface TestKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  jwk: Record<string, unknown>;
}

export function makeKey(kid: string, modulusLength = 2048): TestKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength });
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid, use: 'sig' };
  return { kid, privateKey, publicKey, jwk };
}

const b64 = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');

export function signRs256(payload: object, key: TestKey, header: object = {}): string {
  const input = `${b64({ alg: 'RS256', typ: 'JWT', kid: key.kid, ...header })}.${b64(payload)}`;
  return `${input}.${sign('sha256', Buffer.from(input), key.privateKey).toString('base64url')}`;
}

export function unsignedToken(payload: object, kid: string): string {
  return `${b64({ alg: 'none', typ: 'JWT', kid })}.${b64(payload)}.`;
}

/** The classic confusion attack: HS256 keyed with the issuer's public key. */
export function hs256WithPublicKey(payload: object, key: TestKey): string {
  const input = `${b64({ alg: 'HS256', typ: 'JWT', kid: key.kid })}.${b64(payload)}`;
  const secret = key.publicKey.export({ type: 'spki', format: 'pem' });
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

/** Fake Entra: per-tenant OpenID configuration and a mutable JWKS on 127.0.0.1, counting requests. */
export interface FakeEntra {
  origin: string;
  keys: TestKey[];
  requests: string[];
  /** When set, discovery points jwks_uri at this origin instead of the server's own. */
  jwksOrigin?: string;
  close(): Promise<void>;
}

export async function startFakeEntra(keys: TestKey[]): Promise<FakeEntra> {
  const state: FakeEntra = { origin: '', keys, requests: [], close: async () => undefined };
  const server: Server = createServer((req, res) => {
    const path = req.url ?? '';
    state.requests.push(path);
    const discovery = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/.exec(path);
    const jwks = /^\/([^/]+)\/discovery\/v2\.0\/keys$/.exec(path);
    res.setHeader('content-type', 'application/json');
    if (discovery?.[1] === 'ffffffff-ffff-4fff-8fff-ffffffffffff') {
      res.statusCode = 400; // what Entra answers for a tenant that does not exist
      res.end('{"error":"invalid_tenant"}');
    } else if (discovery) {
      res.end(JSON.stringify({ issuer: `${state.origin}/${discovery[1]}/v2.0`, jwks_uri: `${state.jwksOrigin ?? state.origin}/${discovery[1]}/discovery/v2.0/keys` }));
    } else if (jwks) {
      res.end(JSON.stringify({ keys: state.keys.map((k) => k.jwk) }));
    } else {
      res.statusCode = 404;
      res.end('{}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return state;
}

/** `Headers`-like object from a plain record (case-insensitive get). */
export function headers(record: Record<string, string>): { get(name: string): string | null } {
  const lower = new Map(Object.entries(record).map(([k, v]) => [k.toLowerCase(), v]));
  return { get: (name) => lower.get(name.toLowerCase()) ?? null };
}

export function clientPrincipal(claims: Array<{ typ: string; val: string }>): string {
  return Buffer.from(JSON.stringify({ auth_typ: 'aad', claims })).toString('base64');
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Development token issuer (dev-only; never imported by app code).
 * CONTRACT used by tools/local-host: `ensureDevIssuer` is called once at host start-up, before the
 * app is loaded. The host copies `env` into process.env (only keys not already set) and, for every
 * GET request whose path starts with `/.dev-issuer/`, calls `handle(pathname)` and sends what it
 * returns (404 when it returns undefined).
 *
 * The key pair lives under `<dataDir>/dev-issuer/` (private key 0600) and is created once. The app
 * trusts it only with AUTH_DEV_ISSUER_ENABLED=true, outside Azure, at a loopback address
 * (shared/auth/devIssuerTrust.ts).
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isGuid } from '../../shared/auth/caller';
import { isLoopbackUrl, runningInAzure } from '../../shared/auth/devIssuerTrust';
import { ENTRA_ROLE_TEMPLATES, type EntraRoleKey } from '../../shared/auth/roleTemplates';

export interface DevIssuerResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface DevIssuerSetup {
  env: Record<string, string>;
  handle?: (pathname: string) => DevIssuerResponse | undefined;
}

export const DEV_ISSUER_PATH = '/.dev-issuer';
export const DEFAULT_DEV_AUDIENCE = 'api://defender-rbac-importer';
/** Stable object id for dev tokens minted without `--oid`, so local role assignments keep working. */
export const DEFAULT_DEV_OID = '00000000-0000-4000-8000-00000000de01';
export const DEV_ROLES = ['SecurityAdministrator', 'GlobalAdministrator', 'SecurityReader', 'GlobalReader', 'None'] as const;
export type DevRole = (typeof DEV_ROLES)[number];

const PRIVATE_KEY_FILE = 'signing-key.pem';

export interface DevSigningKey {
  privateKey: KeyObject;
  kid: string;
  publicJwk: { kty: 'RSA'; n: string; e: string; kid: string; use: 'sig'; alg: 'RS256' };
}

/** Loads the dev signing key, creating it on first use. */
export function ensureDevSigningKey(dataDir: string): DevSigningKey {
  const dir = join(dataDir, 'dev-issuer');
  const file = join(dir, PRIVATE_KEY_FILE);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  try {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    // 'wx': never overwrite; a concurrent start-up that lost the race just reads the winner's key.
    writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  if (process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  const privateKey = createPrivateKey(readFileSync(file));
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' });
  if (typeof jwk.n !== 'string' || typeof jwk.e !== 'string') throw new Error('dev issuer key is not an RSA key');
  // RFC 7638 thumbprint as kid: changes whenever the key file is replaced.
  const kid = createHash('sha256').update(JSON.stringify({ e: jwk.e, kty: 'RSA', n: jwk.n })).digest('base64url');
  return { privateKey, kid, publicJwk: { kty: 'RSA', n: jwk.n, e: jwk.e, kid, use: 'sig', alg: 'RS256' } };
}

function json(body: unknown): DevIssuerResponse {
  return {
    status: 200,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
    body: JSON.stringify(body),
  };
}

export function ensureDevIssuer(dataDir: string, hostOrigin: string): DevIssuerSetup {
  const origin = hostOrigin.replace(/\/+$/, '');
  // Enables nothing where the app would refuse it anyway (Azure, or a non-loopback origin).
  if (runningInAzure(process.env) !== undefined || !isLoopbackUrl(origin)) return { env: {} };
  const issuer = `${origin}${DEV_ISSUER_PATH}`;
  const key = ensureDevSigningKey(dataDir);
  const openIdPath = /^\/\.dev-issuer\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/;

  return {
    env: { AUTH_DEV_ISSUER_ENABLED: 'true', AUTH_DEV_ISSUER: issuer, AUTH_AUDIENCE: DEFAULT_DEV_AUDIENCE },
    handle(pathname) {
      if (pathname === `${DEV_ISSUER_PATH}/jwks`) return json({ keys: [key.publicJwk] });
      const tenantId = openIdPath.exec(pathname)?.[1];
      if (tenantId === undefined || !isGuid(tenantId)) return undefined;
      const tid = tenantId.toLowerCase();
      return json({
        issuer: `${issuer}/${tid}/v2.0`,
        jwks_uri: `${issuer}/jwks`,
        id_token_signing_alg_values_supported: ['RS256'],
        token_endpoint_auth_signing_alg_values_supported: ['RS256'],
        response_types_supported: ['token'],
        subject_types_supported: ['pairwise'],
      });
    },
  };
}

export interface MintDevTokenOptions {
  dataDir: string;
  /** The dev issuer base, e.g. http://localhost:7071/.dev-issuer (loopback only). */
  issuer: string;
  tenantId: string;
  role?: DevRole;
  oid?: string;
  groups?: string[];
  audience?: string;
  expiresInSeconds?: number;
  /** Milliseconds since the epoch (tests). */
  now?: number;
}

/** Signs an Entra-shaped v2 access token with the local dev key. */
export function mintDevToken(options: MintDevTokenOptions): string {
  const role = options.role ?? 'None';
  const oid = options.oid ?? DEFAULT_DEV_OID;
  const groups = options.groups ?? [];
  const expiresIn = options.expiresInSeconds ?? 3600;
  const base = options.issuer.replace(/\/+$/, '');
  if (!isGuid(options.tenantId)) throw new Error('tenantId must be a GUID');
  if (!isGuid(oid)) throw new Error('oid must be a GUID');
  for (const g of groups) if (!isGuid(g)) throw new Error('every group id must be a GUID');
  if (!DEV_ROLES.includes(role)) throw new Error(`role must be one of ${DEV_ROLES.join(', ')}`);
  if (!isLoopbackUrl(base)) throw new Error('issuer must be a loopback URL (the dev issuer is local-only)');
  if (!Number.isInteger(expiresIn) || expiresIn < 1 || expiresIn > 86_400) {
    throw new Error('expiresInSeconds must be a whole number between 1 and 86400');
  }

  const key = ensureDevSigningKey(options.dataDir);
  const tid = options.tenantId.toLowerCase();
  const iat = Math.floor((options.now ?? Date.now()) / 1000);
  const header = { alg: 'RS256', typ: 'JWT', kid: key.kid };
  const payload = {
    aud: options.audience ?? DEFAULT_DEV_AUDIENCE,
    iss: `${base}/${tid}/v2.0`,
    iat,
    nbf: iat,
    exp: iat + expiresIn,
    tid,
    oid: oid.toLowerCase(),
    sub: oid.toLowerCase(),
    name: `Dev user (${role})`,
    idtyp: 'user',
    scp: 'access_as_user',
    azp: 'dev-issuer',
    ver: '2.0',
    wids: role === 'None' ? [] : [ENTRA_ROLE_TEMPLATES[role satisfies EntraRoleKey].id],
    groups: groups.map((g) => g.toLowerCase()),
  };
  const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
  const signingInput = `${encode(header)}.${encode(payload)}`;
  const signature = sign('sha256', Buffer.from(signingInput), key.privateKey).toString('base64url');
  return `${signingInput}.${signature}`;
}

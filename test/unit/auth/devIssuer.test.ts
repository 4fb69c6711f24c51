import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuthConfigError, createAuthenticator, loadAuthConfig } from '../../../shared/auth';
import { DEFAULT_DEV_OID, ensureDevIssuer, mintDevToken, type DevIssuerSetup } from '../../../tools/dev-issuer';
import { GROUP_ID, headers, TENANT, USER_OID } from './helpers';

const SA = '194ae4cb-b126-40b2-bd5b-6091b380977d';
const CLI = join(__dirname, '..', '..', '..', 'tools', 'cli', 'token.js');

let dataDir: string;
let server: Server;
let origin: string;
let setup: DevIssuerSetup;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'dev-issuer-'));
  // Stand-in for the local host: serves GET /.dev-issuer/* through `handle`.
  server = createServer((req, res) => {
    const out = setup.handle?.(new URL(req.url ?? '/', 'http://x').pathname);
    res.writeHead(out?.status ?? 404, out?.headers ?? {});
    res.end(out?.body ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  setup = ensureDevIssuer(dataDir, origin);
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(dataDir, { recursive: true, force: true });
});

const bearer = (token: string) => headers({ authorization: `Bearer ${token}` });

describe('ensureDevIssuer', () => {
  it('returns the env the host copies into process.env', () => {
    expect(setup.env).toEqual({
      AUTH_DEV_ISSUER_ENABLED: 'true',
      AUTH_DEV_ISSUER: `${origin}/.dev-issuer`,
      AUTH_AUDIENCE: 'api://defender-rbac-importer',
    });
  });

  it('creates the key pair once, private key mode 0600', () => {
    const file = join(dataDir, 'dev-issuer', 'signing-key.pem');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const before = readFileSync(file, 'utf8');
    const again = ensureDevIssuer(dataDir, origin);
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(again.handle?.('/.dev-issuer/jwks')?.body).toBe(setup.handle?.('/.dev-issuer/jwks')?.body);
  });

  it('serves OpenID configuration and a public-only JWKS', () => {
    const config = setup.handle?.(`/.dev-issuer/${TENANT}/v2.0/.well-known/openid-configuration`);
    expect(config?.status).toBe(200);
    expect(JSON.parse(config?.body ?? '{}')).toMatchObject({
      issuer: `${origin}/.dev-issuer/${TENANT}/v2.0`,
      jwks_uri: `${origin}/.dev-issuer/jwks`,
    });
    const jwks = JSON.parse(setup.handle?.('/.dev-issuer/jwks')?.body ?? '{}') as { keys: Array<Record<string, unknown>> };
    expect(jwks.keys).toHaveLength(1);
    expect(Object.keys(jwks.keys[0] ?? {}).sort()).toEqual(['alg', 'e', 'kid', 'kty', 'n', 'use']);
  });

  it('answers nothing for other paths or a non-GUID tenant', () => {
    expect(setup.handle?.('/.dev-issuer/')).toBeUndefined();
    expect(setup.handle?.('/.dev-issuer/common/v2.0/.well-known/openid-configuration')).toBeUndefined();
    expect(setup.handle?.('/.dev-issuer/signing-key.pem')).toBeUndefined();
  });

  it('enables nothing in Azure or at a non-loopback origin', () => {
    const saved = process.env['WEBSITE_INSTANCE_ID'];
    process.env['WEBSITE_INSTANCE_ID'] = 'abc';
    try {
      expect(ensureDevIssuer(dataDir, origin)).toEqual({ env: {} });
    } finally {
      if (saved === undefined) delete process.env['WEBSITE_INSTANCE_ID'];
      else process.env['WEBSITE_INSTANCE_ID'] = saved;
    }
    expect(ensureDevIssuer(dataDir, 'https://myapp.example.com')).toEqual({ env: {} });
  });
});

describe('dev tokens end to end', () => {
  it('are accepted when the dev issuer is enabled', async () => {
    const auth = createAuthenticator(loadAuthConfig({ ...setup.env }), { env: {} });
    const token = mintDevToken({ dataDir, issuer: `${origin}/.dev-issuer`, tenantId: TENANT, role: 'SecurityAdministrator', groups: [GROUP_ID] });
    await expect(auth.authenticate(bearer(token))).resolves.toEqual({
      tenantId: TENANT,
      objectId: DEFAULT_DEV_OID,
      displayName: 'Dev user (SecurityAdministrator)',
      kind: 'user',
      wids: [SA],
      groups: [GROUP_ID],
      appId: 'dev-issuer',
      authMethod: 'devIssuer',
    });
    const none = mintDevToken({ dataDir, issuer: `${origin}/.dev-issuer`, tenantId: TENANT, oid: USER_OID });
    await expect(auth.authenticate(bearer(none))).resolves.toMatchObject({ objectId: USER_OID, wids: [], groups: [] });
  });

  it('are refused when the flag is off', async () => {
    const auth = createAuthenticator(loadAuthConfig({ ...setup.env, AUTH_DEV_ISSUER_ENABLED: 'false' }), { env: {} });
    const token = mintDevToken({ dataDir, issuer: `${origin}/.dev-issuer`, tenantId: TENANT, role: 'GlobalAdministrator' });
    await expect(auth.authenticate(bearer(token))).rejects.toMatchObject({
      status: 401,
      code: 'issuer_mismatch',
      message: 'token issuer is not trusted',
    });
  });

  it('are refused when WEBSITE_INSTANCE_ID is set, even with a hand-built config', () => {
    expect(() => loadAuthConfig({ ...setup.env, WEBSITE_INSTANCE_ID: 'abc' })).toThrow(AuthConfigError);
    const cfg = loadAuthConfig({ ...setup.env });
    expect(() => createAuthenticator(cfg, { env: { WEBSITE_INSTANCE_ID: 'abc' } })).toThrow(
      'Invalid auth configuration: AUTH_DEV_ISSUER_ENABLED is not allowed when running in Azure (WEBSITE_INSTANCE_ID is set)',
    );
  });

  it('signed by another data dir\'s key are refused', async () => {
    const otherDir = mkdtempSync(join(tmpdir(), 'dev-issuer-other-'));
    try {
      const auth = createAuthenticator(loadAuthConfig({ ...setup.env }), { env: {} });
      const token = mintDevToken({ dataDir: otherDir, issuer: `${origin}/.dev-issuer`, tenantId: TENANT, role: 'GlobalAdministrator' });
      await expect(auth.authenticate(bearer(token))).rejects.toMatchObject({ code: 'unknown_signing_key' });
    } finally {
      rmSync(otherDir, { recursive: true, force: true });
    }
  });

  it('for the wrong audience or expired are refused like any token', async () => {
    const auth = createAuthenticator(loadAuthConfig({ ...setup.env }), { env: {} });
    const issuer = `${origin}/.dev-issuer`;
    const wrongAud = mintDevToken({ dataDir, issuer, tenantId: TENANT, audience: 'api://other' });
    await expect(auth.authenticate(bearer(wrongAud))).rejects.toMatchObject({ message: 'token audience mismatch' });
    const old = mintDevToken({ dataDir, issuer, tenantId: TENANT, expiresInSeconds: 60, now: Date.now() - 3_600_000 });
    await expect(auth.authenticate(bearer(old))).rejects.toMatchObject({ message: 'token expired' });
  });

  it('mintDevToken validates its inputs', () => {
    const issuer = `${origin}/.dev-issuer`;
    expect(() => mintDevToken({ dataDir, issuer, tenantId: 'contoso' })).toThrow('tenantId must be a GUID');
    expect(() => mintDevToken({ dataDir, issuer: 'https://idp.example.com', tenantId: TENANT })).toThrow(
      'issuer must be a loopback URL (the dev issuer is local-only)',
    );
    expect(() => mintDevToken({ dataDir, issuer, tenantId: TENANT, groups: ['x'] })).toThrow('every group id must be a GUID');
    expect(() => mintDevToken({ dataDir, issuer, tenantId: TENANT, expiresInSeconds: 0 })).toThrow(
      'expiresInSeconds must be a whole number between 1 and 86400',
    );
  });
});

describe('token CLI', () => {
  const run = (args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '' } });

  it('prints only the token on stdout', () => {
    const out = run(['--tenant', TENANT, '--role', 'SecurityReader', '--data-dir', dataDir, '--issuer', `${origin}/.dev-issuer`, '--groups', `${GROUP_ID},${USER_OID}`]);
    expect(out.status).toBe(0);
    expect(out.stderr).toBe('');
    expect(out.stdout).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\n$/);
    const payload = JSON.parse(Buffer.from(out.stdout.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
    expect(payload).toMatchObject({ tid: TENANT, wids: ['5d6b6bb7-de71-4623-b4af-96380a352509'], groups: [GROUP_ID, USER_OID] });
  });

  it.each([
    [[], 'token: --tenant is required'],
    [['--tenant', TENANT], 'token: --role is required'],
    [['--tenant', TENANT, '--role', 'Owner'], 'token: --role must be one of SecurityAdministrator, GlobalAdministrator, SecurityReader, GlobalReader, None'],
    [['--tenant', 'contoso', '--role', 'None'], 'token: tenantId must be a GUID'],
    [['--tenant', TENANT, '--role', 'None', '--expires-in', 'soon'], 'token: --expires-in must be a whole number of seconds'],
    [['--nope'], "token: Unknown option '--nope'"],
  ])('exits 2 with a usage error for %j', (args, message) => {
    const out = run([...args, ...(args.length > 1 ? ['--data-dir', dataDir] : [])]);
    expect(out.status).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr.split('\n')[0]).toBe(message);
    expect(out.stderr).toContain('usage: npm run token --');
  });
});

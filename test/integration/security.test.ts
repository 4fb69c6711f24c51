import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mintDevToken } from '../../tools/dev-issuer';
import { apiClient, sampleSnapshot, SAMPLE_TENANT_ID as T } from '../helpers/api';
import { useLocalHost } from '../helpers/localHostFixture';

/**
 * Every /api route (but health) requires a valid token, authorises as the Defender portal does, and
 * keeps tenants apart. Tokens come from the local host's development issuer, verified by the same
 * code path as Entra ID tokens.
 */
const fixture = useLocalHost({ timerMode: 'fast', env: { MAX_SNAPSHOT_BYTES: '60000', MAX_REQUEST_BYTES: '4096' } });
// No default Authorization header here: every call says who it is.
const api = apiClient(() => fixture.host.url);
let importId: string;
let roleId: string;
const MSSP = '22222222-3333-4444-8555-666666666666';
const STRANGER = '33333333-4444-4555-8666-777777777777';
const MSSP_USER = '55555555-6666-4777-8888-999999999999';
type DevRole = 'SecurityAdministrator' | 'GlobalAdministrator' | 'SecurityReader' | 'GlobalReader' | 'None';
const as = (tenantId: string, role: DevRole, extra: { oid?: string } = {}) => fixture.as(tenantId, { role, ...extra });

// Users of the sample tenant (samples/contoso.snapshot.json).
const HENRIK = 'bcd34f29-96a9-4c2b-bf6d-60561ea12356'; // Organization Management (E&C) -> Authorization (manage)
const TOMASZ = '6a5a0eff-2457-4c4f-aa0c-ba1b99d13425'; // Security Administrator (E&C) -> Authorization (read) only

beforeAll(async () => {
  const admin = as(T, 'SecurityAdministrator');
  expect((await api.put(`/api/tenants/${T}/snapshot`, sampleSnapshot(), admin)).status).toBe(201);
  const start = await api.post(`/api/tenants/${T}/imports`, {}, admin);
  importId = start.body.importId;
  expect((await api.waitForImport(T, importId, 45_000, admin)).status).toBe('Completed');
  roleId = (await api.get(`/api/tenants/${T}/roles`, admin)).body.value[0].id;
  expect((await api.put(`/api/tenants/${T}/settings`, { managingTenantIds: [] }, admin)).status).toBe(200);
});

type Route = { method: string; route: () => string; action: 'read' | 'write'; body?: () => unknown; missing?: string };
// Titles are computed before beforeAll runs, so ids show as {id}.
const ROUTES: Route[] = [
  { method: 'GET', route: () => `/api/tenants/${T}/snapshot`, action: 'read' },
  { method: 'PUT', route: () => `/api/tenants/${T}/snapshot`, action: 'write', body: sampleSnapshot },
  { method: 'POST', route: () => `/api/tenants/${T}/imports`, action: 'write', body: () => ({ dryRun: true, workloads: ['mdi'] }) },
  { method: 'GET', route: () => `/api/tenants/${T}/imports`, action: 'read' },
  { method: 'GET', route: () => `/api/tenants/${T}/imports/${importId}`, action: 'read' },
  { method: 'GET', route: () => `/api/tenants/${T}/imports/${importId}/report`, action: 'read' },
  { method: 'GET', route: () => `/api/tenants/${T}/import-candidates`, action: 'read' },
  { method: 'GET', route: () => `/api/tenants/${T}/roles`, action: 'read' },
  { method: 'GET', route: () => `/api/tenants/${T}/roles/${roleId}`, action: 'read' },
  { method: 'GET', route: () => `/api/tenants/${T}/settings`, action: 'read' },
  { method: 'PUT', route: () => `/api/tenants/${T}/settings`, action: 'write', body: () => ({ managingTenantIds: [] }), missing: 'Entra Security Administrator' },
  { method: 'POST', route: () => `/api/tenants/${T}/imports/${importId}/cancel`, action: 'write' },
  { method: 'DELETE', route: () => `/api/tenants/${T}/roles/${roleId}`, action: 'write' },
];

const call = (r: Route, headers: Record<string, string>) => api.call(r.method, r.route(), r.body?.(), headers);

describe.each(ROUTES.map((r) => ({ ...r, path: r.route().replace(/[0-9a-f-]{36}|undefined/g, '{id}') })))('$method $path ($action)', (r) => {
  it('refuses a request without a token: 401 with a Bearer challenge', async () => {
    const res = await call(r, {});
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer /);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });

  it('refuses a caller from another tenant: 403 naming tenant access', async () => {
    const res = await call(r, as(STRANGER, 'GlobalAdministrator'));
    expect(res.status).toBe(403);
    expect(res.body.missingPermission).toBe('tenant access');
  });

  it('refuses a caller without any Defender permission: 403 naming what is missing', async () => {
    const res = await call(r, as(T, 'None', { oid: '44444444-5555-4666-8777-888888888888' }));
    expect(res.status).toBe(403);
    expect(res.body.missingPermission).toBe(r.missing ?? (r.action === 'read' ? 'Authorization (read) or Entra Security Reader' : 'Authorization (manage) or Entra Security Administrator'));
  });

  it(r.action === 'read' ? 'lets a Security Reader read' : 'refuses writes to a Security Reader', async () => {
    const res = await call(r, as(T, 'SecurityReader'));
    if (r.action === 'read') expect(res.status).toBe(200);
    else expect(res.status).toBe(403);
  });
});

describe('forged and invalid tokens are rejected with 401', () => {
  const route = () => `/api/tenants/${T}/roles`;
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const claims = () => ({ aud: 'api://defender-rbac-importer', iss: `${fixture.host.url}/.dev-issuer/${T}/v2.0`, tid: T, oid: HENRIK, wids: ['194ae4cb-b126-40b2-bd5b-6091b380977d'], iat: Math.floor(Date.now() / 1000), nbf: Math.floor(Date.now() / 1000), exp: Math.floor(Date.now() / 1000) + 600 });

  it('signed by another key (another data dir)', async () => {
    const otherDir = mkdtempSync(path.join(os.tmpdir(), 'rbac-otherkey-'));
    try {
      const token = mintDevToken({ dataDir: otherDir, issuer: `${fixture.host.url}/.dev-issuer`, tenantId: T, role: 'SecurityAdministrator' });
      expect((await api.get(route(), { authorization: `Bearer ${token}` })).status).toBe(401);
    } finally {
      rmSync(otherDir, { recursive: true, force: true });
    }
  });

  it('from another issuer, for another audience, expired, or alg none', async () => {
    const wrongIssuer = mintDevToken({ dataDir: fixture.dataDir, issuer: 'http://127.0.0.1:9/.dev-issuer', tenantId: T, role: 'SecurityAdministrator' });
    const wrongAudience = mintDevToken({ dataDir: fixture.dataDir, issuer: `${fixture.host.url}/.dev-issuer`, tenantId: T, role: 'SecurityAdministrator', audience: 'api://someone-else' });
    const expired = mintDevToken({ dataDir: fixture.dataDir, issuer: `${fixture.host.url}/.dev-issuer`, tenantId: T, role: 'SecurityAdministrator', expiresInSeconds: 60, now: Date.now() - 3_600_000 });
    const none = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims())}.`;
    for (const token of [wrongIssuer, wrongAudience, expired, none]) {
      const res = await api.get(route(), { authorization: `Bearer ${token}` });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toContain('invalid_token');
      expect(JSON.stringify(res.body)).not.toContain(token.slice(0, 40));
    }
  });

  it('self-signed with a key the issuer never published', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const header = { alg: 'RS256', typ: 'JWT', kid: createHash('sha256').update('nope').digest('base64url') };
    const input = `${b64(header)}.${b64(claims())}`;
    const token = `${input}.${sign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
    expect((await api.get(route(), { authorization: `Bearer ${token}` })).status).toBe(401);
  });

  it('malformed Authorization headers', async () => {
    for (const value of ['Bearer', 'Basic dXNlcjpwYXNz', 'Bearer not.a.jwt', 'Bearer a.b']) {
      expect((await api.get(route(), { authorization: value })).status).toBe(401);
    }
  });

  it('leaves no token in the host logs', async () => {
    const token = mintDevToken({ dataDir: fixture.dataDir, issuer: `${fixture.host.url}/.dev-issuer`, tenantId: T, role: 'SecurityAdministrator', audience: 'api://someone-else' });
    await api.get(route(), { authorization: `Bearer ${token}` });
    await api.put(`/api/tenants/${T}/snapshot`, '{"broken":', { authorization: `Bearer ${token}`, 'content-type': 'application/json' });
    expect(fixture.host.output()).not.toContain(token.split('.')[2]!.slice(0, 30));
  });
});

describe('unified-role grants (all Authorization permissions at manage level)', () => {
  it('lets a user holding Authorization (manage) through an imported role write, without any Entra role', async () => {
    const res = await api.post(`/api/tenants/${T}/imports`, { dryRun: true, workloads: ['mdi'] }, as(T, 'None', { oid: HENRIK }));
    expect(res.status).toBe(202);
    await api.waitForImport(T, res.body.importId, 45_000, as(T, 'SecurityAdministrator'));
  });

  it('refuses writes to a user holding only Authorization (read), but lets them read', async () => {
    const reader = as(T, 'None', { oid: TOMASZ });
    const write = await api.put(`/api/tenants/${T}/snapshot`, sampleSnapshot(), reader);
    expect(write.status).toBe(403);
    expect(write.body.detail).toBe('Missing permission: Authorization (manage) or Entra Security Administrator.');
    expect((await api.get(`/api/tenants/${T}/roles`, reader)).status).toBe(200);
  });
});

describe('granting tenant access is not delegable', () => {
  it('refuses settings writes to a holder of Authorization (manage) through a unified role', async () => {
    const res = await api.put(`/api/tenants/${T}/settings`, { managingTenantIds: [MSSP] }, as(T, 'None', { oid: HENRIK }));
    expect(res.status).toBe(403);
    expect(res.body.missingPermission).toBe('Entra Security Administrator');
  });
});

describe('MSSP mode', () => {
  it('lets a managing tenant act only once the customer tenant listed it, and never edit that grant', async () => {
    const msspAdmin = as(MSSP, 'SecurityAdministrator');
    expect((await api.get(`/api/tenants/${T}/roles`, msspAdmin)).status).toBe(403);

    const grant = await api.put(`/api/tenants/${T}/settings`, { managingTenantIds: [MSSP] }, as(T, 'SecurityAdministrator'));
    expect(grant.status).toBe(200);
    expect(grant.body.managingTenantIds).toEqual([MSSP]);

    expect((await api.get(`/api/tenants/${T}/roles`, msspAdmin)).status).toBe(200);
    expect((await api.get(`/api/tenants/${T}/roles`, as(STRANGER, 'SecurityAdministrator'))).status).toBe(403);
    const widen = await api.put(`/api/tenants/${T}/settings`, { managingTenantIds: [MSSP, STRANGER] }, msspAdmin);
    expect(widen.status).toBe(403);
    expect(widen.body.missingPermission).toBe('tenant access');

    // Roles a managing tenant imports here never widen that tenant's own access: its callers act
    // with their home-tenant Entra roles only.
    const planted = structuredClone(sampleSnapshot());
    planted.mdca.admins.push({ principalId: MSSP_USER, role: 'Global administrator' });
    planted.directory.push({ id: MSSP_USER, type: 'user', displayName: 'MSSP analyst', userPrincipalName: 'analyst@mssp.example' });
    expect((await api.put(`/api/tenants/${T}/snapshot`, planted, msspAdmin)).status).toBe(201);
    const plantImport = await api.post(`/api/tenants/${T}/imports`, { workloads: ['mdca'] }, msspAdmin);
    expect(plantImport.status).toBe(202);
    expect((await api.waitForImport(T, plantImport.body.importId, 45_000, msspAdmin)).status).toBe('Completed');
    const msspUser = as(MSSP, 'None', { oid: MSSP_USER });
    expect((await api.get(`/api/tenants/${T}/roles`, msspUser)).status).toBe(403);
    expect((await api.put(`/api/tenants/${T}/snapshot`, sampleSnapshot(), msspUser)).status).toBe(403);

    const stale = await api.put(`/api/tenants/${T}/settings`, { managingTenantIds: [] }, { ...as(T, 'SecurityAdministrator'), 'if-match': '"stale"' });
    expect(stale.status).toBe(412);
    const revoke = await api.put(`/api/tenants/${T}/settings`, { managingTenantIds: [] }, { ...as(T, 'SecurityAdministrator'), 'if-match': grant.headers.get('etag')! });
    expect(revoke.status).toBe(200);
    expect((await api.get(`/api/tenants/${T}/roles`, msspAdmin)).status).toBe(403);
  });
});

describe('hard edges', () => {
  it('answers 413 above the configured body limits', async () => {
    const big = sampleSnapshot();
    big.tenantName = 'x'.repeat(70_000);
    expect((await api.put(`/api/tenants/${T}/snapshot`, big, as(T, 'SecurityAdministrator'))).status).toBe(413);
    const bigImport = await api.post(`/api/tenants/${T}/imports`, { roles: { mde: Array.from({ length: 600 }, (_, i) => `role-${i}`) } }, as(T, 'SecurityAdministrator'));
    expect(bigImport.status).toBe(413);
  });

  it('echoes a supplied correlation id on success and in problem details', async () => {
    const ok = await api.get(`/api/tenants/${T}/roles`, { ...as(T, 'SecurityReader'), 'x-correlation-id': 'portal-req-12345' });
    expect(ok.headers.get('x-correlation-id')).toBe('portal-req-12345');
    const bad = await api.get(`/api/tenants/${T}/roles/not-a-guid`, { ...as(T, 'SecurityReader'), 'x-correlation-id': 'portal-req-67890' });
    expect(bad.status).toBe(400);
    expect(bad.body.correlationId).toBe('portal-req-67890');
  });

  it('keeps health anonymous', async () => {
    expect((await api.get('/api/health')).status).toBe(200);
  });
});

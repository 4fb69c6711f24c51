import { sampleSnapshot, SAMPLE_TENANT_ID as T } from '../helpers/api';
import { useLocalHost } from '../helpers/localHostFixture';

/** Bad input gets a 400 problem+json naming the field, and nothing is stored. */
const { api, as } = useLocalHost({ timerMode: 'fast' });
const OTHER = '11111111-2222-4333-8444-555555555555';


const paths = (r: { body: { errors?: Array<{ path: string }> } }) => (r.body.errors ?? []).map((e) => e.path);

describe('snapshot upload', () => {
  it('rejects an invalid snapshot with the offending paths and stores nothing', async () => {
    const bad = sampleSnapshot();
    bad.mde.roles[2].assignedGroupIds[0] = 'not-a-guid';
    bad.unexpected = true;
    const r = await api.put(`/api/tenants/${T}/snapshot`, bad);
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    expect(paths(r)).toEqual(expect.arrayContaining(['mde.roles[2].assignedGroupIds[0]']));
    expect(JSON.stringify(r.body.errors)).toContain('unexpected');
    expect(r.body.correlationId).toEqual(expect.any(String));
    expect((await api.get(`/api/tenants/${T}/snapshot`)).status).toBe(404);
  });

  it('rejects a snapshot whose tenantId differs from the route', async () => {
    const asOther = as(OTHER);
    const r = await api.put(`/api/tenants/${OTHER}/snapshot`, sampleSnapshot(), asOther);
    expect(r.status).toBe(400);
    expect(paths(r)).toEqual(['tenantId']);
    expect((await api.get(`/api/tenants/${OTHER}/snapshot`, asOther)).status).toBe(404);
  });

  it('rejects malformed JSON, a non-JSON content type and a malformed route tenant id', async () => {
    const malformed = await api.call('PUT', `/api/tenants/${T}/snapshot`, '{"schema":', { 'content-type': 'application/json' });
    expect(malformed.status).toBe(400);
    expect(paths(malformed)).toEqual(['(body)']);
    const text = await api.call('PUT', `/api/tenants/${T}/snapshot`, 'hello', { 'content-type': 'text/plain' });
    expect(text.status).toBe(415);
    const route = await api.put(`/api/tenants/not-a-tenant/snapshot`, sampleSnapshot());
    expect(route.status).toBe(400);
    expect(paths(route)).toEqual(['tenantId']);
  });

  it('stores a valid snapshot once: 201, then 200 with the same version', async () => {
    const first = await api.put(`/api/tenants/${T}/snapshot`, sampleSnapshot());
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ tenantId: T, capturedAt: '2026-11-28T09:15:00Z', sections: ['mde', 'mdo', 'mdi', 'mdca'] });
    const again = await api.put(`/api/tenants/${T}/snapshot`, sampleSnapshot());
    expect(again.status).toBe(200);
    expect(again.body.version).toBe(first.body.version);
  });
});

describe('import request', () => {
  it('names unknown workloads, unknown fields and unknown role ids', async () => {
    const workloads = await api.post(`/api/tenants/${T}/imports`, { workloads: ['mde', 'sentinel'] });
    expect(workloads.status).toBe(400);
    expect(paths(workloads)).toEqual(['workloads[1]']);
    const extra = await api.post(`/api/tenants/${T}/imports`, { workload: ['mde'] });
    expect(extra.status).toBe(400);
    const roles = await api.post(`/api/tenants/${T}/imports`, { workloads: ['mde'], roles: { mde: ['3101', '9999'] } });
    expect(roles.status).toBe(400);
    expect(paths(roles)).toEqual(['roles.mde[1]']);
    const outside = await api.post(`/api/tenants/${T}/imports`, { workloads: ['mde'], roles: { mdi: ['x'] } });
    expect(outside.status).toBe(400);
    expect(paths(outside)).toEqual(['roles.mdi']);
    expect((await api.get(`/api/tenants/${T}/imports`)).body.value).toHaveLength(0);
  });

  it('answers 404 for an unknown tenant, import or role', async () => {
    const asOther = as(OTHER);
    expect((await api.post(`/api/tenants/${OTHER}/imports`, {}, asOther)).status).toBe(404);
    expect((await api.get(`/api/tenants/${T}/imports/00000000-0000-4000-8000-000000000001`)).status).toBe(404);
    expect((await api.get(`/api/tenants/${T}/imports/00000000-0000-4000-8000-000000000001/report`)).status).toBe(404);
    expect((await api.get(`/api/tenants/${OTHER}/import-candidates`, asOther)).status).toBe(404);
  });

  it('imports only the selected roles', async () => {
    const start = await api.post(`/api/tenants/${T}/imports`, { workloads: ['mde'], roles: { mde: ['3101', '3107'] } });
    expect(start.status).toBe(202);
    const view = await api.waitForImport(T, start.body.importId);
    expect(view.status).toBe('Completed');
    const roles = (await api.get(`/api/tenants/${T}/roles?importId=${view.importId}`)).body.value;
    expect(roles.map((r: any) => r.source.roleId).sort()).toEqual(['3101', '3107']);
  });
});

describe('import candidates', () => {
  it('lists every source role with assignees, permissions and eligibility', async () => {
    const r = await api.get(`/api/tenants/${T}/import-candidates?workloads=mde,mdca`);
    expect(r.status).toBe(200);
    const mde = r.body.workloads.find((w: any) => w.workload === 'mde');
    expect(mde.candidates).toHaveLength(10);
    const contractors = mde.candidates.find((c: any) => c.id === 'mde:3110');
    expect(contractors.eligibility).toBe('not-eligible');
    expect(contractors.assignees).toEqual(expect.arrayContaining([expect.objectContaining({ displayName: 'SG-SOC-Contractors-2024', status: 'deleted' })]));
    const tier1 = mde.candidates.find((c: any) => c.id === 'mde:3101');
    expect(tier1.permissions.map((p: any) => `${p.name} (${p.level})`).sort()).toEqual(['Alerts (manage)', 'Security data basics (read)', 'Vulnerability management (read)']);
    const mdca = r.body.workloads.find((w: any) => w.workload === 'mdca');
    expect(mdca.candidates.filter((c: any) => c.eligibility === 'unsupported')).toHaveLength(2);
    const bad = await api.get(`/api/tenants/${T}/import-candidates?workloads=mde,xdr`);
    expect(bad.status).toBe(400);
    expect(paths(bad)).toEqual(['workloads']);
  });
});

import { SAMPLE_TENANT_ID as T } from '../helpers/api';
import { useLocalHost } from '../helpers/localHostFixture';

/**
 * The sample tenant imported end to end through the local host over real HTTP, real Durable replay and
 * the embedded Cosmos DB server. Expected values come from the mapping tables (CMP-2026) and samples/README.md.
 */
const { api } = useLocalHost({ timerMode: 'fast', uploadSample: true });

const MDE_ROLES = [
  'Endpoint Engineering',
  'Helpdesk Read-only',
  'Live Response Operators',
  'Security Administrators',
  'SOC Tier 1 Analysts',
  'SOC Tier 2 Analysts',
  'SOC Tier 3 Incident Response',
  'Threat Hunters',
  'Vulnerability Managers',
];

const perms = (role: { permissions: Array<{ name: string; level: string }> }) => role.permissions.map((p) => `${p.name} (${p.level})`).sort();

describe('sample tenant import (Defender for Endpoint)', () => {
  let importId: string;
  let roles: any[];

  beforeAll(async () => {
    const start = await api.post(`/api/tenants/${T}/imports`, { workloads: ['mde'] });
    expect(start.status).toBe(202);
    importId = start.body.importId;
    expect(start.body.statusQueryGetUri).toMatch(new RegExp(`/api/tenants/${T}/imports/${importId}$`));
    expect(start.headers.get('location')).toBe(start.body.statusQueryGetUri);
    // The Durable management URLs carry the Functions system key on Azure: never handed to callers.
    expect(Object.keys(start.body).sort()).toEqual(['cancelPostUri', 'id', 'importId', 'importUrl', 'reportUrl', 'statusQueryGetUri']);
    expect(JSON.stringify(start.body)).not.toContain('runtime/webhooks');
    const done = await api.waitForImport(T, importId);
    expect(done.status).toBe('Completed');
    roles = (await api.get(`/api/tenants/${T}/roles?importId=${importId}`)).body.value;
  });

  it('creates exactly the nine eligible MDE roles, each keeping its source name and saying Imported', () => {
    expect(roles.map((r) => r.displayName).sort((a: string, b: string) => a.localeCompare(b))).toEqual(
      [...MDE_ROLES].sort((a, b) => a.localeCompare(b)),
    );
    for (const role of roles) {
      expect(role.isImported).toBe(true);
      expect(role.description).toContain('Imported');
      expect(role.source).toMatchObject({ workload: 'mde', importId });
      expect(role.assignments).toHaveLength(1);
      expect(role.assignments[0].appScopeIds).toEqual(['Mde']);
    }
  });

  it('maps SOC Tier 1 Analysts per the MDE table and assigns its two groups', () => {
    const role = roles.find((r) => r.displayName === 'SOC Tier 1 Analysts');
    expect(perms(role)).toEqual(['Alerts (manage)', 'Security data basics (read)', 'Vulnerability management (read)']);
    expect(role.permissions.find((p: any) => p.name === 'Alerts').group).toBe('Security operations');
    expect(role.assignments[0].principalIds.sort()).toEqual(['215b81a2-37d1-4d45-8f0a-4a0c948c7e77', 'f8ad907e-f8be-4cac-b489-4ca33b1480bd']);
    expect(role.source.roleId).toBe('3101');
  });

  it('maps advanced live response to Advanced live response + File collection (manage)', () => {
    const role = roles.find((r) => r.displayName === 'Live Response Operators');
    expect(perms(role)).toEqual(['Advanced live response (manage)', 'Basic live response (manage)', 'File collection (manage)', 'Security data basics (read)']);
  });

  it('matches the en-dash, lower-case permission names of Helpdesk Read-only', () => {
    const role = roles.find((r) => r.displayName === 'Helpdesk Read-only');
    expect(perms(role)).toEqual(['Security data basics (read)', 'Vulnerability management (read)']);
  });

  it('maps Security Administrators without the Intune permission (reported unsupported)', async () => {
    const role = roles.find((r) => r.displayName === 'Security Administrators');
    expect(perms(role)).toEqual([
      'Advanced live response (manage)',
      'Alerts (manage)',
      'Application handling (manage)',
      'Basic live response (manage)',
      'Core security settings (manage)',
      'Detection tuning (manage)',
      'Exception handling (manage)',
      'File collection (manage)',
      'Remediation handling (manage)',
      'Response (manage)',
      'Security baseline assessment (manage)',
      'Security data basics (read)',
      'Vulnerability management (read)',
    ]);
    const report = (await api.get(`/api/tenants/${T}/imports/${importId}/report`)).body;
    const row = report.roles.find((r: any) => r.sourceRoleName === 'Security Administrators');
    expect(row.unsupported.map((u: any) => u.name)).toEqual(['Manage endpoint security settings in Microsoft Intune']);
    expect(row.verdict).toBe('narrowed');
  });

  it('reports SOC Contractors (legacy) as not eligible, naming the deleted group, and writes no role for it', async () => {
    const view = (await api.get(`/api/tenants/${T}/imports/${importId}`)).body;
    const row = view.roles.find((r: any) => r.sourceRoleName === 'SOC Contractors (legacy)');
    expect(row).toMatchObject({ verdict: 'not-eligible', unifiedRoleId: null });
    const report = (await api.get(`/api/tenants/${T}/imports/${importId}/report`)).body;
    const full = report.roles.find((r: any) => r.sourceRoleName === 'SOC Contractors (legacy)');
    expect(full.principals.dropped).toEqual([expect.objectContaining({ id: 'bed4e16a-3bf2-4d8d-8a2a-c736d691768e', reason: 'deleted', displayName: 'SG-SOC-Contractors-2024' })]);
    expect(view.summary).toMatchObject({ imported: 9, notEligible: 1, skipped: 0, unsupported: 0, unmappedNames: 0, confirmed: 9 });
    expect(view.progress).toMatchObject({ stage: 'done', workloadsDone: 1, workloadsTotal: 1, rolesMapped: 10, rolesWritten: 9 });
  });

  it('serves each role by id with its ETag, and 404 for an unknown role', async () => {
    const one = await api.get(`/api/tenants/${T}/roles/${roles[0].id}`);
    expect(one.status).toBe(200);
    expect(one.body).toEqual(roles[0]);
    expect(one.headers.get('etag')).toBe(roles[0].etag);
    const missing = await api.get(`/api/tenants/${T}/roles/00000000-0000-4000-8000-000000000000`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');
  });
});

describe('sample tenant import (all four products)', () => {
  let view: any;
  let report: any;

  beforeAll(async () => {
    const start = await api.post(`/api/tenants/${T}/imports`, {});
    expect(start.status).toBe(202);
    view = await api.waitForImport(T, start.body.importId);
    report = (await api.get(`/api/tenants/${T}/imports/${start.body.importId}/report`)).body;
  });

  it('produces the 22 unified roles of samples/README.md with the documented counts', () => {
    expect(view.status).toBe('Completed');
    const count = (w: string) => view.workloads.find((x: any) => x.workload === w).counts;
    expect(count('mde')).toMatchObject({ imported: 9, notEligible: 1, skipped: 0, unsupported: 0, unmappedNames: 0 });
    expect(count('mdo')).toMatchObject({ imported: 8, notEligible: 1, skipped: 3, unsupported: 0, unmappedNames: 0 });
    expect(count('mdi')).toMatchObject({ imported: 2, notEligible: 0, skipped: 1, unsupported: 0, unmappedNames: 0 });
    expect(count('mdca')).toMatchObject({ imported: 3, notEligible: 0, skipped: 0, unsupported: 2, unmappedNames: 0 });
    expect(view.summary).toMatchObject({ imported: 22, notEligible: 2, skipped: 4, unsupported: 2, unmappedNames: 0, confirmed: 22 });
  });

  it('gives every role exactly one data source, its own product', async () => {
    const roles = (await api.get(`/api/tenants/${T}/roles?importId=${view.importId}`)).body.value;
    expect(roles).toHaveLength(22);
    const token = { mde: 'Mde', mdo: 'Mdo', mdi: 'Mdi', mdca: 'Mda' } as Record<string, string>;
    for (const r of roles) expect(r.assignments.flatMap((a: any) => a.appScopeIds)).toEqual([token[r.source.workload]]);
  });

  it('names the departed user on the not-eligible Quarantine Administrator role group', () => {
    const row = report.roles.find((r: any) => r.workload === 'mdo' && r.sourceRoleName === 'Quarantine Administrator');
    expect(row.verdict).toBe('not-eligible');
    expect(row.principals.dropped).toEqual([expect.objectContaining({ id: 'c0696d69-ab6a-4613-98e4-d80993989973', reason: 'deleted' })]);
  });

  it('reports the scoped Cloud Apps admins as unsupported and never maps them', () => {
    const unsupported = report.roles.filter((r: any) => r.workload === 'mdca' && r.verdict === 'unsupported');
    expect(unsupported).toHaveLength(2);
    for (const r of unsupported) expect(r.unifiedRole).toBeUndefined();
  });
});

describe('dry run', () => {
  it('runs the whole orchestration, produces the report and writes no role', async () => {
    const before = (await api.get(`/api/tenants/${T}/roles`)).body.value.length;
    const start = await api.post(`/api/tenants/${T}/imports`, { dryRun: true });
    expect(start.status).toBe(202);
    const view = await api.waitForImport(T, start.body.importId);
    expect(view.status).toBe('Completed');
    expect(view.summary).toMatchObject({ imported: 22, confirmed: 0 });
    expect(view.progress.rolesWritten).toBe(0);
    const report = (await api.get(`/api/tenants/${T}/imports/${start.body.importId}/report`)).body;
    expect(report.dryRun).toBe(true);
    expect(report.roles.filter((r: any) => r.unifiedRole)).toHaveLength(22);
    expect((await api.get(`/api/tenants/${T}/roles?importId=${start.body.importId}`)).body.value).toHaveLength(0);
    expect((await api.get(`/api/tenants/${T}/roles`)).body.value.length).toBe(before);
  });
});

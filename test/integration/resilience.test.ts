import { SAMPLE_TENANT_ID as T } from '../helpers/api';
import { useLocalHost } from '../helpers/localHostFixture';

/** Retries and restarts never duplicate a role, and an import completes exactly once. */
describe('an activity that fails after writing is retried', () => {
  const { api } = useLocalHost({ timerMode: 'fast', env: { IMPORTER_TEST_FAULTS: 'writeRoles:failAfterWrite' }, uploadSample: true });

  it('completes with exactly one document per role', async () => {
    const start = await api.post(`/api/tenants/${T}/imports`, { workloads: ['mde'] });
    const view = await api.waitForImport(T, start.body.importId);
    expect(view.status).toBe('Completed');
    const roles = (await api.get(`/api/tenants/${T}/roles?importId=${start.body.importId}`)).body.value;
    expect(roles).toHaveLength(9);
    expect(new Set(roles.map((r: any) => r.id)).size).toBe(9);
    expect(new Set(roles.map((r: any) => r.source.roleId)).size).toBe(9);
    const history = await api.get(`/runtime/webhooks/durabletask/instances/${start.body.importId}?showHistory=true`);
    const failures = history.body.historyEvents.filter((e: any) => e.EventType === 'TaskFailed');
    expect(failures.length).toBeGreaterThanOrEqual(1);
  });
});

describe('the host is killed mid-import', () => {
  const fixture = useLocalHost({ timerMode: 'real', env: { IMPORTER_TEST_FAULTS: 'writeRoles:delayMs=2500' }, uploadSample: true });
  const { api } = fixture;

  it('resumes by replay after SIGKILL and completes once, with no duplicate role', async () => {
    const start = await api.post(`/api/tenants/${T}/imports`, {});
    const importId: string = start.body.importId;
    for (let i = 0; ; i++) {
      const v = (await api.get(`/api/tenants/${T}/imports/${importId}`)).body;
      if (v.progress.stage === 'writing') break;
      if (i > 200) throw new Error(`never reached the writing stage: ${JSON.stringify(v.progress)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    await fixture.host.kill();
    await fixture.host.restart();
    const view = await api.waitForImport(T, importId, 60_000);
    expect(view.status).toBe('Completed');
    expect(view.summary).toMatchObject({ imported: 22, confirmed: 22 });
    const roles = (await api.get(`/api/tenants/${T}/roles?importId=${importId}`)).body.value;
    expect(roles).toHaveLength(22);
    expect(new Set(roles.map((r: any) => `${r.source.workload}:${r.source.roleId}`)).size).toBe(22);
    const status = await api.get(`/runtime/webhooks/durabletask/instances/${importId}?showHistory=true`);
    expect(status.body.runtimeStatus).toBe('Completed');
    expect(status.body.historyEvents.filter((e: any) => e.EventType === 'ExecutionCompleted')).toHaveLength(1);
  });

  it('keeps earlier imports and roles across a clean restart', async () => {
    const before = (await api.get(`/api/tenants/${T}/roles`)).body.value;
    await fixture.host.stop();
    await fixture.host.restart();
    const after = (await api.get(`/api/tenants/${T}/roles`)).body.value;
    expect(after).toEqual(before);
    expect((await api.get(`/api/tenants/${T}/imports`)).body.value.length).toBeGreaterThanOrEqual(1);
  });

  it('refuses a second concurrent import of the same tenant with 409', async () => {
    const first = await api.post(`/api/tenants/${T}/imports`, { workloads: ['mde'] });
    expect(first.status).toBe(202);
    const second = await api.post(`/api/tenants/${T}/imports`, { workloads: ['mde'] });
    expect(second.status).toBe(409);
    expect(second.body.importId).toBe(first.body.importId);
    await api.waitForImport(T, first.body.importId, 60_000);
  });
});

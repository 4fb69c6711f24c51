import { SAMPLE_TENANT_ID as T } from '../helpers/api';
import { useLocalHost } from '../helpers/localHostFixture';

/** Cancel, orphaned orchestrations, the import record after purge, and conditional role deletion. */
describe('import lifecycle', () => {
  // Slow writes leave time to act while an import runs; real timers keep the host honest.
  const { api } = useLocalHost({ timerMode: 'real', env: { IMPORTER_TEST_FAULTS: 'writeRoles:delayMs=1500' }, uploadSample: true });

  async function waitForStage(importId: string, stage: string): Promise<void> {
    for (let i = 0; i < 300; i++) {
      const v = (await api.get(`/api/tenants/${T}/imports/${importId}`)).body;
      if (v.progress.stage === stage) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`import ${importId} never reached ${stage}`);
  }

  it('cancels a running import: the orchestration rolls back what it wrote and ends Canceled', async () => {
    const start = await api.post(`/api/tenants/${T}/imports`, {});
    expect(start.status).toBe(202);
    await waitForStage(start.body.importId, 'writing');
    const cancel = await api.post(`/api/tenants/${T}/imports/${start.body.importId}/cancel`, undefined);
    expect(cancel.status).toBe(202);
    const view = await api.waitForImport(T, start.body.importId, 60_000);
    expect(view.status).toBe('Canceled');
    expect(view.stage).toBe('canceled');
    expect(view.error.message).toContain('Canceled');
    expect((await api.get(`/api/tenants/${T}/roles?importId=${start.body.importId}`)).body.value).toHaveLength(0);
    const again = await api.post(`/api/tenants/${T}/imports/${start.body.importId}/cancel`, undefined);
    expect(again.status).toBe(409);
    expect(again.body.status).toBe(409);
    expect(again.body.importStatus).toBe('Canceled');
  });

  it('releases the tenant when an orchestration was terminated outside the API, and says so', async () => {
    const start = await api.post(`/api/tenants/${T}/imports`, { workloads: ['mde'] });
    const blocked = await api.post(`/api/tenants/${T}/imports`, { workloads: ['mde'] });
    expect(blocked.status).toBe(409);
    expect(blocked.body).toMatchObject({ status: 409, importId: start.body.importId });
    // An operator with the Functions system key terminates it (locally the webhook needs no key).
    const terminated = await api.post(`/runtime/webhooks/durabletask/instances/${start.body.importId}/terminate?reason=ops`, undefined);
    expect(terminated.status).toBe(202);
    const orphan = (await api.get(`/api/tenants/${T}/imports/${start.body.importId}`)).body;
    expect(orphan.status).toBe('Failed');
    expect(orphan.error.message).toContain('Terminated');
    const cancel = await api.post(`/api/tenants/${T}/imports/${start.body.importId}/cancel`, undefined);
    expect(cancel.status).toBe(409);
    expect(cancel.body.importStatus).toBe('Failed');
    // The activity that was running when the orchestration was terminated still finishes its write.
    await new Promise((r) => setTimeout(r, 2500));
    const next = await api.post(`/api/tenants/${T}/imports`, { workloads: ['mdi'] });
    expect(next.status).toBe(202);
    expect((await api.waitForImport(T, next.body.importId, 60_000)).status).toBe('Completed');
    // Claiming the slot removed the nine MDE roles the orphaned import had written (never visible).
    const old = (await api.get(`/api/tenants/${T}/imports/${start.body.importId}`)).body;
    expect(old.status).toBe('Failed');
    expect(old.error.message).toMatch(/terminated or purged outside this API\)\. Removed 9 role\(s\) it had written\.$/);
  });

  it('keeps final progress in the record, also after the Durable history is purged', async () => {
    const start = await api.post(`/api/tenants/${T}/imports`, { workloads: ['mdi', 'mdca'] });
    const view = await api.waitForImport(T, start.body.importId, 60_000);
    // MDI: 3 Azure ATP groups (Viewers empty) -> 2 roles; MDCA: 3 built-in roles in use + 2 scoped entries -> 3 roles.
    expect(view.progress).toEqual({ stage: 'done', workloadsDone: 2, workloadsTotal: 2, rolesMapped: 8, rolesWritten: 5 });
    expect((await api.call('DELETE', `/runtime/webhooks/durabletask/instances/${start.body.importId}`)).status).toBe(200);
    const after = await api.get(`/api/tenants/${T}/imports/${start.body.importId}`);
    expect(after.status).toBe(200);
    expect(after.body.progress).toEqual(view.progress);
    const listed = (await api.get(`/api/tenants/${T}/imports`)).body.value.find((i: any) => i.importId === start.body.importId);
    expect(listed.progress).toEqual(view.progress);
  });

  it('deletes a role only with a matching If-Match (quoted, bare or *), answering 412 otherwise', async () => {
    const roles = (await api.get(`/api/tenants/${T}/roles`)).body.value;
    const [first, second] = roles;
    const got = await api.get(`/api/tenants/${T}/roles/${first.id}`);
    expect(got.headers.get('etag')).toMatch(/^".+"$/);
    expect(got.body.etag).toBe(got.headers.get('etag'));
    expect((await api.call('DELETE', `/api/tenants/${T}/roles/${first.id}`, undefined, { 'if-match': '"stale"' })).status).toBe(412);
    expect((await api.call('DELETE', `/api/tenants/${T}/roles/${first.id}`, undefined, { 'if-match': got.headers.get('etag')! })).status).toBe(204);
    expect((await api.get(`/api/tenants/${T}/roles/${first.id}`)).status).toBe(404);
    expect((await api.call('DELETE', `/api/tenants/${T}/roles/${first.id}`)).status).toBe(404);
    expect((await api.call('DELETE', `/api/tenants/${T}/roles/${second.id}`, undefined, { 'if-match': '*' })).status).toBe(204);
  });
});

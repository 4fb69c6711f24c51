// End-to-end with manual virtual time: external events raced against timers, terminate, purge,
// and a DurableClient built from public APIs (testkit.durableClientFor).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO_ROOT } from '../../tools/local-host/config';
import { durableClientFor, LocalHostHandle, pollStatusUntilDone, startLocalHost } from '../../tools/local-host/testkit';

const APP_DIR = path.join(REPO_ROOT, 'test', 'fixtures', 'local-host-app');
const HOUR = 3600_000;
let host: LocalHostHandle;
let dataDir: string;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lh-manual-'));
  host = await startLocalHost({ port: 0, dataDir, appDir: APP_DIR, timerMode: 'manual' });
});

afterAll(async () => {
  await host?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function start(orchestrator: string, input?: unknown): Promise<Record<string, string>> {
  const res = await fetch(`${host.url}/api/orchestrators/${orchestrator}`, { method: 'POST', body: JSON.stringify(input) });
  expect(res.status).toBe(202);
  return (await res.json()) as Record<string, string>;
}

async function status(id: string): Promise<Record<string, unknown>> {
  return (await (await fetch(`${host.url}/runtime/webhooks/durabletask/instances/${id}`)).json()) as Record<string, unknown>;
}

describe('Task.any: external event vs durable timer (manual time)', () => {
  it('the event wins when raised before the deadline (raised through the app\'s DurableClient)', async () => {
    const { id } = await start('Approval', { timeoutMs: 24 * HOUR });
    await host.idle();
    expect(await status(id ?? '')).toMatchObject({ runtimeStatus: 'Running', customStatus: 'waiting' });
    const raised = await fetch(`${host.url}/api/instances/${id}/raise`, { method: 'POST', body: JSON.stringify({ user: 'kim' }) });
    expect(raised.status).toBe(202);
    await host.idle();
    expect(await status(id ?? '')).toMatchObject({ runtimeStatus: 'Completed', output: { approved: true, by: { user: 'kim' } } });
  });

  it('the timer wins only once virtual time passes the deadline', async () => {
    const { id } = await start('Approval', { timeoutMs: 24 * HOUR });
    await host.advanceTime(23 * HOUR);
    expect((await status(id ?? '')).runtimeStatus).toBe('Running');
    await host.advanceTime(HOUR + 1000);
    expect(await status(id ?? '')).toMatchObject({ runtimeStatus: 'Completed', output: { approved: false } });
  });

  it('raises through sendEventPostUri, then answers 410 once the instance finished', async () => {
    const links = await start('Approval', { timeoutMs: 1e9 });
    const running = await fetch(links.statusQueryGetUri ?? '');
    expect(running.status).toBe(202);
    await running.arrayBuffer();
    const eventUrl = (links.sendEventPostUri ?? '').replace('{eventName}', 'Approve');
    const badType = await fetch(eventUrl, { method: 'POST', body: '1', headers: { 'content-type': 'text/plain' } });
    expect(badType.status).toBe(400);
    const ev = await fetch(eventUrl, { method: 'POST', body: JSON.stringify({ user: 'lee' }), headers: { 'content-type': 'application/json' } });
    expect(ev.status).toBe(202);
    const { body } = await pollStatusUntilDone(links.statusQueryGetUri ?? '');
    expect(body).toMatchObject({ runtimeStatus: 'Completed', output: { approved: true, by: { user: 'lee' } } });
    const gone = await fetch(eventUrl, { method: 'POST', body: '1', headers: { 'content-type': 'application/json' } });
    expect(gone.status).toBe(410);
  });
});

describe('long timers', () => {
  it('a 10-day timer (LongTimerTask) fires only after 10 virtual days', async () => {
    const { id } = await start('LongWait');
    await host.advanceTime(9 * 24 * HOUR);
    expect((await status(id ?? '')).runtimeStatus).toBe('Running');
    await host.advanceTime(24 * HOUR + 1000);
    const done = await status(id ?? '');
    expect(done.runtimeStatus).toBe('Completed');
    expect(done.output).toBeGreaterThanOrEqual(240);
  });
});

describe('terminate and purge', () => {
  it('terminates, reports through waitForCompletionOrCreateCheckStatusResponse, then purges', async () => {
    const { id } = await start('Approval', { timeoutMs: 1e12 });
    await host.idle();
    const waiting = await fetch(`${host.url}/api/instances/${id}/wait`, { method: 'POST' });
    expect(waiting.status).toBe(202); // still running -> check-status response
    await waiting.arrayBuffer();
    expect((await fetch(`${host.url}/api/instances/${id}/terminate`, { method: 'POST' })).status).toBe(202);
    await host.idle();
    expect(await status(id ?? '')).toMatchObject({ runtimeStatus: 'Terminated', output: 'by test' });
    const done = await fetch(`${host.url}/api/instances/${id}/wait`, { method: 'POST' });
    expect(done.status).toBe(200);
    await done.arrayBuffer();
    const purged = await fetch(`${host.url}/api/instances/${id}/purge`, { method: 'DELETE' });
    expect(await purged.json()).toEqual({ instancesDeleted: 1 });
    expect((await fetch(`${host.url}/runtime/webhooks/durabletask/instances/${id}`)).status).toBe(404);
    // terminating again: 404 now; on a finished (not purged) instance the API answers 410
    expect((await fetch(`${host.url}/runtime/webhooks/durabletask/instances/${id}/terminate`, { method: 'POST' })).status).toBe(404);
  });
});

describe('testkit DurableClient (public APIs only)', () => {
  it('starts, suspends (events queue), resumes, lists and purges', async () => {
    const client = durableClientFor(host.url, 'FixtureHub');
    const id = await client.startNew('Approval', { input: { timeoutMs: 60_000 }, instanceId: 'client-test' });
    expect(id).toBe('client-test');
    await host.idle();
    await client.suspend(id, 'pause');
    expect((await client.getStatus(id)).runtimeStatus).toBe('Suspended');
    await client.raiseEvent(id, 'Approve', { user: 'sam' });
    await host.idle();
    expect((await client.getStatus(id)).runtimeStatus).toBe('Suspended');
    await client.resume(id, 'go');
    await host.idle();
    const st = await client.getStatus(id);
    expect(st.runtimeStatus).toBe('Completed');
    expect(st.output).toEqual({ approved: true, by: { user: 'sam' } });
    const all = await client.getStatusAll();
    expect(all.map((s) => s.instanceId)).toContain('client-test');
    const purged = await client.purgeInstanceHistory('client-test');
    expect(purged.instancesDeleted).toBe(1);
    await expect(client.getStatus('client-test')).rejects.toThrow(/404/);
  });

  it('rejects advance-time bodies that are not {ms: N}', async () => {
    const r = await fetch(`${host.url}/admin/durable/advance-time`, { method: 'POST', body: '{"ms":"x"}' });
    expect(r.status).toBe(400);
  });
});

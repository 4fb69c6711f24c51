// End-to-end: the fixture app in a child-process host with fast virtual time.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO_ROOT } from '../../tools/local-host/config';
import { LocalHostHandle, pollStatusUntilDone, startLocalHost } from '../../tools/local-host/testkit';

const APP_DIR = path.join(REPO_ROOT, 'test', 'fixtures', 'local-host-app');
let host: LocalHostHandle;
let dataDir: string;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lh-fast-'));
  const t0 = Date.now();
  host = await startLocalHost({ port: 0, dataDir, appDir: APP_DIR, timerMode: 'fast' });
  process.stdout.write(`# host startup (child process, embedded cosmos): ${Date.now() - t0} ms\n`);
});

afterAll(async () => {
  await host?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function start(orchestrator: string, input?: unknown, id?: string): Promise<Record<string, string>> {
  const res = await fetch(`${host.url}/api/orchestrators/${orchestrator}${id ? `?id=${id}` : ''}`, {
    method: 'POST',
    body: input === undefined ? undefined : JSON.stringify(input),
  });
  expect(res.status).toBe(202);
  return (await res.json()) as Record<string, string>;
}

describe('HTTP triggers', () => {
  it('passes params, query, headers and cookies through the library conversions', async () => {
    const r = await fetch(`${host.url}/api/hello/ann`, { headers: { 'x-test-header': 'hv', cookie: 'a=b' } });
    expect(r.status).toBe(200);
    expect(r.headers.get('x-sample')).toBe('1');
    expect(r.headers.get('set-cookie')).toBe('seen=yes; Path=/; HttpOnly');
    expect(await r.json()).toEqual({ message: 'Hello, ann', userAgent: 'hv', cookie: 'a=b' });
    const q = await fetch(`http://127.0.0.1:${host.port}/api/hello?name=q`);
    expect(((await q.json()) as { message: string }).message).toBe('Hello, q');
  });

  it('answers 404 on a wrong method, unknown route or failed constraint', async () => {
    expect((await fetch(`${host.url}/api/hello/ann`, { method: 'DELETE' })).status).toBe(404);
    expect((await fetch(`${host.url}/api/nope`)).status).toBe(404);
    expect((await fetch(`${host.url}/api/items/abc`)).status).toBe(404);
  });

  it('supports constraints, catch-all and request bodies', async () => {
    const r = await fetch(`${host.url}/api/items/7/a/b`, { method: 'POST', body: JSON.stringify({ x: 1 }), headers: { 'content-type': 'application/json' } });
    expect(await r.json()).toEqual({ id: '7', rest: 'a/b', method: 'POST', body: { x: 1 } });
  });

  it('turns a throwing function into a 500 without leaking details', async () => {
    const r = await fetch(`${host.url}/api/throws`);
    expect(r.status).toBe(500);
    expect(await r.text()).toBe('');
    expect(host.output()).toContain('secret internal detail'); // logged on the host's stderr only
    expect((await fetch(`${host.url}/api/hello`)).status).toBe(200); // still serving
  });

  it('routes /.dev-issuer/ paths to the dev issuer hook (404 when it has no answer)', async () => {
    expect((await fetch(`${host.url}/.dev-issuer/__local-host-test-unknown-path__`)).status).toBe(404);
  });

  it('prepares the app environment: local.settings.json Values, WEBSITE_HOSTNAME, embedded Cosmos settings', async () => {
    const env = (await (await fetch(`${host.url}/api/env`)).json()) as Record<string, unknown>;
    expect(env).toMatchObject({
      WEBSITE_HOSTNAME: `localhost:${host.port}`,
      FIXTURE_SETTING: 'from-local-settings',
      COSMOS_ENDPOINT_DISCOVERY: 'false',
      hasCosmosKey: true,
      NODE_EXTRA_CA_CERTS: path.join(dataDir, 'certs', 'localhost-cert.pem'),
    });
    // local.settings.json's emulator endpoint does not switch the embedded server off
    expect(env.COSMOS_ENDPOINT).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('serves host status on the admin API', async () => {
    const r = await fetch(`${host.url}/admin/host/status`);
    const body = (await r.json()) as { state: string; functions: string[] };
    expect(body.state).toBe('Running');
    expect(body.functions).toEqual(expect.arrayContaining(['Hello', 'Pipeline', 'NightlyChild']));
  });
});

describe('durable orchestrations (fast timers)', () => {
  it('client.http start + createCheckStatusResponse + polling: activity, fan-out, retry, timer, sub-orchestration, caught failure, custom status', async () => {
    const links = await start('Pipeline', { city: 'Oslo', n: 6, failTimes: 2, timerMs: 3600_000 });
    for (const k of ['id', 'statusQueryGetUri', 'sendEventPostUri', 'terminatePostUri', 'purgeHistoryDeleteUri', 'suspendPostUri', 'resumePostUri']) expect(links[k]).toBeTruthy();
    expect(links.statusQueryGetUri).toBe(`${host.url}/runtime/webhooks/durabletask/instances/${links.id}?taskHub=FixtureHub&connection=Storage`);
    // Fast timers can finish the whole pipeline before the first poll: 202 with Location, or already 200.
    const first = await fetch(links.statusQueryGetUri ?? '');
    expect([200, 202]).toContain(first.status);
    if (first.status === 202) expect(first.headers.get('location')).toBeTruthy();
    await first.arrayBuffer();

    const { status, body } = await pollStatusUntilDone(links.statusQueryGetUri ?? '');
    expect(status).toBe(200);
    expect(body.runtimeStatus).toBe('Completed');
    expect(body.name).toBe('Pipeline');
    expect(body.customStatus).toEqual({ stage: 'done' });
    const output = body.output as Record<string, unknown>;
    expect(output.hello).toBe('Hello Oslo!');
    expect(output.squares).toEqual([1, 4, 9, 16, 25, 36]);
    expect(output.flakyResult).toEqual({ attempts: 3 });
    expect(output.childResult).toBe(9 + 16);
    expect(output.caught).toMatch(/AlwaysFails' failed: boom/);
    // the one-hour durable timer fired at once and orchestration time moved past it
    expect(new Date(String(output.afterTimer)).getTime()).toBeGreaterThanOrEqual(new Date(String(output.fireAt)).getTime());
    expect(body.createdTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

    const history = (await (await fetch(`${host.url}/runtime/webhooks/durabletask/instances/${links.id}?showHistory=true`)).json()) as { historyEvents: Array<{ EventType: string }> };
    const types = history.historyEvents.map((e) => e.EventType);
    expect(types[0]).toBe('ExecutionStarted');
    expect(types[types.length - 1]).toBe('ExecutionCompleted');
    expect(types.filter((t) => t === 'TaskFailed')).toHaveLength(3); // two retried Flaky failures + AlwaysFails
    expect(types).toEqual(expect.arrayContaining(['TaskScheduled', 'TaskCompleted', 'TimerFired', 'SubOrchestrationInstanceCompleted']));
  });

  it("reads status through the app's DurableClient (rpcBaseUrl path)", async () => {
    const links = await start('Child', { x: 2 }, 'fixed-child');
    await pollStatusUntilDone(links.statusQueryGetUri ?? '');
    const status = (await (await fetch(`${host.url}/api/instances/fixed-child/status`)).json()) as Record<string, unknown>;
    expect(status.runtimeStatus).toBe('Completed');
    expect(status.output).toBe(4 + 9);
    expect((await fetch(`${host.url}/api/instances/missing/status`)).status).toBe(404);
  });

  it('continueAsNew restarts the instance with new input', async () => {
    const links = await start('Counter', 0);
    const { body } = await pollStatusUntilDone(links.statusQueryGetUri ?? '');
    expect(body.runtimeStatus).toBe('Completed');
    expect(body.output).toBe('finished at 3');
    expect(body.input).toBe(3);
  });

  it('an orchestrator failure gives Failed (200, or 500 with returnInternalServerErrorOnFailure)', async () => {
    const links = await start('Broken');
    const { status, body } = await pollStatusUntilDone(links.statusQueryGetUri ?? '');
    expect(status).toBe(200);
    expect(body.runtimeStatus).toBe('Failed');
    expect(String(body.output)).toMatch(/orchestrator blew up/);
    expect((await fetch(`${links.statusQueryGetUri}&returnInternalServerErrorOnFailure=true`)).status).toBe(500);
  });

  it('retry exhaustion surfaces as a failed task', async () => {
    const links = await start('Pipeline', { n: 1, failTimes: 10 });
    const { body } = await pollStatusUntilDone(links.statusQueryGetUri ?? '');
    expect(body.runtimeStatus).toBe('Failed');
    expect(String(body.output)).toMatch(/transient failure #4/);
  });

  it('the non-determinism guard fails an orchestrator whose actions change between replays', async () => {
    const links = await start('NonDeterministic');
    const { body } = await pollStatusUntilDone(links.statusQueryGetUri ?? '');
    expect(body.runtimeStatus).toBe('Failed');
    expect(String(body.output)).toMatch(/Non-deterministic workflow detected: action #0 was CallActivity:SayHello .* now CallActivity:Square/);
  });

  it('a timer function invoked through POST /admin/functions starts an orchestration', async () => {
    const r = await fetch(`${host.url}/admin/functions/NightlyChild`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    expect(r.status).toBe(202);
    expect((await fetch(`${host.url}/admin/functions/NoSuchFunction`, { method: 'POST', body: '{}' })).status).toBe(404);
    const statusUrl = `${host.url}/runtime/webhooks/durabletask/instances/nightly-child`;
    let res = await fetch(statusUrl);
    for (let i = 0; i < 200 && res.status === 404; i++) {
      await new Promise((r2) => setTimeout(r2, 10));
      res = await fetch(statusUrl);
    }
    await res.arrayBuffer();
    const { body } = await pollStatusUntilDone(statusUrl);
    expect(body.output).toBe(100 + 121);
  });

  it('fans out 300 activities', async () => {
    const t0 = Date.now();
    const links = await start('FanOut', 300);
    const { body } = await pollStatusUntilDone(links.statusQueryGetUri ?? '', 30_000, 5);
    const elapsed = Date.now() - t0;
    expect(body.runtimeStatus).toBe('Completed');
    let sum = 0;
    for (let i = 0; i < 300; i++) sum += i * i;
    expect(body.output).toEqual({ count: 300, sum });
    process.stdout.write(`# fan-out 300 activities: ${elapsed} ms\n`);
  });

  it('keeps sequence ids in step: callActivityWithRetry inside Task.all plus callSubOrchestratorWithRetry', async () => {
    const links = await start('RetryFanOut', { n: 12 });
    const { body } = await pollStatusUntilDone(links.statusQueryGetUri ?? '', 20_000);
    expect(body.runtimeStatus).toBe('Completed');
    const expected: unknown[] = [];
    for (let i = 0; i < 12; i++) expected.push({ attempts: (i % 4) + 1 }, i * i);
    expect(body.output).toEqual({ results: expected, sub: 2 });
  });

  it('lists instances with filters and paging', async () => {
    const base = `${host.url}/runtime/webhooks/durabletask/instances/`;
    const completed = (await (await fetch(`${base}?runtimeStatus=Completed`)).json()) as Array<{ runtimeStatus: string }>;
    expect(completed.length).toBeGreaterThanOrEqual(4);
    expect(completed.every((s) => s.runtimeStatus === 'Completed')).toBe(true);
    const page = await fetch(`${base}?top=2`);
    expect(((await page.json()) as unknown[]).length).toBe(2);
    expect(page.headers.get('x-ms-continuation-token')).toBe('2');
  });
});

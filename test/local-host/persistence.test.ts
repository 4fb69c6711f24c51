// Persistence across SIGKILL: embedded Cosmos documents and durable instances survive, and an
// orchestration killed mid-flight resumes by replay and completes exactly once.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO_ROOT } from '../../tools/local-host/config';
import { LocalHostHandle, pollStatusUntilDone, startLocalHost } from '../../tools/local-host/testkit';

const APP_DIR = path.join(REPO_ROOT, 'test', 'fixtures', 'local-host-app');
let host: LocalHostHandle;
let dataDir: string;
let workDir: string;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lh-persist-'));
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lh-persist-files-'));
  host = await startLocalHost({ port: 0, dataDir, appDir: APP_DIR, timerMode: 'real' });
});

afterAll(async () => {
  await host?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(workDir, { recursive: true, force: true });
});

async function json(res: Response): Promise<Record<string, unknown>> {
  return (await res.json()) as Record<string, unknown>;
}

async function killAndRestart(): Promise<number> {
  const port = host.port;
  const oldPid = host.pid;
  await host.kill();
  const t0 = Date.now();
  await host.restart();
  expect(host.port).toBe(port);
  expect(host.pid).not.toBe(oldPid);
  return Date.now() - t0;
}

async function waitForCustomStatus(statusUrl: string, wanted: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    const body = await json(await fetch(statusUrl));
    if (body.customStatus === wanted) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`instance never reached custom status ${wanted}`);
}

describe('persistence across SIGKILL', () => {
  it('keeps Cosmos documents (same _etag), deletions, and finished instances', async () => {
    const put = await fetch(`${host.url}/api/docs/keep`, { method: 'PUT', body: JSON.stringify({ value: 42 }) });
    expect(put.status).toBe(200);
    const written = await json(put);
    expect(typeof written._etag).toBe('string');
    await fetch(`${host.url}/api/docs/gone`, { method: 'PUT', body: JSON.stringify({ value: 1 }) }).then((r) => r.arrayBuffer());
    expect((await fetch(`${host.url}/api/docs/gone`, { method: 'DELETE' })).status).toBe(204);

    const start = await fetch(`${host.url}/api/orchestrators/Child?id=finished-before-kill`, { method: 'POST', body: JSON.stringify({ x: 1 }) });
    const links = await json(start);
    expect((await pollStatusUntilDone(String(links.statusQueryGetUri))).body.output).toBe(1 + 4);

    const restartMs = await killAndRestart();
    process.stdout.write(`# kill + restart (same port, data restored): ${restartMs} ms\n`);

    const read = await fetch(`${host.url}/api/docs/keep`);
    expect(read.status).toBe(200);
    const restored = await json(read);
    expect(restored).toMatchObject({ id: 'keep', value: 42, _etag: written._etag, _rid: written._rid, _ts: written._ts });
    expect((await fetch(`${host.url}/api/docs/gone`)).status).toBe(404);
    // the restored ETag is the live one: a conditional replace with it succeeds, then the old one is stale
    const replaced = await fetch(`${host.url}/api/docs/keep/if-match/${String(written._etag)}`, { method: 'POST', body: JSON.stringify({ value: 43 }) });
    expect(replaced.status).toBe(200);
    const stale = await fetch(`${host.url}/api/docs/keep/if-match/${String(written._etag)}`, { method: 'POST', body: JSON.stringify({ value: 44 }) });
    expect(stale.status).toBe(412);
    // new documents after a restart get fresh resource ids
    const other = await json(await fetch(`${host.url}/api/docs/new`, { method: 'PUT', body: JSON.stringify({ value: 2 }) }));
    expect(other._rid).not.toBe(written._rid);

    const finished = await fetch(`${host.url}/runtime/webhooks/durabletask/instances/finished-before-kill`);
    expect(finished.status).toBe(200);
    expect(await json(finished)).toMatchObject({ runtimeStatus: 'Completed', output: 5 });
  });

  it('resumes an orchestration killed while waiting on a durable timer, and completes it exactly once', async () => {
    const file = path.join(workDir, 'timer.txt');
    const start = await fetch(`${host.url}/api/orchestrators/TimerThenAppend?id=timer-kill`, { method: 'POST', body: JSON.stringify({ file, delayMs: 1500 }) });
    const links = await json(start);
    const statusUrl = String(links.statusQueryGetUri);
    await waitForCustomStatus(statusUrl, 'waiting-timer');

    await killAndRestart();
    const t0 = Date.now();
    const { status, body } = await pollStatusUntilDone(statusUrl, 15_000);
    process.stdout.write(`# timer orchestration finished ${Date.now() - t0} ms after restart\n`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ runtimeStatus: 'Completed', output: { lines: 1 }, customStatus: 'done' });
    expect(fs.readFileSync(file, 'utf8')).toBe('done timer-kill\n');
  });

  it('re-runs an activity that was in flight when killed, and completes exactly once', async () => {
    const file = path.join(workDir, 'slow.txt');
    const start = await fetch(`${host.url}/api/orchestrators/SlowThenAppend?id=slow-kill`, { method: 'POST', body: JSON.stringify({ file, sleepMs: 800 }) });
    const links = await json(start);
    const statusUrl = String(links.statusQueryGetUri);
    await waitForCustomStatus(statusUrl, 'sleeping');

    await killAndRestart();
    const { body } = await pollStatusUntilDone(statusUrl, 15_000);
    expect(body).toMatchObject({ runtimeStatus: 'Completed', output: { slept: 800, lines: 1 } });
    expect(fs.readFileSync(file, 'utf8').split('\n').filter(Boolean)).toEqual(['done slow-kill']);

    // a graceful stop + restart changes nothing either (checked below, after the retry case)
  });

  it('re-arms a retry timer after a kill and continues the retry policy', async () => {
    const file = path.join(workDir, 'attempts.txt');
    const start = await fetch(`${host.url}/api/orchestrators/RetryAcrossRestart?id=retry-kill`, { method: 'POST', body: JSON.stringify({ file, intervalMs: 1200 }) });
    const statusUrl = String((await json(start)).statusQueryGetUri);
    for (let i = 0; i < 300 && !fs.existsSync(file); i++) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 100)); // the failure is recorded and the retry timer armed
    await killAndRestart();
    const { body } = await pollStatusUntilDone(statusUrl, 15_000);
    expect(body).toMatchObject({ runtimeStatus: 'Completed', output: { attempts: 2 } });
    expect(fs.readFileSync(file, 'utf8')).toBe('attempt\nattempt\n');
    const history = await json(await fetch(`${host.url}/runtime/webhooks/durabletask/instances/retry-kill?showHistory=true`));
    const types = (history.historyEvents as Array<{ EventType: string }>).map((e) => e.EventType);
    expect(types.filter((t) => t === 'TaskFailed')).toHaveLength(1);
    expect(types.filter((t) => t === 'TimerFired')).toHaveLength(1); // the retry timer armed before the kill fired after it
  });

  it('a graceful stop + restart keeps finished instances unchanged', async () => {
    const statusUrl = `${host.url}/runtime/webhooks/durabletask/instances/slow-kill`;
    const file = path.join(workDir, 'slow.txt');
    await host.restart();
    expect(await json(await fetch(statusUrl))).toMatchObject({ runtimeStatus: 'Completed', output: { slept: 800, lines: 1 } });
    expect(fs.readFileSync(file, 'utf8')).toBe('done slow-kill\n');
  });
});

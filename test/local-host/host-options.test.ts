// Host options: an external COSMOS_ENDPOINT (no embedded server) and timer triggers on their schedules.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO_ROOT } from '../../tools/local-host/config';
import { LocalHostHandle, startLocalHost } from '../../tools/local-host/testkit';

const APP_DIR = path.join(REPO_ROOT, 'test', 'fixtures', 'local-host-app');
let host: LocalHostHandle;
let dataDir: string;
let tickFile: string;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lh-options-'));
  tickFile = path.join(dataDir, 'ticks.jsonl');
  host = await startLocalHost({
    port: 0,
    dataDir,
    appDir: APP_DIR,
    enableTimers: true,
    env: { COSMOS_ENDPOINT: 'https://cosmos.example.test:443/', COSMOS_KEY: 'k', FIXTURE_TIMER_FILE: tickFile },
  });
});

afterAll(async () => {
  await host?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

it('does not embed Cosmos DB when COSMOS_ENDPOINT is set', async () => {
  const status = (await (await fetch(`${host.url}/admin/host/status`)).json()) as { cosmos: { embedded: boolean; endpoint: string } };
  expect(status.cosmos).toEqual({ embedded: false, endpoint: 'https://cosmos.example.test:443/' });
  const env = (await (await fetch(`${host.url}/api/env`)).json()) as Record<string, unknown>;
  expect(env.COSMOS_ENDPOINT).toBe('https://cosmos.example.test:443/');
  expect(fs.existsSync(path.join(dataDir, 'certs'))).toBe(false);
  expect(fs.existsSync(path.join(dataDir, 'cosmos'))).toBe(false);
});

it('runs timer triggers on their NCRONTAB schedule', async () => {
  const deadline = Date.now() + 5000;
  let ticks: Array<{ isPastDue: boolean; next: string | null }> = [];
  while (Date.now() < deadline && ticks.length < 2) {
    await new Promise((r) => setTimeout(r, 100));
    ticks = fs.existsSync(tickFile) ? fs.readFileSync(tickFile, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { isPastDue: boolean; next: string | null }) : [];
  }
  expect(ticks.length).toBeGreaterThanOrEqual(2);
  expect(ticks[0]?.isPastDue).toBe(false);
  // the library camel-cases the host's ScheduleStatus; Next is on a whole second
  expect(ticks[0]?.next).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
});

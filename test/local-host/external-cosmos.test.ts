// COSMOS_ENDPOINT in the environment: the host must not embed a server; the app uses that account.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO_ROOT } from '../../tools/local-host/config';
import { LocalHostHandle, startLocalHost } from '../../tools/local-host/testkit';

const APP_DIR = path.join(REPO_ROOT, 'test', 'fixtures', 'local-host-app');
let host: LocalHostHandle;
let dataDir: string;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lh-external-'));
  host = await startLocalHost({ port: 0, dataDir, appDir: APP_DIR, env: { COSMOS_ENDPOINT: 'https://cosmos.example.test:443/', COSMOS_KEY: 'k' } });
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

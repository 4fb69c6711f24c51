/**
 * Test kit: runs the local host as a child process (real HTTP, real process isolation; also the only
 * way NODE_EXTRA_CA_CERTS takes effect) and waits for its `{"event":"ready"}` line.
 *
 *   const host = await startLocalHost({ port: 0, dataDir, timerMode: 'manual' });
 *   await fetch(`${host.url}/api/...`); await host.advanceTime(60_000); await host.stop();
 */
import { ChildProcess, spawn } from 'child_process';
import * as path from 'path';
import { REPO_ROOT, TimerMode } from './config';
import { ensureDevCert } from './dev-cert';
import { clientBindingData } from './webhooks';

export interface LocalHostOptions {
  /** 0 = any free port. Default 0. */
  port?: number;
  dataDir: string;
  timerMode?: TimerMode;
  /** Defaults to the repo root (whose package.json `main` is the compiled app). */
  appDir?: string;
  /** Extra environment for the host and the app (e.g. COSMOS_ENDPOINT to skip the embedded server). */
  env?: Record<string, string>;
  /** Run timer triggers on their schedules. Default false (tests fire them via /admin/functions). */
  enableTimers?: boolean;
  /** Milliseconds to wait for the ready line. Default 30 s. */
  startTimeoutMs?: number;
}

export interface LocalHostHandle {
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  /** SIGTERM, then wait for exit. */
  stop(): Promise<void>;
  /** SIGKILL (no cleanup), then wait for exit. */
  kill(): Promise<void>;
  /** Starts the host again with the same data dir and the same port. */
  restart(): Promise<void>;
  /** Manual/fast timer mode: moves durable time forward and resolves once due timers fired and the engine is idle. */
  advanceTime(ms: number): Promise<void>;
  /** Resolves when the durable engine is idle. */
  idle(): Promise<void>;
  /** Captured stdout+stderr of every process started by this handle. */
  output(): string;
}

export class LocalHostStartError extends Error {}

const CLI_PATH = path.join(__dirname, 'cli.js');

interface RunningProcess {
  child: ChildProcess;
  url: string;
  port: number;
  exited: Promise<void>;
}

async function spawnHost(options: LocalHostOptions, port: number, appendOutput: (text: string) => void): Promise<RunningProcess> {
  const args = [CLI_PATH, '--port', String(port), '--data-dir', options.dataDir, '--timer-mode', options.timerMode ?? 'real', '--quiet'];
  if (options.appDir) args.push('--app-dir', options.appDir);
  if (!options.enableTimers) args.push('--no-timers');
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  // Strip the parent's jest/Functions settings that would confuse the app's own config.
  delete env.WEBSITE_HOSTNAME;
  env.LOCAL_HOST_EXIT_ON_STDIN_END = '1';
  if (!options.env?.COSMOS_ENDPOINT) {
    delete env.COSMOS_ENDPOINT;
    // Pre-create the certificate so the CLI does not need to re-exec itself (one process = one pid to kill).
    env.NODE_EXTRA_CA_CERTS = (await ensureDevCert(options.dataDir)).certPath;
  }
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.stderr?.on('data', (chunk: Buffer) => appendOutput(chunk.toString('utf8')));
  const readyUrl = await new Promise<string>((resolve, reject) => {
    let pending = '';
    const timer = setTimeout(() => {
      killGroup(child, 'SIGKILL');
      reject(new LocalHostStartError(`local host did not become ready within ${options.startTimeoutMs ?? 30000} ms`));
    }, options.startTimeoutMs ?? 30_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      appendOutput(text);
      pending += text;
      let newline: number;
      while ((newline = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, newline).trim();
        pending = pending.slice(newline + 1);
        if (!line.startsWith('{')) continue;
        try {
          const msg = JSON.parse(line) as { event?: unknown; url?: unknown };
          if (msg.event === 'ready' && typeof msg.url === 'string') {
            clearTimeout(timer);
            resolve(msg.url);
          }
        } catch {
          // not ours
        }
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new LocalHostStartError(`local host exited before ready (code ${code}, signal ${signal})`));
    });
  });
  return { child, url: readyUrl, port: Number(new URL(readyUrl).port), exited };
}

/** Signals the whole process group (the host and anything it spawned). */
function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

export async function startLocalHost(options: LocalHostOptions): Promise<LocalHostHandle> {
  let output = '';
  const appendOutput = (text: string): void => {
    output += text;
  };
  let current = await spawnHost(options, options.port ?? 0, appendOutput);
  const fixedPort = current.port;

  const post = async (route: string, body?: unknown): Promise<void> => {
    const res = await fetch(`${current.url}${route}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${route} -> ${res.status} ${text}`);
  };
  const terminate = async (signal: NodeJS.Signals): Promise<void> => {
    killGroup(current.child, signal);
    const escalate = signal === 'SIGTERM' ? setTimeout(() => killGroup(current.child, 'SIGKILL'), 5000) : undefined;
    await current.exited;
    if (escalate) clearTimeout(escalate);
  };

  return {
    get url() {
      return current.url;
    },
    get port() {
      return current.port;
    },
    get pid() {
      return current.child.pid ?? -1;
    },
    stop: () => terminate('SIGTERM'),
    kill: () => terminate('SIGKILL'),
    async restart() {
      await terminate('SIGTERM');
      current = await spawnHost(options, fixedPort, appendOutput);
    },
    advanceTime: (ms) => post('/admin/durable/advance-time', { ms }),
    idle: () => post('/admin/durable/idle'),
    output: () => output,
  };
}

/**
 * A durable-functions DurableClient that talks to a running host, built from public APIs only
 * (the same binding payload the host gives the app's `durableClient` inputs).
 */
export function durableClientFor(hostUrl: string, taskHubName: string): import('durable-functions').DurableClient {
  // Loaded lazily so suites that do not use it do not load the SDK.
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const df = require('durable-functions') as typeof import('durable-functions');
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { InvocationContext } = require('@azure/functions') as typeof import('@azure/functions');
  const clientInput = df.input.durableClient();
  const context = new InvocationContext({
    functionName: 'testkit',
    options: { trigger: { type: 'httpTrigger', name: 'req' }, extraInputs: [clientInput], extraOutputs: [] },
  });
  context.extraInputs.set(clientInput, clientBindingData(hostUrl, taskHubName));
  return df.getClient(context);
}

export interface PolledStatus {
  /** HTTP status of the final (non-202) response. */
  status: number;
  body: Record<string, unknown>;
  /** How many 202 responses came first. */
  accepted: number;
}

/** Polls a statusQueryGetUri until it stops answering 202; each 202 must carry a Location header. */
export async function pollStatusUntilDone(statusUrl: string, timeoutMs = 15_000, intervalMs = 25): Promise<PolledStatus> {
  const deadline = Date.now() + timeoutMs;
  let accepted = 0;
  for (;;) {
    const res = await fetch(statusUrl);
    const text = await res.text();
    if (res.status !== 202) return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, accepted };
    if (!res.headers.get('location')) throw new Error(`202 from ${statusUrl} without a Location header`);
    accepted++;
    if (Date.now() > deadline) throw new Error(`timed out polling ${statusUrl}: ${text}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

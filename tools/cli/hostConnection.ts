import { mintDevToken } from '../dev-issuer';
import { startLocalHost, type LocalHostHandle } from '../local-host/testkit';

export interface HostConnection {
  url: string;
  /** True when this connection started the host (it stops on close). */
  startedHere: boolean;
  request(method: string, route: string, body?: unknown): Promise<Response>;
  /** Stops the host only if this connection started it. */
  close(): Promise<void>;
}

/** Uses the host answering at `url`, or starts a local one on that port when none answers. */
export async function ensureHost(options: { url: string; dataDir: string; tenantId: string; token?: string }): Promise<HostConnection> {
  let started: LocalHostHandle | undefined;
  let url = options.url.replace(/\/+$/, '');
  if (!(await answers(url))) {
    const port = Number(new URL(url).port || 80);
    process.stderr.write(`No host answers at ${url}; starting a local one (data in ${options.dataDir})...\n`);
    started = await startLocalHost({ port, dataDir: options.dataDir, timerMode: 'real' });
    url = started.url;
  }
  // Against a local host, a Security Administrator token from its development issuer; else the caller's token.
  const token =
    options.token ??
    (isLoopback(url) ? mintDevToken({ dataDir: options.dataDir, issuer: `${url}/.dev-issuer`, tenantId: options.tenantId, role: 'SecurityAdministrator' }) : undefined);
  if (!token) throw new Error(`${url} is not a local host: pass --token <access token for the importer's API>.`);
  const headers = (): Record<string, string> => ({
    'content-type': 'application/json',
    authorization: `Bearer ${token}`,
    'x-correlation-id': `cli-${Date.now()}`,
  });
  return {
    url,
    startedHere: started !== undefined,
    request: (method, route, body) =>
      fetch(`${url}${route}`, { method, headers: headers(), ...(body === undefined ? {} : { body: JSON.stringify(body) }) }),
    close: async () => {
      if (started) await started.stop();
    },
  };
}

async function answers(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(1500) });
    await res.arrayBuffer();
    return res.status === 200;
  } catch {
    return false;
  }
}

function isLoopback(url: string): boolean {
  const host = new URL(url).hostname;
  return host === 'localhost' || host === '[::1]' || host.startsWith('127.');
}

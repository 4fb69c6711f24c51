import { readFileSync } from 'node:fs';
import path from 'node:path';

/** Small typed HTTP client for integration tests: real HTTP against the local host. */
export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export function apiClient(baseUrl: () => string, defaultHeaders: () => Record<string, string> = () => ({})) {
  async function call<T = any>(method: string, route: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse<T>> {
    const res = await fetch(`${baseUrl()}${route}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...defaultHeaders(), ...headers },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* keep text */
    }
    return { status: res.status, headers: res.headers, body: parsed as T };
  }
  return {
    call,
    get: <T = any>(route: string, headers?: Record<string, string>) => call<T>('GET', route, undefined, headers),
    put: <T = any>(route: string, body: unknown, headers?: Record<string, string>) => call<T>('PUT', route, body, headers),
    post: <T = any>(route: string, body: unknown, headers?: Record<string, string>) => call<T>('POST', route, body, headers),
    /** Polls the import until it is Completed, Failed or Canceled; returns the final view. */
    async waitForImport(tenantId: string, importId: string, timeoutMs = 45_000, headers?: Record<string, string>): Promise<any> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const r = await call('GET', `/api/tenants/${tenantId}/imports/${importId}`, undefined, headers);
        if (r.status !== 200 && r.status !== 202) throw new Error(`GET import answered ${r.status}: ${JSON.stringify(r.body)}`);
        const ended = ['Completed', 'Failed', 'Canceled'].includes(r.body.status);
        // Durable's polling contract: 202 while running, 200 once ended.
        if (r.status !== (ended ? 200 : 202)) throw new Error(`GET import answered ${r.status} with status ${r.body.status}`);
        if (ended) return r.body;
        if (Date.now() > deadline) throw new Error(`Import ${importId} still ${r.body.status} (${JSON.stringify(r.body.progress)})`);
        await new Promise((res) => setTimeout(res, 100));
      }
    },
  };
}

/** The shipped sample tenant (samples/contoso.snapshot.json), read fresh for each use. */
export function sampleSnapshot(): any {
  return JSON.parse(readFileSync(path.join(__dirname, '..', '..', '..', 'samples', 'contoso.snapshot.json'), 'utf8'));
}

export const SAMPLE_TENANT_ID = '0c803b5d-13f7-49ec-a422-f1665c722fae';

/** Authorization header with a token from the local host's development issuer. */
export function devAuth(
  host: { url: string },
  dataDir: string,
  tenantId: string,
  options: { role?: 'SecurityAdministrator' | 'GlobalAdministrator' | 'SecurityReader' | 'GlobalReader' | 'None'; oid?: string; groups?: string[] } = {},
): Record<string, string> {
  // Imported lazily so unit suites that never start a host do not load the dev issuer.
  const { mintDevToken } = require('../../tools/dev-issuer') as typeof import('../../tools/dev-issuer');
  const token = mintDevToken({ dataDir, issuer: `${host.url}/.dev-issuer`, tenantId, role: options.role ?? 'SecurityAdministrator', ...(options.oid ? { oid: options.oid } : {}), ...(options.groups ? { groups: options.groups } : {}) });
  return { authorization: `Bearer ${token}` };
}

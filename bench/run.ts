/**
 * npm run bench: end-to-end and in-process timings. Targets live here, never in unit tests.
 *   1. pure mapping of synthetic tenants (1,000 and 2,000 (the per-section maximum) MDE roles): time and heap;
 *   2. the shipped sample imported through the local host (real HTTP, Durable replay, embedded Cosmos);
 *   3. a 1,000-role synthetic tenant imported the same way.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { extractWorkloadSource, mapWorkloadSource } from '../shared/domain';
import { SourceSnapshotSchema } from '../shared/schemas/sourceSnapshot';
import { mintDevToken } from '../tools/dev-issuer';
import { startLocalHost } from '../tools/local-host/testkit';
import { syntheticTenant } from '../tools/synthetic/syntheticTenant';

const SYNTHETIC_TENANT = '9d7c5a1e-0b1f-4c6e-9a51-3f0e2b7c4d10';
const rows: Array<[string, string]> = [];

function benchMapping(roles: number): void {
  const snapshot = SourceSnapshotSchema.parse(syntheticTenant({ tenantId: SYNTHETIC_TENANT, mdeRoles: roles }));
  const source = extractWorkloadSource(snapshot, 'mde');
  if (!source) throw new Error('synthetic tenant has no mde section');
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const t0 = process.hrtime.bigint();
  const results = mapWorkloadSource(source, { allowPartialPrincipals: false });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;
  rows.push([`map ${roles} MDE roles (in-process)`, `${ms.toFixed(1)} ms, ${results.length} results, heap +${heapMb.toFixed(1)} MiB`]);
}

async function timeImport(label: string, snapshot: unknown, tenantId: string): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'rbac-bench-'));
  const t0 = Date.now();
  const host = await startLocalHost({ port: 0, dataDir, timerMode: 'real' });
  const startup = Date.now() - t0;
  try {
    const headers = { 'content-type': 'application/json', ...(benchAuthHeaders(dataDir, host.url, tenantId)) };
    const put = await fetch(`${host.url}/api/tenants/${tenantId}/snapshot`, { method: 'PUT', headers, body: JSON.stringify(snapshot) });
    if (!put.ok) throw new Error(`snapshot upload answered ${put.status}: ${await put.text()}`);
    const t1 = Date.now();
    const start = await fetch(`${host.url}/api/tenants/${tenantId}/imports`, { method: 'POST', headers, body: '{}' });
    const { importId } = (await start.json()) as { importId: string };
    let view: { status: string; summary?: { imported: number } };
    for (;;) {
      view = (await (await fetch(`${host.url}/api/tenants/${tenantId}/imports/${importId}`, { headers })).json()) as typeof view;
      if (view.status === 'Completed' || view.status === 'Failed') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const ms = Date.now() - t1;
    rows.push([label, `${view.status} in ${(ms / 1000).toFixed(2)} s, ${view.summary?.imported ?? 0} roles (host start ${startup} ms)`]);
  } finally {
    await host.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function benchAuthHeaders(dataDir: string, hostUrl: string, tenantId: string): Record<string, string> {
  const token = mintDevToken({ dataDir, issuer: `${hostUrl}/.dev-issuer`, tenantId, role: 'SecurityAdministrator' });
  return { authorization: `Bearer ${token}` };
}

async function main(): Promise<void> {
  benchMapping(1000);
  benchMapping(2000); // MAX_ROLES_PER_SECTION
  const sample = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'samples', 'contoso.snapshot.json'), 'utf8')) as { tenantId: string };
  await timeImport('import sample tenant (22 roles, 4 products)', sample, sample.tenantId);
  await timeImport('import synthetic tenant (1,000 MDE roles)', syntheticTenant({ tenantId: SYNTHETIC_TENANT, mdeRoles: 1000 }), SYNTHETIC_TENANT);
  const width = Math.max(...rows.map(([k]) => k.length));
  for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

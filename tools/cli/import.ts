#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { WORKLOADS } from '../../shared/domain/workloads';
import { ensureHost, type HostConnection } from './hostConnection';
import { renderProgress, renderSummary } from './importReport';

/**
 * npm run import -- --snapshot <file> [--workloads mde,mdo,mdi,mdca] [--url http://localhost:7071]
 *                   [--dry-run] [--allow-partial-principals] [--data-dir .data] [--token <jwt>]
 * Uploads the snapshot to a running host (or starts one when none answers), starts the import,
 * shows live progress from the orchestration's custom status, and ends with a summary table.
 */
const USAGE = 'usage: npm run import -- --snapshot <file> [--workloads mde,mdo,mdi,mdca] [--url http://localhost:7071] [--dry-run] [--allow-partial-principals] [--data-dir .data] [--token <jwt>]';

async function main(): Promise<number> {
  let args: ReturnType<typeof parseCommandLine>;
  try {
    args = parseCommandLine(process.argv.slice(2));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  const file = args.snapshot;
  if (file === undefined) throw new UsageError('--snapshot <file> is required.');
  const snapshot = JSON.parse(readFileSync(path.resolve(file), 'utf8')) as { tenantId?: unknown };
  if (typeof snapshot.tenantId !== 'string') throw new UsageError(`${file} has no tenantId; is it a source snapshot v1 document?`);
  const tenantId = snapshot.tenantId;
  const workloads = args.workloads?.split(',').map((w) => w.trim().toLowerCase());
  const unknown = workloads?.filter((w) => !(WORKLOADS as readonly string[]).includes(w)) ?? [];
  // Checked before anything is uploaded: an upload replaces the tenant's current snapshot.
  if (unknown.length > 0) throw new UsageError(`Unknown workloads: ${unknown.join(', ')} (expected any of ${WORKLOADS.join(', ')}).`);
  const dryRun = args['dry-run'] === true;

  const host = await ensureHost({ url: args.url, dataDir: args['data-dir'], tenantId, ...(args.token ? { token: args.token } : {}) });
  try {
    const started = Date.now();
    await expectOk(host, 'PUT', `/api/tenants/${tenantId}/snapshot`, snapshot, 'Uploading the snapshot');
    const start = (await expectOk(host, 'POST', `/api/tenants/${tenantId}/imports`, {
      ...(workloads ? { workloads } : {}),
      dryRun: dryRun,
      allowPartialPrincipals: args['allow-partial-principals'] === true,
    }, 'Starting the import')) as { importId: string };
    process.stderr.write(`Import ${start.importId} started for tenant ${tenantId}${dryRun ? ' (dry run: nothing will be written)' : ''}\n`);

    let view: ImportViewLike;
    let lastLine = '';
    for (;;) {
      view = (await expectOk(host, 'GET', `/api/tenants/${tenantId}/imports/${start.importId}`, undefined, 'Reading progress')) as ImportViewLike;
      const line = renderProgress(view.progress);
      if (process.stderr.isTTY) process.stderr.write(`\r${line}`);
      else if (line !== lastLine) process.stderr.write(`${line}\n`);
      lastLine = line;
      if (view.status === 'Completed' || view.status === 'Failed' || view.status === 'Canceled') break;
      await new Promise((r) => setTimeout(r, 250));
    }
    if (process.stderr.isTTY) process.stderr.write('\n');
    const report = (await expectOk(host, 'GET', `/api/tenants/${tenantId}/imports/${start.importId}/report`, undefined, 'Reading the report')) as Parameters<typeof renderSummary>[0];
    console.log(renderSummary(report));
    const seconds = ((Date.now() - started) / 1000).toFixed(2);
    const where = dryRun
      ? 'Dry run: no role was written.'
      : `Roles: ${host.url}/api/tenants/${tenantId}/roles${host.startedHere ? ' (this command started that host and stops it now; `npm start` keeps one running)' : ''}`;
    console.log(`\n${view.status} in ${seconds} s. ${where}`);
    if (view.status !== 'Completed') console.error(`Import ${view.status.toLowerCase()}: ${view.error?.message ?? 'no reason recorded'}`);
    return view.status === 'Completed' ? 0 : 1;
  } finally {
    await host.close();
  }
}

class UsageError extends Error {
  override readonly name = 'UsageError';
}

function parseCommandLine(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      snapshot: { type: 'string' },
      workloads: { type: 'string' },
      url: { type: 'string', default: 'http://localhost:7071' },
      'data-dir': { type: 'string', default: '.data' },
      token: { type: 'string' },
      'dry-run': { type: 'boolean' },
      'allow-partial-principals': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  }).values;
}

interface ImportViewLike {
  status: string;
  progress: Parameters<typeof renderProgress>[0];
  error?: { message: string } | null;
}

async function expectOk(host: HostConnection, method: string, route: string, body: unknown, what: string): Promise<unknown> {
  const res = await host.request(method, route, body);
  const text = await res.text();
  const parsed = text ? (JSON.parse(text) as unknown) : undefined;
  if (!res.ok) {
    const p = (parsed ?? {}) as { detail?: string; errors?: Array<{ path: string; message: string }> };
    const fields = (p.errors ?? []).map((e) => `\n  - ${e.path}: ${e.message}`).join('');
    const hint = res.status === 401 ? '\n  A local host trusts only tokens signed with the key in its own data directory: pass the --data-dir the host runs with.' : '';
    throw new Error(`${what} failed: HTTP ${res.status} ${p.detail ?? ''}${fields}${hint}`);
  }
  return parsed;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    if (error instanceof UsageError) console.error(USAGE);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);

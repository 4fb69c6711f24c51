#!/usr/bin/env node
/**
 * Dev-only entry point: `node dist/tools/local-host/cli.js [--port N] [--data-dir DIR] [--app-dir DIR]
 * [--timer-mode real|fast|manual] [--no-timers] [--quiet]`.
 *
 * NODE_EXTRA_CA_CERTS is read only at process start, so when the embedded Cosmos DB is used and the
 * variable does not already name the host's certificate, the CLI re-execs itself once with it set:
 * the app's unchanged CosmosClient then trusts the local server without disabling TLS checks.
 */
import { spawn } from 'child_process';
import { ConfigError, HostOptions, parseCliArgs } from './config';
import { ensureDevCert } from './dev-cert';
import { startHost } from './host';
import { errorStack } from './invoke';

const REEXEC_MARKER = 'LOCAL_HOST_REEXECED';

async function reexecWithCert(certPath: string): Promise<never> {
  const child = spawn(process.execPath, [...process.execArgv, __filename, ...process.argv.slice(2)], {
    // the IPC channel lets the child notice when this wrapper dies, even by SIGKILL
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, NODE_EXTRA_CA_CERTS: certPath, [REEXEC_MARKER]: '1' },
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => child.kill(signal));
  const code = await new Promise<number>((resolve) => child.on('exit', (c, s) => resolve(c ?? (s ? 128 + 15 : 1))));
  process.exit(code);
}

/** When re-exec'ed, exit if the parent wrapper disappears (its IPC channel closes). */
function exitWithParent(onOrphaned: () => void): void {
  if (!process.env[REEXEC_MARKER] || !process.connected) return;
  process.on('disconnect', onOrphaned);
  process.channel?.unref(); // the channel alone must not keep the host alive
}

async function main(): Promise<void> {
  let options: HostOptions;
  try {
    options = parseCliArgs(process.argv.slice(2));
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  if (!process.env.COSMOS_ENDPOINT) {
    const cert = await ensureDevCert(options.dataDir);
    if (process.env.NODE_EXTRA_CA_CERTS !== cert.certPath || (cert.regenerated && !process.env[REEXEC_MARKER])) {
      await reexecWithCert(cert.certPath);
    }
  }
  const host = await startHost(options);
  if (!options.quiet) process.stdout.write(host.banner + '\n');
  process.stdout.write(JSON.stringify({ event: 'ready', url: host.url }) + '\n');

  const shutdown = (): void => {
    host.close().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`shutdown failed: ${errorStack(err)}\n`);
        process.exit(1);
      },
    );
    setTimeout(() => process.exit(0), 3000).unref(); // never hang on a stuck connection
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  exitWithParent(shutdown);
  if (process.env.LOCAL_HOST_EXIT_ON_STDIN_END === '1') {
    // the test kit holds our stdin: if its process dies, stop instead of lingering
    process.stdin.on('end', shutdown);
    process.stdin.on('error', shutdown);
    process.stdin.resume();
  }
}

// Keep serving other requests if app code throws asynchronously outside an invocation.
process.on('unhandledRejection', (reason) => process.stderr.write(`[host] unhandled rejection: ${errorStack(reason)}\n`));
process.on('uncaughtException', (err) => process.stderr.write(`[host] uncaught exception: ${errorStack(err)}\n`));

main().catch((err: unknown) => {
  process.stderr.write(`local host failed to start: ${errorStack(err)}\n`);
  process.exit(1);
});

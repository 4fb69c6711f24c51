/**
 * The local Functions host: plays the Node language worker (by providing @azure/functions-core) and
 * the Durable extension (DurableEngine + management API), embeds a persistent Cosmos DB server, and
 * serves everything on loopback. One host per process (the core module registry is process-wide).
 */
import * as fs from 'fs';
import * as path from 'path';
import { ensureDevIssuer, DevIssuerSetup } from '../dev-issuer/index';
import { AppConfig, expandGlob, HostOptions, readAppConfig } from './config';
import { installCoreApi, registry, RpcBindingInfo, RpcTypedData } from './core-api';
import { EMULATOR_KEY, EmbeddedCosmos, startEmbeddedCosmos } from './cosmos-embedded';
import { devCertPaths } from './dev-cert';
import { DurableEngine } from './durable-engine';
import { DurableStore } from './durable-store';
import { createRequestDispatcher, HttpFunctionRoute, listenOnLoopback, LoopbackListeners } from './http-server';
import { errorStack, fromTypedData, invokeFunction, triggerBindingOf } from './invoke';
import { compareRoutePrecedence, compileRoute } from './routes';
import { TimerFunction, timerPayload, TimerTriggerScheduler } from './timer-triggers';
import { clientBindingData } from './webhooks';

export class AppLoadError extends Error {}

export interface RunningHost {
  url: string;
  port: number;
  functionNames: string[];
  banner: string;
  close(): Promise<void>;
}

function logToStderr(message: string): void {
  process.stderr.write(message.endsWith('\n') ? message : message + '\n');
}

function setEnvIfUnset(key: string, value: string): void {
  if (process.env[key] === undefined) process.env[key] = value;
}

export async function startHost(options: HostOptions): Promise<RunningHost> {
  const t0 = Date.now();
  const app: AppConfig = readAppConfig(options.appDir);
  fs.mkdirSync(options.dataDir, { recursive: true });
  if (options.quiet) {
    registry.logSink = (level, category, message) => {
      if (level === 'error' || level === 'critical') logToStderr(`[${category}] ${message}`);
    };
  }
  const info = (message: string): void => {
    if (!options.quiet) process.stdout.write(message + '\n');
  };
  // Decided on the real environment (as cli.ts does), before local.settings.json: a COSMOS_ENDPOINT
  // copied from local.settings.sample.json must not switch the embedded server off.
  const useEmbeddedCosmos = !process.env.COSMOS_ENDPOINT;
  for (const [k, v] of Object.entries(app.settingsValues)) setEnvIfUnset(k, v);

  // Services are created below; requests wait on `ready` so the port can be known before loading the app.
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  let engine: DurableEngine | undefined;
  let devIssuer: DevIssuerSetup = { env: {} };
  const httpRoutes: HttpFunctionRoute[] = [];
  let origin = '';
  let cosmos: EmbeddedCosmos | undefined;

  const durableClientInput = (binding: RpcBindingInfo): RpcTypedData | undefined => {
    const type = binding.type.toLowerCase();
    if (type === 'durableclient' || type === 'orchestrationclient') return { string: JSON.stringify(clientBindingData(origin, app.hubName)) };
    return undefined;
  };
  const invokeNonHttp = async (name: string, triggerData: RpcTypedData): Promise<unknown> => {
    const response = await invokeFunction(name, { triggerData, inputDataFor: durableClientInput });
    return fromTypedData(response.returnValue);
  };
  const requireEngine = (): DurableEngine => {
    if (!engine) throw new Error('durable engine not started');
    return engine;
  };

  const listeners: LoopbackListeners = await listenOnLoopback(
    createRequestDispatcher(
      {
        routePrefix: app.routePrefix,
        httpRoutes: () => httpRoutes,
        engine: requireEngine,
        invokeHttp: (name, request) => invokeFunction(name, { triggerData: { http: request }, inputDataFor: durableClientInput }),
        invokeInBackground: (name, body) => {
          const fn = registry.functions.get(name);
          if (!fn) return false;
          const trigger = triggerBindingOf(fn);
          let triggerData: RpcTypedData;
          if (trigger.type.toLowerCase() === 'timertrigger') {
            triggerData = timerPayload(new Date(), new Date());
          } else {
            // like the Functions host admin API: {"input": "..."} is handed to the trigger as a string
            let input: unknown;
            try {
              input = body.length ? (JSON.parse(body.toString('utf8')) as { input?: unknown }).input : undefined;
            } catch {
              input = undefined;
            }
            triggerData = { string: input === undefined ? '' : typeof input === 'string' ? input : JSON.stringify(input) };
          }
          invokeNonHttp(name, triggerData).catch((err: unknown) => logToStderr(`[Function.${name}] admin invocation failed: ${errorStack(err)}`));
          return true;
        },
        hostStatus: () => ({
          state: 'Running',
          version: 'local-host',
          processId: process.pid,
          functions: [...registry.functions.keys()],
          cosmos: { embedded: cosmos !== undefined, endpoint: process.env.COSMOS_ENDPOINT ?? null },
          durable: { hub: app.hubName, timerMode: options.timerMode, instances: engine?.instanceCount() ?? 0, idle: engine?.isIdle() ?? true, ...engine?.stats },
        }),
        devIssuer: (pathname) => devIssuer.handle?.(pathname),
        log: logToStderr,
      },
      ready,
    ),
    options.port,
  );
  const port = listeners.port;
  origin = `http://localhost:${port}`;
  // durable-functions rewrites client URLs to :7071 unless WEBSITE_HOSTNAME names this host
  process.env.WEBSITE_HOSTNAME = `localhost:${port}`;
  setEnvIfUnset('FUNCTIONS_WORKER_RUNTIME', 'node');
  process.env.AzureWebJobsScriptRoot = options.appDir;

  // Embedded Cosmos DB unless the environment points at a real account / emulator.
  if (useEmbeddedCosmos) {
    if (app.settingsValues.COSMOS_ENDPOINT) info(`[cosmos] local.settings.json COSMOS_ENDPOINT ignored: using the embedded server (set COSMOS_ENDPOINT in the environment to use another account)`);
    const { certPath, keyPath } = devCertPaths(options.dataDir);
    if (process.env.NODE_EXTRA_CA_CERTS !== certPath) {
      logToStderr(`WARNING: NODE_EXTRA_CA_CERTS is not ${certPath}; @azure/cosmos will not trust the embedded server (start through cli.js)`);
    }
    cosmos = await startEmbeddedCosmos({ dataDir: options.dataDir, cert: fs.readFileSync(certPath), key: fs.readFileSync(keyPath), log: info });
    process.env.COSMOS_ENDPOINT = cosmos.endpoint;
    process.env.COSMOS_KEY = EMULATOR_KEY;
    process.env.COSMOS_ENDPOINT_DISCOVERY = 'false';
  }

  devIssuer = ensureDevIssuer(options.dataDir, origin);
  for (const [k, v] of Object.entries(devIssuer.env)) setEnvIfUnset(k, v);

  // Load the app exactly like the worker: core module first, then every file of the `main` glob.
  installCoreApi();
  const entries = expandGlob(options.appDir, app.mainPattern);
  if (!entries.length) throw new AppLoadError(`No entry point matches "${app.mainPattern}" in ${options.appDir} (did you build the app?)`);
  for (const file of entries) {
    const exported: unknown = require(file);
    if (exported instanceof Promise) await exported;
  }
  for (const hook of registry.hooks.appStart) await hook({ hookData: {}, appHookData: registry.appHookData, functionAppDirectory: options.appDir });
  const capabilities = (await registry.programmingModel?.getCapabilities?.({})) ?? {};
  if (capabilities.HttpUri) throw new AppLoadError('app.setup({ enableHttpStream: true }) is not supported by the local host');
  registry.indexingLocked = true;

  // Index functions.
  const orchestrators = new Set<string>();
  const timerFunctions: TimerFunction[] = [];
  const bannerLines: string[] = [];
  for (const [name, fn] of registry.functions) {
    const trigger = triggerBindingOf(fn);
    const type = trigger.type.toLowerCase();
    if (type === 'httptrigger') {
      const route = typeof trigger.route === 'string' && trigger.route ? trigger.route : name;
      const methods = Array.isArray(trigger.methods) ? trigger.methods.map((m) => String(m).toUpperCase()) : [];
      httpRoutes.push({ name, route, methods, match: compileRoute(route) });
      bannerLines.push(`  ${name}: [${methods.join(',') || 'ANY'}] ${origin}/${app.routePrefix ? app.routePrefix + '/' : ''}${route}`);
    } else {
      if (type === 'timertrigger') timerFunctions.push({ name, schedule: String(trigger.schedule ?? ''), runOnStartup: trigger.runOnStartup === true });
      if (type === 'orchestrationtrigger') orchestrators.add(name);
      bannerLines.push(`  ${name}: ${trigger.type}${typeof trigger.schedule === 'string' ? ` (${trigger.schedule})` : ''}`);
    }
  }
  httpRoutes.sort((a, b) => compareRoutePrecedence(a.route, b.route));

  engine = new DurableEngine({
    taskHubName: app.hubName,
    timerMode: options.timerMode,
    store: new DurableStore(path.join(options.dataDir, 'durable', app.hubName.replace(/[^\w.-]/g, '_'))),
    isOrchestrator: (name) => orchestrators.has(name),
    maxConcurrentActivities: app.maxConcurrentActivities,
    log: logToStderr,
  });
  const restored = engine.restore();

  const timers = new TimerTriggerScheduler(invokeNonHttp, logToStderr);
  if (options.enableTimers) timers.start(timerFunctions);

  markReady();
  const banner = [
    `Local Functions host listening on ${origin} (app: ${options.appDir}, data: ${options.dataDir})`,
    `Durable: hub ${app.hubName}, timer mode ${options.timerMode}, ${restored.instances} instances restored (${restored.resumed} resumed)`,
    cosmos ? `Cosmos DB: embedded at ${cosmos.endpoint}` : `Cosmos DB: ${process.env.COSMOS_ENDPOINT ?? '(not configured)'}`,
    `Timer triggers: ${options.enableTimers ? 'on' : 'off'}. Started in ${Date.now() - t0} ms.`,
    'Functions:',
    ...bannerLines,
  ].join('\n');

  let closing: Promise<void> | undefined;
  return {
    url: origin,
    port,
    functionNames: [...registry.functions.keys()],
    banner,
    close() {
      closing ??= (async () => {
        timers.stop();
        engine?.close();
        for (const hook of registry.hooks.appTerminate) {
          try {
            await hook({ hookData: {}, appHookData: registry.appHookData });
          } catch (err) {
            logToStderr(`[host] appTerminate hook failed: ${errorStack(err)}`);
          }
        }
        await Promise.all([listeners.close(), cosmos?.close()]);
      })();
      return closing;
    },
  };
}

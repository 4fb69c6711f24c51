/**
 * A stand-in for the `@azure/functions-core` module that the real Node language worker injects
 * (azure-functions-nodejs-worker, src/setupCoreModule.ts). @azure/functions 4.x talks to the worker
 * only through this module (setProgrammingModel, registerFunction, registerHook, log), so providing
 * it captures the app's registrations exactly as in Azure, and invocations run through the
 * library's own InvocationModel conversions.
 *
 * The worker injects the module by proxying Module.prototype.require; we do the same.
 */
import Module = require('module');

/** RPC binding JSON as the library hands it to registerFunction (httpTrigger, timerTrigger, ...). */
export interface RpcBindingInfo {
  type: string;
  direction?: 'in' | 'out' | 'inout' | string;
  [key: string]: unknown;
}

export interface FunctionMetadata {
  name: string;
  functionId: string;
  bindings: Record<string, RpcBindingInfo>;
  retryOptions?: unknown;
}

export type FunctionCallback = (...args: unknown[]) => unknown;

export interface RegisteredFunction {
  metadata: FunctionMetadata;
  callback: FunctionCallback;
}

/** The subset of the programming model / invocation model contract (types-core) that we call. */
export interface InvocationModel {
  getArguments(): Promise<{ context: unknown; inputs: unknown[] }>;
  invokeFunction(context: unknown, inputs: unknown[], handler: FunctionCallback): Promise<unknown>;
  getResponse(context: unknown, result: unknown): Promise<RpcInvocationResponse>;
}

export interface ProgrammingModel {
  name: string;
  version: string;
  getInvocationModel(coreCtx: unknown): InvocationModel | Promise<InvocationModel>;
  getCapabilities?(capabilities: Record<string, string>): Promise<Record<string, string>>;
}

export interface RpcTypedData {
  string?: string | null;
  json?: string | null;
  bytes?: Uint8Array | null;
  int?: number | string | null;
  double?: number | null;
  http?: RpcHttpData | null;
}

export interface RpcHttpCookie {
  name: string;
  value: string;
  domain?: { value?: string } | null;
  path?: { value?: string } | null;
  maxAge?: { value?: number } | null;
  secure?: { value?: boolean } | null;
  httpOnly?: { value?: boolean } | null;
  sameSite?: string | number | null;
  expires?: { value?: { seconds?: number | string } } | null;
}

export interface RpcHttpData {
  method?: string | null;
  url?: string | null;
  headers?: Record<string, string> | null;
  query?: Record<string, string> | null;
  params?: Record<string, string> | null;
  body?: RpcTypedData | null;
  statusCode?: string | number | null;
  cookies?: RpcHttpCookie[] | null;
  enableContentNegotiation?: boolean | null;
}

export interface RpcInvocationResponse {
  returnValue?: RpcTypedData | null;
  outputData?: Array<{ name?: string | null; data?: RpcTypedData | null }> | null;
}

export type HookName = 'appStart' | 'appTerminate' | 'preInvocation' | 'postInvocation' | 'log';
export type HookCallback = (context: Record<string, unknown>) => unknown;
export type LogLevel = 'information' | 'debug' | 'trace' | 'warning' | 'error' | 'critical' | 'none' | string;
export type LogSink = (level: LogLevel, category: string, message: string) => void;

export class Disposable {
  static from(...items: Array<{ dispose(): unknown }>): Disposable {
    return new Disposable(() => items.forEach((item) => item.dispose()));
  }
  #callback: () => unknown;
  #disposed = false;
  constructor(callback: () => unknown) {
    this.#callback = callback;
  }
  dispose(): unknown {
    if (this.#disposed) return undefined;
    this.#disposed = true;
    return this.#callback();
  }
}

/** Thrown when the app tries to (un)register functions after indexing, as the worker does. */
export class RegistrationLockedError extends Error {}

/** Everything the app registered through the core module. One per process. */
export class CoreRegistry {
  programmingModel: ProgrammingModel | undefined;
  readonly functions = new Map<string, RegisteredFunction>();
  readonly hooks: Record<HookName, HookCallback[]> = {
    appStart: [],
    appTerminate: [],
    preInvocation: [],
    postInvocation: [],
    log: [],
  };
  readonly appHookData: Record<string, unknown> = {};
  indexingLocked = false;
  logSink: LogSink = defaultLogSink;
}

function defaultLogSink(level: LogLevel, category: string, message: string): void {
  if (level === 'debug' || level === 'trace') return;
  const toStderr = level === 'error' || level === 'critical' || level === 'warning';
  (toStderr ? process.stderr : process.stdout).write(`[${category}] ${message}\n`);
}

export const registry = new CoreRegistry();

function isHookName(name: string): name is HookName {
  return Object.prototype.hasOwnProperty.call(registry.hooks, name);
}

/** The object `require('@azure/functions-core')` returns. */
export const coreApi = {
  version: '3.10.1-local-host',
  hostVersion: '4.1037.0', // any 4.x; the library only feature-checks coreApi.log
  setProgrammingModel(model: ProgrammingModel): void {
    const previous = registry.programmingModel;
    if (previous && previous !== model) {
      registry.logSink(
        'warning',
        'system',
        `Programming model set twice (${previous.name}@${previous.version} -> ${model.name}@${model.version}). ` +
          'Check for duplicate copies of @azure/functions in node_modules.',
      );
    }
    registry.programmingModel = model;
  },
  getProgrammingModel(): ProgrammingModel | undefined {
    return registry.programmingModel;
  },
  registerFunction(metadata: { name: string; functionId?: string; bindings: Record<string, RpcBindingInfo>; retryOptions?: unknown }, callback: FunctionCallback): Disposable {
    if (registry.indexingLocked) throw new RegistrationLockedError('A function can only be registered during app startup.');
    const functionId = metadata.functionId ?? metadata.name;
    if (registry.functions.has(functionId)) throw new Error(`A function with id "${functionId}" has already been registered.`);
    // Copy the bindings, as the worker's RPC round-trip would.
    const bindings: Record<string, RpcBindingInfo> = {};
    for (const [name, binding] of Object.entries(metadata.bindings)) bindings[name] = { ...binding };
    registry.functions.set(functionId, {
      metadata: { name: metadata.name, functionId, bindings, retryOptions: metadata.retryOptions },
      callback,
    });
    return new Disposable(() => {
      if (registry.indexingLocked) throw new RegistrationLockedError('A function can only be disposed during app startup.');
      registry.functions.delete(functionId);
    });
  },
  registerHook(hookName: string, callback: HookCallback): Disposable {
    if (!isHookName(hookName)) throw new RangeError(`Unrecognized hook "${hookName}"`);
    const list = registry.hooks[hookName];
    list.push(callback);
    return new Disposable(() => {
      const index = list.indexOf(callback);
      if (index >= 0) list.splice(index, 1);
    });
  },
  log(level: LogLevel, category: string, message: string): void {
    registry.logSink(level, category, message);
  },
  Disposable,
};

let installed = false;

/** Make `require('@azure/functions-core')` resolve to {@link coreApi} for every module in this process. */
export function installCoreApi(): void {
  if (installed) return;
  installed = true;
  type RequireFn = (this: unknown, id: string) => unknown;
  const proto = Module.prototype as unknown as { require: RequireFn };
  proto.require = new Proxy(proto.require, {
    apply(target, thisArg: unknown, args: [string]): unknown {
      if (args[0] === '@azure/functions-core') return coreApi;
      return Reflect.apply(target, thisArg, args);
    },
  });
}

/**
 * Invokes a registered function the way the Node worker's InvocationHandler does:
 * programmingModel.getInvocationModel(coreCtx) -> getArguments -> preInvocation hooks ->
 * invokeFunction -> postInvocation hooks -> getResponse. Running the library's own conversions
 * (RpcHttp <-> HttpRequest/HttpResponse, timer camel-casing, extraInputs, return value) is what
 * keeps the local host faithful to Azure.
 */
import { randomUUID } from 'crypto';
import { registry, RegisteredFunction, RpcBindingInfo, RpcInvocationResponse, RpcTypedData } from './core-api';

export class FunctionNotFoundError extends Error {
  constructor(readonly functionName: string) {
    super(`Function "${functionName}" is not registered`);
  }
}

/** The app uses an input binding the local host cannot provide (e.g. a Cosmos DB input binding). */
export class UnsupportedBindingError extends Error {}

export interface TriggerBinding extends RpcBindingInfo {
  name: string;
}

export function isTriggerType(type: unknown): boolean {
  return typeof type === 'string' && /trigger$/i.test(type);
}

export function getFunction(name: string): RegisteredFunction {
  const fn = registry.functions.get(name);
  if (!fn) throw new FunctionNotFoundError(name);
  return fn;
}

export function triggerBindingOf(fn: RegisteredFunction): TriggerBinding {
  for (const [name, binding] of Object.entries(fn.metadata.bindings)) {
    if (binding.direction === 'in' && isTriggerType(binding.type)) return { ...binding, name };
  }
  throw new Error(`Function ${fn.metadata.name} has no trigger binding`);
}

/** Supplies RpcTypedData for non-trigger input bindings (only durableClient locally). */
export type InputDataProvider = (binding: RpcBindingInfo, bindingName: string) => RpcTypedData | undefined;

export interface InvokeOptions {
  triggerData: RpcTypedData;
  inputDataFor?: InputDataProvider;
  triggerMetadata?: Record<string, RpcTypedData>;
}

export async function invokeFunction(functionName: string, options: InvokeOptions): Promise<RpcInvocationResponse> {
  const fn = getFunction(functionName);
  const programmingModel = registry.programmingModel;
  if (!programmingModel) throw new Error('No programming model registered (did the app load @azure/functions?)');
  const invocationId = randomUUID();
  const trigger = triggerBindingOf(fn);
  const inputData: Array<{ name: string; data: RpcTypedData }> = [{ name: trigger.name, data: options.triggerData }];
  for (const [name, binding] of Object.entries(fn.metadata.bindings)) {
    if (binding.direction !== 'in' || name === trigger.name) continue;
    const data = options.inputDataFor?.(binding, name);
    if (data === undefined) {
      throw new UnsupportedBindingError(`Local host cannot provide input binding "${name}" of type "${binding.type}" for ${functionName}`);
    }
    inputData.push({ name, data });
  }
  const category = `Function.${functionName}`;
  const coreCtx = {
    invocationId,
    request: {
      invocationId,
      functionId: functionName,
      inputData,
      triggerMetadata: options.triggerMetadata ?? {},
      traceContext: {},
      retryContext: null,
    },
    metadata: { name: functionName, functionId: functionName, bindings: fn.metadata.bindings },
    state: undefined as string | undefined,
    log(level: string, logCategory: string, message: string): void {
      registry.logSink(level, logCategory === 'user' ? `Function.${functionName}.User` : category, message);
    },
  };
  const invocationModel = await programmingModel.getInvocationModel(coreCtx);
  const args = await invocationModel.getArguments();
  const context = args.context;
  let inputs = args.inputs;
  let callback = fn.callback;
  const hookData: Record<string, unknown> = {};
  if (registry.hooks.preInvocation.length) {
    const pre: Record<string, unknown> = { hookData, appHookData: registry.appHookData, invocationContext: context, functionCallback: callback, inputs };
    coreCtx.state = 'preInvocationHooks';
    for (const hook of registry.hooks.preInvocation) await hook(pre);
    coreCtx.state = undefined;
    inputs = Array.isArray(pre.inputs) ? pre.inputs : inputs;
    callback = typeof pre.functionCallback === 'function' ? (pre.functionCallback as typeof callback) : callback;
  }
  let result: unknown;
  let error: unknown;
  let failed = false;
  coreCtx.state = 'invocation';
  try {
    result = await invocationModel.invokeFunction(context, inputs, callback);
  } catch (err) {
    error = err;
    failed = true;
  } finally {
    coreCtx.state = undefined;
  }
  if (registry.hooks.postInvocation.length) {
    const post: Record<string, unknown> = { hookData, appHookData: registry.appHookData, invocationContext: context, inputs, result, error };
    coreCtx.state = 'postInvocationHooks';
    for (const hook of registry.hooks.postInvocation) await hook(post);
    coreCtx.state = undefined;
    result = post.result;
    error = post.error;
    failed = error !== undefined && error !== null;
  }
  if (failed) throw error;
  return invocationModel.getResponse(context, result);
}

/** Decodes RpcTypedData into the value the Functions host would have received. */
export function fromTypedData(data: RpcTypedData | null | undefined): unknown {
  if (data === null || data === undefined) return undefined;
  if (data.json !== undefined && data.json !== null) return JSON.parse(data.json) as unknown;
  if (data.string !== undefined && data.string !== null) return data.string;
  if (data.bytes) return Buffer.from(data.bytes);
  if (data.int !== undefined && data.int !== null) return Number(data.int);
  if (data.double !== undefined && data.double !== null) return data.double;
  if (data.http) return data.http;
  return undefined;
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function errorStack(err: unknown): string {
  return err instanceof Error ? err.stack ?? err.message : String(err);
}

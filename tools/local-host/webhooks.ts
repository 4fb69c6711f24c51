/**
 * The Durable Functions HTTP management API (a subset of the extension's HttpApiHandler.cs), served
 * under /runtime/webhooks/durabletask (the public URLs in managementUrls / createCheckStatusResponse)
 * and under /durabletask/ (the `rpcBaseUrl` durable-functions 3.x DurableClient prefers), plus the
 * `durableClient` binding payload that points the app's client at this host.
 */
import { DurableClientError, DurableEngine, StatusQuery } from './durable-engine';
import { RUNTIME_STATUSES, RuntimeStatus } from './durable-protocol';
import { compileRoute } from './routes';

export const WEBHOOK_BASE = '/runtime/webhooks/durabletask';
export const RPC_BASE = '/durabletask';

export interface ManagementUrls {
  id: string;
  statusQueryGetUri: string;
  sendEventPostUri: string;
  terminatePostUri: string;
  rewindPostUri: string;
  purgeHistoryDeleteUri: string;
  restartPostUri: string;
  suspendPostUri: string;
  resumePostUri: string;
}

export function managementUrls(origin: string, hub: string, instanceId: string): ManagementUrls {
  const prefix = `${origin}${WEBHOOK_BASE}/instances/${encodeURIComponent(instanceId)}`;
  const q = `taskHub=${encodeURIComponent(hub)}&connection=Storage`;
  return {
    id: instanceId,
    statusQueryGetUri: `${prefix}?${q}`,
    sendEventPostUri: `${prefix}/raiseEvent/{eventName}?${q}`,
    terminatePostUri: `${prefix}/terminate?reason={text}&${q}`,
    rewindPostUri: `${prefix}/rewind?reason={text}&${q}`,
    purgeHistoryDeleteUri: `${prefix}?${q}`,
    restartPostUri: `${prefix}/restart?${q}`,
    suspendPostUri: `${prefix}/suspend?reason={text}&${q}`,
    resumePostUri: `${prefix}/resume?reason={text}&${q}`,
  };
}

/** The JSON the Functions host hands to a `durableClient` input binding (BindingHelper.cs). */
export function clientBindingData(origin: string, hub: string): Record<string, unknown> {
  const base = `${origin}${WEBHOOK_BASE}`;
  const { id: _id, ...urls } = managementUrls(origin, hub, 'INSTANCEID');
  return {
    taskHubName: hub,
    creationUrls: {
      createNewInstancePostUri: `${base}/orchestrators/{functionName}[/{instanceId}]?`,
      createAndWaitOnNewInstancePostUri: `${base}/orchestrators/{functionName}[/{instanceId}]?timeout={timeoutInSeconds}&pollingInterval={intervalInSeconds}&`,
    },
    managementUrls: { id: 'INSTANCEID', ...urls },
    baseUrl: base,
    requiredQueryStringParameters: '',
    rpcBaseUrl: `${origin.replace('//localhost', '//127.0.0.1')}${RPC_BASE}/`,
  };
}

export interface WebhookRequest {
  method: string;
  url: URL;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export interface WebhookResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const routes = {
  start: compileRoute('orchestrators/{functionName}/{instanceId?}'),
  raise: compileRoute('instances/{instanceId}/raiseEvent/{eventName}'),
  instances: compileRoute('instances/{instanceId?}/{operation?}'),
  entities: compileRoute('entities/{*rest}'),
};

const RUNNING_LIKE: ReadonlySet<RuntimeStatus> = new Set<RuntimeStatus>(['Running', 'Pending', 'ContinuedAsNew', 'Suspended']);

function json(status: number, body?: unknown, headers: Record<string, string> = {}): WebhookResponse {
  return { status, headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers }, body: body === undefined ? '' : JSON.stringify(body) };
}

function parseBool(value: string | null, fallback: boolean): boolean {
  return value === null ? fallback : /^true$/i.test(value);
}

function parseStatuses(value: string | null): RuntimeStatus[] | undefined {
  if (!value) return undefined;
  const wanted = value.split(',').map((v) => v.trim().toLowerCase());
  return RUNTIME_STATUSES.filter((s) => wanted.includes(s.toLowerCase()));
}

function parseJsonBody(body: Buffer): { ok: true; value: unknown } | { ok: false } {
  const text = body.toString('utf8');
  if (!text.length) return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/** Returns the path relative to one of the two base paths, or undefined if the request is not for this API. */
export function webhookRelativePath(pathname: string): string | undefined {
  const lower = pathname.toLowerCase();
  if (lower === WEBHOOK_BASE || lower.startsWith(WEBHOOK_BASE + '/')) return pathname.slice(WEBHOOK_BASE.length);
  if (lower.startsWith(RPC_BASE + '/')) return pathname.slice(RPC_BASE.length);
  return undefined;
}

export async function handleWebhook(engine: DurableEngine, req: WebhookRequest, rel: string): Promise<WebhookResponse> {
  const q = req.url.searchParams;
  const method = req.method.toUpperCase();
  const origin = req.url.origin;
  let p: Record<string, string> | null;

  if ((p = routes.start(rel))) {
    if (method !== 'POST') return json(405);
    const parsed = parseJsonBody(req.body);
    if (!parsed.ok) return json(400, { Message: 'Invalid JSON content' });
    let id: string;
    try {
      id = engine.startNew(p.functionName ?? '', { instanceId: p.instanceId, input: parsed.value });
    } catch (err) {
      if (err instanceof DurableClientError) return json(err.httpStatus, { Message: err.message });
      throw err;
    }
    const links = managementUrls(origin, engine.taskHubName, id);
    const timeout = Number(q.get('timeout'));
    if (timeout > 0) {
      try {
        const status = await engine.waitForCompletion(id, timeout * 1000);
        return json(200, status.runtimeStatus === 'Completed' ? status.output : status);
      } catch {
        // still running: fall through to the 202 check-status response
      }
    }
    return json(202, links, { Location: links.statusQueryGetUri, 'Retry-After': '10' });
  }

  if ((p = routes.raise(rel))) {
    if (method !== 'POST') return json(405);
    const contentType = String(req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (contentType !== 'application/json') return json(400, { Message: 'Only application/json request content is supported' });
    const parsed = parseJsonBody(req.body);
    if (!parsed.ok) return json(400, { Message: 'Invalid JSON content' });
    return json(engine.raiseEvent(p.instanceId ?? '', p.eventName ?? '', parsed.value ?? null));
  }

  if ((p = routes.instances(rel))) {
    const { instanceId, operation } = p;
    if (!instanceId) {
      const query: StatusQuery = {
        runtimeStatus: parseStatuses(q.get('runtimeStatus')),
        createdTimeFrom: q.get('createdTimeFrom') ? new Date(q.get('createdTimeFrom') ?? '') : undefined,
        createdTimeTo: q.get('createdTimeTo') ? new Date(q.get('createdTimeTo') ?? '') : undefined,
        instanceIdPrefix: q.get('instanceIdPrefix') ?? undefined,
        showInput: parseBool(q.get('showInput'), false),
      };
      if (method === 'GET') {
        const all = engine.listStatus(query);
        const top = Number(q.get('top')) || all.length || 1;
        const start = Number(req.headers['x-ms-continuation-token'] ?? 0) || 0;
        const headers: Record<string, string> = {};
        if (start + top < all.length) headers['x-ms-continuation-token'] = String(start + top);
        return json(200, all.slice(start, start + top), headers);
      }
      if (method === 'DELETE') {
        const n = engine.purgeBy(query);
        return n ? json(200, { instancesDeleted: n }) : json(404);
      }
      return json(405);
    }
    if (!operation) {
      if (method === 'GET') {
        const status = engine.getStatus(instanceId, {
          showHistory: parseBool(q.get('showHistory'), false),
          showHistoryOutput: parseBool(q.get('showHistoryOutput'), false),
          showInput: parseBool(q.get('showInput'), true),
        });
        if (!status) return json(404);
        if (RUNNING_LIKE.has(status.runtimeStatus)) return json(202, status, { Location: req.url.href, 'Retry-After': '5' });
        if (status.runtimeStatus === 'Failed' && parseBool(q.get('returnInternalServerErrorOnFailure'), false)) return json(500, status);
        return json(200, status);
      }
      if (method === 'DELETE') {
        const n = engine.purge(instanceId);
        return n ? json(200, { instancesDeleted: n }) : json(404);
      }
      return json(405);
    }
    if (method !== 'POST') return json(405);
    switch (operation.toLowerCase()) {
      case 'terminate':
        return json(engine.terminate(instanceId, q.get('reason') ?? undefined));
      case 'suspend':
        return json(engine.suspend(instanceId));
      case 'resume':
        return json(engine.resume(instanceId));
      case 'rewind':
      case 'restart':
        return json(501, { Message: `${operation} is not supported by the local durable host` });
      default:
        return json(404);
    }
  }

  if (routes.entities(rel)) return json(501, { Message: 'Durable entities are not supported by the local durable host' });
  return json(404);
}

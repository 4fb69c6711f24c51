/**
 * The host's HTTP front door: loopback-only listeners (127.0.0.1 and ::1 on the same port, so both
 * http://localhost and http://127.0.0.1 work whatever localhost resolves to first), and the request
 * dispatcher: dev issuer, Durable management API, admin endpoints, HTTP triggers under /{routePrefix}.
 *
 * A request can never crash the host: every failure becomes a 500 with an empty body and a stack
 * trace on stderr. Nothing here logs request bodies or headers (Authorization stays private).
 */
import * as http from 'http';
import { AddressInfo } from 'net';
import { RpcHttpCookie, RpcHttpData, RpcInvocationResponse } from './core-api';
import { DurableEngine } from './durable-engine';
import { errorStack, FunctionNotFoundError } from './invoke';
import { RouteMatcher } from './routes';
import { handleWebhook, webhookRelativePath } from './webhooks';
import type { DevIssuerResponse } from '../dev-issuer/index';

export interface HttpFunctionRoute {
  name: string;
  route: string;
  methods: string[];
  match: RouteMatcher;
}

/** What the dispatcher needs from the host. */
export interface RequestServices {
  routePrefix: string;
  httpRoutes(): readonly HttpFunctionRoute[];
  engine(): DurableEngine;
  invokeHttp(functionName: string, request: RpcHttpData): Promise<RpcInvocationResponse>;
  /** Starts a non-HTTP function in the background; false if it does not exist. */
  invokeInBackground(functionName: string, body: Buffer): boolean;
  hostStatus(): Record<string, unknown>;
  devIssuer(pathname: string): DevIssuerResponse | undefined;
  log(message: string): void;
}

interface Reply {
  status: number;
  headers?: Record<string, string | string[]>;
  body?: Buffer | string;
}

export async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks);
}

export function isLoopbackAddress(address: string | undefined): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1' || (address?.startsWith('127.') ?? false);
}

function jsonReply(status: number, value: unknown): Reply {
  return { status, headers: { 'Content-Type': 'application/json; charset=utf-8' }, body: JSON.stringify(value) };
}

function cookieHeader(c: RpcHttpCookie): string {
  let s = `${c.name}=${c.value}`;
  if (c.path?.value) s += `; Path=${c.path.value}`;
  if (c.domain?.value) s += `; Domain=${c.domain.value}`;
  if (c.maxAge?.value !== undefined && c.maxAge.value !== null) s += `; Max-Age=${c.maxAge.value}`;
  if (c.expires?.value?.seconds !== undefined) s += `; Expires=${new Date(Number(c.expires.value.seconds) * 1000).toUTCString()}`;
  if (c.secure?.value) s += '; Secure';
  if (c.httpOnly?.value) s += '; HttpOnly';
  // RPC enum: none = not set, explicitNone = "SameSite=None"
  const sameSite = typeof c.sameSite === 'number' ? ['', 'Lax', 'Strict', 'None'][c.sameSite] : { lax: 'Lax', strict: 'Strict', explicitnone: 'None' }[String(c.sameSite ?? '').toLowerCase()];
  if (sameSite) s += `; SameSite=${sameSite}`;
  return s;
}

/** Converts what @azure/functions returned (RpcHttp in returnValue or an output binding) into a reply. */
export function replyFromInvocation(response: RpcInvocationResponse): Reply {
  let data = response.returnValue ?? undefined;
  if (!data?.http) data = response.outputData?.find((o) => o.data?.http)?.data ?? undefined;
  const rpc = data?.http;
  if (!rpc) return { status: 204 };
  const headers: Record<string, string | string[]> = { ...(rpc.headers ?? {}) };
  const cookies = (rpc.cookies ?? []).map(cookieHeader);
  if (cookies.length) headers['Set-Cookie'] = cookies;
  const body = rpc.body;
  const bytes = body?.bytes ? Buffer.from(body.bytes) : Buffer.from(body?.string ?? (body?.json ?? ''));
  return { status: Number(rpc.statusCode ?? 200) || 200, headers, body: bytes };
}

function send(res: http.ServerResponse, reply: Reply): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  res.writeHead(reply.status, reply.headers);
  res.end(reply.body ?? '');
}

export function createRequestDispatcher(services: RequestServices, ready: Promise<void>): http.RequestListener {
  const dispatch = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    await ready;
    const hostHeader = req.headers.host ?? `localhost:${(req.socket.localPort ?? 0).toString()}`;
    const url = new URL(req.url ?? '/', `http://${hostHeader}`);
    const method = (req.method ?? 'GET').toUpperCase();
    const pathname = url.pathname;

    if (method === 'GET' && pathname.startsWith('/.dev-issuer/')) {
      const answer = services.devIssuer(pathname);
      return send(res, answer ? { status: answer.status, headers: answer.headers, body: answer.body } : { status: 404 });
    }

    const body = await readBody(req);
    const webhookPath = webhookRelativePath(pathname);
    if (webhookPath !== undefined) {
      const answer = await handleWebhook(services.engine(), { method, url, headers: req.headers, body }, webhookPath);
      return send(res, answer);
    }

    if (pathname.startsWith('/admin/')) {
      if (!isLoopbackAddress(req.socket.remoteAddress)) return send(res, { status: 403 });
      return send(res, await handleAdmin(services, method, pathname, body));
    }

    const prefix = services.routePrefix ? `/${services.routePrefix}` : '';
    const lower = pathname.toLowerCase();
    if (prefix && lower !== prefix.toLowerCase() && !lower.startsWith(prefix.toLowerCase() + '/')) return send(res, { status: 404 });
    const relative = pathname.slice(prefix.length);
    for (const route of services.httpRoutes()) {
      const params = route.match(relative);
      if (!params) continue;
      if (route.methods.length && !route.methods.includes(method)) continue;
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
      const rpcRequest: RpcHttpData = {
        method,
        url: url.href,
        headers,
        query: Object.fromEntries(url.searchParams),
        params,
        body: body.length ? { bytes: body } : null,
      };
      try {
        return send(res, replyFromInvocation(await services.invokeHttp(route.name, rpcRequest)));
      } catch (err) {
        services.log(`[Function.${route.name}] failed: ${errorStack(err)}`);
        return send(res, { status: 500 });
      }
    }
    return send(res, { status: 404 });
  };
  return (req, res) => {
    dispatch(req, res).catch((err: unknown) => {
      services.log(`[host] request failed: ${errorStack(err)}`);
      send(res, { status: 500 });
    });
  };
}

async function handleAdmin(services: RequestServices, method: string, pathname: string, body: Buffer): Promise<Reply> {
  const invoke = /^\/admin\/functions\/([^/]+)$/i.exec(pathname);
  if (invoke && method === 'POST') {
    let name: string;
    try {
      name = decodeURIComponent(invoke[1] ?? '');
    } catch {
      return { status: 400 };
    }
    try {
      return services.invokeInBackground(name, body) ? { status: 202 } : { status: 404 };
    } catch (err) {
      if (err instanceof FunctionNotFoundError) return { status: 404 };
      throw err;
    }
  }
  if (pathname === '/admin/host/status' && method === 'GET') return jsonReply(200, services.hostStatus());
  if (pathname === '/admin/durable/idle' && method === 'POST') {
    await services.engine().idle();
    return jsonReply(200, { idle: true });
  }
  if (pathname === '/admin/durable/advance-time' && method === 'POST') {
    const engine = services.engine();
    if (engine.timerMode === 'real') return jsonReply(409, { error: 'advance-time needs --timer-mode manual or fast' });
    let ms: unknown;
    try {
      ms = (JSON.parse(body.toString('utf8') || '{}') as { ms?: unknown }).ms;
    } catch {
      return jsonReply(400, { error: 'body must be JSON {"ms": N}' });
    }
    if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) return jsonReply(400, { error: 'body must be JSON {"ms": N}' });
    await engine.advanceTime(ms);
    return jsonReply(200, { advancedMs: ms });
  }
  return { status: 404 };
}

export interface LoopbackListeners {
  port: number;
  close(): Promise<void>;
}

function listen(server: http.Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error): void => reject(err);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeAllConnections(); // drop keep-alive sockets (undici, @azure/cosmos)
  });
}

/** Listens on 127.0.0.1 and, when the machine has IPv6 loopback, on ::1 with the same port. */
export async function listenOnLoopback(listener: http.RequestListener, port: number): Promise<LoopbackListeners> {
  for (let attempt = 0; ; attempt++) {
    const v4 = http.createServer(listener);
    v4.keepAliveTimeout = 5000;
    await listen(v4, port, '127.0.0.1');
    const actualPort = (v4.address() as AddressInfo).port;
    const v6 = http.createServer(listener);
    try {
      await listen(v6, actualPort, '::1');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE' && port === 0 && attempt < 5) {
        await closeServer(v4);
        continue; // the random port is taken on ::1; pick another
      }
      if (code !== 'EADDRNOTAVAIL' && code !== 'EAFNOSUPPORT' && code !== 'EADDRINUSE') throw err;
      return { port: actualPort, close: () => closeServer(v4) };
    }
    return { port: actualPort, close: async () => void (await Promise.all([closeServer(v4), closeServer(v6)])) };
  }
}

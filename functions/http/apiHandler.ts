import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { z } from 'zod';
import { loadConfig, type AppConfig } from '../../shared/config';
import { InvalidInputError, PayloadTooLargeError, UnsupportedMediaTypeError } from '../../shared/errors';
import { GuidSchema } from '../../shared/schemas/ids';
import { problem } from './problem';

export interface ApiContext {
  request: HttpRequest;
  invocation: InvocationContext;
  correlationId: string;
  config: AppConfig;
}

const CORRELATION_ID = /^[A-Za-z0-9._-]{8,64}$/;

/**
 * The one wrapper every HTTP function goes through: correlation id on every log line and response,
 * typed errors turned into problem+json, and nothing of the request body or credentials in logs.
 */
export function apiHandler(
  handle: (ctx: ApiContext) => Promise<HttpResponseInit>,
): (request: HttpRequest, invocation: InvocationContext) => Promise<HttpResponseInit> {
  return async (request, invocation) => {
    const supplied = request.headers.get('x-correlation-id');
    const correlationId = supplied && CORRELATION_ID.test(supplied) ? supplied : invocation.invocationId;
    const instance = new URL(request.url).pathname;
    try {
      const config = loadConfig();
      const response = await handle({ request, invocation, correlationId, config });
      return { ...response, headers: { 'x-correlation-id': correlationId, ...(response.headers as Record<string, string> | undefined) } };
    } catch (error) {
      return errorResponse(error, correlationId, instance, invocation);
    }
  };
}

function errorResponse(error: unknown, correlationId: string, instance: string, invocation: InvocationContext): HttpResponseInit {
  const name = error instanceof Error ? error.name : 'UnknownError';
  const message = error instanceof Error ? error.message : String(error);
  const e = error as Record<string, unknown>;
  switch (name) {
    case 'InvalidInputError':
      return problem(400, correlationId, { detail: message, instance, errors: (e.issues as InvalidInputError['issues']) ?? [] });
    case 'NotFoundError':
      return problem(404, correlationId, { detail: message, instance });
    case 'ConflictError':
      return problem(409, correlationId, { detail: message, instance, extensions: (e.details as Record<string, unknown>) ?? {} });
    case 'PayloadTooLargeError':
      return problem(413, correlationId, { detail: message, instance });
    case 'UnsupportedMediaTypeError':
      return problem(415, correlationId, { detail: message, instance });
    case 'AuthenticationError':
      return problem(401, correlationId, {
        detail: message,
        instance,
        headers: typeof e.wwwAuthenticate === 'string' ? { 'WWW-Authenticate': e.wwwAuthenticate } : {},
      });
    case 'AuthenticationUnavailableError':
      return problem(503, correlationId, {
        detail: message,
        instance,
        headers: { 'Retry-After': String(typeof e.retryAfterInSeconds === 'number' ? e.retryAfterInSeconds : 30) },
      });
    case 'AuthorizationError':
      return problem(403, correlationId, { detail: message, instance, extensions: { missingPermission: e.missing } });
    case 'PreconditionFailedError':
      return problem(412, correlationId, { detail: message, instance });
    case 'AuthConfigError':
    case 'ConfigurationError':
      // The settings' names are in the log; the caller only learns the service is misconfigured.
      invocation.error(`[${correlationId}] ${name}: ${message}${Array.isArray(e.issues) ? ` (${(e.issues as string[]).join('; ')})` : ''}`);
      return problem(500, correlationId, { detail: 'The service is misconfigured. Quote the correlation id when reporting it.', instance });
    default:
      // Unexpected: log the error's name and message (never the request) and answer generically.
      invocation.error(`[${correlationId}] ${name}: ${message}`);
      return problem(500, correlationId, { detail: 'The service failed to process the request. Quote the correlation id when reporting it.', instance });
  }
}

/** Validates a route parameter, naming it in the 400 when it is malformed. */
export function routeGuid(request: HttpRequest, name: string): string {
  const parsed = GuidSchema.safeParse(request.params[name]);
  if (!parsed.success) throw new InvalidInputError(`Route parameter ${name} must be a GUID.`, [{ path: name, message: 'must be a GUID' }]);
  return parsed.data;
}

/**
 * Reads a JSON body within `limitInBytes` (413 above it), requiring a JSON content type when a body
 * is present. An absent body reads as `undefined`.
 */
export async function readJsonBody(request: HttpRequest, limitInBytes: number): Promise<unknown> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > limitInBytes) throw new PayloadTooLargeError(limitInBytes);
  const bytes = Buffer.from(await request.arrayBuffer());
  if (bytes.length > limitInBytes) throw new PayloadTooLargeError(limitInBytes);
  if (bytes.length === 0) return undefined;
  const contentType = (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (contentType !== 'application/json' && !contentType.endsWith('+json')) throw new UnsupportedMediaTypeError(contentType || '(none)');
  try {
    return JSON.parse(bytes.toString('utf8')) as unknown;
  } catch {
    throw new InvalidInputError('The request body is not valid JSON.', [{ path: '(body)', message: 'malformed JSON' }]);
  }
}

/** Parses with a zod schema, turning failures into a 400 that names each offending field. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, what: string, prefix = ''): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new InvalidInputError(`${what} is invalid.`, parsed.error.issues.map((i) => ({ path: formatIssuePath(i.path, prefix), message: i.message })));
}

function formatIssuePath(path: ReadonlyArray<PropertyKey>, prefix: string): string {
  let out = prefix;
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : out === '' ? String(key) : `.${String(key)}`;
  return out === '' ? '(root)' : out;
}

export const json = (status: number, body: unknown, headers: Record<string, string> = {}): HttpResponseInit => ({
  status,
  jsonBody: body,
  headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers },
});

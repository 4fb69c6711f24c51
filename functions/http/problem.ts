import type { HttpResponseInit } from '@azure/functions';
import type { FieldIssue } from '../../shared/errors';

/** RFC 9457 problem details; the body never carries stack traces, tokens or request bodies. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  correlationId: string;
  errors?: FieldIssue[];
  [extension: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function problem(
  status: number,
  correlationId: string,
  fields: { detail?: string; instance?: string; errors?: FieldIssue[]; headers?: Record<string, string>; extensions?: Record<string, unknown> } = {},
): HttpResponseInit {
  // Extensions first: the standard members (type, title, status, ...) always win over them.
  const body: ProblemDetails = {
    ...fields.extensions,
    type: 'about:blank',
    title: TITLES[status] ?? 'Error',
    status,
    correlationId,
    ...(fields.detail ? { detail: fields.detail } : {}),
    ...(fields.instance ? { instance: fields.instance } : {}),
    ...(fields.errors ? { errors: fields.errors } : {}),
  };
  return {
    status,
    jsonBody: body,
    headers: { 'Content-Type': 'application/problem+json', 'x-correlation-id': correlationId, ...fields.headers },
  };
}

/**
 * ASP.NET-style route templates as used by Azure Functions HTTP triggers:
 * "items/{id}", "items/{id?}", "items/{id:int}", "files/{*path}", "x/{a=default}".
 * Literal segments match case-insensitively, like the Functions host.
 */
export type RouteParams = Record<string, string>;
export type RouteMatcher = (path: string) => RouteParams | null;

export class RouteTemplateError extends Error {}

type RouteSegment =
  | { kind: 'literal'; text: string }
  | { kind: 'param'; name: string; catchAll: boolean; optional: boolean; constraint?: string; defaultValue?: string };

const PARAM_SEGMENT = /^\{(\*)?([A-Za-z_]\w*)(?::([a-z]+)(?:\([^)]*\))?)?(\?)?(?:=([^}]*))?\}$/;

const CONSTRAINTS: Record<string, RegExp> = {
  int: /^-?\d+$/,
  long: /^-?\d+$/,
  alpha: /^[A-Za-z]+$/,
  bool: /^(true|false)$/i,
  guid: /^[0-9a-f]{8}-?([0-9a-f]{4}-?){3}[0-9a-f]{12}$/i,
  double: /^-?\d+(\.\d+)?$/,
};

function splitPath(path: string): string[] {
  return path.replace(/^\/+|\/+$/g, '').split('/').filter((s) => s.length > 0);
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export function compileRoute(template: string): RouteMatcher {
  const segments: RouteSegment[] = splitPath(template).map((seg) => {
    const m = PARAM_SEGMENT.exec(seg);
    if (!m) {
      if (seg.includes('{')) throw new RouteTemplateError(`Unsupported route segment "${seg}" in "${template}"`);
      return { kind: 'literal', text: seg.toLowerCase() };
    }
    const name = m[2] ?? '';
    return { kind: 'param', name, catchAll: m[1] === '*', optional: m[4] === '?' || m[5] !== undefined, constraint: m[3], defaultValue: m[5] };
  });
  return (path: string): RouteParams | null => {
    const got = splitPath(path);
    const params: RouteParams = {};
    let i = 0;
    for (const seg of segments) {
      if (seg.kind === 'literal') {
        const actual = got[i];
        if (actual === undefined || safeDecode(actual).toLowerCase() !== seg.text) return null;
        i++;
        continue;
      }
      if (seg.catchAll) {
        const rest = got.slice(i).map(safeDecode).join('/');
        if (rest) params[seg.name] = rest;
        else if (seg.defaultValue !== undefined) params[seg.name] = seg.defaultValue;
        i = got.length;
        continue;
      }
      const actual = got[i];
      if (actual === undefined) {
        if (!seg.optional) return null;
        if (seg.defaultValue !== undefined) params[seg.name] = seg.defaultValue;
        continue;
      }
      const value = safeDecode(actual);
      const constraint = seg.constraint ? CONSTRAINTS[seg.constraint] : undefined;
      if (constraint && !constraint.test(value)) return null;
      params[seg.name] = value;
      i++;
    }
    return i === got.length ? params : null;
  };
}

/**
 * ASP.NET-like route precedence, compared segment by segment: literal < constrained parameter <
 * parameter < optional parameter < catch-all. Sort with {@link compareRoutePrecedence}.
 */
export function routePrecedence(template: string): number[] {
  return splitPath(template).map((seg) => {
    const m = PARAM_SEGMENT.exec(seg);
    if (!m) return 0;
    if (m[1] === '*') return 4;
    if (m[4] === '?' || m[5] !== undefined) return 3;
    return m[3] ? 1 : 2;
  });
}

/** Orders more specific routes first; ties keep registration order (Array#sort is stable). */
export function compareRoutePrecedence(a: string, b: string): number {
  const pa = routePrecedence(a);
  const pb = routePrecedence(b);
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

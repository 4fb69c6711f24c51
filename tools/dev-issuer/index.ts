/**
 * Development token issuer (dev-only; never imported by app code).
 * CONTRACT used by tools/local-host: `ensureDevIssuer` is called once at host start-up, before the
 * app is loaded. The host copies `env` into process.env (only keys not already set) and, for every
 * GET request whose path starts with `/.dev-issuer/`, calls `handle(pathname)` and sends what it
 * returns (404 when it returns undefined).
 * Owned by the auth work (issue 4); this placeholder enables nothing.
 */
export interface DevIssuerResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface DevIssuerSetup {
  env: Record<string, string>;
  handle?: (pathname: string) => DevIssuerResponse | undefined;
}

export function ensureDevIssuer(_dataDir: string, _hostOrigin: string): DevIssuerSetup {
  return { env: {} };
}

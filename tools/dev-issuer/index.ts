/**
 * Development token issuer (dev-only; never imported by app code).
 * CONTRACT used by tools/local-host: called once at host start-up, before the app is loaded.
 * Returns the environment variables the app needs to trust the dev issuer (set only if unset).
 * Owned by the auth work (issue 4); this placeholder enables nothing.
 */
export interface DevIssuerSetup {
  env: Record<string, string>;
}

export function ensureDevIssuer(_dataDir: string, _hostOrigin: string): DevIssuerSetup {
  return { env: {} };
}

/**
 * When the development token issuer may be trusted. It signs with a key that sits on a developer's
 * disk, so it is accepted only on a developer machine: never in Azure, never from a non-loopback
 * location. Every check fails closed.
 */

/** App Service / Functions set these in every Azure instance (including Flex Consumption). */
export const AZURE_INSTANCE_ENV_KEYS = ['WEBSITE_INSTANCE_ID', 'WEBSITE_SITE_NAME'] as const;

export function runningInAzure(env: Record<string, string | undefined>): string | undefined {
  return AZURE_INSTANCE_ENV_KEYS.find((key) => (env[key] ?? '').trim() !== '');
}

/** http(s) URL whose host is localhost, 127.0.0.0/8 or ::1. */
export function isLoopbackUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  if (url.username !== '' || url.password !== '') return false;
  const host = url.hostname.toLowerCase();
  if (host === 'localhost' || host === '[::1]') return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** Reasons the dev issuer must be refused in this environment; empty when it is allowed. */
export function devIssuerRefusals(issuer: string, env: Record<string, string | undefined>): string[] {
  const refusals: string[] = [];
  const azureKey = runningInAzure(env);
  if (azureKey !== undefined) {
    refusals.push(`AUTH_DEV_ISSUER_ENABLED is not allowed when running in Azure (${azureKey} is set)`);
  }
  if (!isLoopbackUrl(issuer)) refusals.push('AUTH_DEV_ISSUER must be an http(s) loopback URL');
  return refusals;
}

/**
 * The one outbound call auth makes: GET a small JSON document (OpenID metadata, JWKS).
 * Injected so tests can count calls; the default uses global fetch with a timeout, no redirects
 * and a size cap.
 */
export interface JsonResponse {
  status: number;
  body: unknown;
}

export type FetchJson = (url: string) => Promise<JsonResponse>;

const MAX_METADATA_BYTES = 512 * 1024;
const TIMEOUT_MS = 5_000;

export const defaultFetchJson: FetchJson = async (url) => {
  const res = await fetch(url, {
    redirect: 'error',
    signal: AbortSignal.timeout(TIMEOUT_MS),
    headers: { accept: 'application/json' },
  });
  const text = await res.text();
  if (text.length > MAX_METADATA_BYTES) throw new Error('metadata document too large');
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: res.status, body };
};

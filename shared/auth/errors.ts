/**
 * Typed authentication errors. Messages say what is wrong and never contain the credential, so
 * they are safe to log and to return in a problem body. Branch on `name` / `code`.
 */
export type AuthenticationErrorCode =
  | 'missing_credentials'
  | 'malformed_credentials'
  | 'unsupported_algorithm'
  | 'unknown_signing_key'
  | 'invalid_signature'
  | 'issuer_mismatch'
  | 'audience_mismatch'
  | 'token_expired'
  | 'token_not_yet_valid'
  | 'invalid_claims';

const REALM = 'defender-rbac-importer';

/** RFC 6750 §3 challenge; quotes and backslashes are stripped so the header stays well formed. */
function challenge(code: AuthenticationErrorCode, description: string): string {
  if (code === 'missing_credentials') return `Bearer realm="${REALM}"`; // §3.1: no error code when no credentials
  const safe = description.replace(/["\\\r\n]/g, '');
  return `Bearer realm="${REALM}", error="invalid_token", error_description="${safe}"`;
}

export class AuthenticationError extends Error {
  override readonly name = 'AuthenticationError';
  readonly status = 401 as const;
  readonly code: AuthenticationErrorCode;
  /** Value for the `WWW-Authenticate` response header. */
  readonly wwwAuthenticate: string;

  constructor(code: AuthenticationErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.wwwAuthenticate = challenge(code, message);
  }
}

/**
 * The identity provider could not be reached (network error, 5xx, unusable metadata). Not the
 * caller's fault: the edge should answer 503 and the caller may retry.
 */
export class AuthenticationUnavailableError extends Error {
  override readonly name = 'AuthenticationUnavailableError';
  readonly status = 503 as const;
  readonly retryAfterInSeconds: number;

  constructor(message: string, options?: { cause?: unknown; retryAfterInSeconds?: number }) {
    super(message, options);
    this.retryAfterInSeconds = options?.retryAfterInSeconds ?? 30;
  }
}

/** Invalid or unsafe auth settings; thrown at start-up so a misconfigured app never serves. */
export class AuthConfigError extends Error {
  override readonly name = 'AuthConfigError';
  readonly issues: string[];

  constructor(issues: string[]) {
    super(`Invalid auth configuration: ${issues.join('; ')}`);
    this.issues = issues;
  }
}

import { decodeJwt, decodeProtectedHeader, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import { z } from 'zod';
import type { Caller } from './caller';
import { isGuid } from './caller';
import { callerKind, guidList, stringClaim } from './claims';
import { PUBLIC_CLOUD_AUTHORITY_HOST, type AuthConfig } from './config';
import { AuthenticationError } from './errors';
import type { TenantKeyDirectory } from './signingKeys';

export interface BearerVerifierDeps {
  keys: TenantKeyDirectory;
  now: () => number;
}

/** Entra access tokens are a few KB; anything far larger is refused before parsing. */
export const MAX_TOKEN_LENGTH = 16 * 1024;

/** The only signature algorithm accepted (Entra signs access tokens with RS256). */
export const ALLOWED_ALGORITHMS = ['RS256'] as const;

/** Compact JWS only (no JWE, no JSON serialisation), base64url alphabet only. */
const COMPACT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/** The header fields read before verification; the shape check keeps the old error messages. */
const JwtHeader = z
  .object({
    alg: z.string(),
    kid: z.string().min(1).max(256).optional(),
    typ: z.string().optional(),
    crit: z.unknown().optional(),
  })
  .loose();

/** Issuers accepted for a tenant: v2 for the authority, plus the v1 form in the public cloud. */
export function expectedIssuers(authorityHost: string, tenantId: string): string[] {
  const issuers = [`${authorityHost}/${tenantId}/v2.0`];
  if (authorityHost === PUBLIC_CLOUD_AUTHORITY_HOST) issuers.push(`https://sts.windows.net/${tenantId}/`);
  return issuers;
}

function malformed(): AuthenticationError {
  return new AuthenticationError('malformed_credentials', 'token is not a well-formed JWT');
}

/** Reads header and claims without trusting them (jose's decoders; no signature check). */
function peek(token: string): { header: z.infer<typeof JwtHeader>; claims: JWTPayload } {
  if (token.length > MAX_TOKEN_LENGTH || !COMPACT.test(token)) throw malformed();
  let header: unknown;
  let claims: JWTPayload;
  try {
    header = decodeProtectedHeader(token);
    claims = decodeJwt(token);
  } catch {
    throw malformed();
  }
  const parsed = JwtHeader.safeParse(header);
  if (!parsed.success) throw malformed();
  return { header: parsed.data, claims };
}

/**
 * Verifies an access token and returns the caller. Order: algorithm allow-list → issuer (chosen
 * by the token's GUID `tid`) → signature with that issuer's keys → audience and lifetime → identity.
 * Everything from the signature on is jose's `jwtVerify`; the unverified peek only picks the key set.
 */
export async function verifyBearerToken(token: string, config: AuthConfig, deps: BearerVerifierDeps): Promise<Caller> {
  const { header, claims: unverified } = peek(token);
  // Checked here as well as by jose so that nothing is fetched for a token that cannot pass.
  if (!(ALLOWED_ALGORITHMS as readonly string[]).includes(header.alg)) {
    throw new AuthenticationError('unsupported_algorithm', 'token algorithm is not allowed');
  }
  if (header.crit !== undefined) throw new AuthenticationError('malformed_credentials', 'token has unsupported critical headers');
  if (header.kid === undefined) throw new AuthenticationError('malformed_credentials', 'token has no key id');

  const tid = unverified['tid'];
  if (!isGuid(tid)) throw new AuthenticationError('invalid_claims', 'token tenant (tid) is missing or not a GUID');
  const tenantId = tid.toLowerCase();
  const iss = stringClaim(unverified.iss) ?? '';

  // The dev issuer is a separate authority, only ever considered when config enabled it.
  const dev = config.devIssuer !== undefined && iss.startsWith(`${config.devIssuer.issuer}/`);
  const authority = dev && config.devIssuer !== undefined ? config.devIssuer.issuer : config.authorityHost;
  const issuers = dev ? [`${authority}/${tenantId}/v2.0`] : expectedIssuers(authority, tenantId);
  // Entra's issuer carries the tenant id as sent (lower case); compare exactly.
  if (!issuers.includes(iss)) throw new AuthenticationError('issuer_mismatch', 'token issuer is not trusted');

  const keySet = await deps.keys.keySetFor(authority, tenantId);
  const getKey = await keySet.resolverFor(header.kid);
  if (getKey === undefined) throw new AuthenticationError('unknown_signing_key', 'token signing key is not recognised');

  let claims: JWTPayload;
  try {
    ({ payload: claims } = await jwtVerify(token, getKey, {
      algorithms: [...ALLOWED_ALGORITHMS],
      // iss is re-checked on the verified claims; the pre-check above only chose the authority.
      issuer: issuers,
      audience: config.audiences,
      clockTolerance: config.clockSkewSeconds,
      currentDate: new Date(deps.now()),
      // jose checks presence in reverse order (after iss, aud): exp, then tid, then oid.
      requiredClaims: ['oid', 'tid', 'exp'],
    }));
  } catch (error) {
    throw fromJoseError(error);
  }
  // Same bytes as the peeked payload (the signature covers them), so tid still names this tenant.
  if (claims['tid'] !== tid) throw new AuthenticationError('invalid_claims', 'token tenant (tid) is missing or not a GUID');

  const oid = claims['oid'];
  if (!isGuid(oid)) throw new AuthenticationError('invalid_claims', 'token object id (oid) is missing or not a GUID');
  const claimNames = claims['_claim_names'];
  const groupsOverage =
    claims['hasgroups'] === true ||
    (typeof claimNames === 'object' && claimNames !== null && 'groups' in claimNames);

  const caller: Caller = {
    tenantId,
    objectId: oid.toLowerCase(),
    kind: callerKind(claims['idtyp'], claims['scp'], claims['preferred_username'] ?? claims['upn']),
    wids: guidList(claims['wids']),
    groups: guidList(claims['groups']),
    authMethod: dev ? 'devIssuer' : 'bearer',
  };
  const displayName = stringClaim(claims['name']);
  const appId = stringClaim(claims['azp']) ?? stringClaim(claims['appid']);
  if (displayName !== undefined) caller.displayName = displayName;
  if (appId !== undefined) caller.appId = appId;
  if (groupsOverage) caller.groupsOverage = true;
  return caller;
}

/**
 * jose's failure → our 401. No `cause` is attached: jose's claim errors carry the decoded claims,
 * which must not end up in logs alongside the error.
 */
function fromJoseError(error: unknown): Error {
  if (error instanceof joseErrors.JWTClaimValidationFailed) return fromClaimError(error);
  if (error instanceof joseErrors.JOSEError) {
    switch (error.code) {
      case 'ERR_JWT_EXPIRED':
        return new AuthenticationError('token_expired', 'token expired');
      case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
        return new AuthenticationError('invalid_signature', 'token signature is invalid');
      case 'ERR_JOSE_ALG_NOT_ALLOWED':
        return new AuthenticationError('unsupported_algorithm', 'token algorithm is not allowed');
      case 'ERR_JWKS_NO_MATCHING_KEY':
      case 'ERR_JWKS_MULTIPLE_MATCHING_KEYS': // ambiguous kid: refuse rather than guess
      case 'ERR_JWKS_INVALID':
      case 'ERR_JWK_INVALID':
        return new AuthenticationError('unknown_signing_key', 'token signing key is not recognised');
      default: // ERR_JWS_INVALID, ERR_JWT_INVALID, ERR_JOSE_NOT_SUPPORTED (e.g. crit) ...
        return malformed();
    }
  }
  // jose throws TypeError for a key it will not use, e.g. an RSA modulus under 2048 bits.
  if (error instanceof TypeError) return new AuthenticationError('unknown_signing_key', 'token signing key is not recognised');
  return error instanceof Error ? error : new Error('token verification failed');
}

/** ERR_JWT_CLAIM_VALIDATION_FAILED: the claim (and reason) say which of our codes applies. */
function fromClaimError(error: InstanceType<typeof joseErrors.JWTClaimValidationFailed>): AuthenticationError {
  switch (error.claim) {
    case 'iss':
      return new AuthenticationError('issuer_mismatch', 'token issuer is not trusted');
    case 'aud':
      return new AuthenticationError('audience_mismatch', 'token audience mismatch');
    case 'exp': // missing or not a number (an expired token is ERR_JWT_EXPIRED)
      return new AuthenticationError('invalid_claims', 'token has no expiry');
    case 'nbf':
      return error.reason === 'check_failed'
        ? new AuthenticationError('token_not_yet_valid', 'token not yet valid')
        : new AuthenticationError('invalid_claims', 'token not-before is invalid');
    case 'iat':
      return new AuthenticationError('invalid_claims', 'token issued-at is invalid');
    case 'tid':
      return new AuthenticationError('invalid_claims', 'token tenant (tid) is missing or not a GUID');
    case 'oid':
      return new AuthenticationError('invalid_claims', 'token object id (oid) is missing or not a GUID');
    default:
      return new AuthenticationError('invalid_claims', 'token claims are invalid');
  }
}

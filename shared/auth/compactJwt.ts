import { createPublicKey, verify as verifySignature, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { AuthenticationError } from './errors';

/*
 * Minimal, strict JWS (compact, RS256) handling on node:crypto. Why not jose: jose 6 ships ESM
 * only, and this project compiles to CommonJS and runs jest 29 without ESM support, so jose cannot
 * be loaded in tests. The surface here is deliberately tiny: one algorithm, no embedded keys, no
 * `crit`, no JWE.
 */

/** Entra access tokens are a few KB; anything far larger is refused before parsing. */
export const MAX_TOKEN_LENGTH = 16 * 1024;

/** The only signature algorithm accepted (Entra signs access tokens with RS256). */
export const ALLOWED_ALGORITHMS = ['RS256'] as const;

const JwtHeader = z
  .object({
    alg: z.string(),
    kid: z.string().min(1).max(256).optional(),
    typ: z.string().optional(),
    crit: z.unknown().optional(),
  })
  .loose();

export type JwtPayload = Record<string, unknown>;

export interface DecodedJwt {
  alg: string;
  kid: string | undefined;
  hasCrit: boolean;
  payload: JwtPayload;
  signingInput: Buffer;
  signature: Buffer;
}

const COMPACT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

function malformed(): AuthenticationError {
  return new AuthenticationError('malformed_credentials', 'token is not a well-formed JWT');
}

function jsonSegment(segment: string): unknown {
  try {
    return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    throw malformed();
  }
}

/** Splits and decodes a compact JWT without trusting anything in it. */
export function decodeCompactJwt(token: string): DecodedJwt {
  if (token.length > MAX_TOKEN_LENGTH || !COMPACT.test(token)) throw malformed();
  const [h = '', p = '', s = ''] = token.split('.');
  const header = JwtHeader.safeParse(jsonSegment(h));
  const payload = jsonSegment(p);
  if (!header.success || typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw malformed();
  }
  return {
    alg: header.data.alg,
    kid: header.data.kid,
    hasCrit: header.data.crit !== undefined,
    payload: payload as JwtPayload,
    signingInput: Buffer.from(`${h}.${p}`, 'ascii'),
    signature: Buffer.from(s, 'base64url'),
  };
}

/** RSASSA-PKCS1-v1_5 with SHA-256 (JWS "RS256"). */
export function verifyRs256(jwt: DecodedJwt, key: KeyObject): boolean {
  if (jwt.alg !== 'RS256' || jwt.signature.length === 0) return false;
  try {
    return verifySignature('sha256', jwt.signingInput, key, jwt.signature);
  } catch {
    return false;
  }
}

/** A JWKS entry we can use: RSA, for signatures, RS256 or unspecified, at least 2048 bits. */
export const RsaSigningJwk = z
  .object({
    kty: z.literal('RSA'),
    kid: z.string().min(1),
    n: z.string().min(1),
    e: z.string().min(1),
    use: z.literal('sig').optional(),
    alg: z.literal('RS256').optional(),
  })
  .loose();
export type RsaSigningJwk = z.infer<typeof RsaSigningJwk>;

export const MIN_RSA_MODULUS_BITS = 2048;

export function importRsaJwk(jwk: RsaSigningJwk): KeyObject | undefined {
  try {
    const key = createPublicKey({ key: { kty: 'RSA', n: jwk.n, e: jwk.e }, format: 'jwk' });
    const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
    return bits >= MIN_RSA_MODULUS_BITS ? key : undefined;
  } catch {
    return undefined;
  }
}

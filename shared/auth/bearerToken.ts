import type { Caller } from './caller';
import { isGuid } from './caller';
import { callerKind, guidList, stringClaim } from './claims';
import { ALLOWED_ALGORITHMS, decodeCompactJwt, verifyRs256 } from './compactJwt';
import { PUBLIC_CLOUD_AUTHORITY_HOST, type AuthConfig } from './config';
import { AuthenticationError } from './errors';
import type { TenantKeyDirectory } from './signingKeys';

export interface BearerVerifierDeps {
  keys: TenantKeyDirectory;
  now: () => number;
}

/** Issuers accepted for a tenant: v2 for the authority, plus the v1 form in the public cloud. */
export function expectedIssuers(authorityHost: string, tenantId: string): string[] {
  const issuers = [`${authorityHost}/${tenantId}/v2.0`];
  if (authorityHost === PUBLIC_CLOUD_AUTHORITY_HOST) issuers.push(`https://sts.windows.net/${tenantId}/`);
  return issuers;
}

/**
 * Verifies an access token and returns the caller. Order: algorithm allow-list → issuer (chosen
 * by the token's GUID `tid`) → signature with that issuer's keys → audience and lifetime → identity.
 */
export async function verifyBearerToken(token: string, config: AuthConfig, deps: BearerVerifierDeps): Promise<Caller> {
  const jwt = decodeCompactJwt(token);
  if (!(ALLOWED_ALGORITHMS as readonly string[]).includes(jwt.alg)) {
    throw new AuthenticationError('unsupported_algorithm', 'token algorithm is not allowed');
  }
  if (jwt.hasCrit) throw new AuthenticationError('malformed_credentials', 'token has unsupported critical headers');
  if (jwt.kid === undefined) throw new AuthenticationError('malformed_credentials', 'token has no key id');

  const claims = jwt.payload;
  const tid = claims['tid'];
  if (!isGuid(tid)) throw new AuthenticationError('invalid_claims', 'token tenant (tid) is missing or not a GUID');
  const tenantId = tid.toLowerCase();
  const iss = stringClaim(claims['iss']) ?? '';

  // The dev issuer is a separate authority, only ever considered when config enabled it.
  const dev = config.devIssuer !== undefined && iss.startsWith(`${config.devIssuer.issuer}/`);
  const authority = dev && config.devIssuer !== undefined ? config.devIssuer.issuer : config.authorityHost;
  const issuers = dev ? [`${authority}/${tenantId}/v2.0`] : expectedIssuers(authority, tenantId);
  // Entra's issuer carries the tenant id as sent (lower case); compare exactly.
  if (!issuers.includes(iss)) throw new AuthenticationError('issuer_mismatch', 'token issuer is not trusted');

  const keySet = await deps.keys.keySetFor(authority, tenantId);
  const key = await keySet.getKey(jwt.kid);
  if (key === undefined) throw new AuthenticationError('unknown_signing_key', 'token signing key is not recognised');
  if (!verifyRs256(jwt, key)) throw new AuthenticationError('invalid_signature', 'token signature is invalid');

  const aud = claims['aud'];
  const audiences = Array.isArray(aud) ? aud : [aud];
  if (!audiences.some((a) => typeof a === 'string' && config.audiences.includes(a))) {
    throw new AuthenticationError('audience_mismatch', 'token audience mismatch');
  }

  const nowSeconds = deps.now() / 1000;
  const skew = config.clockSkewSeconds;
  const exp = claims['exp'];
  const nbf = claims['nbf'];
  if (typeof exp !== 'number') throw new AuthenticationError('invalid_claims', 'token has no expiry');
  if (nowSeconds > exp + skew) throw new AuthenticationError('token_expired', 'token expired');
  if (nbf !== undefined && typeof nbf !== 'number') throw new AuthenticationError('invalid_claims', 'token not-before is invalid');
  if (typeof nbf === 'number' && nowSeconds + skew < nbf) {
    throw new AuthenticationError('token_not_yet_valid', 'token not yet valid');
  }

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

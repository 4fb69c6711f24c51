import { createLocalJWKSet, type JWK, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';
import { AuthenticationError, AuthenticationUnavailableError } from './errors';
import type { FetchJson } from './http';

/*
 * Why this file exists next to jose: jose 5's createRemoteJWKSet fetches one fixed JWKS URL with
 * its own HTTP client and `Date.now()`. It has no per-tenant OpenID discovery, no check that the
 * discovered jwks_uri stays on the authority's origin, no injectable fetch or clock (the rotation
 * and cooldown tests depend on both) and no bounded tenant cache. So discovery and caching stay
 * here; jose gets the fetched document through createLocalJWKSet and does all key import and
 * signature work (including the RSA ≥ 2048-bit rule).
 */

export interface KeyCacheOptions {
  fetchJson: FetchJson;
  /** Milliseconds since the epoch. */
  now: () => number;
  cacheMaxAgeMs: number;
  /** Minimum time between two fetches of one JWKS (an unknown kid cannot force a fetch storm). */
  cooldownMs: number;
}

const Jwks = z.object({ keys: z.array(z.unknown()) });

/**
 * A JWKS entry that could verify RS256: RSA, for signatures, RS256 or unspecified. Structural only:
 * importing the key and judging its size is jose's job at verification time.
 */
const RsaSigningJwk = z
  .object({
    kty: z.literal('RSA'),
    kid: z.string().min(1),
    n: z.string().min(1),
    e: z.string().min(1),
    use: z.literal('sig').optional(),
    alg: z.literal('RS256').optional(),
  })
  .loose();

interface KeySnapshot {
  kids: Set<string>;
  /** jose's resolver over this snapshot: picks the key by kid/alg and imports it. */
  resolve: JWTVerifyGetKey;
}

/**
 * One issuer's JWKS: cached, refreshed when older than `cacheMaxAgeMs`, and refetched on an
 * unknown `kid` (key rotation) at most once per `cooldownMs`. A refresh replaces the key set, so
 * a key removed by the issuer stops verifying after the next refresh.
 */
export class RemoteKeySet {
  private snapshot: KeySnapshot | undefined;
  private fetchedAt = Number.NEGATIVE_INFINITY;
  private attemptedAt = Number.NEGATIVE_INFINITY;
  private inFlight: Promise<void> | undefined;

  constructor(
    readonly jwksUri: string,
    private readonly options: KeyCacheOptions,
  ) {}

  /**
   * The key resolver to hand to jose's `jwtVerify` when this set publishes `kid`, else undefined.
   * Only the kid decides refetching; jose still matches kid and alg itself.
   */
  async resolverFor(kid: string): Promise<JWTVerifyGetKey | undefined> {
    const { now, cacheMaxAgeMs } = this.options;
    const stale = this.snapshot === undefined || now() - this.fetchedAt > cacheMaxAgeMs;
    if (stale && this.mayFetch()) await this.reload();
    if (this.snapshot === undefined) throw new AuthenticationUnavailableError('signing keys are unavailable');
    if (!this.snapshot.kids.has(kid) && this.mayFetch()) await this.reload();
    return this.snapshot.kids.has(kid) ? this.snapshot.resolve : undefined;
  }

  /** A fetch is already running (join it) or the cooldown since the last attempt has passed. */
  private mayFetch(): boolean {
    return this.inFlight !== undefined || this.options.now() - this.attemptedAt >= this.options.cooldownMs;
  }

  private reload(): Promise<void> {
    // Concurrent requests share one fetch.
    this.inFlight ??= this.fetchKeys().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async fetchKeys(): Promise<void> {
    this.attemptedAt = this.options.now();
    let snapshot: KeySnapshot;
    try {
      const res = await this.options.fetchJson(this.jwksUri);
      const parsed = Jwks.safeParse(res.body);
      if (res.status !== 200 || !parsed.success) throw new Error(`JWKS answered ${res.status}`);
      const keys: JWK[] = [];
      const kids = new Set<string>();
      for (const entry of parsed.data.keys) {
        const jwk = RsaSigningJwk.safeParse(entry);
        if (!jwk.success) continue;
        // Public members only: jose never sees a private part or certificate chain from the document.
        const { kty, kid, n, e, use, alg } = jwk.data;
        keys.push({ kty, kid, n, e, ...(use === undefined ? {} : { use }), ...(alg === undefined ? {} : { alg }) });
        kids.add(kid);
      }
      snapshot = { kids, resolve: createLocalJWKSet({ keys }) };
    } catch (cause) {
      // Keep the last good keys (Entra rotates with overlap); without any, we cannot verify.
      if (this.snapshot === undefined) {
        throw new AuthenticationUnavailableError('signing keys are unavailable', { cause });
      }
      return;
    }
    this.snapshot = snapshot;
    this.fetchedAt = this.options.now();
  }
}

const OpenIdConfiguration = z.object({ jwks_uri: z.string().url() }).loose();

interface CacheEntry {
  value: Promise<RemoteKeySet>;
  /** Failed look-ups are remembered briefly so a flood of bogus tenants cannot cause a fetch flood. */
  expiresAt: number;
}

export interface TenantKeyDirectoryOptions extends KeyCacheOptions {
  maxTenants: number;
  /** Extra check on the discovered JWKS location (e.g. loopback-only for the dev issuer). */
  jwksUriAllowed?: (jwksUri: string) => boolean;
}

/**
 * Per-(authority, tenant) OpenID discovery → key set, in a bounded LRU map. The tenant id must
 * already be checked to be a GUID; it is the only caller-controlled part of the URL.
 */
export class TenantKeyDirectory {
  private readonly entries = new Map<string, CacheEntry>();

  constructor(private readonly options: TenantKeyDirectoryOptions) {}

  keySetFor(authority: string, tenantId: string): Promise<RemoteKeySet> {
    const cacheKey = `${authority}|${tenantId}`;
    const now = this.options.now();
    const hit = this.entries.get(cacheKey);
    if (hit !== undefined && hit.expiresAt > now) {
      this.entries.delete(cacheKey); // re-insert: most recently used goes last
      this.entries.set(cacheKey, hit);
      return hit.value;
    }
    const entry: CacheEntry = { value: this.discover(authority, tenantId), expiresAt: Number.POSITIVE_INFINITY };
    entry.value.catch(() => {
      entry.expiresAt = this.options.now() + Math.max(this.options.cooldownMs, 1_000);
    });
    this.entries.delete(cacheKey);
    this.entries.set(cacheKey, entry);
    while (this.entries.size > this.options.maxTenants) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    return entry.value;
  }

  private async discover(authority: string, tenantId: string): Promise<RemoteKeySet> {
    const url = `${authority}/${tenantId}/v2.0/.well-known/openid-configuration`;
    let status: number;
    let body: unknown;
    try {
      ({ status, body } = await this.options.fetchJson(url));
    } catch (cause) {
      throw new AuthenticationUnavailableError('identity provider metadata is unavailable', { cause });
    }
    if (status >= 400 && status < 500) {
      // Entra answers 400 for a tenant that does not exist.
      throw new AuthenticationError('issuer_mismatch', 'token issuer is not recognised');
    }
    const parsed = OpenIdConfiguration.safeParse(body);
    if (status !== 200 || !parsed.success) {
      throw new AuthenticationUnavailableError('identity provider metadata is unavailable');
    }
    const jwksUri = parsed.data.jwks_uri;
    // Keys must come from the authority itself, never from wherever a document points.
    const sameOrigin = new URL(jwksUri).origin === new URL(authority).origin;
    if (!sameOrigin || (this.options.jwksUriAllowed !== undefined && !this.options.jwksUriAllowed(jwksUri))) {
      throw new AuthenticationUnavailableError('identity provider metadata names an untrusted key location');
    }
    return new RemoteKeySet(jwksUri, this.options);
  }
}

import { SignJWT, jwtVerify } from 'jose';
import type { AppConfig } from '../config/config';

const ISSUER = 'poverty-data-hub';
const AUDIENCE = 'hub-api';
/** Most verified tokens kept at once (each a few hundred bytes). */
const VERIFIED_KEPT = 10_000;

/** What a verified bearer token says. */
export interface TokenClaims {
  tenantCode: string;
  expiresAt: Date;
}

/**
 * Signs and verifies the hub's bearer tokens (HS256 JWTs naming one tenant).
 * A deployment behind a national identity provider would swap this class for
 * one that verifies that provider's keys; callers only see TokenClaims.
 */
export class TokenService {
  private readonly key: Uint8Array;
  /**
   * Tokens this process verified, until they expire: a client sends the same token with every
   * request, and the same text verifies the same way until its expiry (a signature check and a
   * key import a request otherwise). Bounded; emptied when full.
   */
  private readonly verified = new Map<string, TokenClaims>();

  constructor(private readonly config: Pick<AppConfig, 'tokenSecret' | 'tokenTtlSeconds'>) {
    this.key = new TextEncoder().encode(config.tokenSecret);
  }

  /** A token for `tenantCode` that expires after `ttlSeconds` (config default). */
  async sign(tenantCode: string, ttlSeconds = this.config.tokenTtlSeconds): Promise<string> {
    return new SignJWT({ tenant: tenantCode })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(tenantCode)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
      .sign(this.key);
  }

  /** Throws on a bad signature, a wrong issuer or audience, or an expired token. */
  async verify(token: string): Promise<TokenClaims> {
    const known = this.verified.get(token);
    if (known && known.expiresAt.getTime() > Date.now()) return known;
    const { payload } = await jwtVerify(token, this.key, { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'] });
    if (typeof payload.sub !== 'string' || !payload.exp) throw new Error('token without subject or expiry');
    const claims = { tenantCode: payload.sub, expiresAt: new Date(payload.exp * 1000) };
    if (this.verified.size >= VERIFIED_KEPT) this.verified.clear();
    this.verified.set(token, claims);
    return claims;
  }
}

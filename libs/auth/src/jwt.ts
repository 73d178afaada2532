import { createSecretKey, type KeyObject } from 'node:crypto';
import { SignJWT, createRemoteJWKSet, jwtVerify, errors, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { ROLES, type Role } from '@cp/contracts';
import type { AuthUser } from './auth-user';

/**
 * How tokens are verified. `hs256`: a shared secret, for development and tests only (the services refuse
 * it in production). `oidc`: an OpenID Connect issuer's signing keys (JWKS), RS256 or ES256.
 */
export type JwtConfig = (
  | { mode?: 'hs256'; secret: string; issuer?: string; audience?: string; clockToleranceSeconds?: number }
  | {
      mode: 'oidc';
      issuer: string;
      /** The issuer's JWKS document (its `jwks_uri`). */
      jwksUrl: string;
      audience?: string;
      clockToleranceSeconds?: number;
      /** Claim names the identity provider uses for the roles and the administrative units. */
      rolesClaim?: string;
      unitsClaim?: string;
    }
) & {
  /**
   * The oldest token accepted, and the longest lifetime one may declare (`exp - iat`), in seconds: a token
   * minted to live for weeks, or issued long ago, is refused even if it has not expired. Default 12 hours.
   */
  maxAgeSeconds?: number;
};

/** Access tokens only: an ID token or a refresh token is not a bearer credential for the API. */
const ACCESS_TOKEN_HEADER_TYPES = new Set(['jwt', 'at+jwt', 'application/at+jwt']);
const DEFAULT_MAX_AGE_SECONDS = 12 * 3600;

export class InvalidTokenError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'InvalidTokenError';
  }
}

/** How many verified tokens are remembered (a token is verified once, then trusted until it expires). */
const CACHE_SIZE = 5000;

export class JwtVerifier {
  private readonly key: KeyObject | JWTVerifyGetKey;
  private readonly algorithms: string[];
  private readonly verified = new Map<string, { user: AuthUser; expiresAt: number }>();

  constructor(private readonly config: JwtConfig) {
    if (config.mode === 'oidc') {
      if (!config.issuer) throw new Error('OIDC_ISSUER must be set');
      // jose fetches the key set once, caches it, and refetches when a token names an unknown key id.
      this.key = createRemoteJWKSet(new URL(config.jwksUrl), {
        timeoutDuration: 5000,
        cooldownDuration: 30_000,
      });
      this.algorithms = ['RS256', 'ES256'];
    } else {
      if (!config.secret || config.secret.length < 16) {
        throw new Error('JWT_SECRET must be at least 16 characters');
      }
      // A KeyObject, not bytes: jose (through node:crypto) would convert bytes on every verification.
      this.key = createSecretKey(Buffer.from(config.secret, 'utf8'));
      this.algorithms = ['HS256'];
    }
  }

  get mode(): 'hs256' | 'oidc' {
    return this.config.mode === 'oidc' ? 'oidc' : 'hs256';
  }

  async verify(token: string): Promise<AuthUser> {
    const known = this.verified.get(token);
    if (known && known.expiresAt > Date.now()) return known.user;
    if (known) this.verified.delete(token);
    const { user, expiresAt } = await this.check(token);
    if (this.verified.size >= CACHE_SIZE) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, { user, expiresAt });
    return user;
  }

  private async check(token: string): Promise<{ user: AuthUser; expiresAt: number }> {
    let payload: JWTPayload;
    try {
      const options = {
        // Only the algorithms of the mode: an HS256 token is never checked against a public key.
        algorithms: this.algorithms,
        issuer: this.config.issuer,
        audience: this.config.audience,
        clockTolerance: this.config.clockToleranceSeconds ?? 30,
        requiredClaims: ['sub', 'exp', 'iat'],
        maxTokenAge: this.config.maxAgeSeconds ?? DEFAULT_MAX_AGE_SECONDS,
      };
      const verified =
        typeof this.key === 'function'
          ? await jwtVerify(token, this.key, options)
          : await jwtVerify(token, this.key, options);
      payload = verified.payload;
      const headerType = verified.protectedHeader.typ?.toLowerCase();
      if (headerType !== undefined && !ACCESS_TOKEN_HEADER_TYPES.has(headerType)) {
        throw new InvalidTokenError('the token is not an access token');
      }
      // Keycloak names its token types in a `typ` claim: only `Bearer` (an access token) is accepted.
      if (payload.typ !== undefined && payload.typ !== 'Bearer') {
        throw new InvalidTokenError('the token is not an access token');
      }
      const maxAge = this.config.maxAgeSeconds ?? DEFAULT_MAX_AGE_SECONDS;
      if (Number(payload.exp) - Number(payload.iat) > maxAge) {
        throw new InvalidTokenError(`the token is valid for longer than ${maxAge} seconds`);
      }
    } catch (err) {
      if (err instanceof InvalidTokenError) throw err;
      if (err instanceof errors.JWTExpired) {
        // jose reports a token older than the maximum age as expired, naming the `iat` claim.
        throw new InvalidTokenError(
          err.claim === 'iat' ? 'the token was issued too long ago (iat)' : 'the token has expired',
        );
      }
      if (err instanceof errors.JWTClaimValidationFailed) {
        throw new InvalidTokenError(`the token's ${err.claim} claim is not accepted here`);
      }
      throw new InvalidTokenError('the token could not be verified');
    }
    const rolesClaim = this.config.mode === 'oidc' ? (this.config.rolesClaim ?? 'roles') : 'roles';
    const unitsClaim = this.config.mode === 'oidc' ? (this.config.unitsClaim ?? 'units') : 'units';
    const rawRoles = payload[rolesClaim];
    const rawUnits = payload[unitsClaim];
    const roles = Array.isArray(rawRoles) ? rawRoles.filter((r): r is Role => ROLES.includes(r as Role)) : [];
    const units = Array.isArray(rawUnits) ? rawUnits.filter((u): u is string => typeof u === 'string') : [];
    return {
      user: {
        sub: String(payload.sub),
        name: typeof payload.name === 'string' ? payload.name : '',
        roles,
        units,
      },
      // Trusted until it expires, without the clock tolerance verification allows.
      expiresAt: Number(payload.exp) * 1000,
    };
  }
}

/** Mints a development token (used by `npm run token` and by tests). */
export async function mintToken(
  secret: string,
  user: { sub: string; name?: string; roles: Role[]; units: string[] },
  ttlSeconds = 8 * 3600, // within the default maximum age of 12 hours
  issuer?: string,
): Promise<string> {
  let jwt = new SignJWT({ name: user.name ?? user.sub, roles: user.roles, units: user.units, typ: 'Bearer' })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(user.sub)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds);
  if (issuer) jwt = jwt.setIssuer(issuer);
  return jwt.sign(new TextEncoder().encode(secret));
}

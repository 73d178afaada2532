import { SignJWT, jwtVerify, errors } from 'jose';
import { ROLES, type Role } from '@cp/contracts';
import type { AuthUser } from './auth-user';

export interface JwtConfig {
  /** HS256 shared secret for local development and tests. */
  secret: string;
  issuer?: string;
  audience?: string;
  clockToleranceSeconds?: number;
}

export class InvalidTokenError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'InvalidTokenError';
  }
}

/** How many verified tokens are remembered (a token is verified once, then trusted until it expires). */
const CACHE_SIZE = 5000;

export class JwtVerifier {
  private readonly key: Uint8Array;
  private readonly verified = new Map<string, { user: AuthUser; expiresAt: number }>();

  constructor(private readonly config: JwtConfig) {
    if (!config.secret || config.secret.length < 16) {
      throw new Error('JWT_SECRET must be at least 16 characters');
    }
    this.key = new TextEncoder().encode(config.secret);
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
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: ['HS256'],
        issuer: this.config.issuer,
        audience: this.config.audience,
        clockTolerance: this.config.clockToleranceSeconds ?? 30,
        requiredClaims: ['sub', 'exp'],
      });
      const roles = Array.isArray(payload.roles)
        ? payload.roles.filter((r): r is Role => ROLES.includes(r as Role))
        : [];
      const units = Array.isArray(payload.units)
        ? payload.units.filter((u): u is string => typeof u === 'string')
        : [];
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
    } catch (err) {
      if (err instanceof errors.JWTExpired) throw new InvalidTokenError('the token has expired');
      throw new InvalidTokenError('the token could not be verified');
    }
  }
}

/** Mints a development token (used by `npm run token` and by tests). */
export async function mintToken(
  secret: string,
  user: { sub: string; name?: string; roles: Role[]; units: string[] },
  ttlSeconds = 8 * 3600,
  issuer?: string,
): Promise<string> {
  let jwt = new SignJWT({ name: user.name ?? user.sub, roles: user.roles, units: user.units })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(user.sub)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds);
  if (issuer) jwt = jwt.setIssuer(issuer);
  return jwt.sign(new TextEncoder().encode(secret));
}

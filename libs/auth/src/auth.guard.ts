import { Injectable, HttpException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '@cp/contracts';
import type { AuthUser } from './auth-user';
import { PUBLIC_KEY, ROLES_KEY } from './decorators';
import { InvalidTokenError, JwtVerifier } from './jwt';

/** Problem details for 401/403, in the same shape as every other error. */
export class AuthProblem extends HttpException {
  constructor(status: 401 | 403, code: string, detail: string) {
    super({ code, detail, title: status === 401 ? 'Unauthorized' : 'Forbidden' }, status);
  }
}

/**
 * Global guard: every route needs a valid bearer token unless marked @Public(), and the caller must hold
 * one of the route's @Roles(). Jurisdiction (which units) is checked by the use case, which knows the
 * record's units.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: JwtVerifier,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const req = ctx
      .switchToHttp()
      .getRequest<{ headers: Record<string, string | undefined>; user?: AuthUser }>();
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) {
      throw new AuthProblem(401, 'AUTH.UNAUTHENTICATED', 'Send a bearer token in the Authorization header.');
    }
    try {
      req.user = await this.verifier.verify(match[1]);
    } catch (err) {
      const reason = err instanceof InvalidTokenError ? err.reason : 'the token could not be verified';
      throw new AuthProblem(401, 'AUTH.INVALID_TOKEN', `${reason}; get a new token.`);
    }
    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (allowed && !req.user.roles.some((r) => allowed.includes(r))) {
      throw new AuthProblem(
        403,
        'AUTH.ROLE_NOT_ALLOWED',
        `This action needs one of the roles: ${allowed.join(', ')}.`,
      );
    }
    return true;
  }
}

import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
  SetMetadata,
  createParamDecorator,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { DataSource } from 'typeorm';
import { apiKeyFromHeaders } from './api-key';
import { AuthFailures, type RefusedRequest } from './auth-failures';
import {
  dealerByApiKey,
  operatorByApiKey,
  type Dealer,
  type Operator,
  type OperatorRole,
} from './principals';

/** The token under which an app provides the DataSource the guards look keys up in. */
export const ACCESS_DATA_SOURCE = Symbol('ACCESS_DATA_SOURCE');

interface AuthenticatedRequest extends RefusedRequest {
  headers: Record<string, string | string[] | undefined>;
  principal?: Dealer | Operator;
}

const ROLES = 'handoff:roles';

/**
 * What an endpoint that names no roles admits: the ops staff. A care key reaches only endpoints
 * that name `care`, so a route added without `@RequireRoles` is never open to care by accident.
 */
const STAFF_ROLES: readonly OperatorRole[] = ['ops', 'viewer'];
/** Operator roles an endpoint needs (any of them). */
export const RequireRoles = (...roles: OperatorRole[]) => SetMetadata(ROLES, roles);

/** The authenticated dealer or operator, as the guard left it on the request. */
export const Principal = createParamDecorator(
  (_: unknown, ctx: ExecutionContext) =>
    ctx.switchToHttp().getRequest<AuthenticatedRequest>().principal,
);

/**
 * Dealers authenticate with their API key; the dealer is then on the request. Refusals are counted
 * and logged by `AuthFailures`, which the app provides.
 */
@Injectable()
export class DealerAuthGuard implements CanActivate {
  constructor(
    @Inject(ACCESS_DATA_SOURCE) private readonly db: DataSource,
    @Inject(AuthFailures) private readonly failures: AuthFailures,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const key = apiKeyFromHeaders(request.headers);
    if (key === undefined) throw this.failures.refuse('missing-key', request);
    const dealer = await dealerByApiKey(this.db, key);
    if (!dealer) throw this.failures.refuse('unknown-key', request);
    request.principal = dealer;
    return true;
  }
}

/**
 * Operators authenticate with their API key; `@RequireRoles('ops')` restricts what they may do
 * (an endpoint that names no roles admits `ops` and `viewer`).
 * Refusals are counted and logged by `AuthFailures`, as the dealers' are.
 */
@Injectable()
export class OperatorAuthGuard implements CanActivate {
  constructor(
    @Inject(ACCESS_DATA_SOURCE) private readonly db: DataSource,
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(AuthFailures) private readonly failures: AuthFailures,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const key = apiKeyFromHeaders(request.headers);
    if (key === undefined) throw this.failures.refuse('missing-key', request);
    const operator = await operatorByApiKey(this.db, key);
    if (!operator) throw this.failures.refuse('unknown-key', request);
    const needed =
      this.reflector.getAllAndOverride<OperatorRole[] | undefined>(ROLES, [
        context.getHandler(),
        context.getClass(),
      ]) ?? STAFF_ROLES;
    if (!needed.some((role) => operator.roles.includes(role))) {
      throw new ForbiddenException(`this needs the ${needed.join(' or ')} role`);
    }
    request.principal = operator;
    return true;
  }
}

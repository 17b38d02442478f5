import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Actor, Role, Scope } from './roles';

export const ACCESS_METADATA = 'reconsideration:access';
export const PUBLIC_METADATA = 'reconsideration:public';

export interface AccessRule {
  roles: readonly Role[];
  /** Required of INTEGRATION keys only. */
  scope?: Scope;
}

/**
 * Declares who may call a route. The global ApiKeyGuard denies every route that has neither @Access nor @Public,
 * so forgetting this decorator fails closed (and test/auth/route-guard.e2e-spec.ts walks every route to prove it).
 */
export function Access(roles: readonly Role[], scope?: Scope): MethodDecorator & ClassDecorator {
  const rule: AccessRule = scope ? { roles, scope } : { roles };
  return applyDecorators(SetMetadata(ACCESS_METADATA, rule), ApiBearerAuth('apiKey'));
}

/** Health probes and API docs: no key needed. */
export function Public(): MethodDecorator & ClassDecorator {
  return SetMetadata(PUBLIC_METADATA, true);
}

export type AuthenticatedRequest = FastifyRequest & { actor?: Actor };

/** Injects the authenticated Actor into a controller method. */
export const CurrentActor = createParamDecorator((_data: unknown, ctx: ExecutionContext): Actor => {
  const request = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
  if (!request.actor) {
    // Only reachable if a route is @Public and still asks for an actor: a programming error.
    throw new Error('CurrentActor used on a route without authentication');
  }
  return request.actor;
});

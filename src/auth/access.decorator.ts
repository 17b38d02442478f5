import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { FASTIFY_ROUTE_CONFIG_METADATA } from '@nestjs/platform-fastify/constants';
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

/**
 * What the authentication hook (src/auth/request-authenticator.ts) needs to know of a route, carried in Fastify's
 * route config: the hook runs in onRequest, before Nest, so it cannot read Nest's metadata.
 */
export interface RouteAccessConfig {
  /** No credential needed (health probes, docs); the guard reads PUBLIC_METADATA, set by the same decorator. */
  public?: boolean;
  /** False: not counted by the rate limiter (health probes: an orchestrator's probe must never get 429). */
  rateLimited?: boolean;
}

/** Health probes and API docs: no key needed. */
export function Public(): MethodDecorator & ClassDecorator {
  return applyDecorators(SetMetadata(PUBLIC_METADATA, true), routeConfig({ public: true }));
}

/** The route is not rate-limited (health probes only). */
export function NotRateLimited(): MethodDecorator & ClassDecorator {
  return routeConfig({ rateLimited: false });
}

/**
 * Merges `config` into the Fastify route config of a handler, or of every handler of a class: Nest's own
 * @RouteConfig is read from the handler only, and @Public is applied to whole controllers.
 */
function routeConfig(config: RouteAccessConfig): MethodDecorator & ClassDecorator {
  return ((target: object, _key?: string | symbol, descriptor?: PropertyDescriptor) => {
    const handlers: unknown[] = [];
    if (descriptor) {
      handlers.push(descriptor.value);
    } else {
      const prototype = (target as { prototype: object }).prototype;
      for (const name of Object.getOwnPropertyNames(prototype)) {
        if (name !== 'constructor') {
          handlers.push(Object.getOwnPropertyDescriptor(prototype, name)?.value);
        }
      }
    }
    for (const handler of handlers) {
      if (typeof handler === 'function') {
        const existing = Reflect.getMetadata(FASTIFY_ROUTE_CONFIG_METADATA, handler) as object | undefined;
        Reflect.defineMetadata(FASTIFY_ROUTE_CONFIG_METADATA, { ...existing, ...config }, handler);
      }
    }
    return descriptor;
  }) as MethodDecorator & ClassDecorator;
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

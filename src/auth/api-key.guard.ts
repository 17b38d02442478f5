import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ProblemException } from '../common/errors/problem.exception';
import { ACCESS_METADATA, AccessRule, AuthenticatedRequest, PUBLIC_METADATA } from './access.decorator';
import { hasAnyRole } from './roles';

/**
 * The one guard every route passes (registered as APP_GUARD). Fails closed: a route with neither @Public nor @Access
 * is refused even for an admin, so a forgotten decorator can never open a route.
 *
 * Authentication itself happened earlier, in Fastify's onRequest hook (RequestAuthenticator), before the body was
 * read; the guard takes the Actor it stored. A request that reaches a non-public route without one (a route the hook
 * did not see as protected) is refused here too.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_METADATA, targets)) {
      return true;
    }
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const actor = request.actor;
    if (!actor) {
      throw new ProblemException(
        'UNAUTHENTICATED',
        'Send an API key or an officer\'s sign-on token as "Authorization: Bearer <credential>".',
        { headers: { 'www-authenticate': 'Bearer realm="reconsideration"' } },
      );
    }

    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_METADATA, targets);
    if (!rule) {
      throw new ProblemException('FORBIDDEN', 'This route declares no access rule and is closed.');
    }
    if (!hasAnyRole(actor, rule.roles)) {
      throw new ProblemException('FORBIDDEN', `This action needs one of the roles: ${rule.roles.join(', ')}.`, {
        extensions: { requiredRoles: rule.roles },
      });
    }
    const onlyIntegration = actor.roles.every((r) => r === 'INTEGRATION' || !rule.roles.includes(r));
    if (rule.scope && onlyIntegration && !actor.scopes.includes(rule.scope)) {
      throw new ProblemException('FORBIDDEN', `This integration key lacks the scope '${rule.scope}'.`, {
        extensions: { requiredScope: rule.scope },
      });
    }
    return true;
  }
}

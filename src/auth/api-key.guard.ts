import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ProblemException } from '../common/errors/problem.exception';
import { ACCESS_METADATA, AccessRule, AuthenticatedRequest, PUBLIC_METADATA } from './access.decorator';
import { ApiKeyService } from './api-key.service';
import { hasAnyRole } from './roles';

/**
 * The one guard every route passes (registered as APP_GUARD). Fails closed: a route with neither @Public nor @Access
 * is refused even for an admin, so a forgotten decorator can never open a route.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly apiKeys: ApiKeyService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_METADATA, targets)) {
      return true;
    }
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const rawKey = bearerToken(request.headers.authorization);
    if (!rawKey) {
      throw new ProblemException('UNAUTHENTICATED', 'Send an API key as "Authorization: Bearer <key>".', {
        headers: { 'www-authenticate': 'Bearer realm="reconsideration"' },
      });
    }
    const result = await this.apiKeys.authenticate(rawKey);
    if (!result.ok) {
      throw new ProblemException(
        result.code,
        result.code === 'API_KEY_EXPIRED' ? 'The API key has expired.' : 'The API key is unknown or revoked.',
        { headers: { 'www-authenticate': 'Bearer realm="reconsideration", error="invalid_token"' } },
      );
    }
    request.actor = result.actor;

    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_METADATA, targets);
    if (!rule) {
      throw new ProblemException('FORBIDDEN', 'This route declares no access rule and is closed.');
    }
    if (!hasAnyRole(result.actor, rule.roles)) {
      throw new ProblemException('FORBIDDEN', `This action needs one of the roles: ${rule.roles.join(', ')}.`, {
        extensions: { requiredRoles: rule.roles },
      });
    }
    const onlyIntegration = result.actor.roles.every((r) => r === 'INTEGRATION' || !rule.roles.includes(r));
    if (rule.scope && onlyIntegration && !result.actor.scopes.includes(rule.scope)) {
      throw new ProblemException('FORBIDDEN', `This integration key lacks the scope '${rule.scope}'.`, {
        extensions: { requiredScope: rule.scope },
      });
    }
    return true;
  }
}

function bearerToken(header: string | undefined): string | undefined {
  if (!header) {
    return undefined;
  }
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

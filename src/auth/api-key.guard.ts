import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ProblemException } from '../common/errors/problem.exception';
import { ACCESS_METADATA, AccessRule, AuthenticatedRequest, PUBLIC_METADATA } from './access.decorator';
import { ApiKeyService } from './api-key.service';
import { OidcTokenService, looksLikeJwt } from './oidc-token.service';
import { Actor, hasAnyRole } from './roles';

/**
 * The one guard every route passes (registered as APP_GUARD). Fails closed: a route with neither @Public nor @Access
 * is refused even for an admin, so a forgotten decorator can never open a route.
 *
 * The bearer credential is either an API key (integrations, scripts) or an officer's sign-on token (a JWT from the
 * office's identity provider); the guard only tells them apart by shape and leaves each to its own service.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly apiKeys: ApiKeyService,
    private readonly oidcTokens: OidcTokenService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_METADATA, targets)) {
      return true;
    }
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const credential = bearerToken(request.headers.authorization);
    if (!credential) {
      throw new ProblemException(
        'UNAUTHENTICATED',
        'Send an API key or an officer\'s sign-on token as "Authorization: Bearer <credential>".',
        { headers: { 'www-authenticate': 'Bearer realm="reconsideration"' } },
      );
    }
    const actor = looksLikeJwt(credential)
      ? await this.oidcTokens.authenticate(credential)
      : await this.authenticateApiKey(credential);
    request.actor = actor;

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

  private async authenticateApiKey(rawKey: string): Promise<Actor> {
    const result = await this.apiKeys.authenticate(rawKey);
    if (!result.ok) {
      throw new ProblemException(
        result.code,
        result.code === 'API_KEY_EXPIRED' ? 'The API key has expired.' : 'The API key is unknown or revoked.',
        { headers: { 'www-authenticate': 'Bearer realm="reconsideration", error="invalid_token"' } },
      );
    }
    return result.actor;
  }
}

function bearerToken(header: string | undefined): string | undefined {
  if (!header) {
    return undefined;
  }
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

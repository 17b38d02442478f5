import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import { ProblemException } from '../common/errors/problem.exception';
import { sendProblem } from '../common/errors/problem.filter';
import { RateLimitDecision, RateLimiter, setRateLimitHeaders } from '../common/rate-limit/rate-limiter';
import { Env } from '../config/env';
import { AuthenticatedRequest, RouteAccessConfig } from './access.decorator';
import { ApiKeyService } from './api-key.service';
import { looksLikeJwt, OidcTokenService } from './oidc-token.service';
import { Actor } from './roles';

/**
 * Authentication and the rate limit, in Fastify's onRequest hook: before the body is read (preParsing comes after
 * onRequest), so that a request without a valid credential never costs a body parse (issue 14 point 2). The Nest guard
 * (ApiKeyGuard) then only reads the Actor stored here and applies @Access / @Public, still failing closed.
 *
 * The limit is keyed on who the caller turned out to be, never on the header's spelling: an API key by its id, an
 * officer by issuer and subject (`iss#sub`). Anything without a valid credential (none, unknown, expired, forged, an
 * unreachable identity provider) counts against the client address, so a new bogus token each time is still limited.
 */
@Injectable()
export class RequestAuthenticator {
  constructor(
    private readonly apiKeys: ApiKeyService,
    private readonly oidcTokens: OidcTokenService,
    private readonly limiter: RateLimiter,
    private readonly env: Env,
  ) {}

  /** The onRequest hook; registered by createApp (src/app.setup.ts) before Nest registers its routes. */
  readonly onRequest = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    const config = (request.routeOptions.config ?? {}) as RouteAccessConfig;
    // Unknown routes (404) and public ones are answered without a credential; they are counted by address.
    if (request.is404 || config.public) {
      if (config.rateLimited === false) {
        return undefined;
      }
      const decision = await this.countAddress(request);
      return decision && !decision.allowed ? refuse(request, reply, decision) : undefined;
    }

    let actor: Actor | undefined;
    let failure: unknown;
    try {
      actor = await this.authenticate(request.headers.authorization);
    } catch (error) {
      failure = error;
    }
    const decision = actor
      ? await this.limiter.consume(identityBucket(actor), this.env.RATE_LIMIT_PER_MINUTE, 'identity')
      : await this.countAddress(request);
    if (decision) {
      setRateLimitHeaders(reply, decision);
      if (!decision.allowed) {
        return refuse(request, reply, decision);
      }
    }
    if (!actor) {
      return sendProblem(failure, request, reply);
    }
    (request as AuthenticatedRequest).actor = actor;
    return undefined;
  };

  /** The Actor the bearer credential names, or a ProblemException (401, or 503 when the identity provider is down). */
  private async authenticate(header: string | undefined): Promise<Actor> {
    const credential = bearerToken(header);
    if (!credential) {
      throw new ProblemException(
        'UNAUTHENTICATED',
        'Send an API key or an officer\'s sign-on token as "Authorization: Bearer <credential>".',
        { headers: { 'www-authenticate': 'Bearer realm="reconsideration"' } },
      );
    }
    if (looksLikeJwt(credential)) {
      return this.oidcTokens.authenticate(credential);
    }
    const result = await this.apiKeys.authenticate(credential);
    if (!result.ok) {
      throw new ProblemException(
        result.code,
        result.code === 'API_KEY_EXPIRED' ? 'The API key has expired.' : 'The API key is unknown or revoked.',
        { headers: { 'www-authenticate': 'Bearer realm="reconsideration", error="invalid_token"' } },
      );
    }
    return result.actor;
  }

  private async countAddress(request: FastifyRequest): Promise<RateLimitDecision | undefined> {
    const decision = await this.limiter.consume(
      addressBucket(request.ip),
      this.env.RATE_LIMIT_ANONYMOUS_PER_MINUTE,
      'anonymous',
    );
    return decision;
  }
}

function refuse(request: FastifyRequest, reply: FastifyReply, decision: RateLimitDecision): FastifyReply {
  setRateLimitHeaders(reply, decision);
  return sendProblem(
    new ProblemException('RATE_LIMITED', `Too many requests; retry in ${decision.resetSeconds} s.`, {
      extensions: { limit: decision.limit, windowSeconds: 60, retryAfterSeconds: decision.resetSeconds },
    }),
    request,
    reply,
  );
}

/** `Bearer` in any case (RFC 9110 11.1: the scheme is case-insensitive), any amount of white space around the token. */
export function bearerToken(header: string | undefined): string | undefined {
  if (!header) {
    return undefined;
  }
  const match = /^\s*Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

/**
 * The bucket of an authenticated caller. Officers' `iss#sub` is hashed: the table then holds no identifier of a
 * person (PIPL 51), only a digest kept for two minutes.
 */
export function identityBucket(actor: Actor): string {
  if (actor.keyId) {
    return `key:${actor.keyId}`;
  }
  return `user:${digest(actor.subject ?? actor.keyName)}`;
}

/**
 * The bucket of a client address, hashed as above. IPv6 clients are counted per /64: one subscriber usually holds a
 * whole /64, and counting per address would give it 2^64 fresh buckets.
 */
export function addressBucket(ip: string): string {
  return `ip:${digest(addressKey(ip))}`;
}

export function addressKey(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped?.[1]) {
    return mapped[1];
  }
  if (isIP(ip) !== 6) {
    return ip;
  }
  const [head = '', tail = ''] = ip.split('::', 2) as [string, string?];
  const headGroups = head ? head.split(':') : [];
  const tailGroups = ip.includes('::') ? (tail ? tail.split(':') : []) : [];
  const missing = 8 - headGroups.length - tailGroups.length;
  const groups = [...headGroups, ...Array<string>(Math.max(0, missing)).fill('0'), ...tailGroups];
  return `${groups
    .slice(0, 4)
    .map((g) => Number.parseInt(g, 16).toString(16))
    .join(':')}::/64`;
}

function digest(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('base64url').slice(0, 22);
}

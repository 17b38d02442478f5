import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { RateLimitRepository } from './rate-limit.repository';

/** The limits are per minute (RATE_LIMIT_PER_MINUTE, RATE_LIMIT_ANONYMOUS_PER_MINUTE): fixed windows of 60 s. */
export const RATE_LIMIT_WINDOW_SECONDS = 60;

/** Buckets remembered as over their limit on this instance; beyond this the memory is simply forgotten. */
const MAX_REMEMBERED_BLOCKS = 10_000;

export interface RateLimitDecision {
  /** The policy's name in the RateLimit headers: `identity` (a key or an officer) or `anonymous` (an address). */
  policy: string;
  limit: number;
  remaining: number;
  resetSeconds: number;
  allowed: boolean;
}

/**
 * Fixed-window counters shared by every instance through PostgreSQL (issue 14 point 2): one UPSERT per counted
 * request. A fixed window lets a client send up to twice its limit across a window boundary; for a limit meant to
 * stop floods and runaway scripts, not to meter, that is the price of one statement per request.
 *
 * A bucket found over its limit is remembered on this instance until its window ends, so that a flood, once refused,
 * costs no further statement. On a database error the request is let through (fail open): the limiter must not be
 * the reason a request fails, and the request's own database work reports the outage (503) if it is one.
 */
@Injectable()
export class RateLimiter implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('RateLimit');
  private readonly blockedUntil = new Map<string, number>();
  private purgeTimer: NodeJS.Timeout | undefined;
  private lastFailureLog = 0;

  constructor(private readonly counters: RateLimitRepository) {}

  /** Counts one request against `bucket`; undefined when the limit is off (0) or the count failed. */
  async consume(bucket: string, limit: number, policy: string): Promise<RateLimitDecision | undefined> {
    if (limit <= 0) {
      return undefined;
    }
    const now = Date.now();
    const until = this.blockedUntil.get(bucket);
    if (until !== undefined) {
      if (until > now) {
        return { policy, limit, remaining: 0, resetSeconds: Math.ceil((until - now) / 1000), allowed: false };
      }
      this.blockedUntil.delete(bucket);
    }
    let hits: number;
    let resetSeconds: number;
    try {
      ({ hits, resetSeconds } = await this.counters.hit(bucket, RATE_LIMIT_WINDOW_SECONDS));
    } catch (error) {
      if (now - this.lastFailureLog > 60_000) {
        this.lastFailureLog = now;
        this.logger.warn({ err: error }, 'rate-limit counter unavailable; requests are not limited meanwhile');
      }
      return undefined;
    }
    const allowed = hits <= limit;
    if (!allowed) {
      if (this.blockedUntil.size >= MAX_REMEMBERED_BLOCKS) {
        this.blockedUntil.clear();
      }
      this.blockedUntil.set(bucket, now + resetSeconds * 1000);
    }
    return { policy, limit, remaining: Math.max(0, limit - hits), resetSeconds, allowed };
  }

  onApplicationBootstrap(): void {
    // Every instance purges; the DELETE is idempotent and touches only rows idle for two windows.
    this.purgeTimer = setInterval(() => {
      this.counters.purgeBefore(RATE_LIMIT_WINDOW_SECONDS).catch((error: unknown) => {
        this.logger.warn({ err: error }, 'rate-limit counter purge failed');
      });
    }, RATE_LIMIT_WINDOW_SECONDS * 1000);
    this.purgeTimer.unref();
  }

  onApplicationShutdown(): void {
    if (this.purgeTimer) {
      clearInterval(this.purgeTimer);
    }
  }
}

/**
 * The RateLimit header fields of draft-ietf-httpapi-ratelimit-headers-08 (October 2024), the Structured Fields form:
 * `RateLimit-Policy: "identity";q=1200;w=60` (quota and window of the policy) and `RateLimit: "identity";r=17;t=42`
 * (remaining quota, seconds to the window's end). A refusal also carries Retry-After (RFC 9110 10.2.3).
 */
export function setRateLimitHeaders(reply: FastifyReply, decision: RateLimitDecision): void {
  void reply.header('ratelimit-policy', `"${decision.policy}";q=${decision.limit};w=${RATE_LIMIT_WINDOW_SECONDS}`);
  void reply.header('ratelimit', `"${decision.policy}";r=${decision.remaining};t=${decision.resetSeconds}`);
  if (!decision.allowed) {
    void reply.header('retry-after', String(decision.resetSeconds));
  }
}

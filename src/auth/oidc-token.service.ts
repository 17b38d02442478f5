import { Injectable, Logger } from '@nestjs/common';
import { createRemoteJWKSet, decodeProtectedHeader, errors, JWTVerifyGetKey, jwtVerify } from 'jose';
import { ErrorCode } from '../common/errors/error-codes';
import { ProblemException } from '../common/errors/problem.exception';
import { Env } from '../config/env';
import { actorFromClaims, ClaimMapping } from './oidc-claims';
import { Actor } from './roles';

/**
 * A JWT by its shape: three base64url parts (the signature may be empty, as in an `alg: none` token, so that such a
 * token is refused as a token and not looked up as an API key). API keys (`rcs_…`) contain no dot.
 */
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

export function looksLikeJwt(credential: string): boolean {
  return JWT_SHAPE.test(credential);
}

/** How long one fetch of the key set may take before the request is answered 503. */
const JWKS_TIMEOUT_MS = 5_000;
/** Least time between two fetches triggered by an unknown key id, so that forged kids cannot flood the provider. */
const JWKS_COOLDOWN_MS = 30_000;

const INVALID_TOKEN = 'Bearer realm="reconsideration", error="invalid_token"';

/** The key set could not be fetched or used: the provider's fault, not the token's (503, never 401 or 500). */
class IdentityProviderUnavailable extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

type TokenFailure = Exclude<Extract<ErrorCode, `TOKEN_${string}`>, 'TOKEN_NO_ROLE' | 'TOKEN_CLAIMS_INVALID'>;

/** What the officer is told for each failed check: which check, never what the token said. */
const FAILURE_DETAIL: Record<TokenFailure, string> = {
  TOKEN_MALFORMED: 'The bearer token is not a well-formed signed JWT.',
  TOKEN_ALGORITHM_NOT_ALLOWED: 'The token is signed with an algorithm this service does not accept.',
  TOKEN_KEY_UNKNOWN: 'The token is signed with a key the identity provider does not (or no longer) publish.',
  TOKEN_SIGNATURE_INVALID: 'The token’s signature does not verify.',
  TOKEN_EXPIRED: 'The token has expired; sign on again.',
  TOKEN_NOT_YET_VALID: 'The token is not valid yet (check the clocks).',
  TOKEN_ISSUER_INVALID: 'The token was not issued by the configured identity provider.',
  TOKEN_AUDIENCE_INVALID: 'The token is not meant for this service (audience).',
};

interface OidcConfig {
  issuer: string;
  audience: string;
  algorithms: string[];
  clockToleranceSeconds: number;
  mapping: ClaimMapping;
}

/**
 * Officers' sign-on (issue 13 point 7): verifies a bearer JWT from the office's identity provider and maps it to an
 * Actor. Integrations keep API keys (ApiKeyService); the global guard only chooses between the two by the token's
 * shape. Every failure is a ProblemException whose detail names the failed check and never the token's contents,
 * and nothing here logs a token or its claims (jose's claim errors carry the payload, so they are never logged).
 */
@Injectable()
export class OidcTokenService {
  private readonly logger = new Logger('OidcTokens');
  private readonly config: OidcConfig | undefined;
  private readonly keys: JWTVerifyGetKey | undefined;

  constructor(env: Env) {
    if (!env.OIDC_ISSUER || !env.OIDC_AUDIENCE || !env.OIDC_JWKS_URL) {
      return; // loadEnv() refuses a partial set, so this is "OIDC off"
    }
    const cacheMs = env.OIDC_JWKS_CACHE_SECONDS * 1000;
    const remote = createRemoteJWKSet(new URL(env.OIDC_JWKS_URL), {
      // Keys are trusted for cacheMaxAge, then fetched again: a key the provider rotated out or revoked stops
      // verifying at most that long after. An unknown kid refetches at once, unless a fetch was just made.
      cacheMaxAge: cacheMs,
      cooldownDuration: Math.min(JWKS_COOLDOWN_MS, cacheMs),
      timeoutDuration: JWKS_TIMEOUT_MS,
    });
    this.keys = async (header, token) => {
      try {
        return await remote(header, token);
      } catch (error) {
        if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) {
          throw error; // about the token's key id, not the provider
        }
        throw new IdentityProviderUnavailable(reasonOf(error));
      }
    };
    this.config = {
      issuer: env.OIDC_ISSUER,
      audience: env.OIDC_AUDIENCE,
      algorithms: env.OIDC_ALGORITHMS.split(',').map((a) => a.trim()),
      clockToleranceSeconds: env.OIDC_CLOCK_TOLERANCE_SECONDS,
      mapping: {
        rolesClaim: env.OIDC_ROLES_CLAIM,
        organsClaim: env.OIDC_ORGANS_CLAIM,
        organsRequired: env.OIDC_ORGANS_REQUIRED,
        nameClaim: env.OIDC_NAME_CLAIM,
      },
    };
  }

  get enabled(): boolean {
    return this.config !== undefined;
  }

  /** The officer the token names, or a ProblemException saying which check failed. */
  async authenticate(token: string): Promise<Actor> {
    const { config, keys } = this;
    if (!config || !keys) {
      throw new ProblemException(
        'OIDC_NOT_CONFIGURED',
        'The bearer token is a JWT, but this service has no identity provider configured; use an API key.',
        { headers: { 'www-authenticate': INVALID_TOKEN } },
      );
    }
    // The algorithm is checked before any key is looked up: `none` and HS* (a shared secret, which an attacker
    // could take from the provider's public key) never reach the key set.
    let alg: unknown;
    try {
      alg = decodeProtectedHeader(token).alg;
    } catch {
      throw failure('TOKEN_MALFORMED');
    }
    if (typeof alg !== 'string' || !config.algorithms.includes(alg)) {
      throw failure('TOKEN_ALGORITHM_NOT_ALLOWED');
    }

    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        issuer: config.issuer,
        audience: config.audience,
        algorithms: config.algorithms,
        clockTolerance: config.clockToleranceSeconds,
        // A token without exp would never expire; without sub there is no one to record in the case history.
        requiredClaims: ['exp', 'sub'],
      }));
    } catch (error) {
      throw this.problemFor(error);
    }

    const mapped = actorFromClaims(payload, config.mapping);
    if (!mapped.ok) {
      throw new ProblemException(mapped.code, mapped.detail, {
        headers: {
          'www-authenticate':
            mapped.code === 'TOKEN_NO_ROLE'
              ? 'Bearer realm="reconsideration", error="insufficient_scope"'
              : INVALID_TOKEN,
        },
      });
    }
    return mapped.actor;
  }

  private problemFor(error: unknown): ProblemException {
    if (error instanceof IdentityProviderUnavailable) {
      // The reason is the provider's (connection refused, timeout, bad JSON), never the token's.
      this.logger.warn(`identity provider key set unavailable: ${error.reason}`);
      return new ProblemException(
        'IDENTITY_PROVIDER_UNAVAILABLE',
        'The identity provider’s signing keys cannot be fetched just now; try again shortly.',
        { headers: { 'retry-after': '10' } },
      );
    }
    if (error instanceof errors.JWTExpired) {
      return failure('TOKEN_EXPIRED');
    }
    if (error instanceof errors.JWTClaimValidationFailed) {
      // error.payload holds the claims: only error.claim (a claim name) is read.
      switch (error.claim) {
        case 'iss':
          return failure('TOKEN_ISSUER_INVALID');
        case 'aud':
          return failure('TOKEN_AUDIENCE_INVALID');
        case 'nbf':
          return error.reason === 'check_failed' ? failure('TOKEN_NOT_YET_VALID') : claimsInvalid(error.claim);
        default:
          return claimsInvalid(error.claim);
      }
    }
    if (error instanceof errors.JOSEAlgNotAllowed) {
      return failure('TOKEN_ALGORITHM_NOT_ALLOWED');
    }
    if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) {
      return failure('TOKEN_KEY_UNKNOWN');
    }
    if (error instanceof errors.JWSSignatureVerificationFailed) {
      return failure('TOKEN_SIGNATURE_INVALID');
    }
    if (!(error instanceof errors.JOSEError)) {
      // Not a check jose names (e.g. a key of the wrong type): refuse the token, log only the error's kind.
      this.logger.warn(`token refused on an unexpected ${reasonOf(error)}`);
    }
    return failure('TOKEN_MALFORMED');
  }
}

function failure(code: TokenFailure): ProblemException {
  return new ProblemException(code, FAILURE_DETAIL[code], { headers: { 'www-authenticate': INVALID_TOKEN } });
}

function claimsInvalid(claim: string): ProblemException {
  return new ProblemException(
    'TOKEN_CLAIMS_INVALID',
    `The token's "${claim}" claim is missing or has the wrong form.`,
    {
      headers: { 'www-authenticate': INVALID_TOKEN },
    },
  );
}

/** A loggable kind of error: its code or class name, not its message (which, for jose, could quote a claim). */
function reasonOf(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as Error & { code?: unknown }).code;
    return typeof code === 'string' ? `${error.name} ${code}` : error.name;
  }
  return typeof error;
}

import { Injectable, Logger } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { ProblemException } from '../common/errors/problem.exception';
import { CursorKind, decodeCursor, INSTANT_PATTERN, Page, toPage, UUID_PATTERN } from '../common/http/pagination';

const KEY_CURSOR: CursorKind = { key: 'api-keys:-createdAt', sortValue: INSTANT_PATTERN, id: UUID_PATTERN };
import { Env } from '../config/env';
import { DatabaseNotifications } from '../database/database-notifications';
import { InvalidatedCache } from '../database/invalidated-cache';
import { isUniqueViolation } from '../database/postgres-errors';
import { OrganRepository } from '../organs/organ.repository';
import { ApiKeyEntity } from './api-key.entity';
import { ApiKeyRepository } from './api-key.repository';
import { CreateApiKeyDto } from './api-key.dto';
import { coversOrgans, expandOrganScope } from './organ-scope';
import { Actor } from './roles';

const KEY_PREFIX = 'rcs_';

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function generateApiKey(): string {
  return `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
}

export type AuthenticationResult =
  { ok: true; actor: Actor } | { ok: false; code: 'API_KEY_INVALID' | 'API_KEY_EXPIRED' };

@Injectable()
export class ApiKeyService {
  private readonly logger = new Logger('ApiKeys');
  /**
   * Known keys by secret hash, for API_KEY_CACHE_SECONDS (issue 18 pt 1: the lookup was one round trip of every
   * request). A revocation or any other change of a key reaches every instance at once through the api_key trigger's
   * NOTIFY; expiry is checked on every request against the cached row. Unknown keys are not cached: a flood of
   * bogus tokens is the rate limit's to stop, and must not push real keys out.
   */
  private readonly cache: InvalidatedCache<string, ApiKeyEntity | null>;

  constructor(
    private readonly keys: ApiKeyRepository,
    private readonly organs: OrganRepository,
    notifications: DatabaseNotifications,
    env: Env,
  ) {
    this.cache = new InvalidatedCache(notifications, 'rcs_api_key', {
      maxAgeMs: env.API_KEY_CACHE_SECONDS * 1000,
      maxEntries: 10_000,
    });
  }

  async authenticate(rawKey: string, now: Date = new Date()): Promise<AuthenticationResult> {
    const secretHash = hashApiKey(rawKey);
    const key = await this.cache.get(
      secretHash,
      () => this.keys.findBySecretHash(secretHash),
      (found) => found !== null && found.revokedAt === null,
    );
    if (!key || key.revokedAt) {
      return { ok: false, code: 'API_KEY_INVALID' };
    }
    if (key.expiresAt && key.expiresAt.getTime() <= now.getTime()) {
      return { ok: false, code: 'API_KEY_EXPIRED' };
    }
    return {
      ok: true,
      actor: {
        keyId: key.id,
        keyName: key.name,
        roles: key.roles,
        scopes: key.scopes,
        // Expanded here, once per request: features enforce Actor.organIds (src/auth/organ-scope.ts), never the row.
        organIds: expandOrganScope(key.organIds),
      },
    };
  }

  async create(dto: CreateApiKeyDto, creator: Actor): Promise<{ entity: ApiKeyEntity; key: string }> {
    const expiresAt = dto.expiresAt ? new Date(dto.expiresAt) : null;
    if (expiresAt && expiresAt.getTime() <= Date.now()) {
      throw new ProblemException('UNPROCESSABLE', 'expiresAt must be in the future.', {
        errors: [{ path: 'expiresAt', code: 'IN_THE_PAST', message: 'expiresAt must be in the future.' }],
      });
    }
    if (dto.scopes?.length && !dto.roles.includes('INTEGRATION')) {
      throw new ProblemException('UNPROCESSABLE', 'Scopes apply to INTEGRATION keys only.', {
        errors: [
          { path: 'scopes', code: 'SCOPES_NEED_INTEGRATION_ROLE', message: 'Add the INTEGRATION role or drop scopes.' },
        ],
      });
    }
    const organIds = await this.checkOrganScope(dto.organIds, creator);
    const key = generateApiKey();
    try {
      const entity = await this.keys.insert({
        name: dto.name,
        prefix: key.slice(0, KEY_PREFIX.length + 6),
        secretHash: hashApiKey(key),
        roles: dto.roles,
        scopes: dto.scopes ?? [],
        organIds,
        expiresAt,
        createdByKeyId: creator.keyId,
      });
      return { entity, key };
    } catch (error) {
      if (isUniqueViolation(error, 'api_key_active_name_unique')) {
        throw new ProblemException('API_KEY_NAME_TAKEN', `An active API key is already named '${dto.name}'.`);
      }
      throw error;
    }
  }

  /**
   * The organ scope of a new key: each organ must exist (422, not 404: it is a field of the body), and a creator that
   * is itself limited to organs may only grant some of its own — an organ outside its scope is answered as unknown,
   * so that the answer does not reveal which organs exist.
   */
  private async checkOrganScope(requested: string[] | undefined, creator: Actor): Promise<string[] | null> {
    const organIds = requested && requested.length > 0 ? requested : null;
    if (organIds === null) {
      if (!coversOrgans(creator, null)) {
        throw new ProblemException('UNPROCESSABLE', 'A key limited to organs can only create keys limited to organs.', {
          errors: [{ path: 'organIds', code: 'ORGAN_SCOPE_REQUIRED', message: 'List the organs (some of your own).' }],
        });
      }
      return null;
    }
    const existing = new Set(await this.organs.findIds(organIds));
    const unknown = organIds
      .map((id, index) => ({ id, index }))
      .filter(({ id }) => !existing.has(id) || !coversOrgans(creator, [id]));
    if (unknown.length > 0) {
      throw new ProblemException('UNPROCESSABLE', `No reconsideration organ ${unknown.map((u) => u.id).join(', ')}.`, {
        errors: unknown.map(({ id, index }) => ({
          path: `organIds[${index}]`,
          code: 'UNKNOWN_ORGAN',
          message: `No reconsideration organ ${id}.`,
        })),
      });
    }
    return organIds;
  }

  async list(
    query: { limit: number; cursor?: string; includeRevoked: boolean },
    actor: Actor,
  ): Promise<Page<ApiKeyEntity>> {
    const after = decodeCursor(KEY_CURSOR, query.cursor);
    const rows = await this.keys.list({
      limit: query.limit,
      includeRevoked: query.includeRevoked,
      organScope: actor.organIds,
      ...(after ? { after } : {}),
    });
    return toPage(rows, query.limit, KEY_CURSOR, (k) => ({ sortValue: k.createdAt.toISOString(), id: k.id }));
  }

  async revoke(id: string, actor: Actor): Promise<void> {
    if (id === actor.keyId) {
      // Revoking the key in use could lock the last admin out; another admin key must do it.
      throw new ProblemException('UNPROCESSABLE', 'A key cannot revoke itself; use another admin key.');
    }
    const existing = await this.keys.findById(id);
    // A key outside the revoker's organ scope is, to it, a key that does not exist.
    if (!existing || !coversOrgans(actor, existing.organIds)) {
      throw new ProblemException('API_KEY_NOT_FOUND', `No API key ${id}.`);
    }
    // Already revoked: DELETE is idempotent.
    await this.keys.revoke(id, new Date());
  }

  /**
   * Start-up: BOOTSTRAP_ADMIN_KEY becomes an admin key; with none configured and an empty table, one admin key is
   * generated and returned so that the caller prints it once. The advisory lock makes concurrent instances agree.
   */
  async bootstrap(configuredKey: string | undefined): Promise<string | undefined> {
    return this.keys.withBootstrapLock(async (manager) => {
      if (configuredKey) {
        const secretHash = hashApiKey(configuredKey);
        if (!(await this.keys.existsByHash(secretHash, manager))) {
          await this.keys.insert(
            {
              name: `bootstrap-admin-${secretHash.slice(0, 8)}`,
              prefix: configuredKey.slice(0, 10),
              secretHash,
              roles: ['ADMIN'],
              scopes: [],
            },
            manager,
          );
          this.logger.log('BOOTSTRAP_ADMIN_KEY registered as an ADMIN key');
        }
        return undefined;
      }
      if ((await this.keys.countAll(manager)) > 0) {
        return undefined;
      }
      const key = generateApiKey();
      await this.keys.insert(
        {
          name: 'initial-admin',
          prefix: key.slice(0, KEY_PREFIX.length + 6),
          secretHash: hashApiKey(key),
          roles: ['ADMIN'],
          scopes: [],
        },
        manager,
      );
      return key;
    });
  }
}

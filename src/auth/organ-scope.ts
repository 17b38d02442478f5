import type { EntityManager, WhereExpressionBuilder } from 'typeorm';
import { ProblemException } from '../common/errors/problem.exception';
import type { OrganEntity } from '../organs/organ.entity';
import type { Actor } from './roles';

/**
 * Organ scope: WHERE IT IS ENFORCED. Every feature asks this file, and only this file, whether a caller may see an
 * organ's data (issue 13 point 6; PIPL 51(3) 合理确定个人信息处理的操作权限, PIPL 6 最小范围: a clerk of one organ
 * has no need of another organ's files).
 *
 * - `Actor.organIds` is the only input. API keys fill it from api_key.organ_ids (ApiKeyService.authenticate) and
 *   signed-on officers from their token's organ claim, both through expandOrganScope; nothing here reads a key row.
 * - null means every organ (an unscoped key); otherwise the caller sees exactly the listed organs.
 * - Something of another organ is answered exactly as if it did not exist: CASE_NOT_FOUND, ORGAN_NOT_FOUND,
 *   REPORT_NOT_FOUND (404), never 403, so that a scoped caller cannot learn that it exists.
 * - Lists filter in SQL (andWhereOrganInScope / organScopeCondition), so pages and counts never include other organs.
 */

/**
 * The organs a grant covers, as Actor.organIds: the listed organs exactly, also now that organs have a parent
 * (issue 11 pt 8). A city's key does not see its districts' case files: each district or county government is a
 * reconsideration organ of its own, and a grant is as narrow as the work needs (PIPL 6, 51(3)). The hierarchy widens
 * statistics only (scope=DESCENDANTS), and only over organs the caller is granted (StatisticsService.countedOrgans).
 * Should grants ever cover the organs below, this is the one function to change (a recursive walk over organ), and
 * every caller — API keys and OIDC tokens alike — gets it.
 * An absent or empty list is no restriction: every organ.
 */
export function expandOrganScope(listed: readonly string[] | null | undefined): readonly string[] | null {
  if (!listed || listed.length === 0) {
    return null;
  }
  return [...new Set(listed)];
}

/** True when the caller is limited to some organs (not every organ). */
export function isOrganScoped(actor: Pick<Actor, 'organIds'>): actor is Pick<Actor, 'organIds'> & {
  organIds: readonly string[];
} {
  return actor.organIds !== null;
}

/** The rule: may this caller see (and, if its role allows, change) what belongs to this organ? */
export function canSeeOrgan(actor: Pick<Actor, 'organIds'>, organId: string): boolean {
  return actor.organIds === null || actor.organIds.includes(organId);
}

/**
 * Does the caller's scope cover a whole grant? Used when one key manages others: a key limited to organs may only
 * create, list and revoke keys limited to some of its own organs (null, every organ, is covered by no limited scope),
 * so that an organ's admin cannot mint a key wider than its own.
 */
export function coversOrgans(actor: Pick<Actor, 'organIds'>, organIds: readonly string[] | null): boolean {
  if (!isOrganScoped(actor)) {
    return true;
  }
  return organIds !== null && organIds.length > 0 && organIds.every((id) => canSeeOrgan(actor, id));
}

/**
 * The rule as an SQL condition on `column` (an organ id column), for hand-written queries. `bind` adds a parameter
 * and returns its placeholder (e.g. `$3`). Unscoped callers get TRUE, so the condition can always be ANDed.
 */
export function organScopeCondition(
  actor: Pick<Actor, 'organIds'>,
  column: string,
  bind: (value: unknown) => string,
): string {
  if (!isOrganScoped(actor)) {
    return 'TRUE';
  }
  return `${column} = ANY(${bind([...actor.organIds])}::uuid[])`;
}

/** The rule on a TypeORM query builder: restricts `column` (an organ id column) to the caller's organs. */
export function andWhereOrganInScope<Q extends WhereExpressionBuilder>(
  qb: Q,
  actor: Pick<Actor, 'organIds'>,
  column: string,
): Q {
  if (isOrganScoped(actor)) {
    qb.andWhere(`${column} = ANY(:organScope::uuid[])`, { organScope: [...actor.organIds] });
  }
  return qb;
}

export interface OrganLookup {
  findById(id: string, manager?: EntityManager): Promise<OrganEntity | null>;
  findByCode(code: string, manager?: EntityManager): Promise<OrganEntity | null>;
}

/**
 * The organ a request works on (registration, deadline queues, statistics, reports, report templates):
 * - named (organId): that organ, if it exists and is in scope; otherwise 404 ORGAN_NOT_FOUND, the same answer for
 *   both, so the scope does not reveal which organs exist;
 * - not named, unscoped caller: the DEFAULT_ORGAN_CODE organ (as before organ scope existed);
 * - not named, caller scoped to exactly one organ: that organ (a county clerk need never name their own organ);
 * - not named, caller scoped to several organs: the DEFAULT_ORGAN_CODE organ if it is one of them, else
 *   422 ORGAN_REQUIRED — guessing one of several organs would file or count cases under the wrong organ.
 */
export async function resolveOrganInScope(
  actor: Pick<Actor, 'organIds'>,
  organId: string | undefined,
  organs: OrganLookup,
  defaultOrganCode: string,
  manager?: EntityManager,
): Promise<OrganEntity> {
  if (organId) {
    const organ = await organs.findById(organId, manager);
    if (!organ || !canSeeOrgan(actor, organ.id)) {
      throw new ProblemException('ORGAN_NOT_FOUND', `No reconsideration organ ${organId}.`);
    }
    return organ;
  }
  if (isOrganScoped(actor) && actor.organIds.length === 1) {
    const organ = await organs.findById(actor.organIds[0]!, manager);
    if (organ) {
      return organ;
    }
  }
  const fallback = await organs.findByCode(defaultOrganCode, manager);
  if (fallback && canSeeOrgan(actor, fallback.id)) {
    return fallback;
  }
  if (isOrganScoped(actor)) {
    throw new ProblemException(
      'ORGAN_REQUIRED',
      'This key is limited to several organs and the default organ is not one of them: name one with organId.',
      { errors: [{ path: 'organId', code: 'ORGAN_REQUIRED', message: 'name one of your organs' }] },
    );
  }
  throw new ProblemException(
    'ORGAN_NOT_FOUND',
    `The default organ ${defaultOrganCode} does not exist; create it or set DEFAULT_ORGAN_CODE.`,
  );
}

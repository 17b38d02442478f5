import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { READ_DATA_SOURCE } from '../database/read-data-source';
import type { Population } from './tally';

/** What a cross-tab can be keyed by (issue 11 pt 7): a case's columns, or the outcome (detail) of each conclusion. */
export const CROSSTAB_DIMENSIONS = [
  'respondentKind',
  'actCategory',
  'managementDomain',
  'outcome',
  'outcomeDetail',
  'procedure',
  'legalRegime',
  'organ',
] as const;
export type CrosstabDimension = (typeof CROSSTAB_DIMENSIONS)[number];
export type OutcomeDimension = Extract<CrosstabDimension, 'outcome' | 'outcomeDetail'>;
export const isOutcomeDimension = (d: CrosstabDimension): d is OutcomeDimension =>
  d === 'outcome' || d === 'outcomeDetail';

/** The key of a case that has no value in a dimension (no procedure yet, a conclusion without detail). */
export const NO_VALUE_KEY = '';

/** A case's key in a column dimension (`c` is the reconsideration_case row). */
const CASE_KEY: Record<Exclude<CrosstabDimension, OutcomeDimension>, string> = {
  respondentKind: 'c.respondent_kind',
  actCategory: 'c.act_category',
  managementDomain: 'c.management_domain',
  procedure: `coalesce(c.procedure, '${NO_VALUE_KEY}')`,
  legalRegime: 'c.legal_regime',
  organ: 'c.organ_id::text',
};

/** Who a case without a reopening counts in the population, from its columns (A: received in [F, E]; B: open on F). */
const SIMPLE_MEMBER: Record<Population, string> = {
  RECEIVED: 'c.received_on >= $2',
  ACCEPTED: 'c.accepted_on BETWEEN $2 AND $3',
  HANDLED: 'true',
  CONCLUDED: 'c.concluded_on <= $3',
  CONCLUDED_AFTER_ACCEPTANCE: 'c.concluded_on <= $3 AND c.accepted_on IS NOT NULL',
  PENDING: '(c.concluded_on IS NULL OR c.concluded_on > $3)',
};

/**
 * What one contribution (case_tally_contributions, day ≤ E, dimension 'total') adds to the population, for a reopened
 * case: the formulas of rollup.ts, term by term (HANDLED = RECEIVED + REOPENED up to E − CONCLUDED before F …).
 */
const CONTRIBUTION_MEMBER: Record<Population, { where: string; n: string }> = {
  RECEIVED: { where: `t.measure = 'RECEIVED' AND t.day >= $2`, n: '1' },
  ACCEPTED: { where: `t.measure = 'ACCEPTED' AND t.day >= $2`, n: '1' },
  HANDLED: {
    where: `(t.measure IN ('RECEIVED', 'REOPENED') OR (t.measure = 'CONCLUDED' AND t.day < $2))`,
    n: `CASE WHEN t.measure = 'CONCLUDED' THEN -1 ELSE 1 END`,
  },
  CONCLUDED: { where: `t.measure = 'CONCLUDED' AND t.day >= $2`, n: '1' },
  CONCLUDED_AFTER_ACCEPTANCE: { where: `t.measure = 'CONCLUDED_ACCEPTED' AND t.day >= $2`, n: '1' },
  PENDING: {
    where: `t.measure IN ('RECEIVED', 'REOPENED', 'CONCLUDED')`,
    n: `CASE WHEN t.measure = 'CONCLUDED' THEN -1 ELSE 1 END`,
  },
};

export interface CrosstabCell {
  row: string;
  column: string;
  cases: number;
}

/**
 * The cross-tab statement: one statement over reconsideration_case, in three disjoint parts that together hold every
 * case that can belong to the window [F, E] of organs $1 (F = $2, E = $3):
 * - cases never reopened (prior_conclusions empty, nearly all), counted from their columns:
 *   A received in [F, E] (index-only scan of the covering index case_organ_received_crosstab), B received before F and open on F by their current dates
 *   (`daterange(received_on, concluded_on, '(]') @> F`, the GiST index case_open_interval, as the case-list export);
 *   such a case concluded before F counts in no population of the window (its only episode ended before it);
 * - reopened cases received by E (partial index case_organ_reopened), counted episode by episode from their
 *   contributions (case_tally_contributions, the rollup's own function) with the formulas of rollup.ts.
 * A conclusion's outcome (detail) key is the case's outcome for a case never reopened, the contribution's key for
 * an episode of a reopened one; a conclusion without detail has the key NO_VALUE_KEY (the outcome rows count +1 there
 * and each detail row −1, so that the cells add up to the concluded cases).
 * The dimensions' SQL comes from fixed tables above, never from the request.
 */
export function crosstabSql(rows: CrosstabDimension, columns: CrosstabDimension, population: Population): string {
  const outcomeDim = isOutcomeDimension(rows) ? rows : isOutcomeDimension(columns) ? columns : null;
  const simpleKey = (d: CrosstabDimension) =>
    d === 'outcome'
      ? 'c.outcome'
      : d === 'outcomeDetail'
        ? `coalesce(c.outcome_detail, '${NO_VALUE_KEY}')`
        : CASE_KEY[d];
  const member = CONTRIBUTION_MEMBER[population];
  // Reopened cases: by outcome, the conclusions' own rows; otherwise the totals.
  const reopened =
    outcomeDim === null
      ? {
          from: 'CROSS JOIN LATERAL case_tally_contributions(c) AS t',
          where: `t.dimension = 'total' AND ${member.where}`,
          n: member.n,
        }
      : {
          from: `CROSS JOIN LATERAL case_tally_contributions(c) AS t
          CROSS JOIN LATERAL (VALUES
            (CASE WHEN t.dimension = 'outcome' AND '${outcomeDim}' = 'outcomeDetail' THEN '${NO_VALUE_KEY}' ELSE t.key END, 1),
            ('${NO_VALUE_KEY}', -1)) AS o(key, n)`,
          where: `t.dimension IN ('outcome'${outcomeDim === 'outcomeDetail' ? ", 'outcomeDetail'" : ''}) AND ${member.where}
            AND (o.n = 1 OR t.dimension = 'outcomeDetail')`,
          n: 'o.n',
        };
  const reopenedKey = (d: CrosstabDimension) => (isOutcomeDimension(d) ? 'o.key' : CASE_KEY[d]);
  const simple = (from: string, where: string) => `
    SELECT ${simpleKey(rows)} AS r, ${simpleKey(columns)} AS k, 1 AS n
      FROM ${from}
     WHERE c.organ_id = ANY($1::uuid[]) AND c.prior_conclusions = '[]'::jsonb AND ${where}
       AND ${SIMPLE_MEMBER[population]}`;
  // Part B reads the cases open on F through case_open_interval alone, behind an OFFSET 0 fence: left to itself the
  // planner ANDs that bitmap with the organ's index over every case concluded by E (700k entries at 1M cases, 70 ms),
  // or scans the covering index over all the organ's cases, to find the few thousand open on F.
  const openOnF = `(SELECT * FROM reconsideration_case c WHERE daterange(c.received_on, c.concluded_on, '(]') @> $2::date OFFSET 0) AS c`;
  return `SELECT x.r AS row, x.k AS column, sum(x.n)::int AS cases FROM (${simple('reconsideration_case c', 'c.received_on BETWEEN $2 AND $3')}
    UNION ALL${simple(openOnF, 'true')}
    UNION ALL
    SELECT ${reopenedKey(rows)}, ${reopenedKey(columns)}, ${reopened.n}
      FROM reconsideration_case c
          ${reopened.from}
     WHERE c.organ_id = ANY($1::uuid[]) AND c.prior_conclusions <> '[]'::jsonb AND c.received_on <= $3
       AND t.day <= $3 AND ${reopened.where}
  ) AS x GROUP BY 1, 2 HAVING sum(x.n) <> 0 ORDER BY 1, 2`;
}

@Injectable()
export class CrosstabRepository {
  constructor(@Inject(READ_DATA_SOURCE) private readonly dataSource: DataSource) {}

  /** The non-empty cells of the cross-tab of the window [from, E] over `organIds` (crosstabSql). */
  async cells(
    organIds: readonly string[],
    from: string,
    end: string,
    rows: CrosstabDimension,
    columns: CrosstabDimension,
    population: Population,
  ): Promise<CrosstabCell[]> {
    return this.dataSource.query<CrosstabCell[]>(crosstabSql(rows, columns, population), [[...organIds], from, end]);
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { READ_DATA_SOURCE } from '../database/read-data-source';
import { assembleWindow, RollupPart, WindowTally, windowSpans } from './rollup';
import type { RollupDimension, RollupMeasure } from './statistics-rollup.entity';

const EXPORT_COLUMNS = `id, case_number, received_year, sequence, received_on, legal_regime, applicant_names,
  respondent_name, respondent_kind, act_category, management_domain,
  CASE WHEN accepted_on <= $3 THEN accepted_on END AS accepted_on,
  CASE WHEN concluded_on <= $3 THEN concluded_on END AS concluded_on,
  CASE WHEN concluded_on <= $3 THEN outcome END AS outcome,
  CASE WHEN concluded_on <= $3 THEN outcome_detail END AS outcome_detail`;

/**
 * One keyset page of each kind of handled case of a period [from, E], in case-number order. Parameters: $1 organ,
 * $2 from, $3 E, ($4, $5) the last (received_year, sequence) of the previous page, $6 the page size, then the years
 * each part is confined to: $7 (carried over: up to the year of `from`), $7 and $8 (received: the years of from, E).
 * - Carried over: received before `from` and still open on it, i.e. `from` in (received_on, concluded_on]. They sit
 *   in the years just before `from`, so walking case_sequence_unique from the first year would read nearly every
 *   case before finding them; the GiST index case_open_interval finds them directly (MATERIALIZED keeps the planner
 *   from choosing that walk), and the page is a top-N sort of those few.
 * - Received in the period: case_sequence_unique from the year of `from` on, so a page reads about its own rows.
 */
const HANDLED_PAGES: ReadonlyArray<{ sql: string; years: (fromYear: number, endYear: number) => number[] }> = [
  {
    sql: `WITH carried AS MATERIALIZED (
     SELECT ${EXPORT_COLUMNS} FROM reconsideration_case
      WHERE daterange(received_on, concluded_on, '(]') @> $2::date AND organ_id = $1 AND received_year <= $7
        AND (received_year, sequence) > ($4::integer, $5::integer))
   SELECT * FROM carried ORDER BY received_year, sequence LIMIT $6`,
    years: (fromYear) => [fromYear],
  },
  {
    sql: `SELECT ${EXPORT_COLUMNS} FROM reconsideration_case
    WHERE organ_id = $1 AND received_year BETWEEN $7 AND $8 AND received_on BETWEEN $2 AND $3
      AND (received_year, sequence) > ($4::integer, $5::integer)
    ORDER BY received_year, sequence LIMIT $6`,
    years: (fromYear, endYear) => [fromYear, endYear],
  },
];

interface RollupSumRow {
  part: RollupPart;
  measure: RollupMeasure;
  dimension: RollupDimension;
  key: string;
  cases: string;
  /** Only in the per-organ grouping set (byOrgan); absent or null in the rows of all the organs together. */
  organ_id?: string | null;
}

@Injectable()
export class StatisticsRepository {
  constructor(@Inject(READ_DATA_SOURCE) private readonly dataSource: DataSource) {}

  /**
   * The figures and breakdowns of the window [from, E] in one statement over statistics_rollup: the window's spans
   * (whole months plus partial-month days, for the period and for everything before it) joined to the rollup's
   * primary key and summed per measure and code. The formulas are in rollup.ts. Before the period only receipts and
   * conclusions by the carried-over dimensions matter (carried over = received − concluded), and the accepted
   * episodes in total (acceptedCarriedOver), so the rest is skipped.
   *
   * `organIds` are the organs counted together: one organ, or an organ and those below it (scope=DESCENDANTS, issue
   * 11 pt 8): the same statement, with the rollup's leading organ_id matched against the list. With `byOrgan`, the
   * same statement also sums the `total` rows per organ (a second grouping set), for the breakdown by organ; the
   * cost grows with the number of organs and months, never with the number of cases.
   */
  async window(
    organIds: readonly string[],
    from: string,
    end: string,
    options: { byOrgan?: boolean } = {},
  ): Promise<WindowTally & { byOrgan: Map<string, WindowTally['counts']> }> {
    const spans = windowSpans(from, end);
    const grouping = options.byOrgan
      ? `GROUPING SETS ((s.part, r.measure, r.dimension, r.key), (s.part, r.measure, r.dimension, r.key, o.organ_id))
        HAVING GROUPING(o.organ_id) = 1 OR r.dimension = 'total'`
      : '1, 2, 3, 4';
    // Per organ and span, a range read of the rollup's primary key (organ_id, grain, period_start, …). OFFSET 0
    // keeps the lateral subquery a subquery, so each (organ, span) stays an index range scan: flattened into one
    // join, the planner cannot estimate the spans' date ranges and, over several organs, scans the whole rollup
    // (bench:stats, parent organ over 10 children: 61 ms → see bench/results/stats-latest.md).
    const rows = await this.dataSource.query<RollupSumRow[]>(
      `SELECT s.part, r.measure, r.dimension, r.key, sum(r.cases) AS cases${options.byOrgan ? ', o.organ_id' : ''}
         FROM (SELECT DISTINCT unnest($1::uuid[])) AS o(organ_id)
        CROSS JOIN unnest($2::text[], $3::text[], $4::date[], $5::date[]) AS s(part, grain, lo, hi)
        CROSS JOIN LATERAL (
          SELECT r.measure, r.dimension, r.key, r.cases
            FROM statistics_rollup r
           WHERE r.organ_id = o.organ_id AND r.grain = s.grain AND r.period_start BETWEEN s.lo AND s.hi
             AND (s.part = 'PERIOD'
                  OR (r.measure IN ('RECEIVED', 'REOPENED', 'CONCLUDED')
                      AND r.dimension IN ('total', 'respondentKind', 'actCategory', 'managementDomain'))
                  OR (r.measure IN ('ACCEPTED_EPISODE', 'CONCLUDED_ACCEPTED') AND r.dimension = 'total'))
          OFFSET 0
        ) AS r
        GROUP BY ${grouping}`,
      [
        [...organIds],
        spans.map((s) => s.part),
        spans.map((s) => s.grain),
        spans.map((s) => s.from),
        spans.map((s) => s.to),
      ],
    );
    const sums = rows.map((r) => ({ ...r, cases: Number(r.cases) }));
    const perOrgan = new Map<string, typeof sums>();
    for (const row of sums) {
      if (row.organ_id) {
        const own = perOrgan.get(row.organ_id) ?? [];
        own.push(row);
        perOrgan.set(row.organ_id, own);
      }
    }
    return {
      ...assembleWindow(sums.filter((r) => !r.organ_id)),
      byOrgan: new Map([...perOrgan].map(([organId, own]) => [organId, assembleWindow(own).counts])),
    };
  }

  /**
   * The handled cases of [from, E] with their acceptance and outcome as of E, in case-number order (year, then
   * sequence), as keyset pages (HANDLED_PAGES): one statement per page, so an export of any length holds one page in
   * memory. Carried-over cases come first.
   * Not one snapshot: a case registered or concluded while the pages are read may be missed or counted in its new
   * state; cases dated in the past rarely change, and the figures name the moment they were computed.
   */
  async *handledCasePages(
    organId: string,
    from: string,
    end: string,
    pageSize = 1000,
  ): AsyncGenerator<HandledCaseRow[]> {
    for (const { sql, years } of HANDLED_PAGES) {
      let after: [number, number] = [0, 0];
      for (;;) {
        const rows = await this.dataSource.query<HandledCaseRow[]>(sql, [
          organId,
          from,
          end,
          after[0],
          after[1],
          pageSize,
          ...years(Number(from.slice(0, 4)), Number(end.slice(0, 4))),
        ]);
        if (rows.length > 0) {
          yield rows;
        }
        const last = rows.at(-1);
        if (!last || rows.length < pageSize) {
          break;
        }
        after = [last.received_year, last.sequence];
      }
    }
  }
}

export interface HandledCaseRow {
  id: string;
  case_number: string;
  received_year: number;
  sequence: number;
  received_on: string;
  legal_regime: string;
  applicant_names: string;
  respondent_name: string;
  respondent_kind: string;
  act_category: string;
  management_domain: string;
  accepted_on: string | null;
  concluded_on: string | null;
  outcome: string | null;
  /** The outcome's detail (OUTCOME_DETAILS), as of E like the outcome. */
  outcome_detail: string | null;
}

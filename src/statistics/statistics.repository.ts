import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { READ_DATA_SOURCE } from '../database/read-data-source';
import { assembleWindow, RollupPart, WindowTally, windowSpans } from './rollup';
import type { RollupDimension, RollupMeasure } from './statistics-rollup.entity';

/**
 * The cases handled in a period [from, E], for the case-list export: received in it (case_organ_received), or
 * received before `from` and still open on it — `from` in (received_on, concluded_on] — found by the GiST index
 * case_open_interval instead of reading every case concluded since. Parameters: $1 organ, $2 from, $3 E.
 */
const HANDLED_IDS = `
  SELECT id FROM reconsideration_case WHERE organ_id = $1 AND received_on BETWEEN $2 AND $3
  UNION ALL
  SELECT id FROM reconsideration_case WHERE organ_id = $1 AND daterange(received_on, concluded_on, '(]') @> $2::date`;

interface RollupSumRow {
  part: RollupPart;
  measure: RollupMeasure;
  dimension: RollupDimension;
  key: string;
  cases: string;
}

@Injectable()
export class StatisticsRepository {
  constructor(@Inject(READ_DATA_SOURCE) private readonly dataSource: DataSource) {}

  /**
   * The figures and breakdowns of the window [from, E] in one statement over statistics_rollup: the window's spans
   * (whole months plus partial-month days, for the period and for everything before it) joined to the rollup's
   * primary key and summed per measure and code. The formulas are in rollup.ts. Before the period only receipts and
   * conclusions by the carried-over dimensions matter (carried over = received − concluded), so the rest is skipped.
   */
  async window(organId: string, from: string, end: string): Promise<WindowTally> {
    const spans = windowSpans(from, end);
    const rows = await this.dataSource.query<RollupSumRow[]>(
      `SELECT s.part, r.measure, r.dimension, r.key, sum(r.cases) AS cases
         FROM unnest($2::text[], $3::text[], $4::date[], $5::date[]) AS s(part, grain, lo, hi)
         JOIN statistics_rollup r
           ON r.organ_id = $1 AND r.grain = s.grain AND r.period_start BETWEEN s.lo AND s.hi
          AND (s.part = 'PERIOD' OR (r.measure <> 'ACCEPTED' AND r.dimension IN ('total', 'respondentKind', 'actCategory', 'managementDomain')))
        GROUP BY 1, 2, 3, 4`,
      [organId, spans.map((s) => s.part), spans.map((s) => s.grain), spans.map((s) => s.from), spans.map((s) => s.to)],
    );
    return assembleWindow(rows.map((r) => ({ ...r, cases: Number(r.cases) })));
  }

  /** Handled cases of the period with their outcome as of E, for the case-list export. */
  async handledCases(organId: string, from: string, end: string): Promise<HandledCaseRow[]> {
    return await this.dataSource.query<HandledCaseRow[]>(
      `WITH ids AS (${HANDLED_IDS})
       SELECT c.case_number, c.received_on, c.legal_regime, c.applicant_names, c.respondent_name, c.respondent_kind,
              c.act_category, c.management_domain, c.accepted_on,
              CASE WHEN c.concluded_on <= $3 THEN c.concluded_on END AS concluded_on,
              CASE WHEN c.concluded_on <= $3 THEN c.outcome END AS outcome
         FROM reconsideration_case c JOIN ids ON ids.id = c.id
        ORDER BY c.received_on, c.case_number`,
      [organId, from, end],
    );
  }
}

export interface HandledCaseRow {
  case_number: string;
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
}

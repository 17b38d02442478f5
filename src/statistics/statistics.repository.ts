import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { READ_DATA_SOURCE } from '../database/read-data-source';
import type { Outcome } from '../code-lists/code-lists';
import { Counts, emptyByOutcome } from './tally';

export type Dimension = 'respondentKind' | 'actCategory' | 'managementDomain';

export interface BreakdownRow {
  dimension: Dimension | 'outcome';
  key: string;
  handled: number;
  concluded: number;
}

/**
 * The handled cases of a period, as three index range scans instead of one scan of every case ever received:
 *   A. received in [from, E]                          — case_organ_received
 *   B. received before `from`, concluded on/after it  — case_organ_concluded
 *   C. received before `from`, still open             — case_organ_open_received (partial)
 * "Concluded as of E" is concluded_on ≤ E: the concluding act's legal date (see tally.ts).
 * Parameters: $1 organ, $2 from, $3 E.
 */
const HANDLED = (columns: string) => `
  SELECT ${columns} FROM reconsideration_case WHERE organ_id = $1 AND received_on BETWEEN $2 AND $3
  UNION ALL
  SELECT ${columns} FROM reconsideration_case WHERE organ_id = $1 AND received_on < $2 AND concluded_on >= $2
  UNION ALL
  SELECT ${columns} FROM reconsideration_case WHERE organ_id = $1 AND received_on < $2 AND concluded_on IS NULL`;

const COLUMNS =
  'received_on, accepted_on, outcome, termination_ground, withdrawal_reason, respondent_kind, act_category, management_domain, ' +
  'CASE WHEN concluded_on <= $3 THEN concluded_on END AS concluded_on';

interface BreakdownQueryRow {
  respondent_kind: string | null;
  act_category: string | null;
  management_domain: string | null;
  outcome: string | null;
  handled: string;
  concluded: string;
}

interface CountsRow {
  handled: string;
  received: string;
  accepted: string;
  concluded: string;
  corrected_terminations: string;
  settled_before_acceptance: string;
}

@Injectable()
export class StatisticsRepository {
  constructor(@Inject(READ_DATA_SOURCE) private readonly dataSource: DataSource) {}

  /** The figures of tally.ts in two statements (totals; outcomes), all from index range scans. */
  async counts(
    organId: string,
    from: string,
    end: string,
  ): Promise<Omit<Counts, 'correctionCount' | 'meritsDecisions'>> {
    const [row] = await this.dataSource.query<CountsRow[]>(
      `WITH handled AS (${HANDLED(COLUMNS)})
       SELECT count(*) AS handled,
              count(*) FILTER (WHERE received_on >= $2) AS received,
              count(*) FILTER (WHERE accepted_on BETWEEN $2 AND $3) AS accepted,
              count(concluded_on) AS concluded,
              count(*) FILTER (WHERE concluded_on IS NOT NULL AND outcome = 'TERMINATED'
                                 AND termination_ground = 'WITHDRAWN_AFTER_RESPONDENT_CORRECTED') AS corrected_terminations,
              count(*) FILTER (WHERE concluded_on IS NOT NULL AND outcome = 'WITHDRAWN'
                                 AND withdrawal_reason = 'SETTLED_BEFORE_ACCEPTANCE') AS settled_before_acceptance
         FROM handled`,
      [organId, from, end],
    );
    const outcomes = await this.dataSource.query<Array<{ outcome: Outcome; n: string }>>(
      `SELECT outcome, count(*) AS n FROM reconsideration_case
        WHERE organ_id = $1 AND concluded_on BETWEEN $2 AND $3 GROUP BY outcome`,
      [organId, from, end],
    );
    const byOutcome = emptyByOutcome();
    for (const o of outcomes) {
      byOutcome[o.outcome] = Number(o.n);
    }
    const handled = Number(row?.handled ?? 0);
    const concluded = Number(row?.concluded ?? 0);
    return {
      handled,
      received: Number(row?.received ?? 0),
      carriedOver: handled - Number(row?.received ?? 0),
      accepted: Number(row?.accepted ?? 0),
      concluded,
      pending: handled - concluded,
      byOutcome,
      correctedTerminations: Number(row?.corrected_terminations ?? 0),
      settledBeforeAcceptance: Number(row?.settled_before_acceptance ?? 0),
    };
  }

  /** Handled cases by respondent kind, act category and management domain; concluded cases by outcome. */
  async breakdowns(organId: string, from: string, end: string): Promise<BreakdownRow[]> {
    const rows = await this.dataSource.query<BreakdownQueryRow[]>(
      `WITH handled AS (${HANDLED(COLUMNS)})
       SELECT respondent_kind, act_category, management_domain,
              CASE WHEN concluded_on IS NOT NULL THEN outcome END AS outcome,
              count(*) AS handled, count(concluded_on) AS concluded
         FROM handled
        GROUP BY GROUPING SETS ((respondent_kind), (act_category), (management_domain), (CASE WHEN concluded_on IS NOT NULL THEN outcome END))`,
      [organId, from, end],
    );
    const out: BreakdownRow[] = [];
    for (const r of rows) {
      const [dimension, key]: [BreakdownRow['dimension'], string | null] =
        r.respondent_kind !== null
          ? ['respondentKind', r.respondent_kind]
          : r.act_category !== null
            ? ['actCategory', r.act_category]
            : r.management_domain !== null
              ? ['managementDomain', r.management_domain]
              : ['outcome', r.outcome];
      if (key !== null) {
        out.push({ dimension, key, handled: Number(r.handled), concluded: Number(r.concluded) });
      }
    }
    return out;
  }

  /** Handled cases of the period with their outcome as of E, for the case-list export. */
  async handledCases(organId: string, from: string, end: string): Promise<HandledCaseRow[]> {
    return await this.dataSource.query<HandledCaseRow[]>(
      `WITH ids AS (${HANDLED('id')})
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

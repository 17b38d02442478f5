import { Injectable } from '@nestjs/common';
import type { Actor } from '../auth/roles';
import { CodeListRegistry } from '../code-lists/code-list-registry.service';
import type { CodeListName } from '../code-lists/code-lists';
import { ProblemException } from '../common/errors/problem.exception';
import type { ExportTable } from '../common/export/exports';
import { OrganRepository } from '../organs/organ.repository';
import { type CrosstabDimension, CrosstabRepository, isOutcomeDimension, NO_VALUE_KEY } from './crosstab.repository';
import type { Figures, StatisticsParams } from './statistics.service';
import { StatisticsService } from './statistics.service';
import { outcomePopulation, percent, type PercentMode, type Population, POPULATION_FIGURE } from './tally';

export interface CrosstabParams extends StatisticsParams {
  rows: CrosstabDimension;
  columns: CrosstabDimension;
}

/** A count and its percentage of the cross-tab's base (percentOf). */
export interface CrosstabValue {
  count: number;
  percent: number | null;
}

/** A row or column of the cross-tab: a code (null: no value, e.g. no procedure yet) and its label. */
export interface CrosstabHeader extends CrosstabValue {
  code: string | null;
  labelZh: string;
}

export interface Crosstab {
  organ: Figures['organ'];
  scope: Figures['scope'];
  organIds: string[];
  period: Figures['period'];
  rowDimension: CrosstabDimension;
  columnDimension: CrosstabDimension;
  /** The population asked for (default HANDLED). */
  population: Population;
  /** The population the cells count: with outcome or outcomeDetail, its concluded members (tally.ts outcomePopulation). */
  countedPopulation: Population;
  /** The population the percentages are of (default countedPopulation), and its figure. */
  percentOf: Population;
  percentBase: number;
  percentMode: PercentMode;
  decimals: number;
  /** Rows and columns with their totals, largest first; only codes with members. */
  rows: CrosstabHeader[];
  columns: CrosstabHeader[];
  /** cells[i][j]: the members with row i's code and column j's code. */
  cells: CrosstabValue[][];
  /** The grand total: the countedPopulation's figure of GET /v1/statistics/reconsideration for the same parameters. */
  total: CrosstabValue;
}

const LIST_OF: Record<Exclude<CrosstabDimension, 'organ'>, CodeListName> = {
  respondentKind: 'RESPONDENT_KINDS',
  actCategory: 'ACT_CATEGORIES',
  managementDomain: 'MANAGEMENT_DOMAINS',
  outcome: 'OUTCOMES',
  outcomeDetail: 'OUTCOME_DETAILS',
  procedure: 'PROCEDURES',
  legalRegime: 'LEGAL_REGIMES',
};

/** Labels of the key NO_VALUE_KEY (a dimension a case may lack). */
const NO_VALUE_LABEL: Partial<Record<CrosstabDimension, string>> = {
  procedure: '未确定程序',
  outcomeDetail: '无细分',
};

export const DIMENSION_LABELS: Record<CrosstabDimension, string> = {
  respondentKind: '被申请人类型',
  actCategory: '行为类别',
  managementDomain: '管理领域',
  outcome: '结案方式',
  outcomeDetail: '结案方式细分',
  procedure: '审理程序',
  legalRegime: '适用法律',
  organ: '复议机关',
};

/**
 * Cross-tabs (issue 11 pt 7): the members of a population (tally.ts POPULATIONS) counted per pair of codes of two
 * dimensions. The rollup is keyed by one dimension, so the cells are read from the cases (CrosstabRepository); the
 * figures — and with them the organ, its scope, the period's checks and the percentOf base — come from the
 * statistics (StatisticsService.figures), so that the grand total is the figure the statistics give.
 */
@Injectable()
export class CrosstabService {
  constructor(
    private readonly statistics: StatisticsService,
    private readonly repository: CrosstabRepository,
    private readonly organs: OrganRepository,
    private readonly codeLists: CodeListRegistry,
  ) {}

  async crosstab(params: CrosstabParams, actor: Actor): Promise<Crosstab> {
    const population = params.population ?? 'HANDLED';
    const counted = countedPopulation(params.rows, params.columns, population);
    const figures = await this.statistics.figures(params, actor);
    const cells = await this.repository.cells(
      figures.organIds,
      figures.period.from,
      figures.period.effectiveEnd,
      params.rows,
      params.columns,
      counted,
    );
    const percentOf = params.percentOf ?? counted;
    const base = figures[POPULATION_FIGURE[percentOf]];
    const mode = figures.percentMode;
    const decimals = figures.decimals;
    const value = (count: number): CrosstabValue => ({ count, percent: percent(count, base, mode, decimals) });
    const label = await this.labeller(params.rows, params.columns, figures.organIds);

    const headers = (dimension: CrosstabDimension, keyOf: (c: (typeof cells)[number]) => string): CrosstabHeader[] => {
      const totals = new Map<string, number>();
      for (const c of cells) {
        totals.set(keyOf(c), (totals.get(keyOf(c)) ?? 0) + c.cases);
      }
      // Largest first; ties by code, organs (ids) in the counted organs' order (the organ asked for, then by code).
      const tie =
        dimension === 'organ'
          ? (a: string, b: string) => figures.organIds.indexOf(a) - figures.organIds.indexOf(b)
          : (a: string, b: string) => a.localeCompare(b);
      return [...totals]
        .sort(([a, n], [b, m]) => m - n || tie(a, b))
        .map(([key, n]) => ({
          code: key === NO_VALUE_KEY ? null : key,
          labelZh: label(dimension, key),
          ...value(n),
        }));
    };
    const rows = headers(params.rows, (c) => c.row);
    const columns = headers(params.columns, (c) => c.column);
    const index = new Map(cells.map((c) => [`${c.row}\u0000${c.column}`, c.cases]));
    const keyOf = (h: CrosstabHeader) => h.code ?? NO_VALUE_KEY;
    return {
      organ: figures.organ,
      scope: figures.scope,
      organIds: figures.organIds,
      period: figures.period,
      rowDimension: params.rows,
      columnDimension: params.columns,
      population,
      countedPopulation: counted,
      percentOf,
      percentBase: base,
      percentMode: mode,
      decimals,
      rows,
      columns,
      cells: rows.map((r) => columns.map((c) => value(index.get(`${keyOf(r)}\u0000${keyOf(c)}`) ?? 0))),
      total: value(cells.reduce((n, c) => n + c.cases, 0)),
    };
  }

  /** The zh-CN label of a key: the deployment's code lists (issue 11 pt 9), organ names for `organ`. */
  private async labeller(
    ...args: [CrosstabDimension, CrosstabDimension, readonly string[]]
  ): Promise<(dimension: CrosstabDimension, key: string) => string> {
    const [rows, columns, organIds] = args;
    const labelOf = await this.codeLists.labels();
    const organNames =
      rows === 'organ' || columns === 'organ'
        ? new Map((await this.organs.findByIds(organIds)).map((o) => [o.id, o.name]))
        : new Map<string, string>();
    return (dimension, key) =>
      key === NO_VALUE_KEY
        ? (NO_VALUE_LABEL[dimension] ?? '')
        : dimension === 'organ'
          ? (organNames.get(key) ?? key)
          : labelOf(LIST_OF[dimension], key);
  }
}

/**
 * The population the cells count. A dimension of conclusions (outcome, outcomeDetail) counts the concluded members of
 * the population, as the statistics' breakdowns by outcome do (tally.ts outcomePopulation); a population without
 * concluded members (RECEIVED, ACCEPTED, PENDING) cannot be crossed with it: 400 naming `population`.
 */
export function countedPopulation(
  rows: CrosstabDimension,
  columns: CrosstabDimension,
  population: Population,
): Population {
  if (rows === columns) {
    throw invalid('columns', 'SAME_DIMENSION', 'columns must be another dimension than rows');
  }
  if (isOutcomeDimension(rows) && isOutcomeDimension(columns)) {
    // A detail refines one outcome: the "cross" would be the outcomeDetail breakdown itself.
    throw invalid(
      'columns',
      'NESTED_DIMENSIONS',
      'outcome and outcomeDetail cannot be crossed (a detail refines its outcome)',
    );
  }
  if (!isOutcomeDimension(rows) && !isOutcomeDimension(columns)) {
    return population;
  }
  const concluded = outcomePopulation(population);
  if (concluded === null) {
    throw invalid(
      'population',
      'POPULATION_WITHOUT_OUTCOME',
      `population ${population} has no concluded members to count by outcome; use HANDLED, CONCLUDED or CONCLUDED_AFTER_ACCEPTANCE`,
    );
  }
  return concluded;
}

function invalid(path: string, code: string, message: string): ProblemException {
  return new ProblemException('VALIDATION_FAILED', `${path}: ${message}`, { errors: [{ path, code, message }] });
}

/** The cross-tab as tables with zh-CN headers: counts, then percentages (of percentOf), each with totals. */
export function crosstabTables(x: Crosstab): ExportTable[] {
  const corner = `${DIMENSION_LABELS[x.rowDimension]} \\ ${DIMENSION_LABELS[x.columnDimension]}`;
  const headers = [corner, ...x.columns.map((c) => c.labelZh), '合计'];
  const table = (sheet: string, pick: (v: CrosstabValue) => number | null): ExportTable => ({
    sheet,
    headers,
    rows: [
      ...x.rows.map((r, i) => [r.labelZh, ...x.cells[i]!.map(pick), pick(r)]),
      ['合计', ...x.columns.map(pick), pick(x.total)],
    ],
  });
  return [table('件数', (v) => v.count), table('占比(%)', (v) => v.percent)];
}

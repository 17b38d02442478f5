import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { andWhereOrganInScope, canSeeOrgan, resolveOrganInScope } from '../auth/organ-scope';
import type { Actor } from '../auth/roles';
import { findCodeEntry, NON_MERITS_OUTCOME_DETAILS, OUTCOMES } from '../code-lists/code-lists';
import type { Outcome } from '../code-lists/code-lists';
import { ProblemException } from '../common/errors/problem.exception';
import { todayInChina } from '../common/validation/local-date.validator';
import { Env } from '../config/env';
import { OrganEntity } from '../organs/organ.entity';
import { OrganRepository } from '../organs/organ.repository';
import { FrozenReportEntity } from './frozen-report.entity';
import { chineseDate, samePeriodLastYear } from './period';
import {
  DEFAULT_REPORT_TEMPLATE,
  formatPercent,
  renderReportSentence,
  ReportTemplateData,
  validateReportTemplate,
} from './report-template';
import { ReportTemplateEntity } from './report-template.entity';
import type { BreakdownRow, Dimension } from './rollup';
import { type HandledCaseRow, StatisticsRepository } from './statistics.repository';
import type { ExportRow, StreamedTable } from '../common/export/exports';
import { AuditOrigin, PersonalDataAudit } from '../personal-data/personal-data-audit';
import {
  FieldClass,
  isPersonalValueKind,
  maskValue,
  mayReadPersonalData,
  PersonalValueKind,
} from '../personal-data/personal-values';
import { changePercent, Counts, effectiveEnd, percent, PercentMode, RateBase, rates } from './tally';

/** Bumped whenever a definition in tally.ts changes, so frozen reports say which definitions made them. */
// v2: procedural dismissals (驳回申请) leave the DECIDED base; reopened cases (superior orders) count as REOPENED.
export const DEFINITIONS_VERSION = 'tally-2026-12-v2';

export interface StatisticsParams {
  organId?: string;
  from: string;
  to: string;
  asOf?: string;
  rateBase?: RateBase;
  percent?: PercentMode;
}

export interface Figures extends Omit<Counts, 'byOutcome'> {
  organ: { id: string; code: string; name: string };
  period: { from: string; to: string; asOf: string; effectiveEnd: string };
  byOutcome: Record<Outcome, number>;
  rateBase: RateBase;
  percentMode: PercentMode;
  correctionRate: number | null;
  overallCorrectionRate: number | null;
}

export interface BreakdownEntry {
  code: string;
  labelZh: string;
  count: number;
  percent: number | null;
  previousCount: number;
  changePercent: number | null;
}

export interface Statistics {
  figures: Figures;
  breakdowns: Record<Dimension | 'outcome' | 'outcomeDetail', BreakdownEntry[]>;
  comparison: {
    /** 同比: the same period one year earlier, cut at the same point as this one. */
    previousPeriod: { from: string; to: string };
    previous: Pick<Counts, 'received' | 'handled' | 'concluded' | 'pending' | 'correctionCount'>;
    changePercent: Record<'received' | 'handled' | 'concluded' | 'pending' | 'correctionCount', number | null>;
  };
}

export interface Report {
  year: number;
  asOf: string | null;
  figures: Figures;
  sentence: string;
  unmappedOutcomes: Partial<Record<Outcome, number>>;
  template: ReportTemplateData;
}

const LIST_FOR: Record<
  Dimension | 'outcome' | 'outcomeDetail',
  'RESPONDENT_KINDS' | 'ACT_CATEGORIES' | 'MANAGEMENT_DOMAINS' | 'OUTCOMES' | 'OUTCOME_DETAILS'
> = {
  respondentKind: 'RESPONDENT_KINDS',
  actCategory: 'ACT_CATEGORIES',
  managementDomain: 'MANAGEMENT_DOMAINS',
  outcome: 'OUTCOMES',
  outcomeDetail: 'OUTCOME_DETAILS',
};

@Injectable()
export class StatisticsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: StatisticsRepository,
    private readonly organs: OrganRepository,
    private readonly env: Env,
    private readonly audit: PersonalDataAudit,
  ) {}

  async figures(params: StatisticsParams, actor: Actor): Promise<Figures> {
    const organ = await this.organ(params.organId, actor);
    return this.figuresFor(organ, params);
  }

  async statistics(params: StatisticsParams, actor: Actor): Promise<Statistics> {
    const organ = await this.organ(params.organId, actor);
    const current = await this.compute(organ, params);
    const figures = current.figures;
    const mode = figures.percentMode;
    const prev = samePeriodLastYear(params.from, figures.period.effectiveEnd);
    const previous = await this.compute(organ, { ...params, from: prev.from, to: prev.to, asOf: prev.to });
    const prevFigures = previous.figures;
    const keys = ['received', 'handled', 'concluded', 'pending', 'correctionCount'] as const;
    return {
      figures,
      breakdowns: {
        respondentKind: breakdown('respondentKind', current.breakdowns, previous.breakdowns, figures.handled, mode),
        actCategory: breakdown('actCategory', current.breakdowns, previous.breakdowns, figures.handled, mode),
        managementDomain: breakdown('managementDomain', current.breakdowns, previous.breakdowns, figures.handled, mode),
        outcome: breakdown('outcome', current.breakdowns, previous.breakdowns, figures.concluded, mode),
        outcomeDetail: breakdown('outcomeDetail', current.breakdowns, previous.breakdowns, figures.concluded, mode),
      },
      comparison: {
        previousPeriod: prev,
        previous: Object.fromEntries(keys.map((k) => [k, prevFigures[k]])) as Statistics['comparison']['previous'],
        changePercent: Object.fromEntries(
          keys.map((k) => [k, changePercent(figures[k], prevFigures[k], mode)]),
        ) as Statistics['comparison']['changePercent'],
      },
    };
  }

  /** The published sentence for a year, rendered from the organ's template (data), as of a date or "截至目前". */
  async report(
    params: { year: number; asOf?: string; organId?: string },
    actor: Actor,
    templateOverride?: ReportTemplateData,
  ): Promise<Report> {
    const organ = await this.organ(params.organId, actor);
    const template = templateOverride ?? (await this.template(organ.id));
    const from = `${params.year}-01-01`;
    const to = `${params.year}-12-31`;
    const figures = await this.figuresFor(organ, {
      from,
      to,
      ...(params.asOf ? { asOf: params.asOf } : {}),
      rateBase: template.rateBase,
      percent: template.percentMode,
    });
    const pct = (n: number, total: number) => percent(n, total, template.percentMode);
    const rendered = renderReportSentence(template, {
      byOutcome: figures.byOutcome,
      byOutcomeDetail: figures.byOutcomeDetail,
      concluded: figures.concluded,
      percentOf: pct,
      values: {
        asOfPhrase: params.asOf ? `截至${chineseDate(params.asOf)}` : '截至目前',
        organName: organ.name,
        year: String(params.year),
        previousYear: String(params.year - 1),
        handled: String(figures.handled),
        received: String(figures.received),
        reopened: String(figures.reopened),
        carriedOver: String(figures.carriedOver),
        accepted: String(figures.accepted),
        concluded: String(figures.concluded),
        pending: String(figures.pending),
        items: '',
        correctionCount: String(figures.correctionCount),
        correctionRate: formatPercent(figures.correctionRate),
        overallCorrectionRate: formatPercent(figures.overallCorrectionRate),
        settledBeforeAcceptance: String(figures.settledBeforeAcceptance),
      },
    });
    return {
      year: params.year,
      asOf: params.asOf ?? null,
      figures,
      sentence: rendered.sentence,
      unmappedOutcomes: rendered.unmappedOutcomes,
      template,
    };
  }

  /**
   * The case list of a period for export: one row per handled case with zh-CN labels, its outcome as of the period's
   * effective end (办理中 while pending then), read page by page (StatisticsRepository.handledCasePages).
   */
  async handledCasesTable(
    params: StatisticsParams,
    format: 'csv' | 'xlsx',
    reader: { actor: Actor; origin: AuditOrigin },
  ): Promise<StreamedTable> {
    const organ = await this.organ(params.organId, reader.actor);
    const { figures } = await this.compute(organ, params); // validates the period and asOf like the figures do
    // One row per handled case: the figures say how many rows the export will have before it starts.
    if (format === 'xlsx' && figures.handled > this.env.EXPORT_XLSX_MAX_ROWS) {
      throw new ProblemException(
        'EXPORT_TOO_LARGE',
        `The period has ${figures.handled} handled cases; an XLSX export holds at most ${this.env.EXPORT_XLSX_MAX_ROWS}. ` +
          'Use format=csv, or a shorter period.',
        { extensions: { limit: this.env.EXPORT_XLSX_MAX_ROWS, rows: figures.handled } },
      );
    }
    const pages = this.repository.handledCasePages(organ.id, params.from, figures.period.effectiveEnd);
    // The first page is read before answering, so that a database error is still a problem+json response.
    const first = await pages.next();
    // Applicants' names are personal (case-field-classes.ts): masked for readers not entitled to them; for those who
    // are, each page's cases are audited before the page is written out (PIPL 51), so no row leaves unrecorded.
    const entitled = mayReadPersonalData(reader.actor);
    const present = async (page: HandledCaseRow[]): Promise<ExportRow[]> => {
      if (entitled) {
        await this.audit.recordNow(
          reader.actor,
          reader.origin,
          page.map((r) => ({ kind: 'EXPORT', caseId: r.id, organId: organ.id, fields: CASE_LIST_PERSONAL })),
        );
      }
      return page.map((r) => caseListRow(r, entitled));
    };
    async function* rows(): AsyncGenerator<ExportRow[]> {
      if (first.done) {
        return;
      }
      yield await present(first.value);
      for await (const page of pages) {
        yield await present(page);
      }
    }
    return { sheet: '办理案件', headers: CASE_LIST_HEADERS, batches: rows() };
  }

  // ── Templates ────────────────────────────────────────────────────────────────────────────────────────────────

  async template(organId: string): Promise<ReportTemplateData> {
    const row = await this.dataSource.getRepository(ReportTemplateEntity).findOneBy({ organId });
    return row?.data ?? DEFAULT_REPORT_TEMPLATE;
  }

  async templateFor(
    organId: string | undefined,
    actor: Actor,
  ): Promise<{ organ: OrganEntity; template: ReportTemplateData }> {
    const organ = await this.organ(organId, actor);
    return { organ, template: await this.template(organ.id) };
  }

  async saveTemplate(organId: string | undefined, data: ReportTemplateData, actor: Actor): Promise<ReportTemplateData> {
    const organ = await this.organ(organId, actor);
    const problems = validateReportTemplate(data);
    if (problems.length > 0) {
      throw new ProblemException('REPORT_TEMPLATE_INVALID', problems.map((p) => `${p.path}: ${p.message}`).join('; '), {
        errors: problems.map((p) => ({ path: p.path, code: 'REPORT_TEMPLATE_INVALID', message: p.message })),
      });
    }
    await this.dataSource
      .getRepository(ReportTemplateEntity)
      .upsert({ organId: organ.id, data, updatedBy: actor.keyName }, ['organId']);
    return data;
  }

  // ── Frozen reports ───────────────────────────────────────────────────────────────────────────────────────────

  async freeze(
    params: { year: number; asOf?: string; organId?: string; title?: string },
    actor: Actor,
  ): Promise<FrozenReportEntity> {
    const report = await this.report(params, actor);
    const repo = this.dataSource.getRepository(FrozenReportEntity);
    const saved = await repo.save(
      repo.create({
        organId: report.figures.organ.id,
        title: params.title ?? `${report.figures.organ.name}${params.year}年行政复议工作统计`,
        parameters: { year: params.year, asOf: params.asOf ?? null, organId: report.figures.organ.id },
        figures: report.figures as unknown as Record<string, unknown>,
        sentence: report.sentence,
        template: report.template as unknown as Record<string, unknown>,
        definitionsVersion: DEFINITIONS_VERSION,
        createdByKeyId: actor.keyId,
        createdByName: actor.keyName,
      }),
    );
    return saved;
  }

  /** Another organ's report is not found, like a missing one (organ scope, src/auth/organ-scope.ts). */
  async frozen(id: string, actor: Actor): Promise<FrozenReportEntity> {
    const row = await this.dataSource.getRepository(FrozenReportEntity).findOneBy({ id });
    if (!row || !canSeeOrgan(actor, row.organId)) {
      throw new ProblemException('REPORT_NOT_FOUND', `No frozen report ${id}.`);
    }
    return row;
  }

  /** Newest first, of the caller's organs only; organId narrows (another organ's id gives none, as an unknown one). */
  listFrozen(organId: string | undefined, limit: number, actor: Actor): Promise<FrozenReportEntity[]> {
    const qb = this.dataSource
      .getRepository(FrozenReportEntity)
      .createQueryBuilder('r')
      .orderBy('r.created_at', 'DESC')
      .limit(limit);
    andWhereOrganInScope(qb, actor, 'r.organ_id');
    if (organId) {
      qb.andWhere('r.organ_id = :organId', { organId });
    }
    return qb.getMany();
  }

  /** Restatement: the same parameters computed now, and every figure or sentence that differs. */
  async compare(
    row: FrozenReportEntity,
    actor: Actor,
  ): Promise<{
    figures: Figures;
    sentence: string;
    differences: Array<{ field: string; frozen: unknown; current: unknown }>;
  }> {
    const p = row.parameters as { year: number; asOf: string | null; organId: string };
    // Same parameters and the template stored with the report: a difference then means the data changed.
    const fresh = await this.report(
      { year: p.year, organId: p.organId, ...(p.asOf ? { asOf: p.asOf } : {}) },
      actor,
      row.template as unknown as ReportTemplateData,
    );
    const differences: Array<{ field: string; frozen: unknown; current: unknown }> = [];
    const flat = (o: unknown, prefix = ''): Record<string, unknown> =>
      o !== null && typeof o === 'object' && !Array.isArray(o)
        ? Object.entries(o as Record<string, unknown>).reduce<Record<string, unknown>>(
            (acc, [k, v]) => ({ ...acc, ...flat(v, prefix ? `${prefix}.${k}` : k) }),
            {},
          )
        : { [prefix]: o };
    const before = flat(row.figures);
    const after = flat(fresh.figures);
    for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
      if (key.startsWith('period.asOf') || key === 'period.effectiveEnd') {
        continue; // "截至目前" moves with the calendar; what matters is whether the figures moved.
      }
      if (!(key in before)) {
        // A figure the report did not have when it was frozen (a code added since, e.g. an outcome detail): not a
        // restatement of what it published.
        continue;
      }
      if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
        differences.push({ field: `figures.${key}`, frozen: before[key], current: after[key] });
      }
    }
    if (row.sentence !== fresh.sentence) {
      differences.push({ field: 'sentence', frozen: row.sentence, current: fresh.sentence });
    }
    return { figures: fresh.figures, sentence: fresh.sentence, differences };
  }

  // ── Internals ────────────────────────────────────────────────────────────────────────────────────────────────

  private async figuresFor(organ: OrganEntity, params: StatisticsParams): Promise<Figures> {
    return (await this.compute(organ, params)).figures;
  }

  /** The figures of a period and its breakdown rows, from one read of the statistics rollup. */
  private async compute(
    organ: OrganEntity,
    params: StatisticsParams,
  ): Promise<{ figures: Figures; breakdowns: BreakdownRow[] }> {
    if (params.from > params.to) {
      throw new ProblemException('VALIDATION_FAILED', '`from` must not be after `to`.', {
        errors: [{ path: 'from', code: 'PERIOD_REVERSED', message: 'from must be on or before to' }],
      });
    }
    const today = todayInChina();
    const asOf = params.asOf ?? today;
    if (asOf > today) {
      throw new ProblemException(
        'DATE_IN_FUTURE',
        `asOf ${asOf} is after today (${today}, China time); history is not known yet.`,
        {
          errors: [{ path: 'asOf', code: 'DATE_IN_FUTURE', message: 'asOf cannot be in the future' }],
        },
      );
    }
    if (asOf < params.from) {
      throw new ProblemException(
        'UNPROCESSABLE',
        `asOf ${asOf} is before the period starts (${params.from}); nothing had happened yet.`,
        {
          errors: [{ path: 'asOf', code: 'AS_OF_BEFORE_PERIOD', message: 'asOf must be on or after from' }],
        },
      );
    }
    const end = effectiveEnd(params.to, asOf);
    const { counts: partial, breakdowns } = await this.repository.window(organ.id, params.from, end);
    const counts: Counts = {
      ...partial,
      correctionCount: OUTCOMES.filter((o) => o.correction).reduce((sum, o) => sum + partial.byOutcome[o.code], 0),
      // Merits outcomes less the procedural dismissals (驳回行政复议申请, R07 48 ¶1(2); L23 33): not on the merits.
      meritsDecisions:
        OUTCOMES.filter((o) => o.merits).reduce((sum, o) => sum + partial.byOutcome[o.code], 0) -
        NON_MERITS_OUTCOME_DETAILS.reduce((sum, d) => sum + partial.byOutcomeDetail[d], 0),
    };
    const rateBase = params.rateBase ?? 'DECIDED';
    const mode = params.percent ?? 'ROUND_HALF_UP';
    const r = rates(counts, rateBase, mode);
    const figures: Figures = {
      organ: { id: organ.id, code: organ.code, name: organ.name },
      period: { from: params.from, to: params.to, asOf, effectiveEnd: end },
      ...counts,
      rateBase,
      percentMode: mode,
      correctionRate: r.correctionRate,
      overallCorrectionRate: r.overallCorrectionRate,
    };
    return { figures, breakdowns };
  }

  /**
   * The one organ whose figures a request reads: named, or the caller's default (resolveOrganInScope). Figures are
   * always one organ's, so a key limited to organs never counts a case of another organ.
   */
  private organ(organId: string | undefined, actor: Actor): Promise<OrganEntity> {
    return resolveOrganInScope(actor, organId, this.organs, this.env.DEFAULT_ORGAN_CODE);
  }
}

const label = (list: Parameters<typeof findCodeEntry>[0], code: string) => findCodeEntry(list, code)?.labelZh ?? code;

/**
 * The case-list export's columns, each with its field class (issue 13; case-field-classes.ts for the case itself): a
 * column of personal values names their kind, and is masked item by item for readers not entitled to it and audited
 * for those who are. The applicants' column is a 、-joined list of names (organisations' names included: masked too,
 * as the column cannot tell them apart).
 */
const CASE_LIST_COLUMNS: ReadonlyArray<{
  header: string;
  field: FieldClass | PersonalValueKind;
  cell: (r: HandledCaseRow) => string | null;
  /** Personal columns: the case field they show, as the audit names fields. */
  of?: string;
}> = [
  { header: '案号', field: 'public', cell: (r) => r.case_number },
  { header: '收到申请日期', field: 'public', cell: (r) => r.received_on },
  { header: '适用法律', field: 'public', cell: (r) => label('LEGAL_REGIMES', r.legal_regime) },
  { header: '申请人', field: 'NAME', cell: (r) => r.applicant_names, of: 'applicants[].name' },
  { header: '被申请人', field: 'public', cell: (r) => r.respondent_name },
  { header: '被申请人类型', field: 'public', cell: (r) => label('RESPONDENT_KINDS', r.respondent_kind) },
  { header: '行为类别', field: 'internal', cell: (r) => label('ACT_CATEGORIES', r.act_category) },
  { header: '管理领域', field: 'internal', cell: (r) => label('MANAGEMENT_DOMAINS', r.management_domain) },
  { header: '受理日期', field: 'public', cell: (r) => r.accepted_on },
  { header: '结案日期', field: 'public', cell: (r) => r.concluded_on },
  { header: '结案方式', field: 'public', cell: (r) => (r.outcome ? label('OUTCOMES', r.outcome) : '办理中') },
  // The detail where the law has one (the not-accept or termination ground, the withdrawal's reason, the dismissal).
  {
    header: '结案情形',
    field: 'public',
    cell: (r) => (r.outcome_detail ? label('OUTCOME_DETAILS', r.outcome_detail) : null),
  },
];
const CASE_LIST_HEADERS = CASE_LIST_COLUMNS.map((c) => c.header);
/** The personal columns, as the audit names them. */
const CASE_LIST_PERSONAL = CASE_LIST_COLUMNS.filter((c) => isPersonalValueKind(c.field)).map((c) => c.of ?? c.header);

/** 张三、李四 → 张*、李*: each item of a 、-joined list masked as its kind is (PERSONAL_VALUE_KINDS). */
function maskList(kind: PersonalValueKind, values: string): string {
  return values === ''
    ? ''
    : values
        .split('、')
        .map((n) => maskValue(kind, n) ?? '')
        .join('、');
}

function caseListRow(r: HandledCaseRow, entitled: boolean): ExportRow {
  return CASE_LIST_COLUMNS.map((c) => {
    const value = c.cell(r);
    return value !== null && !entitled && isPersonalValueKind(c.field) ? maskList(c.field, value) : value;
  });
}

function breakdown(
  dimension: Dimension | 'outcome' | 'outcomeDetail',
  current: BreakdownRow[],
  previous: BreakdownRow[],
  total: number,
  mode: PercentMode,
): BreakdownEntry[] {
  const pick = (rows: BreakdownRow[]) =>
    new Map(
      rows
        .filter((r) => r.dimension === dimension)
        .map((r) => [r.key, dimension === 'outcome' || dimension === 'outcomeDetail' ? r.concluded : r.handled]),
    );
  const now = pick(current);
  const before = pick(previous);
  const codes = [...new Set([...now.keys(), ...before.keys()])].sort(
    (a, b) => (now.get(b) ?? 0) - (now.get(a) ?? 0) || a.localeCompare(b),
  );
  return codes.map((code) => {
    const count = now.get(code) ?? 0;
    const previousCount = before.get(code) ?? 0;
    return {
      code,
      labelZh: findCodeEntry(LIST_FOR[dimension], code)?.labelZh ?? code,
      count,
      percent: percent(count, total, mode),
      previousCount,
      changePercent: changePercent(count, previousCount, mode),
    };
  });
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { andWhereOrganInScope, canSeeOrgan, resolveOrganInScope } from '../auth/organ-scope';
import type { Actor } from '../auth/roles';
import { CodeListRegistry } from '../code-lists/code-list-registry.service';
import {
  builtInLabelOf,
  CodeLabelOf,
  NON_MERITS_OUTCOME_DETAILS,
  OUTCOME_DETAILS,
  OUTCOMES,
} from '../code-lists/code-lists';
import type { Outcome } from '../code-lists/code-lists';
import { ProblemException } from '../common/errors/problem.exception';
import { todayInChina } from '../common/validation/local-date.validator';
import { Env } from '../config/env';
import { OrganEntity } from '../organs/organ.entity';
import { OrganRepository } from '../organs/organ.repository';
import { FrozenReportEntity } from './frozen-report.entity';
import { BaselineService } from './baseline.service';
import { type ComparisonSource, previousValues, rowsOf, type UnavailableReason } from './baseline';
import { COMPARED_FIGURES, COMPARED_RATES, type ComparedFigure, type ComparedRate } from './compared';
import { chineseDate, samePeriodLastYear } from './period';
import { type ListDimension, renderTemplate, validateTemplate } from './report-language';
import { DEFAULT_REPORT_TEMPLATE, ReportTemplateData } from './report-template';
import { ReportTemplateEntity } from './report-template.entity';
import type { BreakdownRow, Dimension, WindowTally } from './rollup';
import { type HandledCaseRow, StatisticsRepository } from './statistics.repository';
import type { StatisticsScope } from './statistics.dto';
import type { ExportRow, StreamedTable } from '../common/export/exports';
import { AuditOrigin, PersonalDataAudit } from '../personal-data/personal-data-audit';
import {
  FieldClass,
  isPersonalValueKind,
  maskValue,
  mayReadPersonalData,
  PersonalValueKind,
} from '../personal-data/personal-values';
import {
  AcceptanceRateBase,
  changePercent,
  ConclusionRateBase,
  Counts,
  DEFAULT_DECIMALS,
  effectiveEnd,
  outcomePopulation,
  percent,
  PercentMode,
  Population,
  POPULATION_FIGURE,
  type PopulationFigure,
  RateBase,
  rateOptions,
  Rates,
  rates,
} from './tally';

/** Bumped whenever a definition in tally.ts changes, so frozen reports say which definitions made them. */
// v2: procedural dismissals (驳回申请) leave the DECIDED base; reopened cases (superior orders) count as REOPENED.
// v3: populations; concludedAfterAcceptance (审结), acceptedCarriedOver, acceptance and conclusion rates, decimals.
export const DEFINITIONS_VERSION = 'tally-2026-12-v3';

export interface StatisticsParams {
  organId?: string;
  from: string;
  to: string;
  asOf?: string;
  rateBase?: RateBase;
  acceptanceRateBase?: AcceptanceRateBase;
  conclusionRateBase?: ConclusionRateBase;
  percent?: PercentMode;
  /** Decimals of every percentage and rate (0–4, default 2). */
  decimals?: number;
  /** The population the breakdowns count (default HANDLED). */
  population?: Population;
  /** The population a breakdown entry's percentage is of (default: the breakdown's own). */
  percentOf?: Population;
  /** SELF (default): the organ's own cases; DESCENDANTS: also those of every organ below it that the caller sees. */
  scope?: StatisticsScope;
}

export interface Figures extends Omit<Counts, 'byOutcome'>, Rates {
  organ: { id: string; code: string; name: string };
  /** Whose cases are counted: the organ's own (SELF), or the organ's and those below it (DESCENDANTS). */
  scope: StatisticsScope;
  /** The organs whose cases are counted: [organ.id] with SELF; the organ and the organs below it that the caller sees. */
  organIds: string[];
  period: { from: string; to: string; asOf: string; effectiveEnd: string };
  byOutcome: Record<Outcome, number>;
  percentMode: PercentMode;
  decimals: number;
}

export interface BreakdownEntry {
  code: string;
  labelZh: string;
  count: number;
  percent: number | null;
  /** The count in the comparison period; null when it is not known (comparison.source INCOMPLETE, or not declared). */
  previousCount: number | null;
  changePercent: number | null;
}

export type BreakdownName = Dimension | 'outcome' | 'outcomeDetail';

export interface Statistics {
  figures: Figures;
  /** The population each breakdown counts (tally.ts POPULATIONS; outcomes count concluded members only). */
  breakdownPopulations: Record<BreakdownName, Population>;
  /** The population the entries' percentages are of; null: each breakdown's own. */
  percentOf: Population | null;
  breakdowns: Record<BreakdownName, BreakdownEntry[]> & {
    /** With scope=DESCENDANTS: handled cases per counted organ (code = the organ's code, labelZh = its name). */
    organ?: BreakdownEntry[];
  };
  comparison: {
    /** 同比: the same period one year earlier, cut at the same point as this one. */
    previousPeriod: { from: string; to: string };
    /** Where the previous values come from (baseline.ts): CASES, a DECLARED baseline, or none (INCOMPLETE). */
    source: ComparisonSource;
    /** With DECLARED: the baseline used. */
    baseline: { id: string; source: string; sourceUrl: string | null } | null;
    /** With INCOMPLETE: why the previous period is not compared. */
    incompleteReason: string | null;
    /** With DECLARED: the values the baseline does not give, each with why. */
    unavailable: Array<{ path: string; reason: UnavailableReason }>;
    previous: Record<ComparedFigure, number | null>;
    changePercent: Record<ComparedFigure, number | null>;
    previousRates: Record<ComparedRate, number | null>;
    /** Rates change in percentage points (上升/下降 N 个百分点), to the same decimals; null when either is null. */
    rateChangePoints: Record<ComparedRate, number | null>;
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
  BreakdownName,
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
    private readonly codeLists: CodeListRegistry,
    private readonly baselines: BaselineService,
  ) {}

  async figures(params: StatisticsParams, actor: Actor): Promise<Figures> {
    const organ = await this.organ(params.organId, actor);
    return this.figuresFor(organ, await this.countedOrgans(organ, params.scope, actor), params);
  }

  async statistics(params: StatisticsParams, actor: Actor): Promise<Statistics> {
    const organ = await this.organ(params.organId, actor);
    const counted = await this.countedOrgans(organ, params.scope, actor);
    const current = await this.compute(organ, counted, params);
    const figures = current.figures;
    const mode = figures.percentMode;
    const decimals = figures.decimals;
    const prev = samePeriodLastYear(params.from, figures.period.effectiveEnd);
    // ── 同比's basis (baseline.ts): the cases, a declared baseline, or nothing when the data is incomplete ──
    const basis = await this.baselines.comparisonBasis(organ, counted, prev, figures.scope);
    // The same organs a year earlier: the hierarchy as it is now (parents have no history).
    const previous =
      basis.source === 'CASES'
        ? await this.compute(organ, counted, { ...params, from: prev.from, to: prev.to, asOf: prev.to })
        : null;
    const before = previousValues(
      basis,
      previous?.figures ?? null,
      (name, population) => rowsOf(previous?.breakdowns ?? [], name, population),
      { ...figures, mode, decimals },
    );
    // The deployment's codes have labels too (issue 11 pt 9): one lookup for every breakdown of this answer.
    const labelOf = await this.codeLists.labels();
    const population = params.population ?? 'HANDLED';
    const percentOf = params.percentOf ?? null;
    const populations: Record<BreakdownName, Population> = {
      respondentKind: population,
      actCategory: population,
      managementDomain: population,
      outcome: outcomePopulation(population) ?? 'CONCLUDED',
      outcomeDetail: outcomePopulation(population) ?? 'CONCLUDED',
    };
    const entries = (name: BreakdownName) =>
      breakdown(name, current.breakdowns, before.breakdown(name, populations[name]), {
        population: populations[name],
        total: figures[POPULATION_FIGURE[percentOf ?? populations[name]]],
        mode,
        decimals,
        labelOf,
      });
    const breakdowns: Statistics['breakdowns'] = {
      respondentKind: entries('respondentKind'),
      actCategory: entries('actCategory'),
      managementDomain: entries('managementDomain'),
      outcome: entries('outcome'),
      outcomeDetail: entries('outcomeDetail'),
      ...(figures.scope === 'DESCENDANTS'
        ? {
            organ: organBreakdown(counted, current.byOrgan, previous?.byOrgan ?? null, {
              population,
              total: figures[POPULATION_FIGURE[percentOf ?? population]],
              mode,
              decimals,
            }),
          }
        : {}),
    };
    return {
      figures,
      breakdownPopulations: populations,
      percentOf,
      breakdowns,
      comparison: {
        previousPeriod: prev,
        source: basis.source,
        baseline:
          basis.source === 'DECLARED'
            ? { id: basis.baseline.id, source: basis.baseline.source, sourceUrl: basis.baseline.sourceUrl }
            : null,
        incompleteReason: basis.source === 'INCOMPLETE' ? basis.reason : null,
        unavailable: before.unavailable,
        previous: before.figures,
        changePercent: Object.fromEntries(
          COMPARED_FIGURES.map((k) => {
            const was = before.figures[k];
            return [k, was === null ? null : changePercent(figures[k], was, mode, decimals)];
          }),
        ) as Record<ComparedFigure, number | null>,
        previousRates: before.rates,
        rateChangePoints: Object.fromEntries(
          COMPARED_RATES.map((k) => [k, pointsBetween(figures[k], before.rates[k], decimals)]),
        ) as Record<ComparedRate, number | null>,
      },
    };
  }

  /** The published sentence for a year, rendered from the organ's template (data), as of a date or "截至目前". */
  async report(
    params: { year: number; asOf?: string; organId?: string; scope?: StatisticsScope },
    actor: Actor,
    templateOverride?: ReportTemplateData,
  ): Promise<Report> {
    const organ = await this.organ(params.organId, actor);
    // The organ's own template, also over its descendants' cases: templates stay per organ.
    const template = templateOverride ?? (await this.template(organ.id));
    const counted = await this.countedOrgans(organ, params.scope, actor);
    const from = `${params.year}-01-01`;
    const to = `${params.year}-12-31`;
    const decimals = template.decimals ?? DEFAULT_DECIMALS;
    const figureParams: StatisticsParams = {
      from,
      to,
      ...(params.asOf ? { asOf: params.asOf } : {}),
      rateBase: template.rateBase,
      percent: template.percentMode,
      decimals,
      ...(template.acceptanceRateBase ? { acceptanceRateBase: template.acceptanceRateBase } : {}),
      ...(template.conclusionRateBase ? { conclusionRateBase: template.conclusionRateBase } : {}),
      ...(params.scope ? { scope: params.scope } : {}),
    };
    const current = await this.compute(organ, counted, figureParams);
    const figures = current.figures;
    const prev = samePeriodLastYear(from, figures.period.effectiveEnd);
    const previous = await this.compute(organ, counted, {
      ...figureParams,
      from: prev.from,
      to: prev.to,
      asOf: prev.to,
    });
    const labelOf = await this.codeLists.labels();
    const organNames = new Map(counted.map((o) => [o.id, o]));
    const rendered = renderTemplate(template, {
      text: {
        asOfPhrase: params.asOf ? `截至${chineseDate(params.asOf)}` : '截至目前',
        organName: organ.name,
        year: String(params.year),
        previousYear: String(params.year - 1),
      },
      counts: figures,
      previous: previous.figures,
      rateOptions: rateOptions(template.rateBase, template.percentMode, {
        decimals,
        acceptanceRateBase: figures.acceptanceRateBase,
        conclusionRateBase: figures.conclusionRateBase,
      }),
      breakdown: (dimension, population, when) => {
        const source = when === 'current' ? current : previous;
        const field = POPULATION_FIGURE[population];
        if (dimension === 'organ') {
          // Keyed by organ code, as templates name organs; SELF counts the one organ.
          const perOrgan: ReadonlyMap<string, Pick<Counts, PopulationFigure>> = source.byOrgan.size > 0
            ? source.byOrgan
            : new Map([[organ.id, source.figures]]);
          return new Map([...perOrgan].map(([id, c]) => [organNames.get(id)?.code ?? organ.code, c[field]]));
        }
        return new Map(
          source.breakdowns.filter((r) => r.dimension === dimension && r[field] !== 0).map((r) => [r.key, r[field]]),
        );
      },
      labelOf: (dimension, code) =>
        dimension === 'organ'
          ? ([...organNames.values()].find((o) => o.code === code)?.name ?? code)
          : labelOf(LIST_FOR[dimension], code),
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
    // One organ's cases: case numbers are per organ, and the pages walk one organ's numbers in order.
    const { figures } = await this.compute(organ, [organ], { ...params, scope: 'SELF' }); // validates the period and asOf like the figures do
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
    const labelOf = await this.codeLists.labels();
    const present = async (page: HandledCaseRow[]): Promise<ExportRow[]> => {
      if (entitled) {
        await this.audit.recordNow(
          reader.actor,
          reader.origin,
          page.map((r) => ({ kind: 'EXPORT', caseId: r.id, organId: organ.id, fields: CASE_LIST_PERSONAL })),
        );
      }
      return page.map((r) => caseListRow(r, entitled, labelOf));
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
    const problems = validateTemplate(data, await this.knownCodes(organ));
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
        // A figure later definitions added (DEFINITIONS_VERSION) or a code added since (an outcome detail), or
        // scope/organIds on a report frozen before organs had a hierarchy: not a restatement of what it published.
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

  /** The codes a template's list may name, per dimension: the code lists with this deployment's codes, the organs. */
  private async knownCodes(organ: OrganEntity): Promise<(dimension: ListDimension) => ReadonlySet<string>> {
    const deployment = await this.codeLists.deploymentLists();
    const organs = await this.organs.findByIds(await this.organs.descendantIds(organ.id));
    const sets: Record<ListDimension, ReadonlySet<string>> = {
      outcome: new Set(OUTCOMES.map((o) => o.code)),
      outcomeDetail: new Set(OUTCOME_DETAILS.map((d) => d.code)),
      respondentKind: new Set(deployment.RESPONDENT_KINDS.map((e) => e.code)),
      actCategory: new Set(deployment.ACT_CATEGORIES.map((e) => e.code)),
      managementDomain: new Set(deployment.MANAGEMENT_DOMAINS.map((e) => e.code)),
      organ: new Set(organs.map((o) => o.code)),
    };
    return (dimension) => sets[dimension];
  }

  // ── Internals ────────────────────────────────────────────────────────────────────────────────────────────────

  private async figuresFor(organ: OrganEntity, counted: OrganEntity[], params: StatisticsParams): Promise<Figures> {
    return (await this.compute(organ, counted, params)).figures;
  }

  /**
   * The figures of a period over the counted organs (countedOrgans), its breakdown rows and, with DESCENDANTS, each
   * organ's own totals, from one read of the statistics rollup.
   */
  private async compute(
    organ: OrganEntity,
    counted: OrganEntity[],
    params: StatisticsParams,
  ): Promise<{ figures: Figures; breakdowns: BreakdownRow[]; byOrgan: Map<string, WindowTally['counts']> }> {
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
    const scope = params.scope ?? 'SELF';
    const {
      counts: partial,
      breakdowns,
      byOrgan,
    } = await this.repository.window(
      counted.map((o) => o.id),
      params.from,
      end,
      { byOrgan: scope === 'DESCENDANTS' },
    );
    const counts: Counts = {
      ...partial,
      correctionCount: OUTCOMES.filter((o) => o.correction).reduce((sum, o) => sum + partial.byOutcome[o.code], 0),
      // Merits outcomes less the procedural dismissals (驳回行政复议申请, R07 48 ¶1(2); L23 33): not on the merits.
      meritsDecisions:
        OUTCOMES.filter((o) => o.merits).reduce((sum, o) => sum + partial.byOutcome[o.code], 0) -
        NON_MERITS_OUTCOME_DETAILS.reduce((sum, d) => sum + partial.byOutcomeDetail[d], 0),
      overallCorrectionCount: 0,
    };
    counts.overallCorrectionCount = counts.correctionCount + counts.correctedTerminations;
    const mode = params.percent ?? 'ROUND_HALF_UP';
    const decimals = params.decimals ?? DEFAULT_DECIMALS;
    const r = rates(
      counts,
      rateOptions(params.rateBase ?? 'DECIDED', mode, {
        decimals,
        ...(params.acceptanceRateBase ? { acceptanceRateBase: params.acceptanceRateBase } : {}),
        ...(params.conclusionRateBase ? { conclusionRateBase: params.conclusionRateBase } : {}),
      }),
    );
    const figures: Figures = {
      organ: { id: organ.id, code: organ.code, name: organ.name },
      scope,
      organIds: counted.map((o) => o.id),
      period: { from: params.from, to: params.to, asOf, effectiveEnd: end },
      ...counts,
      ...r,
      percentMode: mode,
      decimals,
    };
    return { figures, breakdowns, byOrgan };
  }

  /**
   * The organs whose cases a request counts: the organ alone (SELF), or the organ and every organ below it
   * (DESCENDANTS), the organ first, then by code.
   *
   * Organ scope: a key limited to organs may ask DESCENDANTS of an organ it sees (resolveOrganInScope has checked
   * that), and the organs below it that the key does not see are left out, not refused. Refusing (403, or 404) would
   * tell the key that organs it cannot see lie below its organ, and would make DESCENDANTS useless to a city key
   * that was granted only some of its districts; leaving them out answers exactly as if they did not exist, which is
   * the scope's rule everywhere (src/auth/organ-scope.ts). `figures.organIds` lists the organs that were counted.
   * An organ below an unseen one is still counted if the key sees it: it is below the organ asked for.
   */
  private async countedOrgans(
    organ: OrganEntity,
    scope: StatisticsScope | undefined,
    actor: Actor,
  ): Promise<OrganEntity[]> {
    if ((scope ?? 'SELF') === 'SELF') {
      return [organ];
    }
    const ids = (await this.organs.descendantIds(organ.id)).filter((id) => id !== organ.id && canSeeOrgan(actor, id));
    const below = (await this.organs.findByIds(ids)).sort((a, b) => a.code.localeCompare(b.code));
    return [organ, ...below];
  }

  /**
   * The one organ whose figures a request reads: named, or the caller's default (resolveOrganInScope). Figures are
   * always one organ's, so a key limited to organs never counts a case of another organ.
   */
  private organ(organId: string | undefined, actor: Actor): Promise<OrganEntity> {
    return resolveOrganInScope(actor, organId, this.organs, this.env.DEFAULT_ORGAN_CODE);
  }
}

/**
 * The case-list export's columns, each with its field class (issue 13; case-field-classes.ts for the case itself): a
 * column of personal values names their kind, and is masked item by item for readers not entitled to it and audited
 * for those who are. The applicants' column is a 、-joined list of names (organisations' names included: masked too,
 * as the column cannot tell them apart).
 */
const CASE_LIST_COLUMNS: ReadonlyArray<{
  header: string;
  field: FieldClass | PersonalValueKind;
  cell: (r: HandledCaseRow, label: CodeLabelOf) => string | null;
  /** Personal columns: the case field they show, as the audit names fields. */
  of?: string;
}> = [
  { header: '案号', field: 'public', cell: (r) => r.case_number },
  { header: '收到申请日期', field: 'public', cell: (r) => r.received_on },
  { header: '适用法律', field: 'public', cell: (r, label) => label('LEGAL_REGIMES', r.legal_regime) },
  { header: '申请人', field: 'NAME', cell: (r) => r.applicant_names, of: 'applicants[].name' },
  { header: '被申请人', field: 'public', cell: (r) => r.respondent_name },
  { header: '被申请人类型', field: 'public', cell: (r, label) => label('RESPONDENT_KINDS', r.respondent_kind) },
  { header: '行为类别', field: 'internal', cell: (r, label) => label('ACT_CATEGORIES', r.act_category) },
  { header: '管理领域', field: 'internal', cell: (r, label) => label('MANAGEMENT_DOMAINS', r.management_domain) },
  { header: '受理日期', field: 'public', cell: (r) => r.accepted_on },
  { header: '结案日期', field: 'public', cell: (r) => r.concluded_on },
  { header: '结案方式', field: 'public', cell: (r, label) => (r.outcome ? label('OUTCOMES', r.outcome) : '办理中') },
  // The detail where the law has one (the not-accept or termination ground, the withdrawal's reason, the dismissal).
  {
    header: '结案情形',
    field: 'public',
    cell: (r, label) => (r.outcome_detail ? label('OUTCOME_DETAILS', r.outcome_detail) : null),
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

function caseListRow(r: HandledCaseRow, entitled: boolean, labelOf: CodeLabelOf = builtInLabelOf): ExportRow {
  return CASE_LIST_COLUMNS.map((c) => {
    const value = c.cell(r, labelOf);
    return value !== null && !entitled && isPersonalValueKind(c.field) ? maskList(c.field, value) : value;
  });
}

/**
 * The breakdown by organ (scope=DESCENDANTS): every counted organ, with the cases it handled itself (its own
 * carried over + received + reopened, as `handled`), so that the entries add up to the figures' `handled`.
 */
/** The breakdown by organ (scope=DESCENDANTS): each counted organ's members of the population. */
function organBreakdown(
  organs: readonly OrganEntity[],
  current: ReadonlyMap<string, Partial<Record<PopulationFigure, number>>>,
  previous: ReadonlyMap<string, Partial<Record<PopulationFigure, number>>> | null,
  o: { population: Population; total: number; mode: PercentMode; decimals: number },
): BreakdownEntry[] {
  const field = POPULATION_FIGURE[o.population];
  return organs
    .map((organ) => {
      const count = current.get(organ.id)?.[field] ?? 0;
      // null: the comparison period is not computed from cases (baselines declare no per-organ counts).
      const previousCount = previous === null ? null : (previous.get(organ.id)?.[field] ?? 0);
      return {
        code: organ.code,
        labelZh: organ.name,
        count,
        percent: percent(count, o.total, o.mode, o.decimals),
        previousCount,
        changePercent: previousCount === null ? null : changePercent(count, previousCount, o.mode, o.decimals),
      };
    })
    .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
}

/**
 * A breakdown's entries: the codes counted now or in the comparison period. `before` is the comparison period's
 * counts per code (null: not known, so every previousCount and change is null).
 */
function breakdown(
  dimension: BreakdownName,
  current: BreakdownRow[],
  before: ReadonlyMap<string, number> | null,
  o: { population: Population; total: number; mode: PercentMode; decimals: number; labelOf?: CodeLabelOf },
): BreakdownEntry[] {
  const now = rowsOf(current, dimension, o.population);
  const codes = [...new Set([...now.keys(), ...(before?.keys() ?? [])])].sort(
    (a, b) => (now.get(b) ?? 0) - (now.get(a) ?? 0) || a.localeCompare(b),
  );
  return codes.map((code) => {
    const count = now.get(code) ?? 0;
    const previousCount = before === null ? null : (before.get(code) ?? 0);
    return {
      code,
      labelZh: (o.labelOf ?? builtInLabelOf)(LIST_FOR[dimension], code),
      count,
      percent: percent(count, o.total, o.mode, o.decimals),
      previousCount,
      changePercent: previousCount === null ? null : changePercent(count, previousCount, o.mode, o.decimals),
    };
  });
}

/** current − previous in percentage points, to `decimals` (both are already rounded to them). */
function pointsBetween(current: number | null, previous: number | null, decimals: number): number | null {
  if (current === null || previous === null) {
    return null;
  }
  const scale = 10 ** decimals;
  const points = (Math.round(current * scale) - Math.round(previous * scale)) / scale;
  return points === 0 ? 0 : points;
}

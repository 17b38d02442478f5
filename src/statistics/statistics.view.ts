import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { codesOf, Outcome, OUTCOME_DETAILS, OutcomeDetail, OUTCOMES } from '../code-lists/code-lists';
import { COMPARED_FIGURES, COMPARED_RATES, type ComparedFigure, type ComparedRate } from './compared';
import { type BreakdownEntry, type BreakdownName, type Figures, type Statistics } from './statistics.service';
import {
  ACCEPTANCE_RATE_BASES,
  type AcceptanceRateBase,
  CONCLUSION_RATE_BASES,
  type ConclusionRateBase,
  type PercentMode,
  type Population,
  POPULATIONS,
  type RateBase,
} from './tally';
import type { ComparisonSource, UnavailableReason } from './baseline';
import { STATISTICS_SCOPES } from './statistics.dto';
import type { StatisticsScope } from './statistics.dto';

/**
 * The statistics responses, typed field by field for a generated client. Each class implements the service's type,
 * so that a figure added to the service without its documentation here is a compile error.
 */

/** Every outcome (or outcome detail) code with its count: the keys are the code list's codes. */
function countsByCode(codes: readonly string[], description: string) {
  return {
    type: 'object' as const,
    description,
    properties: Object.fromEntries(codes.map((code) => [code, { type: 'integer' as const, minimum: 0 }])),
    required: [...codes],
    selfRequired: true,
  };
}

export class OrganRefView implements Pick<Figures['organ'], keyof Figures['organ']> {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty({ example: '411927' })
  code: string;
  @ApiProperty({ example: '台前县人民政府' })
  name: string;
}

export class PeriodView implements Pick<Figures['period'], keyof Figures['period']> {
  @ApiProperty({ format: 'date', example: '2021-01-01' })
  from: string;
  @ApiProperty({ format: 'date', example: '2021-12-31' })
  to: string;
  @ApiProperty({ format: 'date', example: '2021-12-31' })
  asOf: string;
  @ApiProperty({ format: 'date', description: 'min(to, asOf): the last day counted.', example: '2021-12-31' })
  effectiveEnd: string;
}

export class FiguresView implements Figures {
  @ApiProperty({
    type: OrganRefView,
    description: 'The organ asked for. With scope=DESCENDANTS the figures also count the organs below it (organIds).',
  })
  organ: OrganRefView;
  @ApiProperty({
    enum: STATISTICS_SCOPES,
    description:
      'SELF: the figures count the organ’s own cases. DESCENDANTS: the organ’s and those of the organs below it (issue 11 pt 8).',
  })
  scope: StatisticsScope;
  @ApiProperty({
    type: [String],
    format: 'uuid',
    description:
      'The organs whose cases are counted: the organ alone with SELF; with DESCENDANTS the organ first, then the organs below it that the caller can see.',
  })
  organIds: string[];
  @ApiProperty({ type: PeriodView })
  period: PeriodView;
  @ApiProperty({ description: 'Received in the period (新收).' })
  received: number;
  @ApiProperty({ description: 'Reopened in the period by an order of the superior organ.' })
  reopened: number;
  @ApiProperty({ description: 'Received or reopened before the period and not concluded before it (上年结转).' })
  carriedOver: number;
  @ApiProperty({ description: 'carriedOver + received + reopened (共办理).' })
  handled: number;
  @ApiProperty({ description: 'Accepted in the period (受理).' })
  accepted: number;
  @ApiProperty({ description: 'Handled cases concluded in the period, before or after acceptance (办结).' })
  concluded: number;
  @ApiProperty({ description: 'handled − concluded: open at the end (正在办理).' })
  pending: number;
  @ApiProperty(countsByCode(codesOf(OUTCOMES), 'Concluded cases by outcome (OUTCOMES).'))
  byOutcome: Record<Outcome, number>;
  @ApiProperty(countsByCode(codesOf(OUTCOME_DETAILS), 'Concluded cases by outcome detail (OUTCOME_DETAILS).'))
  byOutcomeDetail: Record<OutcomeDetail, number>;
  @ApiProperty({ description: 'Concluded as a correction of the contested act (纠错).' })
  correctionCount: number;
  @ApiProperty({ description: 'Decisions on the merits (实体审理决定): the DECIDED rate base.' })
  meritsDecisions: number;
  @ApiProperty({ description: 'Terminations after the respondent corrected its act (综合纠错率).' })
  correctedTerminations: number;
  @ApiProperty({ description: 'Settled before acceptance (受理前协商化解).' })
  settledBeforeAcceptance: number;
  @ApiProperty({ description: 'Accepted cases concluded in the period (审结).' })
  concludedAfterAcceptance: number;
  @ApiProperty({
    description:
      'Concluded before acceptance: not accepted, informed, transferred, deemed withdrawn, settled … (concluded − concludedAfterAcceptance).',
  })
  concludedBeforeAcceptance: number;
  @ApiProperty({ description: 'Carried-over cases that had been accepted before the period (结转的已受理案件).' })
  acceptedCarriedOver: number;
  @ApiProperty({ description: 'correctionCount + correctedTerminations (综合纠错数).' })
  overallCorrectionCount: number;
  @ApiProperty(countsByCode(codesOf(OUTCOMES), 'Cases concluded after acceptance (审结), by outcome.'))
  byOutcomeAfterAcceptance: Record<Outcome, number>;
  @ApiProperty(countsByCode(codesOf(OUTCOME_DETAILS), 'Cases concluded after acceptance (审结), by outcome detail.'))
  byOutcomeDetailAfterAcceptance: Record<OutcomeDetail, number>;
  @ApiProperty({ enum: ['DECIDED', 'CONCLUDED', 'ACCEPTED'] })
  rateBase: RateBase;
  @ApiProperty({ enum: ACCEPTANCE_RATE_BASES })
  acceptanceRateBase: AcceptanceRateBase;
  @ApiProperty({ enum: CONCLUSION_RATE_BASES })
  conclusionRateBase: ConclusionRateBase;
  @ApiProperty({ enum: ['ROUND_HALF_UP', 'TRUNCATE'] })
  percentMode: PercentMode;
  @ApiProperty({ minimum: 0, maximum: 4, description: 'Decimals of every percentage and rate.' })
  decimals: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Percent; null when the base is 0.', example: 25 })
  correctionRate: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Percent; null when the base is 0.' })
  overallCorrectionRate: number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: '受理率: accepted ÷ the acceptanceRateBase (percent); null when the base is 0.',
  })
  acceptanceRate: number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: '结案率 / 审结率 by conclusionRateBase (percent); null when the base is 0.',
  })
  conclusionRate: number | null;
}

export class BreakdownEntryView implements BreakdownEntry {
  @ApiProperty({ example: 'COUNTY_DEPARTMENT' })
  code: string;
  @ApiProperty({ example: '县级人民政府工作部门' })
  labelZh: string;
  @ApiProperty()
  count: number;
  @ApiProperty({ type: Number, nullable: true })
  percent: number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description:
      'The count in the comparison period; null when it is not known (comparison.source INCOMPLETE, or a DECLARED baseline without this breakdown over this population).',
  })
  previousCount: number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: '同比, percent; null when the previous count is 0 or not known.',
  })
  changePercent: number | null;
}

class BreakdownsView implements Pick<Statistics['breakdowns'], keyof Statistics['breakdowns']> {
  @ApiProperty({ type: [BreakdownEntryView] })
  respondentKind: BreakdownEntryView[];
  @ApiProperty({ type: [BreakdownEntryView] })
  actCategory: BreakdownEntryView[];
  @ApiProperty({ type: [BreakdownEntryView] })
  managementDomain: BreakdownEntryView[];
  @ApiProperty({ type: [BreakdownEntryView] })
  outcome: BreakdownEntryView[];
  @ApiProperty({ type: [BreakdownEntryView] })
  outcomeDetail: BreakdownEntryView[];
  @ApiPropertyOptional({
    type: [BreakdownEntryView],
    description:
      'Only with scope=DESCENDANTS: each counted organ’s own handled cases (code = the organ’s code, labelZh = its name); they add up to figures.handled.',
  })
  organ?: BreakdownEntryView[];
}

/** An object with one number (or null) per key: the comparison's figures and rates. */
function numbersByKey(keys: readonly string[], nullable: boolean, description: string) {
  return {
    type: 'object' as const,
    description,
    properties: Object.fromEntries(
      keys.map((k) => [k, nullable ? { type: 'number' as const, nullable: true } : { type: 'integer' as const }]),
    ),
    required: [...keys],
    selfRequired: true,
  };
}

class PreviousPeriodView {
  @ApiProperty({ format: 'date' })
  from: string;
  @ApiProperty({ format: 'date' })
  to: string;
}

class ComparisonBaselineView {
  @ApiProperty({ format: 'uuid', description: 'GET /v1/statistics/baselines/{id}.' })
  id: string;
  @ApiProperty({ description: 'The report the declared figures come from.' })
  source: string;
  @ApiProperty({ type: String, nullable: true })
  sourceUrl: string | null;
}

class UnavailableView {
  @ApiProperty({ example: 'previous.reopened', description: 'The comparison value that is null.' })
  path: string;
  @ApiProperty({
    enum: ['NOT_DECLARED', 'RATE_BASE_DIFFERS', 'POPULATION_DIFFERS'],
    description:
      'NOT_DECLARED: the baseline does not give it. RATE_BASE_DIFFERS: its rate has another base than the request’s. POPULATION_DIFFERS: its breakdown counts another population than the request’s.',
  })
  reason: UnavailableReason;
}

class ComparisonView implements Pick<Statistics['comparison'], keyof Statistics['comparison']> {
  @ApiProperty({ type: PreviousPeriodView, description: '同比: the same period one year earlier, cut alike.' })
  previousPeriod: PreviousPeriodView;
  @ApiProperty({
    enum: ['CASES', 'DECLARED', 'INCOMPLETE'],
    description:
      'CASES: the previous period computed from cases (every counted organ’s caseDataFrom is null or not after previousPeriod.from). DECLARED: the organ’s case data does not cover the previous period and its declared baseline for exactly that period is used. INCOMPLETE: it does not, and none is declared (or scope=DESCENDANTS): every previous value and change is null.',
  })
  source: ComparisonSource;
  @ApiProperty({ type: ComparisonBaselineView, nullable: true, description: 'With DECLARED: the baseline used.' })
  baseline: ComparisonBaselineView | null;
  @ApiProperty({ type: String, nullable: true, description: 'With INCOMPLETE: why nothing is compared.' })
  incompleteReason: string | null;
  @ApiProperty({
    type: [UnavailableView],
    description: 'With DECLARED: every value the baseline does not give (null in the comparison), and why.',
  })
  unavailable: UnavailableView[];
  @ApiProperty(
    numbersByKey(COMPARED_FIGURES, true, 'Every figure in the previous period; null when not known (source).'),
  )
  previous: Record<ComparedFigure, number | null>;
  @ApiProperty(
    numbersByKey(
      COMPARED_FIGURES,
      true,
      'Change of every figure in percent (同比); null when the previous one is 0 or not known.',
    ),
  )
  changePercent: Record<ComparedFigure, number | null>;
  @ApiProperty(numbersByKey(COMPARED_RATES, true, 'Every rate in the previous period (percent).'))
  previousRates: Record<ComparedRate, number | null>;
  @ApiProperty(
    numbersByKey(
      COMPARED_RATES,
      true,
      'Change of every rate in percentage points (上升/下降 N 个百分点); null when either rate is null.',
    ),
  )
  rateChangePoints: Record<ComparedRate, number | null>;
}

class BreakdownPopulationsView implements Pick<Statistics['breakdownPopulations'], BreakdownName> {
  @ApiProperty({ enum: POPULATIONS })
  respondentKind: Population;
  @ApiProperty({ enum: POPULATIONS })
  actCategory: Population;
  @ApiProperty({ enum: POPULATIONS })
  managementDomain: Population;
  @ApiProperty({
    enum: POPULATIONS,
    description: 'CONCLUDED or CONCLUDED_AFTER_ACCEPTANCE: outcomes of concluded cases.',
  })
  outcome: Population;
  @ApiProperty({ enum: POPULATIONS })
  outcomeDetail: Population;
}

export class StatisticsView implements Statistics {
  @ApiProperty({ type: FiguresView })
  figures: FiguresView;
  @ApiProperty({ type: BreakdownPopulationsView, description: 'The population each breakdown counts (population=).' })
  breakdownPopulations: BreakdownPopulationsView;
  @ApiProperty({
    enum: POPULATIONS,
    nullable: true,
    description: 'The population the entries’ percentages are of (percentOf=); null: each breakdown’s own.',
  })
  percentOf: Population | null;
  @ApiProperty({ type: BreakdownsView })
  breakdowns: BreakdownsView;
  @ApiProperty({ type: ComparisonView, description: 'The previous equal period and the change in percent (同比).' })
  comparison: ComparisonView;
}

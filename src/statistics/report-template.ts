import type { Outcome, OutcomeDetail } from '../code-lists/code-lists';
import type { ChangeWords, ListTemplate, PartTemplate } from './report-language';
import type { AcceptanceRateBase, ConclusionRateBase, PercentMode, RateBase } from './tally';

/**
 * The report sentence as DATA, per organ (admins edit it with PUT /v1/statistics/report-template). The mapping from
 * the report's own labels to outcome codes lives here, not in code: Taiqian writes "3件责令重新履行" for the outcome
 * ORDERED_TO_PERFORM and lists revocations separately (DOMAIN.md §4, an unverified reading kept configurable).
 */
export interface ReportItem {
  /** e.g. '{n}起不予受理'; placeholders {n} (count) and {percent} (of concluded cases). */
  label: string;
  /** Outcomes counted whole. Absent or empty when the item counts details only. */
  outcomes?: Outcome[];
  /**
   * Outcome details (OUTCOME_DETAILS) counted in addition, e.g. ['WITHDRAWN_AFTER_RESPONDENT_CORRECTED'] for 改正后终止:
   * the item counts Σ outcomes + Σ details. A detail may not be listed where its outcome is counted whole (by this or
   * another item), nor twice.
   */
  details?: OutcomeDetail[];
  /** This item's {percent}: decimals and rounding, when they differ from the template's. */
  decimals?: number;
  percentMode?: PercentMode;
}

/**
 * A report template: the sentence (or paragraph) with placeholders, and what they draw on. The language is
 * report-language.ts; `items` is the original list of outcomes ({items}), kept so that the Taiqian template and
 * every template saved before the language grew renders as it did.
 */
export interface ReportTemplateData {
  /** The text; placeholders in report-language.ts. */
  sentence: string;
  /** Rendered in order into {items}, joined by itemSeparator ([] when the template uses lists only). */
  items: ReportItem[];
  itemSeparator: string;
  /** Leave out items whose count is 0 (published reports list only what happened). */
  omitZeroItems: boolean;
  percentMode: PercentMode;
  rateBase: RateBase;
  /** Decimals of every percentage and rate the sentence prints (0–4; absent: 2). */
  decimals?: number;
  acceptanceRateBase?: AcceptanceRateBase;
  conclusionRateBase?: ConclusionRateBase;
  /** Named lists of breakdown items, placed with {list:name}. */
  lists?: ListTemplate[];
  /** Named conditional texts, placed with {part:name}. */
  parts?: PartTemplate[];
  /** The words of a change in percent (default 增长 / 下降 / 持平) and in percentage points (上升 / 下降 / 持平). */
  changeWords?: ChangeWords;
  pointWords?: ChangeWords;
}

/** The Taiqian County form: reproduces the 2021 report sentence exactly from the data (起/件 measure words included). */
export const DEFAULT_REPORT_TEMPLATE: ReportTemplateData = {
  sentence:
    '{asOfPhrase},县政府共办理行政复议案件{handled}起,其中{carriedOver}起为{previousYear}年度结转案件,{items},现余{pending}起行政复议案件正在办理中。',
  items: [
    { label: '{n}起不予受理', outcomes: ['NOT_ACCEPTED'] },
    { label: '{n}起予以撤销具体行政行为', outcomes: ['REVOKED'] },
    { label: '{n}起驳回复议申请', outcomes: ['DISMISSED'] },
    { label: '{n}件予以维持', outcomes: ['UPHELD'] },
    { label: '{n}件责令重新履行', outcomes: ['ORDERED_TO_PERFORM'] },
    { label: '{n}件予以变更', outcomes: ['VARIED'] },
    { label: '{n}件确认违法', outcomes: ['CONFIRMED_ILLEGAL'] },
    { label: '{n}件确认无效', outcomes: ['CONFIRMED_VOID'] },
    { label: '{n}件经调解结案', outcomes: ['MEDIATED'] },
    { label: '{n}件视为撤回行政复议申请', outcomes: ['DEEMED_WITHDRAWN'] },
    { label: '{n}件申请人撤回申请', outcomes: ['WITHDRAWN'] },
    { label: '{n}件终止审理', outcomes: ['TERMINATED'] },
    { label: '{n}件转送有关机关', outcomes: ['TRANSFERRED'] },
    // L17 17 ¶1 (告知): absent from the 2021 report (no such case), so omitted there (omitZeroItems).
    { label: '{n}件告知申请人向有关行政复议机关提出', outcomes: ['INFORMED'] },
  ],
  itemSeparator: ',',
  omitZeroItems: true,
  percentMode: 'ROUND_HALF_UP',
  rateBase: 'DECIDED',
};

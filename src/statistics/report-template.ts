import { OUTCOME_DETAILS, OUTCOMES } from '../code-lists/code-lists';
import type { Outcome, OutcomeDetail } from '../code-lists/code-lists';
import type { PercentMode, RateBase } from './tally';

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
}

export interface ReportTemplateData {
  /** The sentence; placeholders listed in SENTENCE_PLACEHOLDERS. */
  sentence: string;
  /** Rendered in order into {items}, joined by itemSeparator. */
  items: ReportItem[];
  itemSeparator: string;
  /** Leave out items whose count is 0 (published reports list only what happened). */
  omitZeroItems: boolean;
  percentMode: PercentMode;
  rateBase: RateBase;
}

export const SENTENCE_PLACEHOLDERS = [
  'asOfPhrase',
  'organName',
  'year',
  'previousYear',
  'handled',
  'received',
  'reopened',
  'carriedOver',
  'accepted',
  'concluded',
  'pending',
  'items',
  'correctionCount',
  'correctionRate',
  'overallCorrectionRate',
  'settledBeforeAcceptance',
] as const;
export type SentencePlaceholder = (typeof SENTENCE_PLACEHOLDERS)[number];
const ITEM_PLACEHOLDERS = ['n', 'percent'];

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

function placeholdersIn(text: string): string[] {
  return [...text.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1] ?? '');
}

/** Problems with a template, as {path, message}; empty when it can be saved. */
export function validateReportTemplate(t: ReportTemplateData): Array<{ path: string; message: string }> {
  const problems: Array<{ path: string; message: string }> = [];
  for (const p of placeholdersIn(t.sentence)) {
    if (!(SENTENCE_PLACEHOLDERS as readonly string[]).includes(p)) {
      problems.push({
        path: 'sentence',
        message: `Unknown placeholder {${p}}; known: ${SENTENCE_PLACEHOLDERS.map((s) => `{${s}}`).join(' ')}`,
      });
    }
  }
  const known = new Set(OUTCOMES.map((o) => o.code as string));
  const mapped = new Map<string, number>();
  const outcomeOf = new Map<string, Outcome>(OUTCOME_DETAILS.map((d) => [d.code, d.outcome]));
  const mappedDetails = new Map<string, number>();
  t.items.forEach((item, i) => {
    if ((item.outcomes ?? []).length === 0 && (item.details ?? []).length === 0) {
      problems.push({ path: `items[${i}]`, message: 'An item counts at least one outcome or one outcome detail' });
    }
    for (const p of placeholdersIn(item.label)) {
      if (!ITEM_PLACEHOLDERS.includes(p)) {
        problems.push({
          path: `items[${i}].label`,
          message: `Unknown placeholder {${p}}; items know {n} and {percent}`,
        });
      }
    }
    (item.outcomes ?? []).forEach((o, j) => {
      if (!known.has(o)) {
        problems.push({ path: `items[${i}].outcomes[${j}]`, message: `Unknown outcome code ${o}` });
      } else if (mapped.has(o)) {
        problems.push({
          path: `items[${i}].outcomes[${j}]`,
          message: `${o} is already counted by items[${mapped.get(o)}]`,
        });
      } else {
        mapped.set(o, i);
      }
    });
  });
  // After every item's outcomes are known: a detail is part of its outcome, so it cannot be counted beside it.
  t.items.forEach((item, i) => {
    (item.details ?? []).forEach((d, j) => {
      const outcome = outcomeOf.get(d);
      if (outcome === undefined) {
        problems.push({ path: `items[${i}].details[${j}]`, message: `Unknown outcome detail code ${d}` });
      } else if (mapped.has(outcome)) {
        problems.push({
          path: `items[${i}].details[${j}]`,
          message: `${d} is a detail of ${outcome}, which items[${mapped.get(outcome)}] already counts whole`,
        });
      } else if (mappedDetails.has(d)) {
        problems.push({
          path: `items[${i}].details[${j}]`,
          message: `${d} is already counted by items[${mappedDetails.get(d)}]`,
        });
      } else {
        mappedDetails.set(d, i);
      }
    });
  });
  return problems;
}

export interface SentenceValues {
  values: Record<SentencePlaceholder, string>;
  byOutcome: Record<Outcome, number>;
  /** Counts by outcome detail; absent = none (items with details then count 0). */
  byOutcomeDetail?: Partial<Record<OutcomeDetail, number>>;
  concluded: number;
  percentOf: (count: number, total: number) => number | null;
}

export interface RenderedSentence {
  sentence: string;
  /** Outcomes with cases that no item of the template mentions: the sentence would not add up. */
  unmappedOutcomes: Partial<Record<Outcome, number>>;
}

export function renderReportSentence(t: ReportTemplateData, v: SentenceValues): RenderedSentence {
  const detailCount = (d: OutcomeDetail): number => v.byOutcomeDetail?.[d] ?? 0;
  const items = t.items
    .map((item) => ({
      item,
      n:
        (item.outcomes ?? []).reduce((sum, o) => sum + (v.byOutcome[o] ?? 0), 0) +
        (item.details ?? []).reduce((sum, d) => sum + detailCount(d), 0),
    }))
    .filter(({ n }) => !(t.omitZeroItems && n === 0))
    .map(({ item, n }) =>
      item.label.replace(/\{(n|percent)\}/g, (_m, name: string) =>
        name === 'n' ? String(n) : formatPercent(v.percentOf(n, v.concluded)),
      ),
    )
    .join(t.itemSeparator);
  const values: Record<string, string> = { ...v.values, items };
  // Nothing concluded yet: drop {items} with one separator next to it, so no ",," is left behind.
  const source = items === '' && t.itemSeparator !== '' ? dropEmptyItems(t.sentence, t.itemSeparator) : t.sentence;
  const sentence = source.replace(/\{([^{}]*)\}/g, (m, name: string) => values[name] ?? m);
  // An outcome not counted whole is unmapped by the cases that no listed detail of it covers.
  const mapped = new Set(t.items.flatMap((i) => i.outcomes ?? []));
  const listedDetails = new Set(t.items.flatMap((i) => i.details ?? []));
  const unmappedOutcomes = Object.fromEntries(
    Object.entries(v.byOutcome)
      .filter(([o]) => !mapped.has(o as Outcome))
      .map(([o, n]): [string, number] => [
        o,
        n -
          OUTCOME_DETAILS.filter((d) => d.outcome === o && listedDetails.has(d.code)).reduce(
            (sum, d) => sum + detailCount(d.code),
            0,
          ),
      ])
      .filter(([, n]) => n > 0),
  ) as Partial<Record<Outcome, number>>;
  return { sentence, unmappedOutcomes };
}

function dropEmptyItems(sentence: string, separator: string): string {
  if (sentence.includes(`${separator}{items}`)) {
    return sentence.replace(`${separator}{items}`, '');
  }
  return sentence.replace(`{items}${separator}`, '');
}

export function formatPercent(value: number | null): string {
  return value === null ? '—' : `${value.toFixed(2)}%`;
}

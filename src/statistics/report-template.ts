import { OUTCOMES } from '../code-lists/code-lists';
import type { Outcome } from '../code-lists/code-lists';
import { DEFAULT_DECIMALS, formatPercentValue, MAX_DECIMALS, percent, type PercentMode, type RateBase } from './tally';

/**
 * The report sentence as DATA, per organ (admins edit it with PUT /v1/statistics/report-template). The mapping from
 * the report's own labels to outcome codes lives here, not in code: Taiqian writes "3件责令重新履行" for the outcome
 * ORDERED_TO_PERFORM and lists revocations separately (DOMAIN.md §4, an unverified reading kept configurable).
 */
export interface ReportItem {
  /** e.g. '{n}起不予受理'; placeholders {n} (count) and {percent} (of concluded cases). */
  label: string;
  outcomes: Outcome[];
  /** This item's {percent}: decimals and rounding, when they differ from the template's. */
  decimals?: number;
  percentMode?: PercentMode;
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
  /** Decimals of every percentage and rate the sentence prints (0–4; absent: 2). */
  decimals?: number;
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
  'concludedAfterAcceptance',
  'concludedBeforeAcceptance',
  'acceptedCarriedOver',
  'overallCorrectionCount',
  'acceptanceRate',
  'conclusionRate',
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
  if (t.decimals !== undefined && !isDecimals(t.decimals)) {
    problems.push({ path: 'decimals', message: `decimals must be an integer from 0 to ${MAX_DECIMALS}` });
  }
  const known = new Set(OUTCOMES.map((o) => o.code as string));
  const mapped = new Map<string, number>();
  t.items.forEach((item, i) => {
    if (item.decimals !== undefined && !isDecimals(item.decimals)) {
      problems.push({ path: `items[${i}].decimals`, message: `decimals must be an integer from 0 to ${MAX_DECIMALS}` });
    }
    for (const p of placeholdersIn(item.label)) {
      if (!ITEM_PLACEHOLDERS.includes(p)) {
        problems.push({
          path: `items[${i}].label`,
          message: `Unknown placeholder {${p}}; items know {n} and {percent}`,
        });
      }
    }
    item.outcomes.forEach((o, j) => {
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
  return problems;
}

export interface SentenceValues {
  values: Record<SentencePlaceholder, string>;
  byOutcome: Record<Outcome, number>;
  concluded: number;
}

const isDecimals = (d: unknown): boolean => Number.isInteger(d) && (d as number) >= 0 && (d as number) <= MAX_DECIMALS;

export interface RenderedSentence {
  sentence: string;
  /** Outcomes with cases that no item of the template mentions: the sentence would not add up. */
  unmappedOutcomes: Partial<Record<Outcome, number>>;
}

export function renderReportSentence(t: ReportTemplateData, v: SentenceValues): RenderedSentence {
  const items = t.items
    .map((item) => ({ item, n: item.outcomes.reduce((sum, o) => sum + (v.byOutcome[o] ?? 0), 0) }))
    .filter(({ n }) => !(t.omitZeroItems && n === 0))
    .map(({ item, n }) => {
      const decimals = item.decimals ?? t.decimals ?? DEFAULT_DECIMALS;
      const share = percent(n, v.concluded, item.percentMode ?? t.percentMode, decimals);
      return item.label.replace(/\{(n|percent)\}/g, (_m, name: string) =>
        name === 'n' ? String(n) : formatPercent(share, decimals),
      );
    })
    .join(t.itemSeparator);
  const values: Record<string, string> = { ...v.values, items };
  // Nothing concluded yet: drop {items} with one separator next to it, so no ",," is left behind.
  const source = items === '' && t.itemSeparator !== '' ? dropEmptyItems(t.sentence, t.itemSeparator) : t.sentence;
  const sentence = source.replace(/\{([^{}]*)\}/g, (m, name: string) => values[name] ?? m);
  const mapped = new Set(t.items.flatMap((i) => i.outcomes));
  const unmappedOutcomes = Object.fromEntries(
    Object.entries(v.byOutcome).filter(([o, n]) => n > 0 && !mapped.has(o as Outcome)),
  ) as Partial<Record<Outcome, number>>;
  return { sentence, unmappedOutcomes };
}

function dropEmptyItems(sentence: string, separator: string): string {
  if (sentence.includes(`${separator}{items}`)) {
    return sentence.replace(`${separator}{items}`, '');
  }
  return sentence.replace(`{items}${separator}`, '');
}

export function formatPercent(value: number | null, decimals = DEFAULT_DECIMALS): string {
  return formatPercentValue(value, decimals);
}

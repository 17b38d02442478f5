import { OUTCOME_DETAILS } from '../code-lists/code-lists';
import type { Outcome } from '../code-lists/code-lists';

const outcomeOfDetail = (code: string): Outcome | undefined => OUTCOME_DETAILS.find((d) => d.code === code)?.outcome;
import type { ReportItem, ReportTemplateData } from './report-template';
import {
  changePercent,
  type Counts,
  DEFAULT_DECIMALS,
  formatPercentValue,
  MAX_DECIMALS,
  percent,
  type PercentMode,
  type Population,
  POPULATION_FIGURE,
  POPULATIONS,
  type RateOptions,
  rates,
} from './tally';

/**
 * THE REPORT TEMPLATE LANGUAGE (issue 11 point 6). A template is a declarative JSON document — text with
 * placeholders, named lists of breakdown items and named conditional parts — validated when it is saved and rendered
 * from the figures alone: nothing in it is executed (no JavaScript, no expressions, no eval), and a placeholder either
 * names something this file knows or the template is refused with the path of the mistake.
 *
 * Placeholders, in the sentence, in a part's texts and in a list's texts:
 *   {asOfPhrase} {organName} {year} {previousYear}
 *   {<figure>}                     a count of FIGURES (tally.ts), e.g. {received}, {concludedAfterAcceptance}
 *   {<rate>} {<rate>:<d>}          a rate of RATES to the template's decimals or to d (0–4): {acceptanceRate:1}
 *   {previous:<figure>}            the figure one year earlier (— when it is not known)
 *   {change:<figure>[:<d>]}        signed change in percent, with the words of changeWords: 增长25%, 下降10%, 持平
 *   {changePercent:<figure>[:<d>]} its magnitude only (25%); {changeWord:<figure>} the word only
 *   {pointChange:<rate>[:<d>]}     a rate's change in percentage points with pointWords: 上升5个百分点
 *   {list:<name>}                  a list of breakdown items (lists[]), {part:<name>} a conditional part (parts[])
 *   {items}                        the legacy list (items, itemSeparator, omitZeroItems: outcomes of concluded cases)
 * In a list item's label, also: {n} (its count), {percent} / {percent:<d>} (of the list's percentOf population),
 * {label} (the code's zh-CN label), {previous} and {change} / {change:<d>} (同比 of the item).
 *
 * A list counts one dimension over one population (tally.ts POPULATIONS; outcomes over concluded ones). Its items
 * name codes (several codes make one item: "其他"), or it lists every code that has cases (`items` absent), in the
 * template's order or by count; `rest` gathers the codes no item names. Zero counts can be left out
 * (`omitZeroItems`), or an item can say what to print instead (`whenZero`); an empty list prints `whenEmpty`, or
 * nothing — and then one separator next to it goes too, so no ",," is left.
 * A part prints `text` when its condition holds (`when`: a figure is ZERO or NONZERO) and `otherwise` if not.
 */

/** The counts a placeholder may name: every scalar figure of Counts. */
export const FIGURES = [
  'received',
  'reopened',
  'carriedOver',
  'handled',
  'accepted',
  'concluded',
  'pending',
  'concludedAfterAcceptance',
  'concludedBeforeAcceptance',
  'acceptedCarriedOver',
  'correctionCount',
  'overallCorrectionCount',
  'meritsDecisions',
  'correctedTerminations',
  'settledBeforeAcceptance',
] as const satisfies ReadonlyArray<keyof Counts>;
export type FigureName = (typeof FIGURES)[number];
export const RATES = ['correctionRate', 'overallCorrectionRate', 'acceptanceRate', 'conclusionRate'] as const;
export type RateName = (typeof RATES)[number];
export const LIST_DIMENSIONS = [
  'outcome',
  'outcomeDetail',
  'respondentKind',
  'actCategory',
  'managementDomain',
  'organ',
] as const;
export type ListDimension = (typeof LIST_DIMENSIONS)[number];
const TEXT_VALUES = ['asOfPhrase', 'organName', 'year', 'previousYear'] as const;
type TextValue = (typeof TEXT_VALUES)[number];

export interface ChangeWords {
  up: string;
  down: string;
  same: string;
}
export const DEFAULT_CHANGE_WORDS: ChangeWords = { up: '增长', down: '下降', same: '持平' };
export const DEFAULT_POINT_WORDS: ChangeWords = { up: '上升', down: '下降', same: '持平' };

export interface ListItemTemplate {
  /** e.g. '{n}件予以维持(占{percent})'. */
  label: string;
  /** The codes this item counts (their sum); absent in `rest`. */
  codes?: string[];
  /**
   * In a list by outcome: outcome details counted besides the codes (改正后终止 =
   * WITHDRAWN_AFTER_RESPONDENT_CORRECTED), never where their outcome is counted whole, nor twice.
   */
  details?: string[];
  /** Printed instead of the label when the count is 0 (and the item is not left out). */
  whenZero?: string;
  decimals?: number;
  percentMode?: PercentMode;
}

export interface ListTemplate {
  name: string;
  dimension: ListDimension;
  /** Default CONCLUDED for outcome and outcomeDetail, HANDLED otherwise. */
  population?: Population;
  /** The population the items' {percent} is of (default: the list's population). */
  percentOf?: Population;
  /** Absent: one item per code that has cases, with `itemLabel`. */
  items?: ListItemTemplate[];
  /** The label of every code when `items` is absent, e.g. '{label}{n}件'. */
  itemLabel?: string;
  /** Codes no item names, together. */
  rest?: ListItemTemplate;
  /** TEMPLATE: the items' order (codes without items after them); COUNT_DESC: the largest first. */
  order?: 'TEMPLATE' | 'COUNT_DESC';
  separator?: string;
  omitZeroItems?: boolean;
  whenEmpty?: string;
}

export interface PartTemplate {
  name: string;
  when: { figure: FigureName; is: 'ZERO' | 'NONZERO' };
  text: string;
  otherwise?: string;
}

export interface TemplateProblem {
  path: string;
  message: string;
}

/** What a template is rendered from: the period's counts, the year before (null: unknown), breakdowns, labels. */
export interface RenderContext {
  text: Record<TextValue, string>;
  counts: Counts;
  /** The same period one year earlier, or null when its data is not known. */
  previous: Counts | null;
  rateOptions: RateOptions;
  /** Members of `population` per code of `dimension`, now or a year before. */
  breakdown(
    dimension: ListDimension,
    population: Population,
    when: 'current' | 'previous',
  ): ReadonlyMap<string, number>;
  labelOf(dimension: ListDimension, code: string): string;
}

const PLACEHOLDER = /\{([^{}]*)\}/g;
const placeholdersIn = (text: string): string[] => [...text.matchAll(PLACEHOLDER)].map((m) => m[1] ?? '');
const isDecimals = (d: unknown): boolean => Number.isInteger(d) && (d as number) >= 0 && (d as number) <= MAX_DECIMALS;
const isFigure = (name: string): name is FigureName => (FIGURES as readonly string[]).includes(name);
const isRate = (name: string): name is RateName => (RATES as readonly string[]).includes(name);

/** The population a list counts when the template does not say (outcomes are of concluded cases). */
function listPopulation(list: ListTemplate): Population {
  return (
    list.population ?? (list.dimension === 'outcome' || list.dimension === 'outcomeDetail' ? 'CONCLUDED' : 'HANDLED')
  );
}

/** The legacy items as a list: outcomes of concluded cases, in the template's order. */
function legacyList(t: ReportTemplateData): ListTemplate {
  return {
    name: 'items',
    dimension: 'outcome',
    population: 'CONCLUDED',
    items: t.items.map((i: ReportItem) => ({
      label: i.label,
      codes: i.outcomes ?? [],
      ...(i.details !== undefined ? { details: i.details } : {}),
      ...(i.decimals !== undefined ? { decimals: i.decimals } : {}),
      ...(i.percentMode !== undefined ? { percentMode: i.percentMode } : {}),
    })),
    order: 'TEMPLATE',
    separator: t.itemSeparator,
    omitZeroItems: t.omitZeroItems,
  };
}

// ── Validation ───────────────────────────────────────────────────────────────────────────────────────────────

/**
 * Problems with a placeholder of the sentence, a part or a list's surrounding text (`where` names the path).
 * `allowParts` is false inside parts: a part cannot place another (no recursion to reason about).
 */
function checkPlaceholder(
  p: string,
  where: string,
  names: { lists: Set<string>; parts: Set<string> },
  allowParts: boolean,
): string | null {
  const [head = '', arg, digits, ...extra] = p.split(':');
  const decimalsOk = digits === undefined || isDecimals(Number(digits));
  if (extra.length > 0) {
    return `{${p}} has too many parts`;
  }
  if (arg === undefined) {
    if ((TEXT_VALUES as readonly string[]).includes(head) || isFigure(head) || isRate(head) || head === 'items') {
      return null;
    }
    return `unknown placeholder {${p}} in ${where}`;
  }
  switch (head) {
    case 'previous':
    case 'changeWord':
      return isFigure(arg) && digits === undefined ? null : `{${p}}: ${head} takes a figure`;
    case 'change':
    case 'changePercent':
      return isFigure(arg) && decimalsOk ? null : `{${p}}: ${head} takes a figure and optional decimals 0–4`;
    case 'pointChange':
      return isRate(arg) && decimalsOk ? null : `{${p}}: pointChange takes a rate and optional decimals 0–4`;
    case 'list':
      return names.lists.has(arg) && digits === undefined ? null : `{${p}}: no list named ${arg}`;
    case 'part':
      if (!allowParts) {
        return `{${p}}: a part cannot place another part`;
      }
      return names.parts.has(arg) && digits === undefined ? null : `{${p}}: no part named ${arg}`;
    default:
      // {acceptanceRate:1}: a rate with its own decimals.
      if (isRate(head) && digits === undefined && isDecimals(Number(arg))) {
        return null;
      }
      return `unknown placeholder {${p}} in ${where}`;
  }
}

function checkItemLabel(text: string, path: string, problems: TemplateProblem[]): void {
  for (const p of placeholdersIn(text)) {
    const [head = '', arg, ...extra] = p.split(':');
    const ok =
      extra.length === 0 &&
      (((head === 'n' || head === 'label' || head === 'previous') && arg === undefined) ||
        ((head === 'percent' || head === 'change') && (arg === undefined || isDecimals(Number(arg)))));
    if (!ok) {
      problems.push({
        path,
        message: `unknown placeholder {${p}}; items know {n} {label} {previous} {percent[:d]} {change[:d]}`,
      });
    }
  }
}

/**
 * Every problem of a template, each with the JSON path of its cause (a 422 names them); empty when it can be saved.
 * `knownCodes` says which codes a dimension has (the code lists, the deployment's codes, the organs).
 */
export function validateTemplate(
  t: ReportTemplateData,
  knownCodes: (dimension: ListDimension) => ReadonlySet<string>,
): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  const lists = t.lists ?? [];
  const parts = t.parts ?? [];
  const names = { lists: new Set<string>(), parts: new Set<string>() };
  lists.forEach((l, i) => {
    if (names.lists.has(l.name) || l.name === 'items') {
      problems.push({ path: `lists[${i}].name`, message: `the list name ${l.name} is taken` });
    }
    names.lists.add(l.name);
  });
  parts.forEach((p, i) => {
    if (names.parts.has(p.name)) {
      problems.push({ path: `parts[${i}].name`, message: `the part name ${p.name} is taken` });
    }
    names.parts.add(p.name);
  });
  if (t.decimals !== undefined && !isDecimals(t.decimals)) {
    problems.push({ path: 'decimals', message: `decimals must be an integer from 0 to ${MAX_DECIMALS}` });
  }
  for (const p of placeholdersIn(t.sentence)) {
    const problem = checkPlaceholder(p, 'sentence', names, true);
    if (problem) {
      problems.push({ path: 'sentence', message: problem });
    }
  }
  parts.forEach((part, i) => {
    const figure: string = part.when.figure;
    if (!isFigure(figure)) {
      problems.push({ path: `parts[${i}].when.figure`, message: `unknown figure ${figure}` });
    }
    for (const [key, text] of [
      ['text', part.text],
      ['otherwise', part.otherwise ?? ''],
    ] as const) {
      for (const p of placeholdersIn(text)) {
        const problem = checkPlaceholder(p, `parts[${i}].${key}`, names, false);
        if (problem) {
          problems.push({ path: `parts[${i}].${key}`, message: problem });
        }
      }
    }
  });
  const legacy = t.items.length > 0 ? [legacyList(t)] : [];
  [...legacy, ...lists].forEach((list, li) => {
    const base = list.name === 'items' && li === 0 && legacy.length > 0 ? 'items' : `lists[${li - legacy.length}]`;
    const itemPath = (j: number) => (base === 'items' ? `items[${j}]` : `${base}.items[${j}]`);
    if (!(LIST_DIMENSIONS as readonly string[]).includes(list.dimension)) {
      problems.push({ path: `${base}.dimension`, message: `unknown dimension ${list.dimension}` });
      return;
    }
    const population = listPopulation(list);
    const outcomeLike = list.dimension === 'outcome' || list.dimension === 'outcomeDetail';
    if (outcomeLike && population !== 'CONCLUDED' && population !== 'CONCLUDED_AFTER_ACCEPTANCE') {
      problems.push({
        path: `${base}.population`,
        message: 'outcomes are counted over CONCLUDED or CONCLUDED_AFTER_ACCEPTANCE cases',
      });
    }
    for (const [key, value] of [
      ['population', list.population],
      ['percentOf', list.percentOf],
    ] as const) {
      if (value !== undefined && !(POPULATIONS as readonly string[]).includes(value)) {
        problems.push({ path: `${base}.${key}`, message: `unknown population ${value}` });
      }
    }
    const known = knownCodes(list.dimension);
    const counted = new Map<string, number>();
    (list.items ?? []).forEach((item, j) => {
      if (base !== 'items') {
        checkItemLabel(item.label, `${itemPath(j)}.label`, problems);
      } else {
        for (const p of placeholdersIn(item.label)) {
          if (p !== 'n' && p !== 'percent' && !/^percent:[0-4]$/.test(p)) {
            problems.push({
              path: `${itemPath(j)}.label`,
              message: `Unknown placeholder {${p}}; items know {n} and {percent}`,
            });
          }
        }
      }
      if (item.decimals !== undefined && !isDecimals(item.decimals)) {
        problems.push({
          path: `${itemPath(j)}.decimals`,
          message: `decimals must be an integer from 0 to ${MAX_DECIMALS}`,
        });
      }
      const codesPath = base === 'items' ? `${itemPath(j)}.outcomes` : `${itemPath(j)}.codes`;
      if ((item.codes ?? []).length === 0 && (item.details ?? []).length === 0) {
        problems.push({
          path: base === 'items' ? itemPath(j) : codesPath,
          message: 'An item counts at least one code (or, by outcome, one outcome detail)',
        });
      }
      if (item.details !== undefined && item.details.length > 0 && list.dimension !== 'outcome') {
        problems.push({ path: `${itemPath(j)}.details`, message: 'details are counted in a list by outcome only' });
      }
      (item.codes ?? []).forEach((code, k) => {
        if (!known.has(code)) {
          problems.push({
            path: `${codesPath}[${k}]`,
            message: base === 'items' ? `Unknown outcome code ${code}` : `unknown ${list.dimension} code ${code}`,
          });
        } else if (counted.has(code)) {
          problems.push({
            path: `${codesPath}[${k}]`,
            message: `${code} is already counted by ${itemPath(counted.get(code)!)}`,
          });
        } else {
          counted.set(code, j);
        }
      });
    });
    // After every item's codes are known: a detail is part of its outcome, so it cannot be counted beside it.
    if (list.dimension === 'outcome') {
      const details = knownCodes('outcomeDetail');
      const countedDetails = new Map<string, number>();
      (list.items ?? []).forEach((item, j) => {
        (item.details ?? []).forEach((d, k) => {
          const path = `${itemPath(j)}.details[${k}]`;
          const outcome = outcomeOfDetail(d);
          if (!details.has(d) || outcome === undefined) {
            problems.push({ path, message: `Unknown outcome detail code ${d}` });
          } else if (counted.has(outcome)) {
            problems.push({
              path,
              message: `${d} is a detail of ${outcome}, which ${itemPath(counted.get(outcome)!)} already counts whole`,
            });
          } else if (countedDetails.has(d)) {
            problems.push({ path, message: `${d} is already counted by ${itemPath(countedDetails.get(d)!)}` });
          } else {
            countedDetails.set(d, j);
          }
        });
      });
    }
    if (list.rest) {
      checkItemLabel(list.rest.label, `${base}.rest.label`, problems);
      if (list.rest.codes !== undefined) {
        problems.push({ path: `${base}.rest.codes`, message: 'rest counts the codes no item names; it names none' });
      }
    }
    if (list.items === undefined) {
      if (list.itemLabel === undefined) {
        problems.push({ path: `${base}.itemLabel`, message: 'a list without items needs itemLabel' });
      } else {
        checkItemLabel(list.itemLabel, `${base}.itemLabel`, problems);
      }
    }
  });
  return problems;
}

// ── Rendering ────────────────────────────────────────────────────────────────────────────────────────────────

export interface Rendered {
  sentence: string;
  /** Outcomes with cases that the legacy items do not mention: the sentence would not add up. */
  unmappedOutcomes: Partial<Record<Outcome, number>>;
}

function signed(change: number | null, words: ChangeWords, decimals: number, suffix: string): string {
  if (change === null) {
    return '—';
  }
  if (change === 0) {
    return words.same;
  }
  return `${change > 0 ? words.up : words.down}${Math.abs(change).toFixed(decimals)}${suffix}`;
}

/** Renders a template (validated when saved) from a context: the same data always gives the same text. */
export function renderTemplate(t: ReportTemplateData, ctx: RenderContext): Rendered {
  const baseDecimals = t.decimals ?? DEFAULT_DECIMALS;
  const mode = ctx.rateOptions.mode;
  const changeWords = t.changeWords ?? DEFAULT_CHANGE_WORDS;
  const pointWords = t.pointWords ?? DEFAULT_POINT_WORDS;
  const rateAt = (name: RateName, decimals: number, counts: Counts) =>
    rates(counts, { ...ctx.rateOptions, decimals })[name];
  const lists = new Map<string, ListTemplate>([
    ...(t.items.length > 0 ? ([['items', legacyList(t)]] as const) : []),
    ...(t.lists ?? []).map((l) => [l.name, l] as const),
  ]);
  const parts = new Map((t.parts ?? []).map((p) => [p.name, p]));

  const renderList = (list: ListTemplate): string => {
    const population = listPopulation(list);
    const current = ctx.breakdown(list.dimension, population, 'current');
    const before = ctx.previous === null ? null : ctx.breakdown(list.dimension, population, 'previous');
    const total = ctx.counts[POPULATION_FIGURE[list.percentOf ?? population]];
    const named = new Set((list.items ?? []).flatMap((i) => i.codes ?? []));
    const sumOf = (m: ReadonlyMap<string, number> | null, codes: readonly string[]) =>
      m === null ? null : codes.reduce((n, c) => n + (m.get(c) ?? 0), 0);
    // Details (by outcome only) are counted from the same population by outcome detail.
    const detailsNow = list.dimension === 'outcome' ? ctx.breakdown('outcomeDetail', population, 'current') : null;
    const detailsBefore =
      list.dimension === 'outcome' && ctx.previous !== null
        ? ctx.breakdown('outcomeDetail', population, 'previous')
        : null;
    const countOf = (item: ListItemTemplate, when: 'current' | 'previous'): number | null => {
      const codes = sumOf(when === 'current' ? current : before, item.codes ?? []);
      const details =
        (item.details ?? []).length === 0
          ? 0
          : sumOf(when === 'current' ? detailsNow : detailsBefore, item.details ?? []);
      return codes === null || details === null ? null : codes + details;
    };
    const entries: Array<{ item: ListItemTemplate; codes: string[]; n: number }> = [];
    for (const item of list.items ?? []) {
      entries.push({ item, codes: item.codes ?? [], n: countOf(item, 'current')! });
    }
    const others = [...new Set([...current.keys(), ...(before?.keys() ?? [])])].filter((c) => !named.has(c)).sort();
    if (list.items === undefined) {
      for (const code of others) {
        entries.push({ item: { label: list.itemLabel ?? '' }, codes: [code], n: current.get(code) ?? 0 });
      }
    } else if (list.rest) {
      entries.push({ item: list.rest, codes: others, n: sumOf(current, others)! });
    }
    if (list.order === 'COUNT_DESC' || list.items === undefined) {
      entries.sort((a, b) => b.n - a.n || (a.codes[0] ?? '').localeCompare(b.codes[0] ?? ''));
    }
    const texts = entries
      .filter(({ n, item }) => !(n === 0 && (list.omitZeroItems ?? true) && item.whenZero === undefined))
      .map(({ item, codes, n }) => {
        if (n === 0 && item.whenZero !== undefined) {
          return item.whenZero;
        }
        const itemMode = item.percentMode ?? mode;
        const previousN = item.details !== undefined ? countOf(item, 'previous') : sumOf(before, codes);
        return item.label.replace(PLACEHOLDER, (whole, p: string) => {
          const [head, arg] = p.split(':');
          const d = arg === undefined ? (item.decimals ?? baseDecimals) : Number(arg);
          switch (head) {
            case 'n':
              return String(n);
            case 'label':
              return codes.length === 1 ? ctx.labelOf(list.dimension, codes[0]!) : whole;
            case 'percent':
              return formatPercentValue(percent(n, total, itemMode, d), d);
            case 'previous':
              return previousN === null ? '—' : String(previousN);
            case 'change':
              return signed(previousN === null ? null : changePercent(n, previousN, itemMode, d), changeWords, d, '%');
            default:
              return whole;
          }
        });
      });
    return texts.length === 0 ? (list.whenEmpty ?? '') : texts.join(list.separator ?? '，');
  };

  const fill = (text: string, allowParts: boolean): string => {
    // A list that renders to nothing takes one separator next to it along (no ",," is left behind).
    let source = text;
    for (const [name, list] of lists) {
      const token = name === 'items' ? '{items}' : `{list:${name}}`;
      const separator = list.separator ?? '，';
      if (source.includes(token) && separator !== '' && renderList(list) === '') {
        source = source.includes(`${separator}${token}`)
          ? source.replace(`${separator}${token}`, token)
          : source.replace(`${token}${separator}`, token);
      }
    }
    return source.replace(PLACEHOLDER, (whole, p: string) => {
      const [head = '', arg, digits] = p.split(':');
      if (arg === undefined) {
        if ((TEXT_VALUES as readonly string[]).includes(head)) {
          return ctx.text[head as TextValue];
        }
        if (isFigure(head)) {
          return String(ctx.counts[head]);
        }
        if (isRate(head)) {
          return formatPercentValue(rateAt(head, baseDecimals, ctx.counts), baseDecimals);
        }
        if (head === 'items' && lists.has('items')) {
          return renderList(lists.get('items')!);
        }
        return whole;
      }
      const d = digits === undefined ? baseDecimals : Number(digits);
      const prev = ctx.previous;
      switch (head) {
        case 'previous':
          return prev === null || !isFigure(arg) ? '—' : String(prev[arg]);
        case 'change':
        case 'changePercent':
        case 'changeWord': {
          if (!isFigure(arg)) {
            return whole;
          }
          const change = prev === null ? null : changePercent(ctx.counts[arg], prev[arg], mode, d);
          if (head === 'change') {
            return signed(change, changeWords, d, '%');
          }
          if (head === 'changePercent') {
            return change === null ? '—' : `${Math.abs(change).toFixed(d)}%`;
          }
          return change === null
            ? '—'
            : change === 0
              ? changeWords.same
              : change > 0
                ? changeWords.up
                : changeWords.down;
        }
        case 'pointChange': {
          if (!isRate(arg)) {
            return whole;
          }
          const now = rateAt(arg, d, ctx.counts);
          const then = prev === null ? null : rateAt(arg, d, prev);
          const points =
            now === null || then === null ? null : (Math.round(now * 10 ** d) - Math.round(then * 10 ** d)) / 10 ** d;
          return signed(points, pointWords, d, '个百分点');
        }
        case 'list':
          return lists.has(arg) ? renderList(lists.get(arg)!) : whole;
        case 'part': {
          const part = allowParts ? parts.get(arg) : undefined;
          if (!part) {
            return whole;
          }
          const zero = ctx.counts[part.when.figure] === 0;
          const holds = part.when.is === 'ZERO' ? zero : !zero;
          return fill(holds ? part.text : (part.otherwise ?? ''), false);
        }
        default:
          // {acceptanceRate:1}
          return isRate(head) ? formatPercentValue(rateAt(head, Number(arg), ctx.counts), Number(arg)) : whole;
      }
    });
  };

  const sentence = fill(t.sentence, true);
  // An outcome the legacy items do not count whole is unmapped by the cases that no listed detail of it covers.
  const mapped = new Set<string>(t.items.flatMap((i) => i.outcomes ?? []));
  const listedDetails = new Set<string>(t.items.flatMap((i) => i.details ?? []));
  const unmappedOutcomes =
    t.items.length === 0
      ? {}
      : (Object.fromEntries(
          Object.entries(ctx.counts.byOutcome)
            .filter(([o]) => !mapped.has(o))
            .map(([o, n]): [string, number] => [
              o,
              n -
                OUTCOME_DETAILS.filter((d) => d.outcome === o && listedDetails.has(d.code)).reduce(
                  (sum, d) => sum + ctx.counts.byOutcomeDetail[d.code],
                  0,
                ),
            ])
            .filter(([, n]) => n > 0),
        ) as Partial<Record<Outcome, number>>);
  return { sentence, unmappedOutcomes };
}

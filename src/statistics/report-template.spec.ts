import { OUTCOME_DETAILS, OUTCOMES } from '../code-lists/code-lists';
import type { OutcomeDetail } from '../code-lists/code-lists';
import { type ListDimension, renderTemplate, validateTemplate } from './report-language';
import { DEFAULT_REPORT_TEMPLATE, type ReportTemplateData } from './report-template';
import { type Counts, emptyByOutcome, emptyByOutcomeDetail, rateOptions } from './tally';

const KNOWN: Partial<Record<ListDimension, ReadonlySet<string>>> = {
  outcome: new Set(OUTCOMES.map((o) => o.code)),
  outcomeDetail: new Set(OUTCOME_DETAILS.map((d) => d.code)),
};
const known = (d: ListDimension): ReadonlySet<string> => KNOWN[d] ?? new Set();

/** A year's counts with these concluded outcomes and details (the rest 0): what the items are rendered from. */
function countsWith(byOutcome: Partial<Counts['byOutcome']>, byOutcomeDetail: Partial<Counts['byOutcomeDetail']> = {}) {
  const outcomes = { ...emptyByOutcome(), ...byOutcome };
  const details = { ...emptyByOutcomeDetail(), ...byOutcomeDetail };
  const concluded = Object.values(outcomes).reduce((a, b) => a + b, 0);
  const zero = { received: 0, reopened: 0, carriedOver: 0, accepted: 0, pending: 0, correctionCount: 0 };
  const counts: Counts = {
    ...zero,
    handled: concluded,
    concluded,
    byOutcome: outcomes,
    byOutcomeDetail: details,
    meritsDecisions: 0,
    correctedTerminations: 0,
    settledBeforeAcceptance: 0,
    concludedAfterAcceptance: 0,
    concludedBeforeAcceptance: concluded,
    acceptedCarriedOver: 0,
    overallCorrectionCount: 0,
    byOutcomeAfterAcceptance: emptyByOutcome(),
    byOutcomeDetailAfterAcceptance: emptyByOutcomeDetail(),
  };
  return counts;
}

function render(t: ReportTemplateData, counts: Counts) {
  return renderTemplate(t, {
    text: { asOfPhrase: '截至目前', organName: '台前县人民政府', year: '2021', previousYear: '2020' },
    counts,
    previous: null,
    rateOptions: rateOptions('DECIDED', 'ROUND_HALF_UP'),
    breakdown: (dimension) =>
      new Map(
        Object.entries(dimension === 'outcome' ? counts.byOutcome : counts.byOutcomeDetail).filter(([, n]) => n > 0),
      ),
    labelOf: (_d, code) => code,
  });
}

describe('report template items with outcome details (issue 11 pt 4)', () => {
  const template: ReportTemplateData = {
    ...DEFAULT_REPORT_TEMPLATE,
    sentence: '{items}',
    items: [
      { label: '{n}件改正后终止', details: ['WITHDRAWN_AFTER_RESPONDENT_CORRECTED'] },
      { label: '其他{n}件', outcomes: ['DEEMED_WITHDRAWN'], details: ['WITHDRAWAL_APPROVED', 'SETTLEMENT'] },
    ],
    omitZeroItems: false,
  };

  it('is valid, and an item counts its outcomes plus its details', () => {
    expect(validateTemplate(template, known)).toEqual([]);
    const r = render(
      template,
      countsWith(
        { TERMINATED: 4, DEEMED_WITHDRAWN: 1 },
        { WITHDRAWN_AFTER_RESPONDENT_CORRECTED: 2, WITHDRAWAL_APPROVED: 1, CRIMINAL_MEASURES: 1 },
      ),
    );
    expect(r.sentence).toBe('2件改正后终止,其他2件');
    // R07 42(5) / L23 41(4): the termination on criminal measures is in no item.
    expect(r.unmappedOutcomes).toEqual({ TERMINATED: 1 });
  });

  it('refuses a detail whose outcome is counted whole, a detail twice, an unknown detail, an empty item', () => {
    const problems = validateTemplate(
      {
        ...template,
        items: [
          { label: '{n}', outcomes: ['TERMINATED'] },
          { label: '{n}', details: ['SETTLEMENT', 'NOPE' as OutcomeDetail] },
          { label: '{n}', details: ['VOLUNTARY'] },
          { label: '{n}', details: ['VOLUNTARY'] },
          { label: '{n}' },
        ],
      },
      known,
    );
    expect(problems.map((p) => p.path).sort()).toEqual(
      ['items[4]', 'items[1].details[0]', 'items[1].details[1]', 'items[3].details[0]'].sort(),
    );
  });

  it('the default (Taiqian) template is valid and leaves 告知 out while it is zero', () => {
    expect(validateTemplate(DEFAULT_REPORT_TEMPLATE, known)).toEqual([]);
    const withInformed = render(DEFAULT_REPORT_TEMPLATE, countsWith({ NOT_ACCEPTED: 1, INFORMED: 2 }));
    expect(withInformed.sentence).toContain('1起不予受理,2件告知申请人向有关行政复议机关提出');
    const without = render(DEFAULT_REPORT_TEMPLATE, countsWith({ NOT_ACCEPTED: 1 }));
    expect(without.sentence).not.toContain('告知');
  });
});

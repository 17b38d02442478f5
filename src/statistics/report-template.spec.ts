import type { OutcomeDetail } from '../code-lists/code-lists';
import { emptyByOutcome, emptyByOutcomeDetail, percent } from './tally';
import {
  DEFAULT_REPORT_TEMPLATE,
  renderReportSentence,
  type ReportTemplateData,
  validateReportTemplate,
} from './report-template';

const values = (byOutcome: Partial<ReturnType<typeof emptyByOutcome>>, byOutcomeDetail = {}) => {
  const outcomes = { ...emptyByOutcome(), ...byOutcome };
  return {
    byOutcome: outcomes,
    byOutcomeDetail: { ...emptyByOutcomeDetail(), ...byOutcomeDetail },
    concluded: Object.values(outcomes).reduce((a, b) => a + b, 0),
    percentOf: (n: number, total: number) => percent(n, total, 'ROUND_HALF_UP'),
    values: Object.fromEntries(
      [
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
      ].map((k) => [k, k]),
    ) as Parameters<typeof renderReportSentence>[1]['values'],
  };
};

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
    expect(validateReportTemplate(template)).toEqual([]);
    const r = renderReportSentence(
      template,
      values(
        { TERMINATED: 4, DEEMED_WITHDRAWN: 1 },
        { WITHDRAWN_AFTER_RESPONDENT_CORRECTED: 2, WITHDRAWAL_APPROVED: 1, CRIMINAL_MEASURES: 1 },
      ),
    );
    expect(r.sentence).toBe('2件改正后终止,其他2件');
    // R07 42(5) / L23 41(4): the termination on criminal measures is in no item.
    expect(r.unmappedOutcomes).toEqual({ TERMINATED: 1 });
  });

  it('refuses a detail whose outcome is counted whole, a detail twice, an unknown detail, an empty item', () => {
    const problems = validateReportTemplate({
      ...template,
      items: [
        { label: '{n}', outcomes: ['TERMINATED'] },
        { label: '{n}', details: ['SETTLEMENT', 'NOPE' as OutcomeDetail] },
        { label: '{n}', details: ['VOLUNTARY'] },
        { label: '{n}', details: ['VOLUNTARY'] },
        { label: '{n}' },
      ],
    });
    expect(problems.map((p) => p.path)).toEqual([
      'items[4]',
      'items[1].details[0]',
      'items[1].details[1]',
      'items[3].details[0]',
    ]);
  });

  it('the default (Taiqian) template is valid and leaves 告知 out while it is zero', () => {
    expect(validateReportTemplate(DEFAULT_REPORT_TEMPLATE)).toEqual([]);
    const withInformed = renderReportSentence(DEFAULT_REPORT_TEMPLATE, values({ NOT_ACCEPTED: 1, INFORMED: 2 }));
    expect(withInformed.sentence).toContain('1起不予受理,2件告知申请人向有关行政复议机关提出');
    const without = renderReportSentence(DEFAULT_REPORT_TEMPLATE, values({ NOT_ACCEPTED: 1 }));
    expect(without.sentence).not.toContain('告知');
  });
});

import type { Clock } from '../../workflow/clocks';
import { registrationWarnings } from './registration-warnings';
import { remedyWording } from './remedy';

describe('registration warnings (shown, never refused)', () => {
  const base = { regime: 'L2023' as const, organLevel: 'COUNTY' as const, applicationPeriod: null };

  it.each(['VERTICAL_AGENCY', 'TAX_AUTHORITY', 'STATE_SECURITY_ORGAN'] as const)(
    'L23 27: %s named for a county government → RESPONDENT_UNDER_UPPER_DEPARTMENT',
    (respondentKind) => {
      expect(registrationWarnings({ ...base, respondentKind })).toEqual([
        expect.objectContaining({ code: 'RESPONDENT_UNDER_UPPER_DEPARTMENT', legalBasis: 'L23 27' }),
      ]);
    },
  );

  it('L23 24: a county department, a 派出机构 or an authorised organisation gives no warning', () => {
    for (const respondentKind of ['COUNTY_DEPARTMENT', 'DISPATCHED_BODY', 'AUTHORISED_ORGANISATION'] as const) {
      expect(registrationWarnings({ ...base, respondentKind })).toEqual([]);
    }
  });

  it('L23 27: no warning when the organ is itself a department (the upper department), nor under L2017 (R07 24)', () => {
    expect(registrationWarnings({ ...base, organLevel: 'DEPARTMENT', respondentKind: 'TAX_AUTHORITY' })).toEqual([]);
    expect(registrationWarnings({ ...base, regime: 'L2017', respondentKind: 'VERTICAL_AGENCY' })).toEqual([]);
  });

  it('L23 20–21: a MISSED application period is a warning naming the due date', () => {
    const clock = { status: 'MISSED', dueOn: '2024-04-30', metOn: '2024-05-06', legalBasis: 'L23 20, 21' } as Clock;
    expect(registrationWarnings({ ...base, respondentKind: 'COUNTY_DEPARTMENT', applicationPeriod: clock })).toEqual([
      expect.objectContaining({
        code: 'APPLICATION_PERIOD_EXCEEDED',
        legalBasis: 'L23 20, 21',
        message: expect.stringContaining('2024-04-30'),
      }),
    ]);
  });
});

describe('remedy wording (诉权告知)', () => {
  it('L23 23, 34: a compulsory case may sue within 15 days of a refusal, a dismissal of the application or silence', () => {
    const r = remedyWording('L2023', true);
    expect(r).toMatchObject({ compulsoryReconsideration: true, suitWithinDays: 15 });
    expect(r.legalBasis).toMatch(/^L23 23, 34/);
    expect(r.wordingZh).toContain('驳回申请');
    expect(r.wordingZh).toContain('十五日内');
  });
  it('L17 19: under L2017 the compulsory wording names the refusal and the silence', () => {
    const r = remedyWording('L2017', true);
    expect(r.legalBasis).toContain('L17 19');
    expect(r.wordingZh).toContain('不予受理决定书');
  });
  it('L23 10; 行政诉讼法 45: the general rule otherwise', () => {
    expect(remedyWording('L2023', false)).toMatchObject({
      compulsoryReconsideration: false,
      legalBasis: 'L23 10; 行政诉讼法 45',
    });
    expect(remedyWording('L2017', false).legalBasis).toBe('L17 5; 行政诉讼法 45');
  });
});

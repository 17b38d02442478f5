import {
  CODE_LIST_NAMES,
  CODE_LISTS,
  CORRECTION_OUTCOMES,
  DECISION_TYPES,
  type ExtendedCodeEntry,
  MERITS_OUTCOMES,
  NON_MERITS_OUTCOME_DETAILS,
  NOT_ACCEPT_GROUNDS,
  NOT_COUNTED_PERIOD_KINDS,
  OUTCOME_DETAILS,
  OUTCOMES,
  RESPONDENT_KINDS,
  STAY_OF_EXECUTION_GROUNDS,
  SUSPENSION_GROUNDS,
  TERMINATION_GROUNDS,
  builtInLabelOf,
  WITHDRAWAL_REASONS,
  codeListsResponse,
  EXTENSIBLE_CODE_LISTS,
  findCodeEntry,
  hasCodeFormat,
  isCode,
  isCodeForRegime,
} from './code-lists';

const UPPER_SNAKE = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/;
const HAS_CHINESE = /\p{Script=Han}/u;

const CORRECTION = ['REVOKED', 'VARIED', 'CONFIRMED_ILLEGAL', 'ORDERED_TO_PERFORM', 'CONFIRMED_VOID'];
const MERITS = ['UPHELD', 'DISMISSED', ...CORRECTION];

function entries(name: keyof typeof CODE_LISTS): readonly ExtendedCodeEntry[] {
  return CODE_LISTS[name];
}

function codesWhere(list: readonly ExtendedCodeEntry[], flag: keyof ExtendedCodeEntry): string[] {
  return list.filter((e) => e[flag] === true).map((e) => e.code);
}

describe('code lists', () => {
  it.each(CODE_LIST_NAMES)('%s: codes are unique UPPER_SNAKE', (name) => {
    const codes = entries(name).map((e) => e.code);
    expect(codes.length).toBeGreaterThan(0);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) {
      expect(code).toMatch(UPPER_SNAKE);
    }
  });

  it.each(CODE_LIST_NAMES)('%s: every entry has a non-empty Chinese label', (name) => {
    for (const entry of entries(name)) {
      expect(entry.labelZh.trim()).not.toBe('');
      expect(entry.labelZh).toMatch(HAS_CHINESE);
      if (entry.note !== undefined) {
        expect(entry.note.trim()).not.toBe('');
      }
      if (entry.legalBasis !== undefined) {
        // The statutes modelled, or the Civil Procedure Law whose rules on periods and service L17 40 / L23 88 apply.
        expect(entry.legalBasis).toMatch(/^(?:(?:L17|L23|R07)\b|民事诉讼法)/);
      }
    }
  });

  it('every regimes flag names a known legal regime', () => {
    for (const name of CODE_LIST_NAMES) {
      for (const entry of entries(name)) {
        for (const regime of entry.regimes ?? []) {
          expect(isCode('LEGAL_REGIMES', regime)).toBe(true);
        }
      }
    }
  });

  it('OUTCOMES: correction (纠错) = 撤销, 变更, 确认违法, 责令履行, 确认无效; merits adds 维持 and 驳回', () => {
    expect(codesWhere(OUTCOMES, 'correction').sort()).toEqual([...CORRECTION].sort());
    expect(codesWhere(OUTCOMES, 'merits').sort()).toEqual([...MERITS].sort());
    expect([...CORRECTION_OUTCOMES].sort()).toEqual([...CORRECTION].sort());
    expect([...MERITS_OUTCOMES].sort()).toEqual([...MERITS].sort());
    for (const entry of OUTCOMES) {
      expect(typeof entry.correction).toBe('boolean');
      expect(typeof entry.merits).toBe('boolean');
    }
  });

  it('DECISION_TYPES carry the same flags as the outcome of the same code', () => {
    for (const decision of DECISION_TYPES) {
      const outcome = findCodeEntry('OUTCOMES', decision.code);
      expect(outcome).toBeDefined();
      expect(decision.correction).toBe(outcome?.correction);
      expect(decision.merits).toBe(outcome?.merits);
    }
  });

  it('OUTCOME_DETAILS: every ground a concluding act records is a detail of its outcome (R07 28 / L23 30; R07 42 / L23 41; R07 48 / L23 33, 69)', () => {
    const byOutcome = (outcome: string) => OUTCOME_DETAILS.filter((d) => d.outcome === outcome).map((d) => d.code);
    expect(byOutcome('DISMISSED')).toEqual(['DISMISSED_APPLICATION', 'DISMISSED_CLAIM']);
    expect(byOutcome('NOT_ACCEPTED')).toEqual(NOT_ACCEPT_GROUNDS.map((g) => g.code));
    expect(byOutcome('TERMINATED')).toEqual(TERMINATION_GROUNDS.map((g) => g.code));
    expect(byOutcome('WITHDRAWN')).toEqual(WITHDRAWAL_REASONS.map((g) => g.code));
    // 视为撤回 (R07 29), 转送 (L17 15 ¶2), 告知 (L17 17 ¶1) and the other decisions have no detail.
    expect(OUTCOME_DETAILS.map((d) => d.outcome).filter((o, i, all) => all.indexOf(o) === i)).toEqual([
      'DISMISSED',
      'NOT_ACCEPTED',
      'TERMINATED',
      'WITHDRAWN',
    ]);
    for (const d of OUTCOME_DETAILS) {
      expect(isCode('OUTCOMES', d.outcome)).toBe(true);
    }
    // Codes are unique across the lists they come from, so one flat list is unambiguous.
    expect(new Set(OUTCOME_DETAILS.map((d) => d.code)).size).toBe(OUTCOME_DETAILS.length);
    expect(findCodeEntry('OUTCOME_DETAILS', 'R07_28_4_OUT_OF_TIME')).toMatchObject({
      labelZh: '不予受理：超过法定申请期限',
      legalBasis: 'R07 28(4)',
      regimes: ['L2017'],
    });
    // Only 驳回行政复议申请 takes a case out of the decisions on the merits (R07 48 ¶1(2); L23 33).
    expect([...NON_MERITS_OUTCOME_DETAILS]).toEqual(['DISMISSED_APPLICATION']);
  });

  it('L17 17 ¶1: 告知 (INFORM → INFORMED) is an action, state and outcome of its own, under L2017 only', () => {
    expect(findCodeEntry('ACTIONS', 'INFORM')).toMatchObject({ legalBasis: 'L17 17 ¶1', regimes: ['L2017'] });
    expect(findCodeEntry('CASE_STATES', 'INFORMED')?.legalBasis).toBe('L17 17 ¶1');
    expect(findCodeEntry('OUTCOMES', 'INFORMED')).toMatchObject({ labelZh: '告知', merits: false, correction: false });
  });

  it('L23 67: confirming an act void exists only under L2023', () => {
    expect(findCodeEntry('DECISION_TYPES', 'CONFIRMED_VOID')?.regimes).toEqual(['L2023']);
    expect(findCodeEntry('OUTCOMES', 'CONFIRMED_VOID')?.regimes).toEqual(['L2023']);
    expect(findCodeEntry('REQUEST_CODES', 'CONFIRM_VOID')?.regimes).toEqual(['L2023']);
  });

  it('NOT_ACCEPT_GROUNDS: L23 30(1)–(7) under L2023 and R07 28(1)–(7) under L2017', () => {
    const l23 = NOT_ACCEPT_GROUNDS.filter((g) => g.regimes[0] === 'L2023');
    const r07 = NOT_ACCEPT_GROUNDS.filter((g) => g.regimes[0] === 'L2017');
    expect(l23.map((g) => g.legalBasis.split(',')[0])).toEqual([1, 2, 3, 4, 5, 6, 7].map((i) => `L23 30(${i})`));
    expect(r07.map((g) => g.legalBasis)).toEqual([1, 2, 3, 4, 5, 6, 7].map((i) => `R07 28(${i})`));
    for (const ground of NOT_ACCEPT_GROUNDS) {
      expect(ground.regimes).toHaveLength(1);
      expect(ground.code.startsWith(ground.regimes[0] === 'L2023' ? 'L23_30_' : 'R07_28_')).toBe(true);
    }
  });

  it('SUSPENSION_GROUNDS: R07 41(1)–(8) plus L17 26, 27 and L23 39(1)–(10), each for one regime', () => {
    const r07 = SUSPENSION_GROUNDS.filter((g) => g.regimes[0] === 'L2017').map((g) => g.legalBasis);
    const l23 = SUSPENSION_GROUNDS.filter((g) => g.regimes[0] === 'L2023').map((g) => g.legalBasis.split(',')[0]);
    // L17 26, 27: 「处理期间，中止对具体行政行为的审查」 — the L2017 counterpart of L23 39(9).
    expect(r07).toEqual([...[1, 2, 3, 4, 5, 6, 7, 8].map((i) => `R07 41(${i})`), 'L17 26, 27']);
    expect(l23).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((i) => `L23 39(${i})`));
  });

  it('R07 42 ¶2 / L23 41(5): only R07 41(1)–(3) and L23 39(1),(2),(4) terminate after 60 days', () => {
    expect(codesWhere(SUSPENSION_GROUNDS, 'terminatesAfter60Days')).toEqual([
      'R07_41_1_APPLICANT_DIED',
      'R07_41_2_APPLICANT_INCAPACITATED',
      'R07_41_3_ORGANISATION_TERMINATED',
      'L23_39_1_APPLICANT_DIED',
      'L23_39_2_APPLICANT_INCAPACITATED',
      'L23_39_4_ORGANISATION_TERMINATED',
    ]);
  });

  it('R07 30, 34 ¶3, 37: the periods not counted towards the decision period, each with its article', () => {
    expect(NOT_COUNTED_PERIOD_KINDS.map((k) => [k.code, k.legalBasis])).toEqual([
      ['COMPETENT_ORGAN_DETERMINATION', 'R07 30'],
      ['ON_SITE_INSPECTION', 'R07 34 ¶3'],
      ['EXPERT_APPRAISAL', 'R07 37'],
    ]);
    for (const k of NOT_COUNTED_PERIOD_KINDS) {
      expect(k.note).toContain('不计入行政复议审理期限');
    }
  });

  it('R07 29 / L23 31 ¶2: the state and outcome use the statute’s wording 视为放弃行政复议申请', () => {
    expect(findCodeEntry('CASE_STATES', 'DEEMED_WITHDRAWN')?.labelZh).toBe('视为放弃行政复议申请');
    expect(findCodeEntry('OUTCOMES', 'DEEMED_WITHDRAWN')?.labelZh).toBe('视为放弃行政复议申请');
    expect(findCodeEntry('OUTCOMES', 'DEEMED_WITHDRAWN')?.note).toContain('视为撤回');
  });

  it('TERMINATION_GROUNDS: only withdrawal after the respondent corrected counts in the overall correction rate', () => {
    expect(codesWhere(TERMINATION_GROUNDS, 'countsAsCorrection')).toEqual(['WITHDRAWN_AFTER_RESPONDENT_CORRECTED']);
  });

  it('isCode is a type guard over one list', () => {
    expect(isCode('CASE_STATES', 'UNDER_REVIEW')).toBe(true);
    expect(isCode('CASE_STATES', 'UPHELD')).toBe(false);
    expect(isCode('OUTCOMES', 'UPHELD')).toBe(true);
    expect(isCode('SEX', 'male')).toBe(false);
    expect(isCode('SEX', 1)).toBe(false);
    expect(isCode('SEX', undefined)).toBe(false);
    expect(isCode('NO_SUCH_LIST' as 'SEX', 'MALE')).toBe(false);
    const value: unknown = 'FEMALE';
    if (isCode('SEX', value)) {
      const sex: 'MALE' | 'FEMALE' = value; // compiles only because isCode narrows
      expect(sex).toBe('FEMALE');
    }
  });

  it('isCodeForRegime: regime-specific grounds are refused under the other regime', () => {
    expect(isCodeForRegime('NOT_ACCEPT_GROUNDS', 'L23_30_4_OUT_OF_TIME', 'L2023')).toBe(true);
    expect(isCodeForRegime('NOT_ACCEPT_GROUNDS', 'L23_30_4_OUT_OF_TIME', 'L2017')).toBe(false);
    expect(isCodeForRegime('SUSPENSION_GROUNDS', 'R07_41_8_OTHER', 'L2017')).toBe(true);
    expect(isCodeForRegime('DECISION_TYPES', 'CONFIRMED_VOID', 'L2017')).toBe(false);
    expect(isCodeForRegime('DECISION_TYPES', 'REVOKED', 'L2017')).toBe(true); // no regimes flag: every regime
    expect(isCodeForRegime('DECISION_TYPES', 'NO_SUCH_CODE', 'L2023')).toBe(false);
  });

  it('codeListsResponse() contains every list, entry for entry', () => {
    const response = codeListsResponse();
    expect(Object.keys(response).sort()).toEqual([...CODE_LIST_NAMES].sort());
    for (const name of CODE_LIST_NAMES) {
      expect(response[name]).toEqual(entries(name));
    }
    expect(JSON.parse(JSON.stringify(response))).toEqual(response);
  });

  it('codeListsResponse() returns copies: mutating the response does not change the lists', () => {
    const response = codeListsResponse();
    const first = response.DECISION_TYPES.find((e) => e.code === 'CONFIRMED_VOID');
    if (!first) {
      throw new Error('CONFIRMED_VOID missing');
    }
    first.labelZh = 'changed';
    (first.regimes as string[]).push('L2017');
    response.SEX.pop();
    expect(findCodeEntry('DECISION_TYPES', 'CONFIRMED_VOID')).toMatchObject({
      labelZh: '确认无效',
      regimes: ['L2023'],
    });
    expect(codeListsResponse().SEX).toHaveLength(2);
  });

  it('the lists themselves are frozen', () => {
    expect(Object.isFrozen(CODE_LISTS)).toBe(true);
    expect(Object.isFrozen(OUTCOMES)).toBe(true);
    expect(Object.isFrozen(OUTCOMES[0])).toBe(true);
  });

  it('L23 24, 27: RESPONDENT_KINDS keep the original codes first and add the kinds of L23 24 and L23 27', () => {
    const codes = RESPONDENT_KINDS.map((k) => k.code);
    expect(codes.slice(0, 4)).toEqual(['COUNTY_DEPARTMENT', 'TOWNSHIP_GOVERNMENT', 'VERTICAL_AGENCY', 'OTHER']);
    for (const code of [
      'CITY_GOVERNMENT',
      'CITY_DEPARTMENT',
      'COUNTY_GOVERNMENT',
      'DISPATCHED_BODY',
      'AUTHORISED_ORGANISATION',
      'TAX_AUTHORITY',
      'STATE_SECURITY_ORGAN',
    ]) {
      expect(codes).toContain(code);
    }
    expect(findCodeEntry('RESPONDENT_KINDS', 'DISPATCHED_BODY')?.legalBasis).toContain('L23 24 ¶4');
    expect(findCodeEntry('RESPONDENT_KINDS', 'AUTHORISED_ORGANISATION')?.legalBasis).toContain('L23 24(4)');
    expect(codesWhere(RESPONDENT_KINDS, 'upperDepartment').sort()).toEqual(
      ['STATE_SECURITY_ORGAN', 'TAX_AUTHORITY', 'VERTICAL_AGENCY'].sort(),
    );
    for (const code of codesWhere(RESPONDENT_KINDS, 'upperDepartment')) {
      expect(findCodeEntry('RESPONDENT_KINDS', code)?.legalBasis).toContain('L23 27');
    }
  });

  it('L17 21 / L23 42: four stay-of-execution grounds per regime; only ground (1) is the respondent’s', () => {
    for (const regime of ['L2017', 'L2023'] as const) {
      const grounds = STAY_OF_EXECUTION_GROUNDS.filter((g) =>
        isCodeForRegime('STAY_OF_EXECUTION_GROUNDS', g.code, regime),
      );
      expect(grounds).toHaveLength(4);
      expect(grounds.filter((g) => (g as ExtendedCodeEntry).byRespondent).map((g) => g.legalBasis)).toEqual([
        regime === 'L2017' ? 'L17 21(1)' : 'L23 42(1)',
      ]);
    }
    expect(findCodeEntry('ACTIONS', 'DECIDE_STAY_OF_EXECUTION')?.legalBasis).toBe('L17 21 / L23 42');
  });

  it('L23 27, 20–21: registration warnings and organ levels are served with labels and articles', () => {
    expect(codeListsResponse().REGISTRATION_WARNINGS.map((w) => w.code)).toEqual([
      'RESPONDENT_UNDER_UPPER_DEPARTMENT',
      'APPLICATION_PERIOD_EXCEEDED',
    ]);
    expect(findCodeEntry('REGISTRATION_WARNINGS', 'RESPONDENT_UNDER_UPPER_DEPARTMENT')?.legalBasis).toBe('L23 27');
    expect(codeListsResponse().ORGAN_LEVELS.map((l) => l.code)).toEqual(['COUNTY', 'CITY', 'PROVINCE', 'DEPARTMENT']);
  });

  it('issue 11 pt 9: every code of every list has the format an added code must have (CODE_PATTERN, ≤ 64)', () => {
    for (const name of CODE_LIST_NAMES) {
      for (const entry of entries(name)) {
        expect({ name, code: entry.code, ok: hasCodeFormat(entry.code) }).toEqual({ name, code: entry.code, ok: true });
      }
    }
    for (const bad of ['lower', 'A__B', '_A', 'A_', '1A', 'A-B', '', `A${'B'.repeat(64)}`, 42, null]) {
      expect(hasCodeFormat(bad)).toBe(false);
    }
    expect(EXTENSIBLE_CODE_LISTS).toEqual(['RESPONDENT_KINDS', 'ACT_CATEGORIES', 'MANAGEMENT_DOMAINS']);
  });

  it('builtInLabelOf: the release’s label, or the code itself (never an empty cell)', () => {
    expect(builtInLabelOf('ACT_CATEGORIES', 'COMPLAINT_HANDLING')).toBe('举报投诉处理');
    expect(builtInLabelOf('ACT_CATEGORIES', 'ADDED_LATER')).toBe('ADDED_LATER');
  });
});

import { residentIdCheckCharacter, unifiedSocialCreditCodeCheckCharacter } from '../../src/cases/domain/identifiers';

let counter = 0;

/** A valid invented resident ID (GB 11643) for a birth date, with a correct check character. */
export function residentId(birthDate = '19800101', serial?: number): string {
  counter += 1;
  const first17 = `410927${birthDate}${String(serial ?? counter % 1000).padStart(3, '0')}`;
  return first17 + residentIdCheckCharacter(first17);
}

/** A valid invented unified social credit code (GB 32100). */
export function creditCode(): string {
  counter += 1;
  const first17 = `91410927MA${String(counter).padStart(6, '0')}X`.slice(0, 17);
  return first17 + unifiedSocialCreditCodeCheckCharacter(first17);
}

type Json = Record<string, unknown>;

/** A complete, valid registration body; override any section. */
export function registration(overrides: Json = {}): Json {
  return {
    receivedOn: '2021-03-01',
    channel: 'IN_PERSON',
    applicants: [
      {
        kind: 'NATURAL_PERSON',
        name: '张三',
        sex: 'MALE',
        idNumber: residentId(),
        address: '台前县城关镇',
        phone: '13800000000',
      },
    ],
    respondent: { name: '台前县市场监督管理局', kind: 'COUNTY_DEPARTMENT' },
    contestedAct: {
      title: '行政处罚决定书',
      documentNumber: '台市监罚〔2021〕15号',
      category: 'ADMINISTRATIVE_PENALTY',
      managementDomain: 'MARKET_REGULATION',
      madeOn: '2021-02-01',
      knownOn: '2021-02-03',
      amountInvolvedYuan: 5000,
    },
    request: { codes: ['REVOKE'], text: '请求撤销该行政处罚决定。' },
    ...overrides,
  };
}

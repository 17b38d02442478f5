import { sampleRegistration } from '../../bench/sample-registration';
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
    ...sampleRegistration({
      receivedOn: '2021-03-01',
      madeOn: '2021-02-01',
      knownOn: '2021-02-03',
      idNumber: residentId(),
    }),
    ...overrides,
  };
}

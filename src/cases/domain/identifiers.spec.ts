import 'reflect-metadata';
import { IsOptional, validate } from 'class-validator';
import { IsResidentId, IsUnifiedSocialCreditCode } from '../dto/identifier.validators';
import {
  isValidResidentId,
  isValidUnifiedSocialCreditCode,
  residentIdCheckCharacter,
  unifiedSocialCreditCodeCheckCharacter,
} from './identifiers';

/** Small deterministic PRNG (mulberry32) so that the "random" round-trip cases are reproducible. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** Replaces the character at `index`. */
function withCharAt(value: string, index: number, ch: string): string {
  return `${value.slice(0, index)}${ch}${value.slice(index + 1)}`;
}

describe('resident ID (GB 11643)', () => {
  const VALID = '11010519491231002X';

  it('accepts the GB 11643 example 11010519491231002X', () => {
    expect(isValidResidentId(VALID)).toBe(true);
    expect(residentIdCheckCharacter(VALID.slice(0, 17))).toBe('X');
  });

  it('rejects a wrong check character', () => {
    for (const ch of '0123456789') {
      expect(isValidResidentId(withCharAt(VALID, 17, ch))).toBe(false);
    }
  });

  it('rejects a lower-case x check character: clients must normalise to upper case', () => {
    expect(isValidResidentId('11010519491231002x')).toBe(false);
  });

  it('rejects a birth date that is not a calendar date (Feb 30, month 13, day 0, Feb 29 in a common year)', () => {
    for (const birth of ['19490230', '19491301', '19490100', '19490229', '19000229', '19490431']) {
      const first17 = `110105${birth}002`;
      expect(isValidResidentId(`${first17}${residentIdCheckCharacter(first17)}`)).toBe(false);
    }
  });

  it('accepts Feb 29 in a leap year (2000, 1904)', () => {
    for (const birth of ['20000229', '19040229']) {
      const first17 = `110105${birth}002`;
      expect(isValidResidentId(`${first17}${residentIdCheckCharacter(first17)}`)).toBe(true);
    }
  });

  it('rejects birth years outside 1900..2100', () => {
    for (const birth of ['18991231', '21010101']) {
      const first17 = `110105${birth}002`;
      expect(isValidResidentId(`${first17}${residentIdCheckCharacter(first17)}`)).toBe(false);
    }
    for (const birth of ['19000101', '21001231']) {
      const first17 = `110105${birth}002`;
      expect(isValidResidentId(`${first17}${residentIdCheckCharacter(first17)}`)).toBe(true);
    }
  });

  it('rejects wrong lengths, 15-digit legacy numbers, non-digits and surrounding whitespace', () => {
    expect(isValidResidentId('')).toBe(false);
    expect(isValidResidentId(VALID.slice(0, 17))).toBe(false);
    expect(isValidResidentId(`${VALID}0`)).toBe(false);
    expect(isValidResidentId('110105491231002')).toBe(false); // 15-digit legacy format
    expect(isValidResidentId(withCharAt(VALID, 3, 'A'))).toBe(false);
    expect(isValidResidentId(` ${VALID}`)).toBe(false);
    expect(isValidResidentId(`${VALID}\n`)).toBe(false);
    expect(isValidResidentId('１１０１０５１９４９１２３１００２X')).toBe(false); // full-width digits
  });

  it('rejects non-string input at run time', () => {
    expect(isValidResidentId(undefined as unknown as string)).toBe(false);
    expect(isValidResidentId(11010519491231 as unknown as string)).toBe(false);
  });

  it('residentIdCheckCharacter refuses anything but 17 digits', () => {
    expect(() => residentIdCheckCharacter('1101051949123100')).toThrow(RangeError);
    expect(() => residentIdCheckCharacter('11010519491231002X')).toThrow(RangeError);
    expect(() => residentIdCheckCharacter('1101051949123100A')).toThrow(RangeError);
  });

  it('round-trips randomly invented numbers made with residentIdCheckCharacter', () => {
    const random = seededRandom(20210101);
    for (let i = 0; i < 200; i++) {
      const region = pad(110000 + Math.floor(random() * 550000), 6);
      const year = 1900 + Math.floor(random() * 201);
      const month = 1 + Math.floor(random() * 12);
      const day = 1 + Math.floor(random() * 28);
      const sequence = pad(Math.floor(random() * 1000), 3);
      const first17 = `${region}${year}${pad(month, 2)}${pad(day, 2)}${sequence}`;
      const id = `${first17}${residentIdCheckCharacter(first17)}`;
      expect(isValidResidentId(id)).toBe(true);
      // Changing any single digit of the body changes the check character (MOD 11-2 detects single errors).
      const pos = Math.floor(random() * 17);
      const old = Number(id.charAt(pos));
      const mutated = withCharAt(id, pos, String((old + 1 + Math.floor(random() * 9)) % 10));
      expect(isValidResidentId(mutated)).toBe(false);
    }
  });
});

describe('unified social credit code (GB 32100)', () => {
  const VALID = '91350100M000100Y43';

  it('accepts the GB 32100 example 91350100M000100Y43', () => {
    expect(isValidUnifiedSocialCreditCode(VALID)).toBe(true);
    expect(unifiedSocialCreditCodeCheckCharacter(VALID.slice(0, 17))).toBe('3');
  });

  it('rejects every wrong check character', () => {
    for (const ch of '0123456789ABCDEFGHJKLMNPQRTUWXY') {
      if (ch !== '3') {
        expect(isValidUnifiedSocialCreditCode(withCharAt(VALID, 17, ch))).toBe(false);
      }
    }
  });

  it('rejects the letters I, O, S, V and Z, which GB 32100 excludes', () => {
    for (const letter of 'IOSVZ') {
      expect(isValidUnifiedSocialCreditCode(withCharAt(VALID, 8, letter))).toBe(false);
      expect(() => unifiedSocialCreditCodeCheckCharacter(withCharAt(VALID.slice(0, 17), 8, letter))).toThrow(
        RangeError,
      );
    }
  });

  it('rejects lower case, wrong lengths and whitespace', () => {
    expect(isValidUnifiedSocialCreditCode(VALID.toLowerCase())).toBe(false);
    expect(isValidUnifiedSocialCreditCode(VALID.slice(0, 17))).toBe(false);
    expect(isValidUnifiedSocialCreditCode(`${VALID}3`)).toBe(false);
    expect(isValidUnifiedSocialCreditCode(` ${VALID}`)).toBe(false);
    expect(isValidUnifiedSocialCreditCode('')).toBe(false);
    expect(isValidUnifiedSocialCreditCode(null as unknown as string)).toBe(false);
  });

  it('round-trips randomly invented codes made with unifiedSocialCreditCodeCheckCharacter', () => {
    const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
    const random = seededRandom(2023);
    for (let i = 0; i < 200; i++) {
      let first17 = '';
      for (let j = 0; j < 17; j++) {
        first17 += alphabet.charAt(Math.floor(random() * alphabet.length));
      }
      const code = `${first17}${unifiedSocialCreditCodeCheckCharacter(first17)}`;
      expect(isValidUnifiedSocialCreditCode(code)).toBe(true);
      const pos = Math.floor(random() * 17);
      const old = alphabet.indexOf(code.charAt(pos));
      const replacement = alphabet.charAt((old + 1 + Math.floor(random() * 30)) % 31);
      expect(isValidUnifiedSocialCreditCode(withCharAt(code, pos, replacement))).toBe(false);
    }
  });
});

describe('class-validator decorators IsResidentId / IsUnifiedSocialCreditCode', () => {
  class ApplicantDto {
    @IsOptional()
    @IsResidentId()
    idNumber?: unknown;

    @IsOptional()
    @IsUnifiedSocialCreditCode()
    creditCode?: unknown;
  }

  function make(values: Partial<ApplicantDto>): ApplicantDto {
    return Object.assign(new ApplicantDto(), values);
  }

  it('passes valid identifiers', async () => {
    const errors = await validate(make({ idNumber: '11010519491231002X', creditCode: '91350100M000100Y43' }));
    expect(errors).toEqual([]);
  });

  it('reports stable constraint names with messages that say what is wrong', async () => {
    const errors = await validate(make({ idNumber: '110105491231002', creditCode: '91350100M000100Y4S' }));
    const byProperty = Object.fromEntries(errors.map((e) => [e.property, e.constraints ?? {}]));
    expect(Object.keys(byProperty['idNumber'] ?? {})).toEqual(['isResidentId']);
    expect(byProperty['idNumber']?.['isResidentId']).toMatch(
      /^idNumber must be an 18-character resident ID number \(GB 11643\) with a valid birth date and check character/,
    );
    expect(Object.keys(byProperty['creditCode'] ?? {})).toEqual(['isUnifiedSocialCreditCode']);
    expect(byProperty['creditCode']?.['isUnifiedSocialCreditCode']).toMatch(
      /^creditCode must be an 18-character unified social credit code \(GB 32100\)/,
    );
  });

  it('rejects non-string values and lower-case x', async () => {
    const errors = await validate(make({ idNumber: '11010519491231002x', creditCode: 12345 }));
    expect(errors.map((e) => e.property).sort()).toEqual(['creditCode', 'idNumber']);
  });

  it('accepts a custom message through validationOptions', async () => {
    class WithMessage {
      @IsResidentId({ message: '身份证号码无效' })
      idNumber!: string;
    }
    const dto = Object.assign(new WithMessage(), { idNumber: '123' });
    const [error] = await validate(dto);
    expect(error?.constraints).toEqual({ isResidentId: '身份证号码无效' });
  });
});

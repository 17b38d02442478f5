/**
 * Validation of the two national identifiers a case records for its parties (DOMAIN.md §3):
 * the resident identity card number of a natural person (GB 11643-1999) and the unified social credit code of
 * a legal person or other organisation (GB 32100-2015).
 *
 * These are pure functions with no I/O so that DTO validators, import scripts and test-data factories share one
 * implementation. The functions never normalise their input: callers (clients, importers) must trim and upper-case
 * first, so that what is stored is exactly what was checked.
 */

// ---------------------------------------------------------------------------------------------------------------
// Resident ID (公民身份号码, GB 11643-1999)
// ---------------------------------------------------------------------------------------------------------------

/** ISO 7064 MOD 11-2 weights for positions 1–17 (2^(18−i) mod 11). */
const RESIDENT_ID_WEIGHTS: readonly number[] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/** Check character indexed by (Σ digit × weight) mod 11. */
const RESIDENT_ID_CHECK_CHARACTERS = '10X98765432';

/**
 * 17 digits + a digit or an upper-case X. Lower-case 'x' is deliberately rejected: clients must normalise to upper
 * case, so that the stored value, uniqueness checks and masking all see one spelling.
 * 15-digit legacy numbers (pre-1999 cards) are rejected too: class-validator's IsIdentityCard('zh-CN') would accept
 * them, which is why this module exists.
 */
const RESIDENT_ID_PATTERN = /^\d{17}[\dX]$/;
const SEVENTEEN_DIGITS = /^\d{17}$/;

/** Earliest and latest birth years accepted; a sanity bound, not a rule from the standard. */
const MIN_BIRTH_YEAR = 1900;
const MAX_BIRTH_YEAR = 2100;

/**
 * The ISO 7064 MOD 11-2 check character for the first 17 digits of a resident ID.
 * @throws RangeError when `first17` is not exactly 17 ASCII digits.
 */
export function residentIdCheckCharacter(first17: string): string {
  if (!SEVENTEEN_DIGITS.test(first17)) {
    throw new RangeError('first17 must be exactly 17 digits');
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    sum += Number(first17.charAt(i)) * (RESIDENT_ID_WEIGHTS[i] ?? 0);
  }
  return RESIDENT_ID_CHECK_CHARACTERS.charAt(sum % 11);
}

/** True when `yyyymmdd` is a real calendar date with the year in [MIN_BIRTH_YEAR, MAX_BIRTH_YEAR]. */
function isValidBirthDate(yyyymmdd: string): boolean {
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  if (year < MIN_BIRTH_YEAR || year > MAX_BIRTH_YEAR || month < 1 || month > 12 || day < 1) {
    return false;
  }
  // Day 0 of the next month is the last day of this month; UTC avoids any time-zone or DST effect.
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth;
}

/**
 * True for an 18-character resident ID number (GB 11643) whose birth date (characters 7–14, YYYYMMDD) is a real
 * calendar date between 1900 and 2100 and whose check character is correct.
 *
 * A birth date in the future is not rejected: the bound is a sanity check, and "today" has no place in a pure
 * validator. The six-digit administrative division code is not checked against GB/T 2260, because codes are
 * retired over time and old numbers remain valid.
 */
export function isValidResidentId(value: string): boolean {
  if (typeof value !== 'string' || !RESIDENT_ID_PATTERN.test(value)) {
    return false;
  }
  if (!isValidBirthDate(value.slice(6, 14))) {
    return false;
  }
  return residentIdCheckCharacter(value.slice(0, 17)) === value.charAt(17);
}

// ---------------------------------------------------------------------------------------------------------------
// Unified social credit code (统一社会信用代码, GB 32100-2015)
// ---------------------------------------------------------------------------------------------------------------

/** The 31 characters of GB 32100: digits and upper-case letters without I, O, S, V, Z. */
const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** Weights 3^(i−1) mod 31 for positions 1–17. */
const USCC_WEIGHTS: readonly number[] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

const USCC_PATTERN = /^[0-9A-HJ-NPQRTUWXY]{18}$/;
const USCC_FIRST17_PATTERN = /^[0-9A-HJ-NPQRTUWXY]{17}$/;

/**
 * The GB 32100 check character for the first 17 characters of a unified social credit code:
 * (31 − Σ value × weight mod 31) mod 31, mapped back to the alphabet.
 * @throws RangeError when `first17` is not 17 characters from the GB 32100 alphabet.
 */
export function unifiedSocialCreditCodeCheckCharacter(first17: string): string {
  if (!USCC_FIRST17_PATTERN.test(first17)) {
    throw new RangeError(`first17 must be exactly 17 characters from ${USCC_ALPHABET}`);
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    sum += USCC_ALPHABET.indexOf(first17.charAt(i)) * (USCC_WEIGHTS[i] ?? 0);
  }
  return USCC_ALPHABET.charAt((31 - (sum % 31)) % 31);
}

/**
 * True for an 18-character unified social credit code (GB 32100) over the GB 32100 alphabet with a correct check
 * character. Lower-case letters are rejected (clients must normalise). The registration-authority and
 * organisation-category codes (characters 1–2) are not checked against their tables, which change over time.
 */
export function isValidUnifiedSocialCreditCode(value: string): boolean {
  if (typeof value !== 'string' || !USCC_PATTERN.test(value)) {
    return false;
  }
  return unifiedSocialCreditCodeCheckCharacter(value.slice(0, 17)) === value.charAt(17);
}

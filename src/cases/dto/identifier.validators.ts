import { registerDecorator, type ValidationOptions } from 'class-validator';
import { isValidResidentId, isValidUnifiedSocialCreditCode } from '../domain/identifiers';

/**
 * class-validator decorators for the national identifiers of DOMAIN.md §3. The constraint names are part of the
 * API contract: the error layer turns them into error codes (isResidentId → IS_RESIDENT_ID), so do not rename them.
 */
export const IS_RESIDENT_ID = 'isResidentId';
export const IS_UNIFIED_SOCIAL_CREDIT_CODE = 'isUnifiedSocialCreditCode';

/**
 * An 18-character resident ID number (GB 11643) with a real birth date and a correct ISO 7064 MOD 11-2 check
 * character. Stricter than `IsIdentityCard('zh-CN')`, which also accepts 15-digit legacy numbers.
 * Upper-case X only: the value is not normalised here.
 */
export function IsResidentId(validationOptions?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol): void => {
    registerDecorator({
      name: IS_RESIDENT_ID,
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message:
          '$property must be an 18-character resident ID number (GB 11643) with a valid birth date and check character' +
          ' (upper-case X; 15-digit numbers are not accepted)',
        ...validationOptions,
      },
      validator: {
        validate(value: unknown): boolean {
          return typeof value === 'string' && isValidResidentId(value);
        },
      },
    });
  };
}

/**
 * An 18-character unified social credit code (GB 32100) over `0-9 A-H J-N P-R T U W-Y` (no I, O, S, V, Z) with a
 * correct check character. Upper case only: the value is not normalised here.
 */
export function IsUnifiedSocialCreditCode(validationOptions?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol): void => {
    registerDecorator({
      name: IS_UNIFIED_SOCIAL_CREDIT_CODE,
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message:
          '$property must be an 18-character unified social credit code (GB 32100) of digits and upper-case letters' +
          ' other than I, O, S, V and Z, with a valid check character',
        ...validationOptions,
      },
      validator: {
        validate(value: unknown): boolean {
          return typeof value === 'string' && isValidUnifiedSocialCreditCode(value);
        },
      },
    });
  };
}

import { AUTH_ERRORS } from '../../auth/auth.errors';
import { CASE_ERRORS } from '../../cases/case.errors';
import { HEALTH_ERRORS } from '../../health/health.errors';
import { PERSONAL_DATA_ERRORS } from '../../personal-data/personal-data.errors';
import { COMMON_ERRORS, ErrorCatalog } from './error-catalog';

/** Every module's codes, merged. Add a module's `*_ERRORS` here when it gets its own. */
export const ERROR_CATALOG = {
  ...COMMON_ERRORS,
  ...AUTH_ERRORS,
  ...CASE_ERRORS,
  ...HEALTH_ERRORS,
  ...PERSONAL_DATA_ERRORS,
} as const satisfies ErrorCatalog<string>;

export type ErrorCode = keyof typeof ERROR_CATALOG;

export function isErrorCode(value: string): value is ErrorCode {
  return Object.prototype.hasOwnProperty.call(ERROR_CATALOG, value);
}

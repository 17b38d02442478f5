import { AUTH_ERRORS } from './auth/auth.errors';
import { CASE_ERRORS } from './cases/case.errors';
import { CODE_LIST_ERRORS } from './code-lists/code-list.errors';
import { registerErrorCatalog } from './common/errors/error-codes';
import { HEALTH_ERRORS } from './health/health.errors';
import { IMPORT_ERRORS } from './imports/imports.errors';
import { PERSONAL_DATA_ERRORS } from './personal-data/personal-data.errors';
import { WEBHOOK_ERRORS } from './webhooks/webhook.errors';

/**
 * One error vocabulary, merged at app level: each module owns its `*_ERRORS`; this file adds them to the runtime
 * catalog and to the `ErrorCode` type. Imported by the app module, the command-line tools and the test setup.
 * Add a module's catalog here when it gets its own.
 */
export const MODULE_ERROR_CATALOGS = [
  AUTH_ERRORS,
  CASE_ERRORS,
  CODE_LIST_ERRORS,
  HEALTH_ERRORS,
  IMPORT_ERRORS,
  PERSONAL_DATA_ERRORS,
  WEBHOOK_ERRORS,
] as const;

for (const catalog of MODULE_ERROR_CATALOGS) {
  registerErrorCatalog(catalog);
}

/** The union of every catalog's keys (keyof a union would be only the keys they share). */
type KeysOf<T> = T extends unknown ? keyof T : never;
type ModuleErrorCode = KeysOf<(typeof MODULE_ERROR_CATALOGS)[number]>;

declare module './common/errors/error-codes' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging adds the modules' codes
  interface ErrorCodes extends Record<ModuleErrorCode, true> {}
}

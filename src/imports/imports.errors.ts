import { ErrorCatalog } from '../common/errors/error-catalog';

/** Ledger imports (issue 12). Row-level problems are not errors: they are listed in the job (LEDGER_PROBLEM_CODES). */
export const IMPORT_ERRORS = {
  IMPORT_NOT_FOUND: { status: 404, title: 'No such ledger import', labelZh: '导入任务不存在' },
  IMPORT_NOT_READY: {
    status: 409,
    title: 'The import is not validated yet, or is already being committed or committed',
    labelZh: '导入任务尚未完成校验，或已在提交、已提交',
  },
  IMPORT_HAS_INVALID_ROWS: {
    status: 409,
    title: 'The import has invalid rows: correct the ledger, or commit with skipInvalid=true',
    labelZh: '导入文件有不合格的行：请更正台账，或选择跳过不合格的行',
  },
  LEDGER_MAPPING_INVALID: { status: 422, title: 'The ledger column mapping is invalid', labelZh: '台账列映射无效' },
} as const satisfies ErrorCatalog<string>;

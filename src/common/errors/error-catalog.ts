/**
 * One error vocabulary for the whole API.
 *
 * Each module owns its codes in a `*_ERRORS` object (see src/auth/auth.errors.ts, src/cases/case.errors.ts …); they
 * are merged at app level (src/error-catalog.ts), so common/ imports no feature. Each catalog `satisfies
 * ErrorCatalog`, so a code without an HTTP status, English title and zh-CN label does not compile: the same guarantee
 * as an exhaustive switch, in a form a reader can scan.
 * Codes are part of the public contract: never rename one, add a new one instead.
 */
export interface ErrorDefinition {
  status: number;
  title: string;
  labelZh: string;
}

export type ErrorCatalog<K extends string> = Record<K, ErrorDefinition>;

export const COMMON_ERRORS = {
  VALIDATION_FAILED: { status: 400, title: 'The request is invalid', labelZh: '请求参数不合法' },
  MALFORMED_JSON: { status: 400, title: 'The request body is not valid JSON', labelZh: '请求体不是合法的JSON' },
  BAD_REQUEST: { status: 400, title: 'Bad request', labelZh: '请求错误' },
  NUL_CHARACTER: {
    status: 400,
    title: 'Text may not contain the NUL character (U+0000)',
    labelZh: '文本不得包含空字符（U+0000）',
  },
  INVALID_UNICODE: {
    status: 400,
    title: 'Text may not contain a lone UTF-16 surrogate (invalid Unicode)',
    labelZh: '文本包含无效的Unicode字符',
  },
  JSON_TOO_DEEP: {
    status: 400,
    title: 'The JSON body is nested deeper than the configured limit (JSON_MAX_DEPTH)',
    labelZh: '请求体JSON嵌套层数过多',
  },
  MALFORMED_URL: {
    status: 400,
    title: 'The URL is malformed (bad percent-encoding, a control character, or bytes that are not UTF-8)',
    labelZh: '请求地址格式错误',
  },
  MALFORMED_REQUEST: {
    status: 400,
    title: 'The HTTP request is malformed (framing, headers or Content-Length)',
    labelZh: 'HTTP请求格式错误',
  },
  UNAUTHENTICATED: { status: 401, title: 'Authentication required', labelZh: '需要身份认证' },
  API_KEY_INVALID: { status: 401, title: 'The API key is not valid', labelZh: 'API密钥无效' },
  API_KEY_EXPIRED: { status: 401, title: 'The API key has expired', labelZh: 'API密钥已过期' },
  FORBIDDEN: { status: 403, title: 'Not allowed for this key', labelZh: '无权执行此操作' },
  ROUTE_NOT_FOUND: { status: 404, title: 'No such route', labelZh: '接口不存在' },
  NOT_FOUND: { status: 404, title: 'Not found', labelZh: '资源不存在' },
  CONFLICT: { status: 409, title: 'Conflict', labelZh: '操作冲突' },
  PRECONDITION_FAILED: {
    status: 412,
    title: 'The resource has changed since it was read (stale If-Match)',
    labelZh: '数据已被他人修改，请刷新后重试',
  },
  REQUEST_TIMEOUT: { status: 408, title: 'The request was not received in time', labelZh: '请求超时' },
  PAYLOAD_TOO_LARGE: { status: 413, title: 'The request body is too large', labelZh: '请求体过大' },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    title: 'Unsupported content type; send application/json',
    labelZh: '不支持的内容类型',
  },
  URI_TOO_LONG: { status: 414, title: 'The URL or one of its path segments is too long', labelZh: '请求地址过长' },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    title: 'The Idempotency-Key was already used with a different request',
    labelZh: '幂等键已用于不同的请求',
  },
  UNPROCESSABLE: { status: 422, title: 'The request breaks a domain rule', labelZh: '请求违反业务规则' },
  IF_MATCH_REQUIRED: {
    status: 428,
    title: 'If-Match is required for changes',
    labelZh: '修改操作必须携带If-Match请求头',
  },
  CALENDAR_MISSING: {
    status: 404,
    title: 'No working-day calendar is loaded for that year',
    labelZh: '该年度节假日安排尚未录入',
  },
  CALENDAR_DATA_INVALID: { status: 422, title: 'The calendar data is inconsistent', labelZh: '节假日数据有误' },
  REPORT_TEMPLATE_INVALID: { status: 422, title: 'The report template is invalid', labelZh: '报告模板无效' },
  REPORT_NOT_FOUND: { status: 404, title: 'No such frozen report', labelZh: '统计报告不存在' },
  BASELINE_NOT_FOUND: { status: 404, title: 'No such statistics baseline', labelZh: '同比基数不存在' },
  EXPORT_TOO_LARGE: {
    status: 422,
    title: 'The export has more rows than one spreadsheet sheet may hold here',
    labelZh: '导出行数超过电子表格上限',
  },
  RATE_LIMITED: { status: 429, title: 'Too many requests', labelZh: '请求过于频繁' },
  HEADERS_TOO_LARGE: {
    status: 431,
    title: 'The request headers are too large',
    labelZh: '请求头过大',
  },
  INTERNAL_ERROR: { status: 500, title: 'Internal server error', labelZh: '服务器内部错误' },
  NOT_READY: { status: 503, title: 'The service is not ready', labelZh: '服务暂不可用' },
  // A lock wait or a statement ran past DB_LOCK_TIMEOUT_MS / DB_STATEMENT_TIMEOUT_MS: retry after Retry-After.
  DATABASE_BUSY: {
    status: 503,
    title: 'The database is busy (a lock wait or a statement timed out); retry shortly',
    labelZh: '数据库繁忙，请稍后重试',
  },
} as const satisfies ErrorCatalog<string>;

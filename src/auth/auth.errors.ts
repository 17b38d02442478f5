import { ErrorCatalog } from '../common/errors/error-catalog';

export const AUTH_ERRORS = {
  API_KEY_NOT_FOUND: { status: 404, title: 'No such API key', labelZh: 'API密钥不存在' },
  API_KEY_NAME_TAKEN: { status: 409, title: 'An active API key already has this name', labelZh: 'API密钥名称已存在' },
  // Officers' sign-on (OIDC). Each failed check of a token has its own code, so that an officer or the identity
  // provider's administrator can tell which check failed without the service echoing the token (issue 13, Bad input).
  OIDC_NOT_CONFIGURED: {
    status: 401,
    title: 'A sign-on token was sent but officers’ sign-on (OIDC) is not configured',
    labelZh: '未配置统一身份认证，无法使用登录令牌',
  },
  TOKEN_MALFORMED: { status: 401, title: 'The token is not a well-formed JWT', labelZh: '登录令牌格式错误' },
  TOKEN_ALGORITHM_NOT_ALLOWED: {
    status: 401,
    title: 'The token’s signature algorithm is not allowed',
    labelZh: '登录令牌签名算法不被接受',
  },
  TOKEN_KEY_UNKNOWN: {
    status: 401,
    title: 'The token was signed with a key the identity provider does not publish',
    labelZh: '登录令牌的签名密钥未知或已撤销',
  },
  TOKEN_SIGNATURE_INVALID: { status: 401, title: 'The token’s signature is invalid', labelZh: '登录令牌签名无效' },
  TOKEN_EXPIRED: { status: 401, title: 'The token has expired', labelZh: '登录令牌已过期' },
  TOKEN_NOT_YET_VALID: { status: 401, title: 'The token is not valid yet', labelZh: '登录令牌尚未生效' },
  TOKEN_ISSUER_INVALID: {
    status: 401,
    title: 'The token was not issued by the configured identity provider',
    labelZh: '登录令牌签发方不符',
  },
  TOKEN_AUDIENCE_INVALID: {
    status: 401,
    title: 'The token is not meant for this service',
    labelZh: '登录令牌受众不符',
  },
  TOKEN_CLAIMS_INVALID: {
    status: 401,
    title: 'A claim the service needs is missing or has the wrong form',
    labelZh: '登录令牌声明缺失或格式错误',
  },
  // 403, not 401: the token is genuine and the officer is known, but the identity provider grants no role here.
  TOKEN_NO_ROLE: {
    status: 403,
    title: 'The token grants no role known to this service',
    labelZh: '登录令牌未授予本系统的任何角色',
  },
  IDENTITY_PROVIDER_UNAVAILABLE: {
    status: 503,
    title: 'The identity provider’s signing keys cannot be fetched',
    labelZh: '统一身份认证服务暂不可用',
  },
  ORGAN_REQUIRED: {
    status: 422,
    title: 'Name the organ: this key is limited to several organs',
    labelZh: '请指定复议机关',
  },
} as const satisfies ErrorCatalog<string>;

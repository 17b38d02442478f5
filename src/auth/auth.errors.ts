import { ErrorCatalog } from '../common/errors/error-catalog';

export const AUTH_ERRORS = {
  API_KEY_NOT_FOUND: { status: 404, title: 'No such API key', labelZh: 'API密钥不存在' },
  API_KEY_NAME_TAKEN: { status: 409, title: 'An active API key already has this name', labelZh: 'API密钥名称已存在' },
  ORGAN_REQUIRED: {
    status: 422,
    title: 'Name the organ: this key is limited to several organs',
    labelZh: '请指定复议机关',
  },
} as const satisfies ErrorCatalog<string>;

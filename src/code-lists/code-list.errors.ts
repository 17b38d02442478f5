import { ErrorCatalog } from '../common/errors/error-catalog';

/** Issue 11 pt 9: the deployment's codes of RESPONDENT_KINDS, ACT_CATEGORIES and MANAGEMENT_DOMAINS. */
export const CODE_LIST_ERRORS = {
  CODE_LIST_CODE_NOT_FOUND: {
    status: 404,
    title: 'The code list has no such code (neither built in nor added by this deployment)',
    labelZh: '代码表中没有该代码',
  },
  CODE_LIST_CODE_BUILT_IN: {
    status: 409,
    title:
      'The code is built in: its label is the release’s and it cannot be deleted; only `active` can be set (false retires it)',
    labelZh: '该代码为内置代码：标签不可修改、不可删除，只能停用或启用',
  },
  CODE_LIST_CODE_IN_USE: {
    status: 409,
    title: 'Cases use this code: it cannot be deleted, and a built-in code cannot be retired, while they do',
    labelZh: '已有案件使用该代码，不能删除或停用',
  },
  CODE_LIST_LABEL_TAKEN: {
    status: 409,
    title: 'Another code of the list has this label',
    labelZh: '该代码表中已有相同标签的代码',
  },
} as const satisfies ErrorCatalog<string>;

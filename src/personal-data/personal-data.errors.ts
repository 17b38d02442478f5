import { ErrorCatalog } from '../common/errors/error-catalog';

export const PERSONAL_DATA_ERRORS = {
  REFERENCE_IN_INPUT: {
    status: 400,
    title: 'The request holds a personal-data reference (pd:…), which only the service writes',
    labelZh: '请求中不得包含个人信息引用',
  },
  REASON_HOLDS_PERSONAL_DATA: {
    status: 422,
    title: 'The reason holds an ID number or a phone number; state it without the value',
    labelZh: '理由中不得包含身份证号码或电话号码',
  },
  VALUE_ERASED: {
    status: 409,
    title: 'The personal value has been erased and cannot be rectified',
    labelZh: '该个人信息已删除，不能更正',
  },
} as const satisfies ErrorCatalog<string>;

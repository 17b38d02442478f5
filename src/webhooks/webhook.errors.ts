import { ErrorCatalog } from '../common/errors/error-catalog';

export const WEBHOOK_ERRORS = {
  WEBHOOK_NOT_FOUND: {
    status: 404,
    title: 'No such webhook subscription',
    labelZh: '推送订阅不存在',
  },
  WEBHOOK_DELIVERY_NOT_FOUND: {
    status: 404,
    title: 'No such delivery of this webhook subscription',
    labelZh: '推送记录不存在',
  },
  WEBHOOK_TARGET_REFUSED: {
    status: 422,
    title:
      'The webhook URL is refused: it must be http(s) without credentials, and must not resolve to a loopback, private, link-local or otherwise reserved address',
    labelZh: '推送地址不可用：须为 http(s) 地址，且不得指向本机、内网或保留地址',
  },
  WEBHOOK_REDELIVERY_EMPTY: {
    status: 422,
    title:
      'The redelivery names no event of this subscription (unknown event, or none in the range matches its filter)',
    labelZh: '重新推送的范围内没有该订阅的事件',
  },
  WEBHOOK_REDELIVERY_TOO_LARGE: {
    status: 422,
    title: 'The redelivery range holds more events than one request may redeliver; split it',
    labelZh: '重新推送的事件过多，请分批请求',
  },
} as const satisfies ErrorCatalog<string>;

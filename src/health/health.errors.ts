import { ErrorCatalog } from '../common/errors/error-catalog';

export const HEALTH_ERRORS = {
  // /health/live: the process has given up on something it cannot mend (issue 14 §5) and is about to exit.
  NOT_LIVE: {
    status: 503,
    title: 'The service is failing and is about to exit for its supervisor to restart it',
    labelZh: '服务故障，即将退出并由守护进程重启',
  },
} as const satisfies ErrorCatalog<string>;

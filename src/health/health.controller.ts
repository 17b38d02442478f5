import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { NotRateLimited, Public } from '../auth/access.decorator';
import { ApiOperationWithProblems } from '../common/http/api-operation.decorator';

/** Probes for orchestrators: no key needed, outside the /v1 prefix. */
@ApiTags('health')
@Controller('health')
@Public()
@NotRateLimited()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
  ) {}

  @Get('live')
  @ApiOperationWithProblems({ operationId: 'getLiveness', summary: 'The process is up', problems: [] })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck()
  @ApiOperationWithProblems({
    operationId: 'getReadiness',
    summary: 'The service can reach its database',
    problems: [503],
  })
  ready(): Promise<HealthCheckResult> {
    return this.health.check([() => this.db.pingCheck('database', { timeout: 2000 })]);
  }
}

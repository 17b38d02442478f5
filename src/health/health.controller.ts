import { Controller, Get, Inject } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { NotRateLimited, Public } from '../auth/access.decorator';
import { ProblemException } from '../common/errors/problem.exception';
import { ApiOperationWithProblems } from '../common/http/api-operation.decorator';
import { LIVENESS_CHECK, LivenessCheck } from './liveness';

class LivenessView {
  @ApiProperty({ enum: ['ok'] })
  status: 'ok';
}

class IndicatorStatusView {
  @ApiProperty({ example: 'up' })
  status: string;
}

/** Terminus' HealthCheckResult, as the readiness probe answers it when the database answers. */
class ReadinessView {
  @ApiProperty({ enum: ['ok'] })
  status: 'ok';
  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: getSchemaPath(IndicatorStatusView) },
    example: { database: { status: 'up' } },
  })
  info: Record<string, IndicatorStatusView>;
  @ApiProperty({ type: 'object', additionalProperties: { $ref: getSchemaPath(IndicatorStatusView) }, example: {} })
  error: Record<string, IndicatorStatusView>;
  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: getSchemaPath(IndicatorStatusView) },
    example: { database: { status: 'up' } },
  })
  details: Record<string, IndicatorStatusView>;
}

/** Probes for orchestrators: no key needed, outside the /v1 prefix. */
@ApiTags('health')
@Controller('health')
@Public()
@NotRateLimited()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    @Inject(LIVENESS_CHECK) private readonly liveness: LivenessCheck,
  ) {}

  /**
   * 200 while the process can serve, even while its embedded database restarts (that is /health/ready's 503);
   * 503 NOT_LIVE once it has given up on it (issue 14 §5) and is about to exit for its supervisor to restart it.
   */
  @Get('live')
  @ApiOperationWithProblems({
    operationId: 'getLiveness',
    summary: 'The process is up (503 once it has given up on its embedded database)',
    type: LivenessView,
    problems: [503],
    rateLimited: false,
  })
  live(): { status: 'ok' } {
    const failure = this.liveness();
    if (failure !== undefined) {
      throw new ProblemException('NOT_LIVE', failure);
    }
    return { status: 'ok' };
  }

  @Get('ready')
  // Terminus' own OpenAPI responses are off: its 503 is served as problem+json (ProblemFilter), documented below.
  @HealthCheck({ swaggerDocumentation: false })
  @ApiExtraModels(IndicatorStatusView)
  @ApiOperationWithProblems({
    operationId: 'getReadiness',
    summary: 'The service can reach its database',
    type: ReadinessView,
    problems: [503],
    rateLimited: false,
  })
  ready(): Promise<HealthCheckResult> {
    return this.health.check([() => this.db.pingCheck('database', { timeout: 2000 })]);
  }
}

import { applyDecorators, Type } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiResponse,
  getSchemaPath,
} from '@nestjs/swagger';

export class FieldProblemSchema {
  @ApiProperty({ example: 'applicants[0].idNumber' })
  path: string;
  @ApiProperty({ example: 'IS_RESIDENT_ID' })
  code: string;
  @ApiProperty()
  message: string;
}

/** RFC 9457 problem document, as every error of this API is served (content type application/problem+json). */
export class ProblemSchema {
  @ApiProperty({ example: 'urn:reconsideration:problem:VALIDATION_FAILED' })
  type: string;
  @ApiProperty({ example: 'The request is invalid' })
  title: string;
  @ApiProperty({ example: 400 })
  status: number;
  @ApiProperty()
  detail: string;
  @ApiProperty({
    description: 'Stable UPPER_SNAKE code; zh-CN labels in GET /v1/code-lists (ERROR_CODES).',
    example: 'VALIDATION_FAILED',
  })
  code: string;
  @ApiPropertyOptional()
  instance?: string;
  @ApiProperty({ description: 'Echoes X-Request-Id; quote it when reporting a problem.' })
  requestId: string;
  @ApiPropertyOptional({ type: [FieldProblemSchema] })
  errors?: FieldProblemSchema[];
}

const PROBLEM_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input (validation, malformed JSON, unknown field)',
  401: 'Missing, unknown, revoked or expired API key',
  403: 'The key’s roles or scopes do not allow this',
  404: 'Not found',
  409: 'Conflict: illegal transition or duplicate',
  412: 'Stale If-Match: the resource changed since it was read',
  413: 'Request body too large',
  415: 'Unsupported content type',
  422: 'A domain rule refuses the request',
  428: 'If-Match header required',
  429: 'Rate limit exceeded',
  503: 'Not ready',
};

export interface OperationSpec {
  operationId: string;
  summary: string;
  description?: string;
  status?: number;
  type?: Type<unknown> | [Type<unknown>];
  /** Expected problem statuses; 500 and 429 are added to every operation. */
  problems: number[];
  /** Extra success content types, e.g. text/csv. */
  produces?: string[];
}

/** Operation id, summary, success schema and every problem response, in one decorator per route. */
export function ApiOperationWithProblems(spec: OperationSpec): MethodDecorator {
  const statuses = [...new Set([...spec.problems, 429, 500])].sort((a, b) => a - b);
  return applyDecorators(
    ApiOperation({
      operationId: spec.operationId,
      summary: spec.summary,
      ...(spec.description ? { description: spec.description } : {}),
    }),
    ApiExtraModels(ProblemSchema, FieldProblemSchema),
    ApiResponse({ status: spec.status ?? 200, description: 'Success', ...(spec.type ? { type: spec.type } : {}) }),
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: PROBLEM_DESCRIPTIONS[status] ?? 'Unexpected error',
        content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemSchema) } } },
      }),
    ),
  );
}

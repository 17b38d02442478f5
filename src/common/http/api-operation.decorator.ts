import { applyDecorators, Type } from '@nestjs/common';
import {
  ApiExtension,
  ApiExtraModels,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import type { ReferenceObject, SchemaObject } from '@nestjs/swagger';
import { headerRefs, ResponseHeaderName } from './response-headers';

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

export const PROBLEM_DESCRIPTIONS: Record<number, string> = {
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
  503: 'Temporarily unavailable (the database unreachable or busy, or the identity provider down): retry after Retry-After',
};

export interface OperationSpec {
  operationId: string;
  summary: string;
  description?: string;
  status?: number;
  /** The JSON success body, as a class (or `[Class]` for an array). */
  type?: Type<unknown> | [Type<unknown>];
  /** The JSON success body as a schema, where no class fits (e.g. a map keyed by code-list name). */
  schema?: SchemaObject;
  /** Other media types of the success body and their schemas (text/csv, XLSX, text/plain …). */
  media?: Record<string, SchemaObject>;
  /** Headers the success response carries (X-Request-Id and the RateLimit fields are added to every response). */
  headers?: ResponseHeaderName[];
  /**
   * Expected problem statuses. 500 and 503 (the database or the identity provider unavailable) are added to every
   * operation, 429 unless `rateLimited` is false, and 413 and 415 to every operation with a body (openapi-document.ts).
   */
  problems: number[];
  /** False for the routes the rate limiter never counts (the health probes): no 429 then. */
  rateLimited?: boolean;
}

/** A success body that is a file: CSV text. */
export const CSV_BODY: SchemaObject = {
  type: 'string',
  description: 'UTF-8 CSV with a byte-order mark and zh-CN headers.',
};
/** A success body that is a file: an Office Open XML workbook, as bytes. */
export const XLSX_BODY: SchemaObject = { type: 'string', format: 'binary', description: 'An XLSX workbook.' };

function jsonSchemaOf(spec: OperationSpec): SchemaObject | ReferenceObject | undefined {
  if (spec.schema) {
    return spec.schema;
  }
  if (Array.isArray(spec.type)) {
    return { type: 'array', items: { $ref: getSchemaPath(spec.type[0]) } };
  }
  return spec.type ? { $ref: getSchemaPath(spec.type) } : undefined;
}

/** Operation id, summary, success schema and headers, and every problem response, in one decorator per route. */
export function ApiOperationWithProblems(spec: OperationSpec): MethodDecorator {
  const statuses = [...new Set([...spec.problems, ...(spec.rateLimited === false ? [] : [429]), 500, 503])].sort(
    (a, b) => a - b,
  );
  const json = jsonSchemaOf(spec);
  const content = {
    ...(json ? { 'application/json': { schema: json } } : {}),
    ...Object.fromEntries(Object.entries(spec.media ?? {}).map(([type, schema]) => [type, { schema }])),
  };
  const models = Array.isArray(spec.type) ? spec.type : spec.type ? [spec.type] : [];
  return applyDecorators(
    ApiOperation({
      operationId: spec.operationId,
      summary: spec.summary,
      ...(spec.description ? { description: spec.description } : {}),
    }),
    ApiExtraModels(ProblemSchema, FieldProblemSchema, ...models),
    ApiResponse({
      status: spec.status ?? 200,
      description: 'Success',
      ...(Object.keys(content).length ? { content } : {}),
      ...(spec.headers?.length ? { headers: headerRefs(spec.headers) } : {}),
    }),
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: PROBLEM_DESCRIPTIONS[status] ?? 'Unexpected error',
        content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemSchema) } } },
      }),
    ),
  );
}

/** One variant of an operation whose path parameter takes a fixed set of values, each with its own body. */
export interface PathVariant {
  /** The parameter's value, which becomes a literal path segment: `/v1/cases/{id}/actions/DECIDE`. */
  value: string;
  operationId: string;
  summary: string;
  description?: string;
  /** The request body of this variant. */
  body: Type<unknown>;
}

export const PATH_VARIANTS_EXTENSION = 'x-path-variants';

export interface PathVariantsExtension {
  parameter: string;
  variants: Array<Omit<PathVariant, 'body'> & { body: string }>;
}

/**
 * Documents one handler as one operation per value of a path parameter, each with its own operationId and request
 * body, so that a generated client types the body by the path: `POST /v1/cases/{id}/actions/DECIDE` takes a
 * DecidePayload and nothing else. The route stays one handler; expandPathVariants (openapi-document.ts) rewrites the
 * document.
 */
export function ApiPathVariants(parameter: string, variants: readonly PathVariant[]): MethodDecorator {
  const extension: PathVariantsExtension = {
    parameter,
    variants: variants.map((v) => ({ ...v, body: getSchemaPath(v.body) })),
  };
  return applyDecorators(
    ApiExtraModels(...variants.map((v) => v.body)),
    ApiExtension(PATH_VARIANTS_EXTENSION, extension),
  );
}

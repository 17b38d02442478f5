import type {
  HeaderObject,
  OpenAPIObject,
  OperationObject,
  ParameterObject,
  PathItemObject,
  ReferenceObject,
  ResponseObject,
  ServerObject,
} from '@nestjs/swagger';
import { STATUS_CODES } from 'node:http';
import { PATH_VARIANTS_EXTENSION, PathVariantsExtension, PROBLEM_DESCRIPTIONS } from './api-operation.decorator';
import { headerRefs, RESPONSE_HEADERS, ResponseHeaderName } from './response-headers';

/**
 * What Nest's SwaggerModule does not write, added to its document in one pass (issue 15 §6): one operation per path
 * variant, shared problem responses with their headers, the RateLimit and X-Request-Id headers on every response,
 * `security: []` on public operations, servers, webhooks, and finally OpenAPI 3.1 (Nest writes 3.0).
 * Generic: nothing here knows a feature module; the application passes its servers and webhooks in.
 */

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** A webhook the service calls: its name in `webhooks`, the operation, and the payload's schema name. */
export interface WebhookDefinition {
  /** Key under `webhooks`, e.g. `caseEvent`. */
  name: string;
  /** Tag of the operation (declare it with its description where the document's tags are). */
  tag: string;
  operationId: string;
  summary: string;
  description: string;
  /** Media type of the request body the service sends, e.g. application/cloudevents+json. */
  contentType: string;
  /** components.schemas name of the body (register the class with the document's extraModels). */
  schema: string;
  /** Request headers the service sends with every delivery. */
  headers: Array<{ name: string; description: string; example?: string; pattern?: string }>;
  /** What the receiver answers, by status ('2XX' for any success). */
  responses: Record<string, string>;
}

export interface DocumentCompletion {
  servers: ServerObject[];
  license: { name: string; url?: string };
  webhooks?: readonly WebhookDefinition[];
}

type Operations = Array<{ path: string; method: (typeof METHODS)[number]; op: OperationObject }>;

function operationsOf(doc: OpenAPIObject): Operations {
  const out: Operations = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (op) {
        out.push({ path, method, op });
      }
    }
  }
  return out;
}

/**
 * An operation marked with ApiPathVariants becomes one operation per value, at a path with the value written in:
 * its own operationId, summary and request body; the path parameter is gone. The marked template path is removed,
 * so that a typed client can only call a variant, and a variant only with its own body.
 */
export function expandPathVariants(doc: OpenAPIObject): void {
  for (const { path, method, op } of operationsOf(doc)) {
    const extension = (op as unknown as Record<string, unknown>)[PATH_VARIANTS_EXTENSION] as
      PathVariantsExtension | undefined;
    if (!extension) {
      continue;
    }
    const template = `{${extension.parameter}}`;
    if (!path.includes(template)) {
      throw new Error(`${PATH_VARIANTS_EXTENSION} on ${method.toUpperCase()} ${path}: no ${template} in the path`);
    }
    const base = structuredClone(op) as OperationObject & Record<string, unknown>;
    delete base[PATH_VARIANTS_EXTENSION];
    base.parameters = (base.parameters ?? []).filter(
      (p) => !('in' in p && p.in === 'path' && p.name === extension.parameter),
    );
    const item = doc.paths[path]!;
    delete item[method];
    if (!METHODS.some((m) => item[m])) {
      delete doc.paths[path];
    }
    for (const variant of extension.variants) {
      const variantPath = path.replace(template, variant.value);
      const target: PathItemObject = (doc.paths[variantPath] ??= {});
      if (target[method]) {
        throw new Error(`${method.toUpperCase()} ${variantPath} is documented twice`);
      }
      target[method] = {
        ...structuredClone(base),
        operationId: variant.operationId,
        summary: variant.summary,
        ...(variant.description || base.description
          ? { description: [variant.description, base.description].filter(Boolean).join('\n\n') }
          : {}),
        requestBody: { required: true, content: { 'application/json': { schema: { $ref: variant.body } } } },
      };
    }
  }
}

/**
 * Any operation that takes a body can be refused before its handler: too large (413, BODY_LIMIT_BYTES) or not JSON
 * (415). They are documented wherever a body is, rather than on each route by hand.
 */
export function addBodyProblems(doc: OpenAPIObject, problemSchema: string): void {
  for (const { op } of operationsOf(doc)) {
    if (!op.requestBody) {
      continue;
    }
    for (const status of [413, 415]) {
      op.responses[String(status)] ??= {
        description: PROBLEM_DESCRIPTIONS[status] ?? 'Unexpected error',
        content: { 'application/problem+json': { schema: { $ref: `#/components/schemas/${problemSchema}` } } },
      };
    }
    op.responses = Object.fromEntries(Object.entries(op.responses).sort(([a], [b]) => a.localeCompare(b)));
  }
}

/** `Too Many Requests` → `TooManyRequests`: the shared response's name. */
function problemResponseName(status: number): string {
  return (STATUS_CODES[status] ?? `Status${status}`).replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) =>
    (c ?? '').toUpperCase(),
  );
}

const PROBLEM_HEADERS: Partial<Record<number, ResponseHeaderName[]>> = {
  401: ['WWW-Authenticate'],
  429: ['Retry-After'],
  503: ['Retry-After'],
};

function isPlainProblem(response: ResponseObject | ReferenceObject, schemaRef: string): boolean {
  if ('$ref' in response || response.headers) {
    return false;
  }
  const types = Object.keys(response.content ?? {});
  const schema = response.content?.['application/problem+json']?.schema as ReferenceObject | undefined;
  return types.length === 1 && schema?.$ref === schemaRef;
}

/**
 * Problem responses are the same on every operation: one shared response per status (components.responses), with
 * the headers every error carries, referenced from the operations.
 */
export function shareProblemResponses(doc: OpenAPIObject, problemSchema: string): void {
  const schemaRef = `#/components/schemas/${problemSchema}`;
  const shared: Record<string, ResponseObject> = {};
  for (const { op } of operationsOf(doc)) {
    for (const [code, response] of Object.entries(op.responses)) {
      const status = Number(code);
      if (!response || status < 400 || !isPlainProblem(response, schemaRef)) {
        continue;
      }
      const name = problemResponseName(status);
      shared[name] ??= {
        description: PROBLEM_DESCRIPTIONS[status] ?? 'Unexpected error',
        headers: headerRefs(['X-Request-Id', 'RateLimit', 'RateLimit-Policy', ...(PROBLEM_HEADERS[status] ?? [])]),
        content: { 'application/problem+json': { schema: { $ref: schemaRef } } },
      };
      op.responses[code] = { $ref: `#/components/responses/${name}` };
    }
  }
  doc.components ??= {};
  doc.components.responses = { ...doc.components.responses, ...shared };
}

/**
 * Every other response gets X-Request-Id (set on every answer by the onSend hook) and, on an operation that needs a
 * credential, the RateLimit fields (set by the authentication hook, before the handler). A public operation gets an
 * explicit `security: []`. The header definitions go to components.headers.
 */
export function addCommonHeaders(doc: OpenAPIObject): void {
  for (const { op } of operationsOf(doc)) {
    const secured = (op.security ?? []).length > 0;
    if (!secured) {
      op.security = [];
    }
    for (const response of Object.values(op.responses)) {
      if (!response || '$ref' in response) {
        continue;
      }
      response.headers = {
        ...headerRefs(['X-Request-Id', ...(secured ? (['RateLimit', 'RateLimit-Policy'] as const) : [])]),
        ...response.headers,
      };
    }
  }
  doc.components ??= {};
  doc.components.headers = {
    ...(structuredClone(RESPONSE_HEADERS) as Record<string, HeaderObject>),
    ...doc.components.headers,
  };
}

/** The service's outgoing calls as OpenAPI 3.1 `webhooks`: what a receiver must accept. */
export function addWebhooks(doc: OpenAPIObject, webhooks: readonly WebhookDefinition[]): void {
  if (webhooks.length === 0) {
    return;
  }
  doc.webhooks = Object.fromEntries(
    webhooks.map((w) => [
      w.name,
      {
        post: {
          operationId: w.operationId,
          summary: w.summary,
          description: w.description,
          tags: [w.tag],
          // The receiver authenticates the call by its signature (the headers below), not by an API key of ours.
          security: [],
          parameters: w.headers.map((h): ParameterObject => ({
            name: h.name,
            in: 'header',
            required: true,
            description: h.description,
            schema: {
              type: 'string',
              ...(h.pattern ? { pattern: h.pattern } : {}),
              ...(h.example ? { example: h.example } : {}),
            },
          })),
          requestBody: {
            required: true,
            content: { [w.contentType]: { schema: { $ref: `#/components/schemas/${w.schema}` } } },
          },
          responses: Object.fromEntries(Object.entries(w.responses).map(([code, d]) => [code, { description: d }])),
        },
      },
    ]),
  );
}

// ── OpenAPI 3.0 → 3.1 ───────────────────────────────────────────────────────────────────────────────────────────

type Json = Record<string, unknown>;

const ANNOTATIONS = new Set(['description', 'title', 'default', 'examples', 'readOnly', 'writeOnly', 'deprecated']);

/**
 * One schema, 3.0 → 3.1 (JSON Schema 2020-12), in place and recursively:
 * - `nullable: true` → `null` in the type array (and in the enum); without a `type` (a $ref, an allOf) the schema
 *   becomes `anyOf: [it, {type: 'null'}]`, its annotations staying outside;
 * - `example` → `examples: [example]` (`example` is deprecated in a 3.1 Schema Object);
 * - boolean `exclusiveMinimum` / `exclusiveMaximum` → the numeric bound.
 */
export function schemaTo31(schema: unknown): void {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
    return;
  }
  const s = schema as Json;
  for (const key of ['properties', 'patternProperties', '$defs']) {
    if (s[key] && typeof s[key] === 'object') {
      Object.values(s[key] as Json).forEach(schemaTo31);
    }
  }
  for (const key of ['items', 'additionalProperties', 'not', 'contains', 'propertyNames']) {
    schemaTo31(s[key]);
  }
  for (const key of ['allOf', 'oneOf', 'anyOf', 'prefixItems']) {
    if (Array.isArray(s[key])) {
      (s[key] as unknown[]).forEach(schemaTo31);
    }
  }
  if ('example' in s) {
    s.examples = [s.example];
    delete s.example;
  }
  for (const [bound, limit] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    if (typeof s[bound] === 'boolean') {
      if (s[bound] && typeof s[limit] === 'number') {
        s[bound] = s[limit];
        delete s[limit];
      } else {
        delete s[bound];
      }
    }
  }
  const nullable = s.nullable === true;
  delete s.nullable;
  if (!nullable) {
    return;
  }
  if (typeof s.type === 'string' || Array.isArray(s.type)) {
    const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type];
    s.type = types.includes('null') ? types : [...types, 'null'];
    if (Array.isArray(s.enum) && !s.enum.includes(null)) {
      s.enum = [...(s.enum as unknown[]), null];
    }
    return;
  }
  const inner: Json = {};
  for (const [key, value] of Object.entries(s)) {
    if (!ANNOTATIONS.has(key)) {
      inner[key] = value;
      delete s[key];
    }
  }
  s.anyOf = [inner, { type: 'null' }];
}

/** Every schema of the document: components, parameters, headers, media types, in paths and webhooks alike. */
function eachSchema(node: unknown, visit: (schema: unknown) => void): void {
  if (Array.isArray(node)) {
    node.forEach((n) => eachSchema(n, visit));
    return;
  }
  if (typeof node !== 'object' || node === null) {
    return;
  }
  for (const [key, value] of Object.entries(node as Json)) {
    if (key === 'schema') {
      visit(value);
    } else {
      eachSchema(value, visit);
    }
  }
}

export function toOpenApi31(doc: OpenAPIObject): void {
  doc.openapi = '3.1.0';
  eachSchema(doc.paths, schemaTo31);
  eachSchema(doc.webhooks, schemaTo31);
  const components = doc.components ?? {};
  Object.values(components.schemas ?? {}).forEach(schemaTo31);
  eachSchema(components.headers, schemaTo31);
  eachSchema(components.responses, schemaTo31);
  eachSchema(components.parameters, schemaTo31);
}

/** The whole pass, in order: the 3.1 conversion last, so that it sees everything the others added. */
export function completeOpenApiDocument(doc: OpenAPIObject, options: DocumentCompletion): OpenAPIObject {
  expandPathVariants(doc);
  addBodyProblems(doc, 'ProblemSchema');
  shareProblemResponses(doc, 'ProblemSchema');
  addCommonHeaders(doc);
  addWebhooks(doc, options.webhooks ?? []);
  doc.servers = options.servers;
  doc.info.license = options.license;
  toOpenApi31(doc);
  return doc;
}

import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { generateOpenApiJson } from '../../src/bin/openapi';
import { ACTION_PAYLOADS } from '../../src/workflow/action-payloads';

interface Response {
  $ref?: string;
  description?: string;
  headers?: Record<string, { $ref?: string }>;
  content?: Record<string, { schema?: Record<string, unknown> }>;
}

interface Operation {
  operationId?: string;
  summary?: string;
  security?: unknown[];
  parameters?: Array<{ name: string; in: string }>;
  requestBody?: { content: Record<string, { schema: { $ref?: string } }> };
  responses: Record<string, Response>;
}

interface Document {
  openapi: string;
  servers: Array<{ url: string }>;
  paths: Record<string, Record<string, Operation>>;
  webhooks?: Record<string, Record<string, Operation>>;
  components: {
    schemas: Record<string, unknown>;
    responses: Record<string, Response>;
    headers: Record<string, unknown>;
    securitySchemes: Record<string, { bearerFormat?: string; description?: string }>;
  };
}

/** REQUEST_CORRECTION → RequestCorrection. */
const pascal = (code: string): string =>
  code
    .toLowerCase()
    .split('_')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');

describe('OpenAPI contract (issue 15 §6)', () => {
  let doc: Document;
  let json: string;
  const operations: Array<{ where: string; route: string; op: Operation }> = [];
  /** A response, its shared component when it is a $ref. */
  const resolve = (r: Response): Response =>
    r.$ref ? doc.components.responses[r.$ref.replace('#/components/responses/', '')]! : r;

  beforeAll(async () => {
    json = await generateOpenApiJson();
    doc = JSON.parse(json) as Document;
    for (const [route, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        operations.push({ where: `${method.toUpperCase()} ${route}`, route, op });
      }
    }
  });

  it('is OpenAPI 3.1 and matches the committed openapi/openapi.json (run `npm run openapi` after changing a DTO)', () => {
    expect(doc.openapi).toBe('3.1.0');
    const committed = readFileSync(path.join(__dirname, '../../openapi/openapi.json'), 'utf8');
    expect(json).toBe(committed);
  });

  it('speaks 3.1 only: no `nullable` and no schema `example` are left from the 3.0 that Nest writes', () => {
    expect(json).not.toMatch(/"nullable":/);
    const walk = (node: unknown, inSchema: boolean): void => {
      if (Array.isArray(node)) {
        node.forEach((n) => walk(n, inSchema));
      } else if (node && typeof node === 'object') {
        if (inSchema) {
          expect(Object.keys(node)).not.toContain('example');
        }
        for (const [k, v] of Object.entries(node)) {
          walk(v, inSchema || k === 'schema' || k === 'schemas');
        }
      }
    };
    walk(doc, false);
  });

  it('gives every operation a unique operationId, a summary, security unless public, and problem responses', () => {
    const ids = new Set<string>();
    for (const { where, route, op } of operations) {
      expect({ where, id: op.operationId }).toEqual({ where, id: expect.stringMatching(/^[a-z][A-Za-z]+$/) });
      expect(ids.has(op.operationId as string)).toBe(false);
      ids.add(op.operationId as string);
      expect({ where, summary: op.summary }).toEqual({ where, summary: expect.any(String) });
      if (route.startsWith('/health')) {
        expect({ where, security: op.security }).toEqual({ where, security: [] });
      } else {
        expect({ where, security: op.security }).toEqual({ where, security: [{ apiKey: [] }] });
        expect(resolve(op.responses['401']!).content?.['application/problem+json']).toBeDefined();
      }
      expect(resolve(op.responses['500']!).content?.['application/problem+json']).toBeDefined();
    }
  });

  it('documents one operation per case action, each with its own body, and no catch-all {action} path', () => {
    const actions = [...Object.keys(ACTION_PAYLOADS), 'UNDO'];
    expect(Object.keys(doc.paths).filter((p) => p.includes('{action}'))).toEqual([]);
    for (const action of actions) {
      const op = doc.paths[`/v1/cases/{id}/actions/${action}`]?.post;
      expect({ action, operationId: op?.operationId }).toEqual({ action, operationId: `caseAction${pascal(action)}` });
      expect(op?.requestBody?.content['application/json']?.schema).toEqual({
        $ref: `#/components/schemas/${pascal(action)}Payload`,
      });
      expect(op?.parameters?.map((p) => p.name)).not.toContain('action');
    }
    const actionPaths = Object.keys(doc.paths).filter((p) => p.startsWith('/v1/cases/{id}/actions/'));
    expect(actionPaths).toHaveLength(actions.length);
  });

  it('gives every success response a schema for each media type, JSON, CSV, XLSX and text alike', () => {
    for (const { where, op } of operations) {
      for (const [status, response] of Object.entries(op.responses)) {
        if (!status.startsWith('2') || status === '204') {
          continue;
        }
        const content = resolve(response).content ?? {};
        expect({ where, types: Object.keys(content).length > 0 }).toEqual({ where, types: true });
        for (const [type, media] of Object.entries(content)) {
          expect({ where, type, schema: media.schema !== undefined }).toEqual({ where, type, schema: true });
        }
      }
    }
    const ok = (route: string) => doc.paths[route]!.get!.responses['200']!.content!;
    expect(ok('/v1/code-lists')['application/json']?.schema).toMatchObject({
      required: expect.arrayContaining(['CASE_STATES', 'ACTIONS', 'ERROR_CODES']),
    });
    expect(ok('/v1/statistics/cases/export')).toEqual({
      'text/csv': { schema: expect.objectContaining({ type: 'string' }) },
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
        schema: expect.objectContaining({ type: 'string', format: 'binary' }),
      },
    });
    expect(Object.keys(ok('/v1/statistics/reconsideration/report')).sort()).toEqual([
      'application/json',
      'text/csv',
      'text/plain',
    ]);
  });

  it('documents the headers the operations send: ETag, Location, the replay flag, downloads, rate limits, request id', () => {
    const headersOf = (route: string, method: string, status: string): string[] =>
      Object.keys(resolve(doc.paths[route]![method]!.responses[status]!).headers ?? {});
    expect(headersOf('/v1/cases/{id}', 'get', '200')).toEqual(expect.arrayContaining(['ETag', 'X-Request-Id']));
    expect(headersOf('/v1/cases', 'post', '201')).toEqual(
      expect.arrayContaining(['Location', 'ETag', 'Idempotent-Replayed', 'RateLimit', 'RateLimit-Policy']),
    );
    expect(headersOf('/v1/cases/{id}/actions/DECIDE', 'post', '200')).toEqual(
      expect.arrayContaining(['ETag', 'Idempotent-Replayed']),
    );
    expect(headersOf('/v1/statistics/reconsideration/export', 'get', '200')).toContain('Content-Disposition');
    expect(headersOf('/v1/cases', 'get', '429')).toEqual(expect.arrayContaining(['Retry-After', 'RateLimit']));
    expect(headersOf('/v1/cases', 'get', '401')).toContain('WWW-Authenticate');
    // The probes are never counted by the rate limiter: no RateLimit fields and no 429 there.
    expect(headersOf('/health/live', 'get', '200')).toEqual(['X-Request-Id']);
    expect(doc.paths['/health/live']!.get!.responses['429']).toBeUndefined();
    for (const ref of json.match(/#\/components\/headers\/[^"]+/g) ?? []) {
      expect(doc.components.headers[ref.replace('#/components/headers/', '')]).toBeDefined();
    }
  });

  it('names servers, and does not call an opaque API key a JWT', () => {
    expect(doc.servers.map((s) => s.url)).toContain('/');
    const scheme = doc.components.securitySchemes.apiKey!;
    expect(scheme.bearerFormat).not.toBe('JWT');
    expect(scheme.description).toMatch(/rcs_/);
    expect(scheme.description).toMatch(/JWT/);
  });
});

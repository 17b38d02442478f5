import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { generateOpenApiJson } from '../../src/bin/openapi';

interface Operation {
  operationId?: string;
  summary?: string;
  security?: unknown[];
  responses: Record<string, { content?: Record<string, unknown> }>;
}

describe('OpenAPI contract', () => {
  let doc: { openapi: string; paths: Record<string, Record<string, Operation>> };
  let json: string;
  beforeAll(async () => {
    json = await generateOpenApiJson();
    doc = JSON.parse(json);
  });

  it('is OpenAPI 3 and matches the committed openapi/openapi.json (run `npm run openapi` after changing a DTO)', () => {
    expect(doc.openapi).toMatch(/^3\./);
    const committed = readFileSync(path.join(__dirname, '../../openapi/openapi.json'), 'utf8');
    expect(json).toBe(committed);
  });

  it('gives every operation a unique operationId, a summary, security unless public, and problem responses', () => {
    const ids = new Set<string>();
    for (const [route, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        const where = `${method.toUpperCase()} ${route}`;
        expect({ where, id: op.operationId }).toEqual({ where, id: expect.stringMatching(/^[a-z][A-Za-z]+$/) });
        expect(ids.has(op.operationId as string)).toBe(false);
        ids.add(op.operationId as string);
        expect({ where, summary: op.summary }).toEqual({ where, summary: expect.any(String) });
        if (!route.startsWith('/health')) {
          expect({ where, security: op.security }).toEqual({ where, security: [{ apiKey: [] }] });
          expect(op.responses['401']?.content?.['application/problem+json']).toBeDefined();
        }
        expect(op.responses['500']?.content?.['application/problem+json']).toBeDefined();
      }
    }
  });
});

import type { OpenAPIObject, ReferenceObject, ResponseObject } from '@nestjs/swagger';
import { PATH_VARIANTS_EXTENSION } from './api-operation.decorator';
import { addWebhooks, completeOpenApiDocument, expandPathVariants, schemaTo31 } from './openapi-document';

const problem = {
  description: 'x',
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemSchema' } } },
};

const headerNames = (r: ResponseObject | ReferenceObject | undefined): string[] =>
  Object.keys((r as ResponseObject | undefined)?.headers ?? {});

function documentWith(paths: OpenAPIObject['paths']): OpenAPIObject {
  return { openapi: '3.0.0', info: { title: 't', version: '1' }, paths, components: { schemas: {} } };
}

describe('schemaTo31 (OpenAPI 3.0 → 3.1)', () => {
  it('turns nullable into a null type, in the enum too, and example into examples', () => {
    const s = { type: 'string', nullable: true, enum: ['A', 'B'], example: 'A' };
    schemaTo31(s);
    expect(s).toEqual({ type: ['string', 'null'], enum: ['A', 'B', null], examples: ['A'] });
  });

  it('wraps a nullable schema without a type (a $ref, an allOf) in anyOf with null, annotations outside', () => {
    const s = { allOf: [{ $ref: '#/components/schemas/X' }], nullable: true, description: 'd' };
    schemaTo31(s);
    expect(s).toEqual({ description: 'd', anyOf: [{ allOf: [{ $ref: '#/components/schemas/X' }] }, { type: 'null' }] });
  });

  it('recurses into properties, items and compositions, and converts boolean exclusive bounds', () => {
    const s = {
      type: 'object',
      properties: {
        a: { type: 'array', items: { type: 'integer', nullable: true, minimum: 0, exclusiveMinimum: true } },
      },
    };
    schemaTo31(s);
    expect(s.properties.a.items).toEqual({ type: ['integer', 'null'], exclusiveMinimum: 0 });
  });
});

describe('expandPathVariants', () => {
  it('documents one operation per value, with its own id and body, and drops the template path', () => {
    const doc = documentWith({
      '/things/{id}/do/{verb}': {
        post: {
          operationId: 'doThing',
          summary: 's',
          parameters: [
            { name: 'id', in: 'path', required: true },
            { name: 'verb', in: 'path', required: true },
          ],
          responses: { '200': { description: 'ok' } },
          [PATH_VARIANTS_EXTENSION]: {
            parameter: 'verb',
            variants: [
              { value: 'OPEN', operationId: 'openThing', summary: 'Open', body: '#/components/schemas/OpenBody' },
              { value: 'SHUT', operationId: 'shutThing', summary: 'Shut', body: '#/components/schemas/ShutBody' },
            ],
          },
        } as never,
      },
    });
    expandPathVariants(doc);
    expect(Object.keys(doc.paths).sort()).toEqual(['/things/{id}/do/OPEN', '/things/{id}/do/SHUT']);
    const open = doc.paths['/things/{id}/do/OPEN']!.post!;
    expect(open).toMatchObject({
      operationId: 'openThing',
      summary: 'Open',
      requestBody: {
        required: true,
        content: { 'application/json': { schema: { $ref: '#/components/schemas/OpenBody' } } },
      },
    });
    expect(open.parameters).toEqual([{ name: 'id', in: 'path', required: true }]);
    expect(JSON.stringify(doc)).not.toContain(PATH_VARIANTS_EXTENSION);
  });
});

describe('completeOpenApiDocument', () => {
  it('shares problem responses, adds headers, security [] on public operations, servers, webhooks and 3.1', () => {
    const doc = documentWith({
      '/public': { get: { operationId: 'pub', responses: { '200': { description: 'ok' }, '500': problem } } },
      '/private': {
        get: {
          operationId: 'priv',
          security: [{ apiKey: [] }],
          responses: { '200': { description: 'ok' }, '429': problem },
        },
      },
    });
    completeOpenApiDocument(doc, {
      servers: [{ url: '/' }],
      license: { name: 'L' },
      webhooks: [
        {
          name: 'thingHappened',
          tag: 'webhooks',
          operationId: 'receiveThing',
          summary: 's',
          description: 'd',
          contentType: 'application/cloudevents+json',
          schema: 'ThingEvent',
          headers: [{ name: 'webhook-id', description: 'id' }],
          responses: { '2XX': 'received' },
        },
      ],
    });
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.paths['/public']!.get!.security).toEqual([]);
    expect(headerNames(doc.paths['/public']!.get!.responses['200'])).toEqual(['X-Request-Id']);
    expect(headerNames(doc.paths['/private']!.get!.responses['200'])).toEqual([
      'X-Request-Id',
      'RateLimit',
      'RateLimit-Policy',
    ]);
    expect(doc.paths['/private']!.get!.responses['429']).toEqual({ $ref: '#/components/responses/TooManyRequests' });
    expect(headerNames(doc.components!.responses!.TooManyRequests)).toContain('Retry-After');
    expect(doc.webhooks?.thingHappened?.post).toMatchObject({
      operationId: 'receiveThing',
      security: [],
      parameters: [{ name: 'webhook-id', in: 'header', required: true }],
      requestBody: {
        content: { 'application/cloudevents+json': { schema: { $ref: '#/components/schemas/ThingEvent' } } },
      },
    });
  });

  it('adds no webhooks when there are none', () => {
    const doc = documentWith({});
    addWebhooks(doc, []);
    expect(doc.webhooks).toBeUndefined();
  });
});

import type { HeaderObject } from '@nestjs/swagger';

/**
 * The response headers the API sends, documented once (components.headers) and referenced by the operations that send
 * them. The names are the wire names; the values say where each comes from, so that a client knows when to expect it.
 */
export const RESPONSE_HEADERS = {
  ETag: {
    description:
      'The case’s version as a strong entity tag (RFC 9110 8.8.3), e.g. `"7"`. Send it back as `If-Match` on the next change of the case; a stale one is 412.',
    schema: { type: 'string', example: '"7"' },
  },
  Location: {
    description: 'Path of the created resource (RFC 9110 10.2.2), e.g. `/v1/cases/{id}`.',
    schema: { type: 'string', format: 'uri-reference', example: '/v1/cases/6f1c2a8e-3b4d-4e5f-8a9b-0c1d2e3f4a5b' },
  },
  'Idempotent-Replayed': {
    description:
      '`true` when this answer replays the stored response of an earlier request with the same `Idempotency-Key` and the same body: nothing was done again. Absent on a first execution.',
    schema: { type: 'string', enum: ['true'] },
  },
  'Content-Disposition': {
    description:
      'A download: `attachment; filename="…"; filename*=UTF-8\'\'…` (RFC 6266), with an ASCII file name and the zh-CN one.',
    schema: {
      type: 'string',
      example:
        'attachment; filename="reconsideration-statistics-2021-01-01-2021-12-31.xlsx"; filename*=UTF-8\'\'%E8%A1%8C%E6%94%BF%E5%A4%8D%E8%AE%AE%E7%BB%9F%E8%AE%A1_2021-01-01_2021-12-31.xlsx',
    },
  },
  RateLimit: {
    description:
      'The caller’s remaining quota in the current window (draft-ietf-httpapi-ratelimit-headers-08, Structured Fields): `"<policy>";r=<remaining>;t=<seconds to the window’s end>`. The policy is `identity` (per API key or signed-on officer) or `anonymous` (per client address). Sent on every response the rate limiter counted; not on the health probes.',
    schema: { type: 'string', example: '"identity";r=1199;t=60' },
  },
  'RateLimit-Policy': {
    description: 'The quota and window of the policy that counted this request: `"<policy>";q=<quota>;w=<seconds>`.',
    schema: { type: 'string', example: '"identity";q=1200;w=60' },
  },
  'Retry-After': {
    description: 'Seconds to wait before retrying (RFC 9110 10.2.3).',
    schema: { type: 'integer', minimum: 0, example: 42 },
  },
  'WWW-Authenticate': {
    description:
      'The authentication scheme expected (RFC 6750 3): `Bearer realm="reconsideration"`, with `error="invalid_token"` for an unknown, revoked, expired or invalid credential.',
    schema: { type: 'string', example: 'Bearer realm="reconsideration", error="invalid_token"' },
  },
  'X-Request-Id': {
    description:
      'The request’s id, on every response: the caller’s own `X-Request-Id` when well-formed (1–128 characters of A–Z a–z 0–9 . _ : -), else a generated UUID. It is in the logs and in every problem document as `requestId`: quote it when reporting a problem.',
    schema: { type: 'string', example: '0b7e0a52-3c1f-4e8b-9a4d-2f6c1e9d8b70' },
  },
} satisfies Record<string, HeaderObject>;

export type ResponseHeaderName = keyof typeof RESPONSE_HEADERS;

/** `{ ETag: { $ref: '#/components/headers/ETag' }, … }` for an ApiResponse's `headers`. */
export function headerRefs(names: readonly ResponseHeaderName[]): Record<string, { $ref: string }> {
  return Object.fromEntries(names.map((name) => [name, { $ref: `#/components/headers/${name}` }]));
}

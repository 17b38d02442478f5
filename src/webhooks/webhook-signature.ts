import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Standard Webhooks (https://www.standardwebhooks.com, "Signature scheme"): a delivery carries
 * `webhook-id` (the event id, the same on every retry, for the receiver to deduplicate on), `webhook-timestamp`
 * (Unix seconds of this attempt) and `webhook-signature`: space-separated `v1,<base64 HMAC-SHA256>` entries, one per
 * valid secret, over `${id}.${timestamp}.${body}`. A secret is `whsec_` + base64 of 24 random bytes; the HMAC key
 * is the decoded bytes. Two entries are sent while a rotated-out secret is still valid, so a receiver can switch
 * secrets at its own pace.
 */
export const SECRET_PREFIX = 'whsec_';
const SECRET_BYTES = 24;

export function generateWebhookSecret(): string {
  return SECRET_PREFIX + randomBytes(SECRET_BYTES).toString('base64');
}

function keyOf(secret: string): Buffer {
  return Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, 'base64');
}

export function signatureOf(secret: string, id: string, timestamp: number, body: string): string {
  return `v1,${createHmac('sha256', keyOf(secret)).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

export function signatureHeader(secrets: readonly string[], id: string, timestamp: number, body: string): string {
  return secrets.map((s) => signatureOf(s, id, timestamp, body)).join(' ');
}

/**
 * What a receiver does (and what the tests do): recompute with its secret and compare in constant time against each
 * entry, and refuse a timestamp too far from now (replay protection). Exported for tests and for integrators' docs.
 */
export function verifySignature(
  secret: string,
  headers: { id: string; timestamp: string; signature: string },
  body: string,
  nowSeconds = Math.floor(Date.now() / 1000),
  toleranceSeconds = 300,
): boolean {
  const timestamp = Number(headers.timestamp);
  if (!Number.isInteger(timestamp) || Math.abs(nowSeconds - timestamp) > toleranceSeconds) {
    return false;
  }
  const expected = Buffer.from(signatureOf(secret, headers.id, timestamp, body));
  return headers.signature.split(' ').some((entry) => {
    const given = Buffer.from(entry);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

import { generateWebhookSecret, signatureHeader, signatureOf, verifySignature } from './webhook-signature';

describe('Standard Webhooks signatures (issue 15 pt 4)', () => {
  // The example of the Standard Webhooks specification's reference libraries: secret, id, timestamp, payload.
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  const id = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
  const timestamp = 1614265330;
  const body = '{"test": 2432232314}';

  it('computes the reference signature of the specification', () => {
    expect(signatureOf(secret, id, timestamp, body)).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('verifies each of two secrets during a rotation, and refuses a wrong body, secret or stale timestamp', () => {
    const next = generateWebhookSecret();
    const header = signatureHeader([next, secret], id, timestamp, body);
    const headers = { id, timestamp: String(timestamp), signature: header };
    expect(verifySignature(secret, headers, body, timestamp)).toBe(true);
    expect(verifySignature(next, headers, body, timestamp)).toBe(true);
    expect(verifySignature(secret, headers, `${body} `, timestamp)).toBe(false);
    expect(verifySignature(generateWebhookSecret(), headers, body, timestamp)).toBe(false);
    expect(verifySignature(secret, headers, body, timestamp + 301)).toBe(false);
  });

  it('makes secrets of the whsec_ form with 24 random bytes', () => {
    const s = generateWebhookSecret();
    expect(s).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(generateWebhookSecret()).not.toBe(s);
  });
});

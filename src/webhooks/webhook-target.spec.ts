import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { retryDelayMs } from './webhook-dispatcher.service';
import { sendWebhook } from './webhook-sender';
import { checkTarget, isRefusedAddress } from './webhook-target';

describe('webhook targets (issue 15 pt 4: server-side request forgery)', () => {
  it.each([
    ['127.0.0.1', true],
    ['10.1.2.3', true],
    ['172.31.255.255', true],
    ['172.32.0.1', false],
    ['192.168.0.1', true],
    ['169.254.169.254', true],
    ['100.64.0.1', true],
    ['0.0.0.0', true],
    ['224.0.0.1', true],
    ['::1', true],
    ['::', true],
    ['fe80::1', true],
    ['fd12:3456::1', true],
    ['::ffff:127.0.0.1', true],
    ['::ffff:8.8.8.8', false],
    ['::ffff:7f00:1', true],
    ['::ffff:808:808', false],
    ['::127.0.0.1', true],
    ['64:ff9b::a00:1', true],
    ['64:ff9b:1::1', true],
    ['2002:7f00:1::1', true],
    ['2001:0:4136:e378::1', true],
    ['fec0::1', true],
    ['2001:db8::1', true],
    ['8.8.8.8', false],
    ['2400:3200::1', false],
  ])('%s is refused: %s', (address, refused) => {
    expect(isRefusedAddress(address)).toBe(refused);
  });

  it('refuses by form before any lookup, and allows private addresses only when told', async () => {
    expect(await checkTarget('gopher://8.8.8.8/', true)).toMatchObject({ ok: false });
    expect(await checkTarget('http://a:b@8.8.8.8/', true)).toMatchObject({ ok: false });
    expect(await checkTarget('http://127.0.0.1:9/x', false)).toMatchObject({ ok: false });
    expect(await checkTarget('http://127.0.0.1:9/x', true)).toMatchObject({ ok: true });
    expect(await checkTarget('http://localhost:9/x', false)).toMatchObject({ ok: false });
    // The answer does not name the address a host resolved to (no probe of the office's internal DNS).
    const refused = await checkTarget('http://localhost:9/x', false);
    expect(refused.ok ? '' : refused.reason).not.toMatch(/127\.0\.0\.1|::1/);
  });

  it('refuses a refused address literal before connecting (no DNS lookup happens for one, so the socket check cannot)', async () => {
    let hits = 0;
    const server = createServer((_req, res) => {
      hits += 1;
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      for (const host of ['127.0.0.1', '[::ffff:127.0.0.1]', '[::ffff:7f00:1]']) {
        const refused = await sendWebhook({
          url: `http://${host}:${port}/x`,
          headers: {},
          body: '{}',
          timeoutMs: 2000,
          allowPrivate: false,
        });
        expect(refused).toMatchObject({ statusCode: null, error: 'WEBHOOK_TARGET_REFUSED' });
      }
      expect(hits).toBe(0);
      const allowed = await sendWebhook({
        url: `http://127.0.0.1:${port}/x`,
        headers: {},
        body: '{}',
        timeoutMs: 2000,
        allowPrivate: true,
      });
      expect(allowed).toMatchObject({ statusCode: 200, error: null });
      expect(hits).toBe(1);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('checks the address again when the delivery connects (a name that now resolves to loopback is refused)', async () => {
    let hits = 0;
    const server = createServer((_req, res) => {
      hits += 1;
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      const refused = await sendWebhook({
        url: `http://localhost:${port}/x`,
        headers: {},
        body: '{}',
        timeoutMs: 2000,
        allowPrivate: false,
      });
      expect(refused).toMatchObject({ statusCode: null, error: 'WEBHOOK_TARGET_REFUSED' });
      expect(hits).toBe(0);
      const allowed = await sendWebhook({
        url: `http://localhost:${port}/x`,
        headers: {},
        body: '{}',
        timeoutMs: 2000,
        allowPrivate: true,
      });
      expect(allowed).toMatchObject({ statusCode: 200, error: null });
      expect(hits).toBe(1);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('webhook retry backoff (issue 15 pt 4: exponential, with jitter, capped)', () => {
  it('doubles from the initial wait, stays between half and all of it, and never exceeds the cap', () => {
    expect(retryDelayMs(1, 1000, 60_000, () => 0)).toBe(500);
    expect(retryDelayMs(1, 1000, 60_000, () => 1)).toBe(1000);
    expect(retryDelayMs(3, 1000, 60_000, () => 1)).toBe(4000);
    expect(retryDelayMs(3, 1000, 60_000, () => 0)).toBe(2000);
    expect(retryDelayMs(40, 1000, 60_000, () => 1)).toBe(60_000);
    expect(retryDelayMs(1000, 1000, 60_000, () => 0.5)).toBe(45_000);
  });
});

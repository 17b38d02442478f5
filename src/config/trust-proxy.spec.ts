import Fastify from 'fastify';
import { loadEnv } from './env';
import { parseTrustProxy, TrustProxy } from './trust-proxy';

/**
 * Issue 14 §4: behind a reverse proxy the client's address (for the per-IP rate limit and the logs) comes from
 * X-Forwarded-For — but only from proxies the operator named, or any client could claim any address.
 */
describe('TRUST_PROXY', () => {
  it('parses false, true, a hop count and a list of addresses and CIDRs', () => {
    expect(parseTrustProxy('false')).toBe(false);
    expect(parseTrustProxy('0')).toBe(false);
    expect(parseTrustProxy('TRUE')).toBe(true);
    expect(parseTrustProxy('2')).toEqual(expect.any(Function));
    expect(parseTrustProxy('10.0.0.0/8, 192.168.1.5,::1,fd00::/8,loopback')).toEqual([
      '10.0.0.0/8',
      '192.168.1.5',
      '::1',
      'fd00::/8',
      'loopback',
    ]);
  });

  it.each(['yes', '10.0.0.0/33', '10.0.0', 'proxy.example.org', '10.0.0.1,', '::1/129', '1/2/3', '101'])(
    'refuses %j at start-up, naming the variable',
    (value) => {
      expect(() => loadEnv({ TRUST_PROXY: value })).toThrow(/TRUST_PROXY/);
    },
  );

  it('defaults to false', () => {
    expect(loadEnv({}).TRUST_PROXY).toBe('false');
  });

  async function clientIp(trustProxy: TrustProxy, remoteAddress: string, forwardedFor?: string): Promise<string> {
    const app = Fastify({ trustProxy });
    app.get('/', (request) => ({ ip: request.ip }));
    try {
      const res = await app.inject({
        method: 'GET',
        url: '/',
        remoteAddress,
        ...(forwardedFor ? { headers: { 'x-forwarded-for': forwardedFor } } : {}),
      });
      return res.json<{ ip: string }>().ip;
    } finally {
      await app.close();
    }
  }

  it('X-Forwarded-For is ignored by default: the socket peer is the client', async () => {
    expect(await clientIp(parseTrustProxy('false'), '203.0.113.9', '198.51.100.1')).toBe('203.0.113.9');
  });

  it('with a named proxy, its X-Forwarded-For gives the client; another peer’s header is ignored', async () => {
    const trust = parseTrustProxy('10.0.0.0/8');
    expect(await clientIp(trust, '10.1.2.3', '198.51.100.1')).toBe('198.51.100.1');
    expect(await clientIp(trust, '203.0.113.9', '198.51.100.1')).toBe('203.0.113.9');
    // A client that prepends a forged address to what the proxy appends is still seen as itself.
    expect(await clientIp(trust, '10.1.2.3', '192.0.2.66, 198.51.100.1')).toBe('198.51.100.1');
  });

  it('with a hop count, that many proxies are believed and no more', async () => {
    expect(await clientIp(parseTrustProxy('1'), '10.1.2.3', '192.0.2.66, 198.51.100.1')).toBe('198.51.100.1');
    expect(await clientIp(parseTrustProxy('2'), '10.1.2.3', '192.0.2.66, 198.51.100.1')).toBe('192.0.2.66');
  });
});

import { isIP } from 'node:net';

/** What Fastify's `trustProxy` option accepts (and proxy-addr underneath it), in the forms TRUST_PROXY may take. */
export type TrustProxy = boolean | string[] | ((address: string, hop: number) => boolean);

/** proxy-addr's names for the reserved ranges. */
const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * TRUST_PROXY → Fastify's trustProxy: `false`/`true`, a hop count, or a comma-separated list of addresses and CIDRs.
 * Throws with a message for the start-up error: a typo here would silently mis-attribute every client address (and
 * with it the per-IP rate limit), so nothing is guessed.
 */
export function parseTrustProxy(raw: string): TrustProxy {
  const value = raw.trim().toLowerCase();
  if (value === 'false' || value === '' || value === '0') {
    return false;
  }
  if (value === 'true') {
    return true;
  }
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops > 100) {
      throw new Error('a hop count must be at most 100');
    }
    // Our own function rather than Fastify's number form: Fastify 5.12 turned a bare number into "trust nothing",
    // 5.11 (which @nestjs/platform-fastify pins) trusts that many hops. An operator's "2" must mean the same on both.
    // A hop count believes whoever connects, so it is only safe where clients can reach the service solely through
    // those proxies (README); a list of the proxies' addresses is safe everywhere.
    return (_address, hop) => hop < hops;
  }
  const entries = value.split(',').map((entry) => entry.trim());
  for (const entry of entries) {
    if (!isAddressOrRange(entry)) {
      throw new Error(
        `"${entry}" is not an IP address, a CIDR range or one of loopback, linklocal, uniquelocal ` +
          '(expected false, true, a hop count or a comma-separated list)',
      );
    }
  }
  return entries;
}

function isAddressOrRange(entry: string): boolean {
  if (NAMED_RANGES.has(entry)) {
    return true;
  }
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) {
    return false;
  }
  if (prefix === undefined) {
    return true;
  }
  if (!/^\d{1,3}$/.test(prefix)) {
    return false;
  }
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

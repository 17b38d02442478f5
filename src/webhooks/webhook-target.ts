import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/**
 * Where a webhook may point (issue 15 pt 4; server-side request forgery): http or https only, no user:password in
 * the URL, and no address that reaches the service's own machine or network — loopback, private (RFC 1918, RFC 4193),
 * link-local (cloud metadata at 169.254.169.254), carrier-grade NAT, "this network", multicast and reserved ranges,
 * in IPv4 and IPv6, IPv4-mapped IPv6 included. Checked when a subscription is created or changed (a clear 422) and
 * again at every delivery through the socket's own DNS lookup (WebhookSender), so a name that resolved to a public
 * address at creation and to 127.0.0.1 later (DNS rebinding) is still refused. WEBHOOK_ALLOW_PRIVATE=true lifts the
 * address rule for a receiver inside the office network (and for the tests, whose receiver listens on 127.0.0.1).
 */
const REFUSED = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  REFUSED.addSubnet(net, prefix, 'ipv4');
}
// IPv6 ranges that are local, reserved, or carry an IPv4 address inside them (a way around the IPv4 rule): the
// deprecated IPv4-compatible ::/96 (unspecified and loopback included), NAT64 (well-known and local-use), 6to4 and
// Teredo (both embed an IPv4 address), documentation, unique-local, link-local, the deprecated site-local, and
// multicast. An IPv4-mapped address (::ffff:a.b.c.d, in either notation) is judged by its IPv4 address: BlockList
// applies the IPv4 rules to it.
for (const [net, prefix] of [
  ['::', 96],
  ['64:ff9b::', 96],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001::', 32],
  ['2001:db8::', 32],
  ['2002::', 16],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const) {
  REFUSED.addSubnet(net, prefix, 'ipv6');
}

/** True for an address a webhook must not reach unless WEBHOOK_ALLOW_PRIVATE. */
export function isRefusedAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) {
    return REFUSED.check(address, 'ipv4');
  }
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped?.[1]) {
      return REFUSED.check(mapped[1], 'ipv4');
    }
    return REFUSED.check(address, 'ipv6');
  }
  return true; // not an address at all
}

export type TargetCheck = { ok: true; url: URL } | { ok: false; reason: string };

/** The URL's form (no network): scheme, credentials, host. */
export function checkTargetForm(raw: string): TargetCheck {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'not an absolute URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, reason: `scheme ${url.protocol.slice(0, 20)} is not http or https` };
  }
  if (url.username !== '' || url.password !== '') {
    return { ok: false, reason: 'credentials in the URL (put a secret in the path or rely on the signature)' };
  }
  if (url.hostname === '') {
    return { ok: false, reason: 'no host' };
  }
  return { ok: true, url };
}

/** The URL's host as an address or a name, without IPv6 brackets. */
export function hostOf(url: URL): string {
  return url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
}

/** The whole rule, resolving the host name: every address it resolves to must be allowed. */
export async function checkTarget(raw: string, allowPrivate: boolean): Promise<TargetCheck> {
  const form = checkTargetForm(raw);
  if (!form.ok || allowPrivate) {
    return form;
  }
  const host = hostOf(form.url);
  let addresses: string[];
  if (isIP(host) !== 0) {
    addresses = [host];
  } else {
    try {
      addresses = (
        await new Promise<LookupAddress[]>((resolve, reject) =>
          dnsLookup(host, { all: true }, (error, found) => (error ? reject(error) : resolve(found))),
        )
      ).map((a) => a.address);
    } catch {
      return { ok: false, reason: `the host ${host.slice(0, 100)} does not resolve` };
    }
  }
  const refused = addresses.find(isRefusedAddress);
  return refused === undefined
    ? form
    : // The address is not repeated: a caller probing the office's internal DNS learns nothing from the answer.
      { ok: false, reason: 'the host is or resolves to a loopback, private or reserved address' };
}

/**
 * The DNS lookup a delivery's socket uses: the same rule at connection time, so that what is connected to is what
 * was checked (no window between a check and a second resolution).
 */
export function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, found) => {
      if (error) {
        callback(error, '', 0);
        return;
      }
      const list = found;
      const refused = allowPrivate ? undefined : list.find((a) => isRefusedAddress(a.address));
      if (refused !== undefined || list.length === 0) {
        const blocked = Object.assign(new Error('webhook target resolves to a refused address'), {
          code: 'WEBHOOK_TARGET_REFUSED',
        });
        callback(blocked, '', 0);
        return;
      }
      if (options.all) {
        (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
      } else {
        const first = list[0]!;
        callback(null, first.address, first.family);
      }
    });
  };
}

import { addressKey, bearerToken, identityBucket } from './request-authenticator';

describe('rate-limit buckets are keyed on identity, not on spelling (issue 14 point 2)', () => {
  it('reads the bearer credential whatever the scheme’s case and the white space (RFC 9110 11.1)', () => {
    for (const header of ['Bearer abc', 'bearer abc', 'BEARER   abc  ', '  Bearer\tabc']) {
      expect(bearerToken(header)).toBe('abc');
    }
    expect(bearerToken('Basic abc')).toBeUndefined();
    expect(bearerToken('Bearer a b')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });

  it('an API key by its id, an officer by a digest of iss#sub (no identifier of a person in the table)', () => {
    const key = { keyId: 'k1', keyName: 'n', roles: [], scopes: [], organIds: null };
    expect(identityBucket(key)).toBe('key:k1');
    const officer = { ...key, keyId: null, subject: 'https://idp#officer-7' };
    expect(identityBucket(officer)).toMatch(/^user:[A-Za-z0-9_-]{22}$/);
    expect(identityBucket(officer)).not.toContain('officer-7');
  });

  it('counts IPv4 per address and IPv6 per /64, an IPv4-mapped address as IPv4', () => {
    expect(addressKey('192.0.2.7')).toBe('192.0.2.7');
    expect(addressKey('::ffff:192.0.2.7')).toBe('192.0.2.7');
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8:1:2:bbbb:cccc:dddd:eeee')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
  });
});

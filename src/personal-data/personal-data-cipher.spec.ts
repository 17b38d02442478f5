import { randomBytes, randomUUID } from 'node:crypto';
import { PersonalDataCipher, PersonalDataCipherError } from './personal-data-cipher';
import { KeyEntry, PersonalDataKeyRing } from './personal-data-keys';

const key = (id: string): KeyEntry => ({ id, key: randomBytes(32) });
const K1 = key('k1');
const K2 = key('k2');
const INDEX = randomBytes(32);
const cipherWith = (entries: KeyEntry[], indexKey = INDEX): PersonalDataCipher =>
  new PersonalDataCipher(new PersonalDataKeyRing(entries, indexKey, 'test'));

function failureOf(fn: () => unknown): PersonalDataCipherError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(PersonalDataCipherError);
    return error as PersonalDataCipherError;
  }
  throw new Error('expected a PersonalDataCipherError');
}

describe('PIPL 51(3) / 数据安全法 27: personal values are encrypted at rest with AES-256-GCM', () => {
  const cipher = cipherWith([K1]);
  const row = randomUUID();

  it('round-trips any text under the current key, and the ciphertext holds no plaintext', () => {
    for (const value of ['410927198001010011', '张三', '台前县城关镇幸福路 8 号', '', '🙂'.repeat(300)]) {
      const { keyId, sealed } = cipher.seal(value, row);
      expect(keyId).toBe('k1');
      expect(sealed.length).toBe(12 + 16 + Buffer.byteLength(value, 'utf8'));
      if (value !== '') {
        expect(sealed.includes(Buffer.from(value, 'utf8'))).toBe(false);
      }
      expect(cipher.open(keyId, sealed, row)).toBe(value);
    }
  });

  it('uses a fresh IV each time: the same value seals to different bytes', () => {
    const a = cipher.seal('13800000000', row).sealed;
    const b = cipher.seal('13800000000', row).sealed;
    expect(a.equals(b)).toBe(false);
    expect(a.subarray(0, 12).equals(b.subarray(0, 12))).toBe(false);
  });

  it('binds a ciphertext to its row: opened with another row id (aad), it fails', () => {
    const { keyId, sealed } = cipher.seal('410927198001010011', row);
    const other = randomUUID();
    const error = failureOf(() => cipher.open(keyId, sealed, other));
    expect(error.failure).toBe('INTEGRITY');
    expect(error.message).not.toContain('410927198001010011');
  });

  it('detects tampering: a flipped bit in the IV, the tag or the ciphertext fails the tag check', () => {
    const { keyId, sealed } = cipher.seal('410927198001010011', row);
    for (const at of [0, 11, 12, 27, 28, sealed.length - 1]) {
      const tampered = Buffer.from(sealed);
      tampered[at] = (tampered[at] as number) ^ 0x01;
      expect({ at, failure: failureOf(() => cipher.open(keyId, tampered, row)).failure }).toEqual({
        at,
        failure: 'INTEGRITY',
      });
    }
    expect(failureOf(() => cipher.open(keyId, sealed.subarray(0, 20), row)).failure).toBe('MALFORMED');
  });

  it('an unknown key id is a clear internal error naming the id, never a key or the value', () => {
    const { sealed } = cipher.seal('13800000000', row);
    const error = failureOf(() => cipher.open('k0', sealed, row));
    expect(error.failure).toBe('UNKNOWN_KEY');
    expect(error.keyId).toBe('k0');
    expect(error.message).toMatch(/key "k0", which is not configured/);
    expect(error.message).not.toContain('13800000000');
    expect(error.message).not.toContain(K1.key.toString('base64'));
  });

  it('opens with a key of the same id only if it is the same key', () => {
    const { sealed } = cipher.seal('13800000000', row);
    const impostor = cipherWith([{ id: 'k1', key: randomBytes(32) }]);
    expect(failureOf(() => impostor.open('k1', sealed, row)).failure).toBe('INTEGRITY');
  });

  it('after prepending a new key, seals under it and still opens what the old key sealed', () => {
    const old = cipher.seal('410927198001010011', row);
    const rotated = cipherWith([K2, K1]);
    expect(rotated.currentKeyId).toBe('k2');
    expect(rotated.seal('x', row).keyId).toBe('k2');
    expect(rotated.open(old.keyId, old.sealed, row)).toBe('410927198001010011');
    expect(rotated.hasKey('k1')).toBe(true);
    expect(rotated.hasKey('k0')).toBe(false);
  });
});

describe('blind index for exact search by ID number (keyed HMAC, PIPL 51(3))', () => {
  const cipher = cipherWith([K1]);

  it('is deterministic: the same field and value give the same 32 bytes, under any encryption key', () => {
    const a = cipher.blindIndex('idNumber', '41092719800101001X');
    expect(a).toHaveLength(32);
    expect(cipherWith([K2]).blindIndex('idNumber', '41092719800101001X')).toEqual(a);
  });

  it('separates values and fields (the NUL separator: "ab"+"c" is not "a"+"bc")', () => {
    const a = cipher.blindIndex('idNumber', '41092719800101001X');
    expect(cipher.blindIndex('idNumber', '41092719800101001x')).not.toEqual(a); // the caller normalises
    expect(cipher.blindIndex('phone', '41092719800101001X')).not.toEqual(a);
    expect(cipher.blindIndex('ab', 'c')).not.toEqual(cipher.blindIndex('a', 'bc'));
  });

  it('is keyed: another index key gives another index, so a table dump cannot be matched by hashing IDs', () => {
    const a = cipher.blindIndex('idNumber', '41092719800101001X');
    expect(cipherWith([K1], randomBytes(32)).blindIndex('idNumber', '41092719800101001X')).not.toEqual(a);
  });
});

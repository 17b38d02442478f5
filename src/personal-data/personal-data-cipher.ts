import { Injectable } from '@nestjs/common';
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { PersonalDataKeyRing } from './personal-data-keys';

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12; // the GCM nonce size NIST SP 800-38D recommends; random per value
const TAG_BYTES = 16;

export type PersonalDataCipherFailure = 'UNKNOWN_KEY' | 'INTEGRITY' | 'MALFORMED';

/**
 * A sealed value could not be opened. An internal error (500 if it reaches a response): the stored data or the key
 * configuration is wrong, never the request. The message names the key id and the row, never a value or a key.
 */
export class PersonalDataCipherError extends Error {
  constructor(
    readonly failure: PersonalDataCipherFailure,
    readonly keyId: string,
    message: string,
  ) {
    super(message);
    this.name = 'PersonalDataCipherError';
  }
}

/**
 * Encrypts personal values at rest with AES-256-GCM (PIPL 51(3) 采取相应的加密等安全技术措施; 数据安全法 27).
 * A sealed value is iv (12) ‖ tag (16) ‖ ciphertext and is bound by the GCM additional data to the vault row it
 * belongs to (the caller passes the row id), so a ciphertext copied into another row fails to open rather than
 * showing one person's ID number as another's.
 */
@Injectable()
export class PersonalDataCipher {
  readonly currentKeyId: string;

  constructor(private readonly ring: PersonalDataKeyRing) {
    this.currentKeyId = ring.currentKeyId;
  }

  /** Whether values sealed under `keyId` can be opened (used by `npm run rotate-key` before it starts). */
  hasKey(keyId: string): boolean {
    return this.ring.has(keyId);
  }

  /** Seals under the current key with a fresh random IV. */
  seal(plaintext: string, aad: string): { keyId: string; sealed: Buffer } {
    const key = this.ring.key(this.currentKeyId);
    if (!key) {
      throw new PersonalDataCipherError('UNKNOWN_KEY', this.currentKeyId, 'personal data: the current key is missing');
    }
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return { keyId: this.currentKeyId, sealed: Buffer.concat([iv, cipher.getAuthTag(), body]) };
  }

  /** Opens a value sealed under `keyId` for the row `aad`; throws PersonalDataCipherError if it cannot. */
  open(keyId: string, sealed: Buffer, aad: string): string {
    const key = this.ring.key(keyId);
    if (!key) {
      throw new PersonalDataCipherError(
        'UNKNOWN_KEY',
        keyId,
        `personal data: row ${aad} is sealed under key "${keyId}", which is not configured ` +
          `(${this.ring.source} holds ${this.ring.keyIds().join(', ')}); restore that key to read it`,
      );
    }
    if (sealed.length < IV_BYTES + TAG_BYTES) {
      throw new PersonalDataCipherError('MALFORMED', keyId, `personal data: row ${aad} holds no sealed value`);
    }
    const decipher = createDecipheriv(ALGORITHM, key, sealed.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    try {
      return Buffer.concat([decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      throw new PersonalDataCipherError(
        'INTEGRITY',
        keyId,
        `personal data: row ${aad} failed its integrity check under key "${keyId}" ` +
          '(altered, copied from another row, or sealed under a different key with the same id)',
      );
    }
  }

  /**
   * Keyed hash for exact search without decrypting (e.g. by ID number). The field name is part of the input, so equal
   * values of different fields do not match; the caller normalises the value first (e.g. upper-case ID numbers).
   */
  blindIndex(field: string, value: string): Buffer {
    return createHmac('sha256', this.ring.indexKey).update(`${field}\u0000${value}`, 'utf8').digest();
  }
}

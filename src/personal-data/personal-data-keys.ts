import { createSecretKey, KeyObject, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { inspect } from 'node:util';
import { Env, InvalidEnvironmentError } from '../config/env';

/**
 * The key ring that encrypts personal data at rest (PIPL 51(3); 数据安全法 27), from configuration:
 *   - PERSONAL_DATA_KEYS (+ PERSONAL_DATA_INDEX_KEY), or else
 *   - a JSON key file: PERSONAL_DATA_KEY_FILE, or by default one next to the embedded PostgreSQL's data directory,
 *     generated on the first start with the embedded database so that `npm start` works on a fresh machine.
 * An external database never gets a silently generated key: a key that exists only on one server's disk would be
 * lost with that server, and with it every value it sealed.
 * No message here ever contains a key: they name the variable, the file, the entry and the problem.
 */

export const KEY_BYTES = 32; // AES-256
export const MIN_INDEX_KEY_BYTES = 32; // HMAC-SHA256: a key shorter than the hash weakens it
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
export const DEFAULT_KEY_FILE_NAME = 'personal-data-keys.json';

/** A configuration problem with the personal-data keys: main.ts prints it and exits 78, as for any bad variable. */
export class PersonalDataKeyError extends InvalidEnvironmentError {}

export interface KeyEntry {
  id: string;
  key: Buffer;
}

/** The configured keys: the first is current (seals new values), the others only open what they sealed. */
export class PersonalDataKeyRing {
  readonly currentKeyId: string;
  readonly indexKey: KeyObject;
  private readonly keys: ReadonlyMap<string, KeyObject>;

  /** `source` says where the keys came from, for messages: a variable name or a file path. */
  constructor(
    entries: readonly KeyEntry[],
    indexKey: Buffer,
    readonly source: string,
  ) {
    const first = entries[0];
    if (!first) {
      throw new PersonalDataKeyError(`${source}: no encryption key is given`);
    }
    const keys = new Map<string, KeyObject>();
    for (const [i, { id, key }] of entries.entries()) {
      if (!KEY_ID.test(id)) {
        throw new PersonalDataKeyError(`${source}: entry ${i + 1} has a key id that is not [A-Za-z0-9_-]{1,32}`);
      }
      if (keys.has(id)) {
        throw new PersonalDataKeyError(`${source}: key id "${id}" is given twice`);
      }
      if (key.length !== KEY_BYTES) {
        throw new PersonalDataKeyError(
          `${source}: key "${id}" is ${key.length} bytes; AES-256 needs exactly ${KEY_BYTES} (base64 of 32 random bytes)`,
        );
      }
      keys.set(id, createSecretKey(key));
    }
    if (indexKey.length < MIN_INDEX_KEY_BYTES) {
      throw new PersonalDataKeyError(
        `${source}: the blind-index key is ${indexKey.length} bytes; it needs at least ${MIN_INDEX_KEY_BYTES}`,
      );
    }
    this.currentKeyId = first.id;
    this.keys = keys;
    this.indexKey = createSecretKey(indexKey);
  }

  keyIds(): string[] {
    return [...this.keys.keys()];
  }

  has(keyId: string): boolean {
    return this.keys.has(keyId);
  }

  key(keyId: string): KeyObject | undefined {
    return this.keys.get(keyId);
  }

  /** Whatever logs or serialises the ring sees its ids, never a key. */
  toJSON(): { source: string; keyIds: string[]; currentKeyId: string } {
    return { source: this.source, keyIds: this.keyIds(), currentKeyId: this.currentKeyId };
  }

  [inspect.custom](): string {
    return `PersonalDataKeyRing ${JSON.stringify(this.toJSON())}`;
  }
}

/**
 * Strict base64: Buffer.from(…, 'base64') silently skips stray characters, so a mistyped key would become another,
 * shorter key. Accepts the standard and the URL-safe alphabet, padded or not, and nothing else.
 */
export function decodeBase64(value: string, what: string): Buffer {
  const text = value.trim();
  if (text === '' || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(text) || text.replace(/=+$/, '').length % 4 === 1) {
    throw new PersonalDataKeyError(`${what} is not valid base64`);
  }
  return Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
}

/** `keyId:base64key,keyId:base64key,…` (PERSONAL_DATA_KEYS); the first entry is the current key. */
export function parseKeyList(text: string, source = 'PERSONAL_DATA_KEYS'): KeyEntry[] {
  const items = text.split(',').map((s) => s.trim());
  if (items.every((s) => s === '')) {
    throw new PersonalDataKeyError(`${source}: no encryption key is given`);
  }
  return items.map((item, i) => {
    if (item === '') {
      throw new PersonalDataKeyError(`${source}: entry ${i + 1} is empty (a stray comma?)`);
    }
    const colon = item.indexOf(':');
    if (colon <= 0) {
      throw new PersonalDataKeyError(`${source}: entry ${i + 1} is not keyId:base64key`);
    }
    const id = item.slice(0, colon).trim();
    if (!KEY_ID.test(id)) {
      throw new PersonalDataKeyError(`${source}: entry ${i + 1} has a key id that is not [A-Za-z0-9_-]{1,32}`);
    }
    return { id, key: decodeBase64(item.slice(colon + 1), `${source}: key "${id}"`) };
  });
}

/** PERSONAL_DATA_KEYS with PERSONAL_DATA_INDEX_KEY. */
export function keyRingFromVariables(keys: string, indexKey: string | undefined): PersonalDataKeyRing {
  if (indexKey === undefined) {
    throw new PersonalDataKeyError(
      'PERSONAL_DATA_KEYS is set but PERSONAL_DATA_INDEX_KEY is not: set it to base64 of at least 32 random bytes',
    );
  }
  return new PersonalDataKeyRing(
    parseKeyList(keys),
    decodeBase64(indexKey, 'PERSONAL_DATA_INDEX_KEY'),
    'PERSONAL_DATA_KEYS',
  );
}

interface KeyFileJson {
  keys?: unknown;
  indexKey?: unknown;
}

/** Reads a key file: a regular file readable by its owner only, holding {"keys":[{"id","key"}…],"indexKey"}. */
export function readKeyFile(file: string): PersonalDataKeyRing {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (error) {
    throw new PersonalDataKeyError(`personal-data key file ${file} cannot be read (${(error as Error).message})`);
  }
  if (!stat.isFile()) {
    throw new PersonalDataKeyError(`personal-data key file ${file} is not a regular file`);
  }
  // Whoever can read the file can read every citizen's ID number in a copy of the database.
  if ((stat.mode & 0o077) !== 0) {
    const mode = (stat.mode & 0o777).toString(8).padStart(4, '0');
    throw new PersonalDataKeyError(
      `personal-data key file ${file} has mode ${mode}: it must be readable by its owner only (chmod 600 ${file})`,
    );
  }
  let json: KeyFileJson;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8')) as KeyFileJson;
  } catch (error) {
    // JSON.parse's message quotes the text near the error, which may be a key: say only that it failed.
    const reason = error instanceof SyntaxError ? 'it is not valid JSON' : (error as Error).message;
    throw new PersonalDataKeyError(`personal-data key file ${file} cannot be read: ${reason}`);
  }
  if (typeof json !== 'object' || json === null || !Array.isArray(json.keys)) {
    throw new PersonalDataKeyError(`personal-data key file ${file}: expected {"keys":[{"id":…,"key":…}],"indexKey":…}`);
  }
  const entries = (json.keys as unknown[]).map((entry, i): KeyEntry => {
    const { id, key } = (entry ?? {}) as { id?: unknown; key?: unknown };
    if (typeof id !== 'string' || typeof key !== 'string') {
      throw new PersonalDataKeyError(`${file}: keys[${i}] needs a string "id" and a string "key"`);
    }
    return { id, key: decodeBase64(key, `${file}: key "${id}"`) };
  });
  if (typeof json.indexKey !== 'string') {
    throw new PersonalDataKeyError(`${file}: "indexKey" (base64, at least 32 bytes) is missing`);
  }
  return new PersonalDataKeyRing(entries, decodeBase64(json.indexKey, `${file}: indexKey`), file);
}

/** Next to the embedded PostgreSQL's data directory: .data/personal-data-keys.json by default. */
export function defaultKeyFilePath(env: Pick<Env, 'PG_DATA_DIR'>): string {
  return path.join(path.dirname(path.resolve(env.PG_DATA_DIR)), DEFAULT_KEY_FILE_NAME);
}

export type KeySource =
  { kind: 'variables' } | { kind: 'file'; file: string; generate: boolean } | { kind: 'refuse'; reason: string };

type KeyEnv = Pick<
  Env,
  'DATABASE_URL' | 'PG_DATA_DIR' | 'PERSONAL_DATA_KEYS' | 'PERSONAL_DATA_INDEX_KEY' | 'PERSONAL_DATA_KEY_FILE'
>;

/**
 * Where the keys come from. Generating one is allowed only for the embedded database (a laptop or a trial), and
 * only when `mayGenerate` (the service's start, not `npm run rotate-key`).
 */
export function chooseKeySource(env: KeyEnv, fileExists: (file: string) => boolean, mayGenerate = true): KeySource {
  if (env.PERSONAL_DATA_KEYS !== undefined) {
    if (env.PERSONAL_DATA_KEY_FILE !== undefined) {
      return {
        kind: 'refuse',
        reason: 'both PERSONAL_DATA_KEYS and PERSONAL_DATA_KEY_FILE are set: set one, so that one place holds the keys',
      };
    }
    return { kind: 'variables' };
  }
  if (env.PERSONAL_DATA_INDEX_KEY !== undefined) {
    return {
      kind: 'refuse',
      reason: 'PERSONAL_DATA_INDEX_KEY is set but PERSONAL_DATA_KEYS is not: set both (or neither, to use a key file)',
    };
  }
  const external = env.DATABASE_URL !== undefined;
  if (external && env.PERSONAL_DATA_KEY_FILE === undefined) {
    return {
      kind: 'refuse',
      reason:
        'with an external database (DATABASE_URL) the personal-data keys must be configured: set PERSONAL_DATA_KEYS ' +
        '(keyId:base64 of 32 random bytes) and PERSONAL_DATA_INDEX_KEY, or PERSONAL_DATA_KEY_FILE; see the README, ' +
        '"Key management and rotation"',
    };
  }
  const file = path.resolve(env.PERSONAL_DATA_KEY_FILE ?? defaultKeyFilePath(env));
  if (fileExists(file)) {
    return { kind: 'file', file, generate: false };
  }
  if (external) {
    return {
      kind: 'refuse',
      reason:
        `PERSONAL_DATA_KEY_FILE ${file} does not exist, and a key is never generated for an external database: ` +
        'create the file, or set PERSONAL_DATA_KEYS and PERSONAL_DATA_INDEX_KEY',
    };
  }
  if (!mayGenerate) {
    return { kind: 'refuse', reason: `no personal-data key is configured and ${file} does not exist` };
  }
  return { kind: 'file', file, generate: true };
}

/**
 * Writes a new key file with mode 0600, atomically and without ever overwriting one: the content goes to a private
 * temporary file that is then hard-linked into place, so an instance starting at the same moment either finds no
 * file or a complete one. Returns false when another process created the file first (then use that one).
 */
export function generateKeyFile(file: string, keyId = `k${new Date().toISOString().slice(0, 10).replace(/-/g, '')}`) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  const content = `${JSON.stringify(
    {
      keys: [{ id: keyId, key: randomBytes(KEY_BYTES).toString('base64') }],
      indexKey: randomBytes(MIN_INDEX_KEY_BYTES).toString('base64'),
    },
    null,
    2,
  )}\n`;
  const fd = fs.openSync(temp, 'wx', 0o600);
  try {
    fs.fchmodSync(fd, 0o600); // the mode given to open is narrowed by the umask, never widened; make it exact
    fs.writeFileSync(fd, content);
    fs.fsyncSync(fd);
    const mode = fs.fstatSync(fd).mode & 0o777;
    if (mode !== 0o600) {
      throw new PersonalDataKeyError(`could not give ${temp} mode 0600 (it has ${mode.toString(8)})`);
    }
  } catch (error) {
    fs.closeSync(fd);
    fs.rmSync(temp, { force: true });
    throw error;
  }
  fs.closeSync(fd);
  try {
    fs.linkSync(temp, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      return false;
    }
    throw error;
  } finally {
    fs.rmSync(temp, { force: true });
  }
}

export interface LoadKeysOptions {
  /** One line when a key file is generated (where, and that it must be backed up). Never receives a key. */
  log?: (message: string) => void;
  /** False for tools (`npm run rotate-key`): they use the keys there are and never make one. */
  mayGenerate?: boolean;
}

/** The key ring the service (or a tool) runs with; throws PersonalDataKeyError with a message naming the problem. */
export function loadPersonalDataKeys(env: KeyEnv, options: LoadKeysOptions = {}): PersonalDataKeyRing {
  const source = chooseKeySource(env, (file) => fs.existsSync(file), options.mayGenerate ?? true);
  switch (source.kind) {
    case 'refuse':
      throw new PersonalDataKeyError(source.reason);
    case 'variables':
      return keyRingFromVariables(env.PERSONAL_DATA_KEYS as string, env.PERSONAL_DATA_INDEX_KEY);
    case 'file':
      if (source.generate && generateKeyFile(source.file)) {
        options.log?.(
          `personal data: generated the encryption key file ${source.file} (mode 0600). Back it up, apart from ` +
            'the database: without it the personal data in this database cannot be read.',
        );
      }
      return readKeyFile(source.file);
  }
}

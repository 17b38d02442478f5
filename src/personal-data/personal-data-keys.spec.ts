import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { format, inspect } from 'node:util';
import { InvalidEnvironmentError, loadEnv } from '../config/env';
import { PersonalDataCipher } from './personal-data-cipher';
import {
  chooseKeySource,
  decodeBase64,
  defaultKeyFilePath,
  keyRingFromVariables,
  loadPersonalDataKeys,
  parseKeyList,
  PersonalDataKeyError,
  readKeyFile,
} from './personal-data-keys';

const b64 = (bytes: number): string => randomBytes(bytes).toString('base64');
const K1 = b64(32);
const K2 = b64(32);
const INDEX = b64(32);

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(PersonalDataKeyError);
    expect(error).toBeInstanceOf(InvalidEnvironmentError); // main.ts: printed, exit 78
    return (error as Error).message;
  }
  throw new Error('expected a PersonalDataKeyError');
}

describe('personal-data key ring from PERSONAL_DATA_KEYS (PIPL 51(3) encryption; 数据安全法 27)', () => {
  it('the first entry is the current key; the others stay for decryption', () => {
    const ring = keyRingFromVariables(`k2:${K2}, k1:${K1}`, INDEX);
    expect(ring.currentKeyId).toBe('k2');
    expect(ring.keyIds()).toEqual(['k2', 'k1']);
    expect(ring.has('k1')).toBe(true);
    expect(ring.has('k0')).toBe(false);
  });

  it('accepts unpadded and URL-safe base64 of 32 bytes', () => {
    const raw = randomBytes(32);
    const urlSafe = raw.toString('base64url');
    expect(parseKeyList(`a_b-1:${urlSafe}`)[0]?.key.equals(raw)).toBe(true);
    expect(decodeBase64(raw.toString('base64'), 'x').equals(raw)).toBe(true);
  });

  it.each([
    ['empty', '', /no encryption key/],
    ['a stray comma', `k1:${K1},`, /entry 2 is empty/],
    ['no colon', K1, /entry 1 is not keyId:base64key/],
    ['an empty id', `:${K1}`, /entry 1 is not keyId:base64key/],
    ['a bad id', `key one:${K1}`, /entry 1 has a key id that is not/],
    ['a too long id', `${'k'.repeat(33)}:${K1}`, /entry 1 has a key id that is not/],
    ['bad base64', 'k1:not*base64!', /key "k1" is not valid base64/],
    ['a 16-byte key', `k1:${b64(16)}`, /key "k1" is 16 bytes; AES-256 needs exactly 32/],
    ['a 33-byte key', `k1:${b64(33)}`, /key "k1" is 33 bytes/],
    ['a duplicate id', `k1:${K1},k1:${K2}`, /key id "k1" is given twice/],
  ])('refuses %s, naming the problem and never the key', (_what, keys, problem) => {
    const message = messageOf(() => keyRingFromVariables(keys, INDEX));
    expect(message).toMatch(problem);
    expect(message).toMatch(/PERSONAL_DATA_KEYS/);
    for (const secret of [K1, K2, INDEX]) {
      expect(message).not.toContain(secret);
    }
  });

  it('needs PERSONAL_DATA_INDEX_KEY, valid base64 of at least 32 bytes', () => {
    expect(messageOf(() => keyRingFromVariables(`k1:${K1}`, undefined))).toMatch(/PERSONAL_DATA_INDEX_KEY is not/);
    expect(messageOf(() => keyRingFromVariables(`k1:${K1}`, '%%%'))).toMatch(/PERSONAL_DATA_INDEX_KEY is not valid/);
    const short = b64(31);
    const message = messageOf(() => keyRingFromVariables(`k1:${K1}`, short));
    expect(message).toMatch(/blind-index key is 31 bytes; it needs at least 32/);
    expect(message).not.toContain(short);
    expect(keyRingFromVariables(`k1:${K1}`, b64(64)).currentKeyId).toBe('k1');
  });

  it('never shows a key when the ring is logged or serialised', () => {
    const ring = keyRingFromVariables(`k2:${K2},k1:${K1}`, INDEX);
    for (const shown of [inspect(ring, { depth: 5 }), JSON.stringify(ring), format('%o %j', ring, ring)]) {
      for (const secret of [K1, K2, INDEX]) {
        expect(shown).not.toContain(secret);
      }
    }
    expect(JSON.parse(JSON.stringify(ring))).toEqual({
      source: 'PERSONAL_DATA_KEYS',
      keyIds: ['k2', 'k1'],
      currentKeyId: 'k2',
    });
  });
});

describe('where the keys come from: an external database must set the key (issue 13.3)', () => {
  const embedded = { PG_DATA_DIR: '/srv/app/.data/postgres' };
  const external = { ...embedded, DATABASE_URL: 'postgres://u:p@db:5432/x' };
  const none = (): boolean => false;
  const all = (): boolean => true;

  it('PERSONAL_DATA_KEYS wins, for the embedded and an external database alike', () => {
    expect(chooseKeySource({ ...external, PERSONAL_DATA_KEYS: 'k', PERSONAL_DATA_INDEX_KEY: 'i' }, none)).toEqual({
      kind: 'variables',
    });
    expect(chooseKeySource({ ...embedded, PERSONAL_DATA_KEYS: 'k' }, all)).toEqual({ kind: 'variables' });
  });

  it('an external database without PERSONAL_DATA_KEYS or a key file refuses to start, saying what to set', () => {
    const source = chooseKeySource(external, all); // even if the embedded default file happens to exist
    expect(source).toMatchObject({ kind: 'refuse' });
    expect(source.kind === 'refuse' && source.reason).toMatch(/set PERSONAL_DATA_KEYS .*PERSONAL_DATA_INDEX_KEY/);
    const message = messageOf(() => loadPersonalDataKeys(loadEnv({ DATABASE_URL: external.DATABASE_URL })));
    expect(message).toMatch(/external database.*set PERSONAL_DATA_KEYS/);
  });

  it('an external database uses an existing PERSONAL_DATA_KEY_FILE, and never generates a missing one', () => {
    const withFile = { ...external, PERSONAL_DATA_KEY_FILE: '/etc/rcs/keys.json' };
    expect(chooseKeySource(withFile, all)).toEqual({ kind: 'file', file: '/etc/rcs/keys.json', generate: false });
    const missing = chooseKeySource(withFile, none);
    expect(missing).toMatchObject({ kind: 'refuse' });
    expect(missing.kind === 'refuse' && missing.reason).toMatch(/does not exist, and a key is never generated/);
  });

  it('the embedded database generates the default key file next to its data directory on the first start', () => {
    expect(defaultKeyFilePath(embedded)).toBe('/srv/app/.data/personal-data-keys.json');
    expect(chooseKeySource(embedded, none)).toEqual({
      kind: 'file',
      file: '/srv/app/.data/personal-data-keys.json',
      generate: true,
    });
    expect(chooseKeySource(embedded, all)).toEqual({
      kind: 'file',
      file: '/srv/app/.data/personal-data-keys.json',
      generate: false,
    });
    expect(chooseKeySource(embedded, none, false)).toMatchObject({ kind: 'refuse' }); // rotate-key never generates
  });

  it('refuses two sources at once, or an index key without keys', () => {
    expect(chooseKeySource({ ...embedded, PERSONAL_DATA_KEYS: 'k', PERSONAL_DATA_KEY_FILE: '/f' }, all)).toMatchObject({
      kind: 'refuse',
      reason: expect.stringMatching(/both PERSONAL_DATA_KEYS and PERSONAL_DATA_KEY_FILE/),
    });
    expect(chooseKeySource({ ...embedded, PERSONAL_DATA_INDEX_KEY: 'i' }, all)).toMatchObject({
      kind: 'refuse',
      reason: expect.stringMatching(/PERSONAL_DATA_INDEX_KEY is set but PERSONAL_DATA_KEYS is not/),
    });
  });
});

describe('the embedded default key file (generated 0600 on first start, and said so)', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rcs-keys-'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const embeddedEnv = () => loadEnv({ PG_DATA_DIR: path.join(dir, 'data', 'postgres') });

  it('is created with mode 0600 and one log line naming the file and the backup, never the key', () => {
    const lines: string[] = [];
    const ring = loadPersonalDataKeys(embeddedEnv(), { log: (line) => lines.push(line) });
    const file = path.join(dir, 'data', 'personal-data-keys.json');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(ring.source).toBe(file);
    expect(ring.currentKeyId).toMatch(/^k\d{8}$/);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(file);
    expect(lines[0]).toMatch(/Back it up/);
    const json = JSON.parse(fs.readFileSync(file, 'utf8')) as { keys: Array<{ key: string }>; indexKey: string };
    expect(lines[0]).not.toContain(json.keys[0]?.key);
    expect(lines[0]).not.toContain(json.indexKey);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['personal-data-keys.json']); // no temporary file left
  });

  it('is reused on the second start: what the first sealed, the second opens', () => {
    const first = new PersonalDataCipher(loadPersonalDataKeys(embeddedEnv()));
    const sealed = first.seal('410927198001010011', 'row-1');
    const lines: string[] = [];
    const second = new PersonalDataCipher(loadPersonalDataKeys(embeddedEnv(), { log: (l) => lines.push(l) }));
    expect(lines).toEqual([]);
    expect(second.currentKeyId).toBe(first.currentKeyId);
    expect(second.open(sealed.keyId, sealed.sealed, 'row-1')).toBe('410927198001010011');
    expect(second.blindIndex('idNumber', 'X')).toEqual(first.blindIndex('idNumber', 'X'));
  });

  it('is refused when others may read it (mode 0644), naming the file and the fix', () => {
    loadPersonalDataKeys(embeddedEnv());
    const file = path.join(dir, 'data', 'personal-data-keys.json');
    fs.chmodSync(file, 0o644);
    const message = messageOf(() => loadPersonalDataKeys(embeddedEnv()));
    expect(message).toContain(file);
    expect(message).toMatch(/mode 0644.*chmod 600/);
  });

  it('refuses a malformed key file without quoting its content', () => {
    const file = path.join(dir, 'keys.json');
    const write = (content: string): void => {
      fs.writeFileSync(file, content, { mode: 0o600 });
    };
    const secret = b64(32);
    write(`{"keys":[{"id":"k1","key":"${secret}"}],"indexKey": ${secret}}`); // unquoted: not JSON
    expect(messageOf(() => readKeyFile(file))).toMatch(/not valid JSON/);
    expect(messageOf(() => readKeyFile(file))).not.toContain(secret);
    write(JSON.stringify({ keys: [{ id: 'k1', key: b64(24) }], indexKey: INDEX }));
    expect(messageOf(() => readKeyFile(file))).toMatch(/key "k1" is 24 bytes/);
    write(JSON.stringify({ keys: [], indexKey: INDEX }));
    expect(messageOf(() => readKeyFile(file))).toMatch(/no encryption key/);
    write(JSON.stringify({ keys: [{ id: 'k1', key: K1 }] }));
    expect(messageOf(() => readKeyFile(file))).toMatch(/"indexKey".*missing/);
    write(
      JSON.stringify({
        keys: [
          { id: 'k2', key: K2 },
          { id: 'k1', key: K1 },
        ],
        indexKey: INDEX,
      }),
    );
    expect(readKeyFile(file).keyIds()).toEqual(['k2', 'k1']);
  });

  it('an explicit PERSONAL_DATA_KEY_FILE for the embedded database is generated where it points', () => {
    const file = path.join(dir, 'elsewhere', 'keys.json');
    const ring = loadPersonalDataKeys(
      loadEnv({ PG_DATA_DIR: path.join(dir, 'data', 'postgres'), PERSONAL_DATA_KEY_FILE: file }),
    );
    expect(ring.source).toBe(file);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.existsSync(path.join(dir, 'data', 'personal-data-keys.json'))).toBe(false);
  });
});

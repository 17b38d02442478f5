import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createDataSource } from '../../src/database/data-source';
import { PersonalDataCipher } from '../../src/personal-data/personal-data-cipher';
import { PersonalDataKeyRotation, UnknownRotationKeyError } from '../../src/personal-data/personal-data-key-rotation';
import { KeyEntry, PersonalDataKeyRing } from '../../src/personal-data/personal-data-keys';
import { CaseClient } from '../support/case-client';
import { registration } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import { TEST_PERSONAL_DATA_KEY_ID } from '../support/test-keys';

const INDEX = randomBytes(32);
const K0: KeyEntry = { id: 'k0', key: randomBytes(32) };
const K1: KeyEntry = { id: 'k1', key: randomBytes(32) };
const K2: KeyEntry = { id: 'k2', key: randomBytes(32) };
const cipherOf = (...entries: KeyEntry[]): PersonalDataCipher =>
  new PersonalDataCipher(new PersonalDataKeyRing(entries, INDEX, 'test'));

interface VaultRow {
  id: string;
  key_id: string | null;
  sealed: Buffer | null;
}

describe('npm run rotate-key: re-encrypts the vault under the current key (PIPL 51(3) encryption; 数据安全法 27)', () => {
  let t: TestApp;
  let sql: Client;
  let caseId: string;
  let organId: string;
  const dataSources: DataSource[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    const clerk = new CaseClient(t.http, await t.createKey(['SUPERVISOR']));
    const reg = await clerk.register(registration());
    expect(reg.status).toBe(201);
    caseId = reg.body.id as string;
    sql = new Client({ connectionString: t.db.url });
    await sql.connect();
    const found = await sql.query<{ organ_id: string }>('SELECT organ_id FROM reconsideration_case WHERE id = $1', [
      caseId,
    ]);
    organId = found.rows[0]!.organ_id;
  });
  afterAll(async () => {
    await Promise.all(dataSources.map((ds) => ds.destroy()));
    await sql.end();
    await t.close();
  });
  beforeEach(async () => {
    await sql.query('DELETE FROM personal_datum');
  });

  async function rotationWith(cipher: PersonalDataCipher): Promise<PersonalDataKeyRotation> {
    const ds = createDataSource({ url: t.db.url, poolSize: 2 });
    await ds.initialize();
    dataSources.push(ds);
    return new PersonalDataKeyRotation(ds, cipher);
  }

  /** Writes `n` vault rows sealed by `cipher` (as the lead's registration will); returns id → plaintext. */
  async function insertRows(cipher: PersonalDataCipher, n: number, field = 'idNumber'): Promise<Map<string, string>> {
    const rows = new Map<string, string>();
    for (let i = 0; i < n; i++) {
      const id = randomUUID();
      const value = `41092719800101${String(i).padStart(4, '0')}`;
      const { keyId, sealed } = cipher.seal(value, id);
      await sql.query(
        `INSERT INTO personal_datum (id, organ_id, case_id, field, key_id, sealed, blind_index)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [id, organId, caseId, field, keyId, sealed, cipher.blindIndex(field, value)],
      );
      rows.set(id, value);
    }
    return rows;
  }

  async function vault(): Promise<VaultRow[]> {
    return (await sql.query<VaultRow>('SELECT id, key_id, sealed FROM personal_datum ORDER BY id')).rows;
  }

  it('the service provides the cipher, with the configured current key', () => {
    expect(t.app.get(PersonalDataCipher).currentKeyId).toBe(TEST_PERSONAL_DATA_KEY_ID);
  });

  it('rows sealed under k1 are, after rotating with [k2, k1], all under k2 and open to the same values', async () => {
    const plain = await insertRows(cipherOf(K1), 23);
    const before = new Map((await vault()).map((r) => [r.id, r.sealed]));
    const progress: number[] = [];
    const rotation = await rotationWith(cipherOf(K2, K1));
    expect(await rotation.pendingByKey()).toEqual(new Map([['k1', 23]]));

    const result = await rotation.run({ batchSize: 5, onBatch: (p) => progress.push(p.rotated) });

    expect(result).toEqual({ keyId: 'k2', rotated: 23, remaining: 0 });
    expect(progress).toEqual([5, 10, 15, 20, 23]);
    const onlyNew = cipherOf(K2); // the old key is no longer needed
    for (const row of await vault()) {
      expect(row.key_id).toBe('k2');
      expect(row.sealed!.equals(before.get(row.id)!)).toBe(false);
      expect(onlyNew.open('k2', row.sealed!, row.id)).toBe(plain.get(row.id));
    }
    // Nothing left to do: a second run re-encrypts nothing.
    expect(await rotation.run()).toEqual({ keyId: 'k2', rotated: 0, remaining: 0 });
  });

  it('leaves erased rows (crypto-shredded, PIPL 47) and the blind index as they are', async () => {
    const cipher = cipherOf(K1);
    const plain = await insertRows(cipher, 3);
    const [erased] = [...plain.keys()];
    await sql.query(
      `UPDATE personal_datum SET sealed = NULL, key_id = NULL, blind_index = NULL, erased_at = now() WHERE id = $1`,
      [erased],
    );
    const indexBefore = (await sql.query('SELECT id, blind_index FROM personal_datum ORDER BY id')).rows;

    const result = await (await rotationWith(cipherOf(K2, K1))).run();

    expect(result).toMatchObject({ rotated: 2, remaining: 0 });
    expect((await sql.query('SELECT id, blind_index FROM personal_datum ORDER BY id')).rows).toEqual(indexBefore);
    const rows = await vault();
    expect(rows.find((r) => r.id === erased)).toMatchObject({ key_id: null, sealed: null });
  });

  it('two rotations at once re-encrypt each row exactly once (FOR UPDATE SKIP LOCKED)', async () => {
    const plain = await insertRows(cipherOf(K1), 120);
    const [a, b] = [await rotationWith(cipherOf(K2, K1)), await rotationWith(cipherOf(K2, K1))];

    const [ra, rb] = await Promise.all([a.run({ batchSize: 7 }), b.run({ batchSize: 7 })]);

    expect(ra.rotated + rb.rotated).toBe(120);
    expect([ra.remaining, rb.remaining]).toEqual([0, 0]);
    const cipher = cipherOf(K2);
    for (const row of await vault()) {
      expect(cipher.open(row.key_id!, row.sealed!, row.id)).toBe(plain.get(row.id));
    }
  });

  it('a row sealed under a key that is not configured stops the run before any row changes, naming the key', async () => {
    await insertRows(cipherOf(K1), 4);
    await insertRows(cipherOf(K0), 1);
    const before = await vault();

    const run = (await rotationWith(cipherOf(K2, K1))).run();

    await expect(run).rejects.toBeInstanceOf(UnknownRotationKeyError);
    await expect(run).rejects.toThrow(/"k0" is not among the configured keys/);
    expect(await vault()).toEqual(before);
  });

  it('the vault refuses a live row without ciphertext, and an erased row that keeps one or its index', async () => {
    const insert = (values: string) =>
      sql.query(
        `INSERT INTO personal_datum (id, organ_id, case_id, field, key_id, sealed, blind_index, erased_at)
         VALUES ($1, $2, $3, 'phone', ${values})`,
        [randomUUID(), organId, caseId],
      );
    await expect(insert(`NULL, NULL, NULL, NULL`)).rejects.toThrow(/personal_datum_sealed_unless_erased/);
    await expect(insert(`'k1', '\\x00'::bytea, NULL, NULL`)).rejects.toThrow(/personal_datum_sealed_length/);
    await expect(insert(`'k1', decode(repeat('00', 28), 'hex'), NULL, now()`)).rejects.toThrow(
      /personal_datum_sealed_unless_erased/,
    );
    await expect(insert(`NULL, NULL, '\\x01'::bytea, now()`)).rejects.toThrow(/personal_datum_erased_has_no_index/);
    await expect(insert(`NULL, NULL, NULL, now()`)).resolves.toBeDefined();
  });

  it('a vault row must belong to an existing case, checked at commit (deferred, so it may be written first)', async () => {
    await sql.query('BEGIN');
    await sql.query(
      `INSERT INTO personal_datum (id, organ_id, case_id, field, erased_at) VALUES ($1, $2, $3, 'name', now())`,
      [randomUUID(), organId, randomUUID()],
    );
    await expect(sql.query('COMMIT')).rejects.toThrow(/personal_datum_case_fk/);
  });
});

import request from 'supertest';
import { DataSource } from 'typeorm';
import { LegacySealing } from '../../src/cases/legacy-sealing';
import { maskValue } from '../../src/personal-data/personal-values';
import { PersonalDataVault } from '../../src/personal-data/personal-data-vault';
import { registration, residentId } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Rows written before the vault existed hold personal values in clear (issue 13 pt 3; PIPL 51(3)). Until
 * `npm run seal-legacy` has run they are masked by field class like references; after it, no table holds them.
 */
describe('personal values written before the vault: masked by class, then sealed by seal-legacy (PIPL 51(3))', () => {
  let t: TestApp;
  let sql: DataSource;
  let clerk: string;
  let reporter: string;
  let caseId: string;
  const idNumber = residentId('19580909');
  const applicant = {
    kind: 'NATURAL_PERSON',
    name: '诸葛文远',
    sex: 'MALE',
    idNumber,
    address: '河南省濮阳市台前县打渔陈镇北街7号',
    phone: '13633335555',
  };
  const auth = (key: string) => ({ authorization: `Bearer ${key}` });

  beforeAll(async () => {
    t = await startTestApp();
    sql = t.app.get(DataSource);
    clerk = await t.createKey(['CLERK']);
    reporter = await t.createKey(['REPORTER']);
    const res = await request(t.http)
      .post('/v1/cases')
      .set(auth(clerk))
      .send(registration({ applicants: [applicant] }));
    expect(res.status).toBe(201);
    caseId = res.body.id as string;
    // As an older version wrote it: the values themselves in the case row and its REGISTER event.
    await sql.transaction(async (m) => {
      await m.query(`UPDATE reconsideration_case SET details = jsonb_set(details, '{applicants}', $2) WHERE id = $1`, [
        caseId,
        JSON.stringify([applicant]),
      ]);
      await m.query('ALTER TABLE case_event DISABLE TRIGGER case_event_no_update_delete');
      await m.query(
        `UPDATE case_event SET payload = jsonb_set(payload, '{applicants}', $2) WHERE case_id = $1 AND action = 'REGISTER'`,
        [caseId, JSON.stringify([applicant])],
      );
      await m.query('ALTER TABLE case_event ENABLE TRIGGER case_event_no_update_delete');
      await m.query(`DELETE FROM personal_datum WHERE case_id = $1`, [caseId]);
    });
  });
  afterAll(async () => {
    await t.close();
  });

  it('before sealing, a REPORTER gets the masks, in the case and in history', async () => {
    const res = await request(t.http).get(`/v1/cases/${caseId}`).set(auth(reporter));
    expect(res.body.applicants[0]).toMatchObject({
      name: maskValue('NAME', applicant.name),
      idNumber: maskValue('ID_NUMBER', idNumber),
      phone: maskValue('PHONE', applicant.phone),
      address: maskValue('ADDRESS', applicant.address),
      sex: null,
    });
    const history = await request(t.http).get(`/v1/cases/${caseId}/history`).set(auth(reporter));
    expect(JSON.stringify(history.body)).not.toContain(idNumber);
    expect(JSON.stringify(history.body)).not.toContain(applicant.name);
  });

  it('before sealing, a clerk reads them in clear and the disclosure is audited', async () => {
    const res = await request(t.http).get(`/v1/cases/${caseId}`).set(auth(clerk)).set('x-request-id', 'legacy-read-1');
    expect(res.body.applicants[0].idNumber).toBe(idNumber);
    const rows: Array<{ fields: string[] }> = await sql.query(
      `SELECT fields FROM personal_data_read WHERE request_id = 'legacy-read-1'`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.fields).toEqual(expect.arrayContaining(['applicants[].idNumber', 'applicants[].name']));
  });

  it('seal-legacy moves them into the vault: no table holds them; details and history share the references', async () => {
    const sealing = new LegacySealing(sql, t.app.get(PersonalDataVault));
    const first = await sealing.run({ batchSize: 10 });
    expect(first).toMatchObject({ cases: 1, events: 1, values: 5 }); // name, sex, ID, address, phone
    for (const value of [idNumber, applicant.phone, applicant.address]) {
      const [row]: Array<{ n: number }> = await sql.query(
        `SELECT (SELECT count(*) FROM reconsideration_case t WHERE strpos(t::text, $1) > 0)
              + (SELECT count(*) FROM case_event t WHERE strpos(t::text, $1) > 0) AS n`,
        [value],
      );
      expect(Number(row!.n)).toBe(0);
    }
    const [details]: Array<{ ref: string }> = await sql.query(
      `SELECT details->'applicants'->0->>'idNumber' AS ref FROM reconsideration_case WHERE id = $1`,
      [caseId],
    );
    const [event]: Array<{ ref: string }> = await sql.query(
      `SELECT payload->'applicants'->0->>'idNumber' AS ref FROM case_event WHERE case_id = $1 AND action = 'REGISTER'`,
      [caseId],
    );
    expect(details!.ref).toMatch(/^pd:/);
    expect(event!.ref).toBe(details!.ref);
    const res = await request(t.http).get(`/v1/cases/${caseId}/history`).set(auth(clerk));
    expect(res.body.events[0].payload.applicants[0].idNumber).toBe(idNumber);
    // The guard is back: history is append-only again.
    await expect(sql.query(`UPDATE case_event SET payload = '{}' WHERE case_id = $1`, [caseId])).rejects.toThrow(
      /append-only/,
    );
    expect(await sealing.run({ batchSize: 10 })).toMatchObject({ cases: 0, values: 0 });
  });
});

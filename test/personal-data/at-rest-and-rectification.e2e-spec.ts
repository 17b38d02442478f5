import request from 'supertest';
import { DataSource } from 'typeorm';
import { registration, residentId } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Issue 13 points 2–4: no plaintext at rest (PIPL 51(3); 数据安全法 27), exact search through the blind index,
 * rectification (PIPL 46) and erasure (PIPL 47) without rewriting history, and the AUDITOR's audit API (PIPL 54).
 * PIPL 51(三):「采取相应的加密、去标识化等安全技术措施」; 46:「个人发现其个人信息不准确或者不完整的，有权请求个人信息处理者
 * 更正、补充」; 47 ¶2:「法律、行政法规规定的保存期限未届满……应当停止除存储和采取必要的安全保护措施之外的处理」; 54:「个人信息
 * 处理者应当定期对其处理个人信息遵守法律、行政法规的情况进行合规审计」.
 */
describe('personal data at rest, rectification, erasure and the audit API (PIPL 46, 47, 51, 54)', () => {
  let t: TestApp;
  let clerk: string;
  let supervisor: string;
  let admin: string;
  let auditor: string;
  let reporter: string;
  let sql: DataSource;
  const id1 = residentId('19660707');
  const id2 = residentId('19770808');
  const phone = '13755556666';
  const address = '河南省濮阳市台前县夹河乡东街99号';
  const agentPhone = '13544443333';
  let caseId: string;

  const auth = (key: string) => ({ authorization: `Bearer ${key}` });
  const theRegistration = () =>
    registration({
      applicants: [
        {
          kind: 'NATURAL_PERSON',
          name: '司马静怡',
          sex: 'FEMALE',
          idNumber: id1,
          address,
          phone,
          agents: [{ name: '孙代理', idNumber: id2, phone: agentPhone }],
        },
      ],
    });

  beforeAll(async () => {
    t = await startTestApp();
    sql = t.app.get(DataSource);
    [clerk, supervisor, admin, auditor, reporter] = await Promise.all([
      t.createKey(['CLERK']),
      t.createKey(['SUPERVISOR']),
      t.createKey(['ADMIN']),
      t.createKey(['AUDITOR']),
      t.createKey(['REPORTER']),
    ]);
    const res = await request(t.http)
      .post('/v1/cases')
      .set(auth(clerk))
      .set('idempotency-key', 'at-rest-1')
      .send(theRegistration());
    expect(res.status).toBe(201);
    caseId = res.body.id as string;
    const edit = await request(t.http)
      .patch(`/v1/cases/${caseId}`)
      .set(auth(clerk))
      .set('if-match', res.headers.etag as string)
      .send({ applicants: [{ ...res.body.applicants[0], phone: '13722221111' }] });
    expect(edit.status).toBe(200);
  });
  afterAll(async () => {
    await t.close();
  });

  it('no table holds an ID number, phone or address in clear: case rows, events, idempotency records, the vault', async () => {
    const tables: Array<{ table_name: string }> = await sql.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
    );
    expect(tables.map((x) => x.table_name)).toEqual(
      expect.arrayContaining(['reconsideration_case', 'case_event', 'idempotency_record', 'personal_datum']),
    );
    const found: string[] = [];
    for (const { table_name } of tables) {
      for (const value of [id1, id2, phone, '13722221111', address, agentPhone]) {
        const [row]: Array<{ n: number }> = await sql.query(
          `SELECT count(*)::int AS n FROM "${table_name}" t WHERE strpos(t::text, $1) > 0`,
          [value],
        );
        if (row!.n > 0) {
          found.push(`${table_name}: ${value.slice(0, 3)}…`);
        }
      }
    }
    expect(found).toEqual([]);
    const [vault]: Array<{ n: number; keys: string[] }> = await sql.query(
      `SELECT count(*)::int AS n, array_agg(DISTINCT key_id) AS keys FROM personal_datum WHERE case_id = $1`,
      [caseId],
    );
    expect(vault!.n).toBeGreaterThanOrEqual(9); // 6 applicant values + 3 agent values, then the edit's new ones
    expect(vault!.keys).toEqual(['test1']);
  });

  it('the edit’s history keeps the old phone and shows the new one, both read back from the vault', async () => {
    const res = await request(t.http).get(`/v1/cases/${caseId}/history`).set(auth(clerk));
    const edit = (
      res.body.events as Array<{
        action: string;
        payload: { before: { applicants: Array<{ phone: string }> }; after: { applicants: Array<{ phone: string }> } };
      }>
    ).find((e) => e.action === 'EDIT')!;
    expect(edit.payload.before.applicants[0]?.phone).toBe(phone);
    expect(edit.payload.after.applicants[0]?.phone).toBe('13722221111');
  });

  it('exact search by ID number finds the case through the blind index, for applicants and agents alike', async () => {
    for (const id of [id1, id2, id1.toLowerCase()]) {
      const res = await request(t.http).get(`/v1/cases?idNumber=${id}`).set(auth(clerk));
      if (id === id1.toLowerCase() && id1.endsWith('X')) {
        continue;
      }
      expect(res.status).toBe(200);
      expect(res.body.items.map((c: { id: string }) => c.id)).toEqual([caseId]);
    }
    const other = await request(t.http)
      .get(`/v1/cases?idNumber=${residentId('19990101')}`)
      .set(auth(clerk));
    expect(other.body.items).toEqual([]);
  });

  it('a REPORTER may not search by ID number (whether a person has a case is personal: PIPL 4)', async () => {
    const res = await request(t.http).get(`/v1/cases?idNumber=${id1}`).set(auth(reporter));
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('FORBIDDEN');
  });

  it('PIPL 46: an ADMIN rectifies a wrong ID number with a reason; history shows the new value; it is audited', async () => {
    const fixed = residentId('19660708');
    const res = await request(t.http)
      .post(`/v1/cases/${caseId}/personal-data/rectify`)
      .set(auth(admin))
      .send({ field: 'applicants[0].idNumber', value: fixed, reason: '申请人提交身份证复印件,登记有误' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ caseId, field: 'applicants[0].idNumber' });
    const read = await request(t.http).get(`/v1/cases/${caseId}`).set(auth(clerk));
    expect(read.body.applicants[0].idNumber).toBe(fixed);
    const history = await request(t.http).get(`/v1/cases/${caseId}/history`).set(auth(clerk));
    expect(history.body.events[0].payload.applicants[0].idNumber).toBe(fixed);
    // The blind index follows the value.
    const byNew = await request(t.http).get(`/v1/cases?idNumber=${fixed}`).set(auth(clerk));
    expect(byNew.body.items).toHaveLength(1);
    const byOld = await request(t.http).get(`/v1/cases?idNumber=${id1}`).set(auth(clerk));
    expect(byOld.body.items).toHaveLength(0);
    const audit = await request(t.http).get(`/v1/audit/personal-data-reads?case=${caseId}`).set(auth(auditor));
    const rectified = (audit.body.items as Array<{ kind: string; reason: string; fields: string[] }>).find(
      (r) => r.kind === 'RECTIFY',
    );
    expect(rectified).toMatchObject({ fields: ['applicants[0].idNumber'], reason: '申请人提交身份证复印件,登记有误' });
  });

  it('rectification of a field that is not personal is 422, and of an invalid value 400; nothing is recorded', async () => {
    const before: Array<{ n: number }> = await sql.query(`SELECT count(*)::int AS n FROM personal_data_read`);
    for (const field of ['contestedAct.title', 'applicants[0].kind', 'applicants[0].interest', 'respondent.name']) {
      const res = await request(t.http)
        .post(`/v1/cases/${caseId}/personal-data/rectify`)
        .set(auth(admin))
        .send({ field, value: 'x', reason: '测试' });
      expect({ field, status: res.status, code: res.body.code }).toEqual({
        field,
        status: 422,
        code: 'FIELD_NOT_PERSONAL',
      });
    }
    const invalid = await request(t.http)
      .post(`/v1/cases/${caseId}/personal-data/rectify`)
      .set(auth(admin))
      .send({ field: 'applicants[0].idNumber', value: '110105194912310021', reason: '测试' });
    expect(invalid.status).toBe(400);
    expect(JSON.stringify(invalid.body)).not.toContain('110105194912310021');
    const missing = await request(t.http)
      .post(`/v1/cases/${caseId}/personal-data/rectify`)
      .set(auth(admin))
      .send({ field: 'applicants[3].phone', value: '13700000000', reason: '测试' });
    expect(missing.status).toBe(422);
    expect(missing.body.code).toBe('FIELD_NOT_SET');
    const forbidden = await request(t.http)
      .post(`/v1/cases/${caseId}/personal-data/rectify`)
      .set(auth(supervisor))
      .send({ field: 'applicants[0].phone', value: '13700000000', reason: '测试' });
    expect(forbidden.status).toBe(403);
    const after: Array<{ n: number }> = await sql.query(`SELECT count(*)::int AS n FROM personal_data_read`);
    expect(after[0]!.n).toBe(before[0]!.n);
  });

  it('PIPL 47: erasure waits for the case’s conclusion, then crypto-shreds its values; history keeps its shape', async () => {
    const open = await request(t.http)
      .post(`/v1/cases/${caseId}/personal-data/erase`)
      .set(auth(admin))
      .send({ reason: '保存期限届满' });
    expect(open.status).toBe(409);
    expect(open.body.code).toBe('CASE_NOT_CONCLUDED');
    const etag = (await request(t.http).get(`/v1/cases/${caseId}`).set(auth(clerk))).headers.etag as string;
    const withdrawn = await request(t.http)
      .post(`/v1/cases/${caseId}/actions/WITHDRAW`)
      .set(auth(supervisor))
      .set('if-match', etag)
      .send({ occurredOn: '2021-03-02', reason: 'VOLUNTARY' });
    expect(withdrawn.status).toBe(200);
    const erased = await request(t.http)
      .post(`/v1/cases/${caseId}/personal-data/erase`)
      .set(auth(admin))
      .send({ reason: '保存期限届满' });
    expect(erased.status).toBe(200);
    expect(erased.body.erased).toBeGreaterThanOrEqual(9);
    const read = await request(t.http).get(`/v1/cases/${caseId}`).set(auth(clerk));
    expect(read.body.applicants[0]).toMatchObject({ name: null, idNumber: null, phone: null, address: null });
    const history = await request(t.http).get(`/v1/cases/${caseId}/history`).set(auth(clerk));
    expect(history.body.events.map((e: { action: string }) => e.action)).toEqual(['REGISTER', 'EDIT', 'WITHDRAW']);
    expect(history.body.events[0].payload.applicants[0].idNumber).toBeNull();
    const [row]: Array<{ names: string; grams: string[] }> = await sql.query(
      `SELECT applicant_names AS names, applicant_name_grams AS grams FROM reconsideration_case WHERE id = $1`,
      [caseId],
    );
    expect(row).toEqual({ names: '', grams: [] });
    // The idempotent replay of the registration now shows nothing of the person either.
    const replay = await request(t.http)
      .post('/v1/cases')
      .set(auth(clerk))
      .set('idempotency-key', 'at-rest-1')
      .send(theRegistration());
    expect(replay.body.applicants[0].idNumber).toBeNull();
  });

  it('PIPL 54: only the AUDITOR reads the audit; filters by case, key and time; its export is audited itself', async () => {
    for (const key of [admin, supervisor, reporter]) {
      const res = await request(t.http).get('/v1/audit/personal-data-reads').set(auth(key));
      expect(res.status).toBe(403);
    }
    const clerkKeyId = (await request(t.http).get('/v1/api-keys').set(auth(t.adminKey))).body.items.find(
      (k: { roles: string[] }) => k.roles.includes('CLERK'),
    ).id as string;
    const byKey = await request(t.http)
      .get(`/v1/audit/personal-data-reads?key=${clerkKeyId}&limit=2`)
      .set(auth(auditor));
    expect(byKey.status).toBe(200);
    expect(byKey.body.items).toHaveLength(2);
    expect(byKey.body.items.every((r: { actorKeyId: string }) => r.actorKeyId === clerkKeyId)).toBe(true);
    const next = await request(t.http)
      .get(`/v1/audit/personal-data-reads?key=${clerkKeyId}&limit=2&cursor=${byKey.body.nextCursor}`)
      .set(auth(auditor));
    expect(Number(next.body.items[0].id)).toBeLessThan(Number(byKey.body.items[1].id));
    const future = await request(t.http)
      .get('/v1/audit/personal-data-reads?from=2099-01-01T00:00:00Z')
      .set(auth(auditor));
    expect(future.body.items).toEqual([]);
    const bad = await request(t.http)
      .get('/v1/audit/personal-data-reads?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z')
      .set(auth(auditor));
    expect(bad.status).toBe(400);
    const csv = await request(t.http)
      .get(`/v1/audit/personal-data-reads/export?case=${caseId}`)
      .set(auth(auditor))
      .buffer(true);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const text = Buffer.isBuffer(csv.body) ? csv.body.toString('utf8') : csv.text;
    expect(text).toContain('RECTIFY');
    expect(text).not.toContain(id1);
    const audits = await request(t.http).get(`/v1/audit/personal-data-reads?case=${caseId}`).set(auth(auditor));
    expect(audits.body.items[0]).toMatchObject({ kind: 'AUDIT_EXPORT', route: '/v1/audit/personal-data-reads/export' });
  });
});

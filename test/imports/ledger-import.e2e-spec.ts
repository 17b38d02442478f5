import request from 'supertest';
import { DataSource } from 'typeorm';
import { residentIdCheckCharacter } from '../../src/cases/domain/identifiers';
import { ImportRunner } from '../../src/imports/import-runner';
import { IMPORT_BATCH_ROWS, IMPORT_STALE_SECONDS, ImportsService } from '../../src/imports/imports.service';
import { tallyCases, CaseSummary } from '../../src/statistics/tally';
import type { Outcome } from '../../src/code-lists/code-lists';
import { CaseClient } from '../support/case-client';
import { decideBody, expectStatus, registrationOn, step } from '../support/lifecycle-steps';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Issue 12 on real PostgreSQL: a ledger (台账) imported through POST /v1/imports as historical cases. The ledger is
 * generated here (2,000 rows over 2020–2021, a seeded generator), in the CSV form of the project's own case-list
 * export headers, with dates and codes written the ways offices write them.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

const HEADERS = [
  '案号',
  '收到申请日期',
  '申请人',
  '身份证号码',
  '被申请人',
  '被申请人类型',
  '行为类别',
  '管理领域',
  '受理日期',
  '结案日期',
  '结案方式',
  '结案情形',
  '承办人',
];

interface Row {
  number: string;
  receivedOn: string;
  acceptedOn: string | null;
  concludedOn: string | null;
  outcome: Outcome | null;
  detail: string | null;
}

/** A seeded generator (mulberry32), so that a failure can be reproduced. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const addDays = (date: string, days: number): string => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

/** The date as a ledger writes it: ISO, 2021/3/1 or 2021年3月1日. */
function written(date: string, style: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return style === 0 ? date : style === 1 ? `${y}/${m}/${d}` : `${y}年${m}月${d}日`;
}

function idNumber(i: number): string {
  const first17 = `41092719${80 + (i % 20)}0101${String(i % 1000).padStart(3, '0')}`;
  return first17 + residentIdCheckCharacter(first17);
}

/** The same number with another check character (GB 11643): no longer a valid ID. */
const wrongCheck = (id: string): string => id.slice(0, 17) + (id.endsWith('1') ? '2' : '1');

function generate(count: number, seed: number, prefix: string): { rows: Row[]; csv: string } {
  const next = random(seed);
  const rows: Row[] = [];
  const lines = [HEADERS.join(',')];
  const seqs: Record<string, number> = {};
  for (let i = 0; i < count; i += 1) {
    const receivedOn = addDays('2020-01-02', Math.floor(next() * 700));
    const year = receivedOn.slice(0, 4);
    seqs[year] = (seqs[year] ?? 0) + 1;
    const number = `${prefix}〔${year}〕${seqs[year]}号`;
    const kind = next();
    let row: Row;
    if (kind < 0.15) {
      row = {
        number,
        receivedOn,
        acceptedOn: null,
        concludedOn: addDays(receivedOn, 4),
        outcome: 'NOT_ACCEPTED',
        detail: null,
      };
    } else if (kind < 0.22) {
      row = { number, receivedOn, acceptedOn: null, concludedOn: null, outcome: null, detail: null };
    } else {
      const acceptedOn = addDays(receivedOn, 1 + Math.floor(next() * 5));
      const r = next();
      const outcome: Outcome | null = r < 0.35 ? 'UPHELD' : r < 0.6 ? 'REVOKED' : r < 0.75 ? 'DEEMED_WITHDRAWN' : null;
      // 视为撤回 before acceptance only (L23 31 ¶2 / R07 29): the ledger has no acceptance for it.
      row =
        outcome === 'DEEMED_WITHDRAWN'
          ? { number, receivedOn, acceptedOn: null, concludedOn: addDays(receivedOn, 12), outcome, detail: null }
          : {
              number,
              receivedOn,
              acceptedOn,
              concludedOn: outcome === null ? null : addDays(acceptedOn, 20 + Math.floor(next() * 40)),
              outcome,
              detail: null,
            };
    }
    // Nothing after today: the generator stays in 2020–2021.
    rows.push(row);
    const style = i % 3;
    const outcomeText = {
      UPHELD: '维持',
      REVOKED: 'REVOKED',
      NOT_ACCEPTED: '不予受理',
      DEEMED_WITHDRAWN: '视为放弃行政复议申请',
    } as Json;
    lines.push(
      [
        number,
        written(receivedOn, style),
        `申请人${i}`,
        idNumber(i),
        '台前县市场监督管理局',
        i % 2 === 0 ? '县政府工作部门' : 'COUNTY_DEPARTMENT',
        'ADMINISTRATIVE_PENALTY',
        '市场监管',
        row.acceptedOn ? written(row.acceptedOn, style) : '',
        row.concludedOn ? written(row.concludedOn, style) : '',
        row.outcome ? outcomeText[row.outcome] : '办理中',
        '',
        '王明、李华',
      ].join(','),
    );
  }
  return { rows, csv: `${lines.join('\r\n')}\r\n` };
}

const summary = (r: Row): CaseSummary => ({
  receivedOn: r.receivedOn,
  acceptedOn: r.acceptedOn,
  concludedOn: r.concludedOn,
  outcome: r.outcome,
  outcomeDetail: r.detail,
  terminationGround: null,
  withdrawalReason: null,
});

describe('ledger import: historical cases from an office’s 台账 (issue 12)', () => {
  let t: TestApp;
  let supervisor: string;
  let organ: Json;
  const ledger = generate(2000, 12, 'LG');

  const as = (key: string) => ({
    get: (url: string) => request(t.http).get(url).set('authorization', `Bearer ${key}`),
    post: (url: string, body: object) => request(t.http).post(url).set('authorization', `Bearer ${key}`).send(body),
    upload: (csv: string | Buffer, name = 'ledger.csv', organId = organ.id as string) =>
      request(t.http)
        .post('/v1/imports')
        .set('authorization', `Bearer ${key}`)
        .field('organId', organId)
        .attach('file', Buffer.isBuffer(csv) ? csv : Buffer.from(csv, 'utf8'), name),
  });
  const caseCount = async () =>
    Number(
      (
        await t.app
          .get(DataSource)
          .query<Json[]>('SELECT count(*) AS n FROM reconsideration_case WHERE organ_id = $1', [organ.id])
      )[0]!.n,
    );

  async function settled(id: string): Promise<Json> {
    await t.app.get(ImportsService).settled();
    const res = await as(supervisor).get(`/v1/imports/${id}`);
    expectStatus(res, 200, 'GET import');
    return res.body as Json;
  }

  async function importLedger(csv: string, name = 'ledger.csv', skipInvalid = false): Promise<Json> {
    const created = await as(supervisor).upload(csv, name);
    expectStatus(created, 202, 'POST /v1/imports');
    expect(created.headers.location).toBe(`/v1/imports/${created.body.id}`);
    const validated = await settled(created.body.id);
    expect(validated.status).toBe('VALIDATED');
    const committed = await as(supervisor).post(`/v1/imports/${created.body.id}/commit`, { skipInvalid });
    expectStatus(committed, 202, 'commit');
    return settled(created.body.id);
  }

  beforeAll(async () => {
    t = await startTestApp();
    supervisor = await t.createKey(['SUPERVISOR'], { name: 'ledger-importer' });
    const res = await as(t.adminKey).post('/v1/organs', {
      code: 'LEDGER',
      name: '台账县人民政府',
      officeName: '台账县司法局',
      caseNumberTemplate: 'LG〔{year}〕{seq}号',
    });
    expectStatus(res, 201, 'organ');
    organ = res.body as Json;
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  it('validates 2,000 rows first, reports what each year gains, and commits them; statistics equal the reference tally of the same cases', async () => {
    const created = await as(supervisor).upload(ledger.csv, '台账2020-2021.csv');
    expectStatus(created, 202, 'POST /v1/imports');
    expect(created.body).toMatchObject({ status: 'VALIDATING', source: '台账2020-2021.csv' });
    const job = await settled(created.body.id);
    expect(job).toMatchObject({ status: 'VALIDATED', problems: [], counts: { rows: 2000, valid: 2000, invalid: 0 } });
    expect(job.progress).toMatchObject({ phase: 'VALIDATE', rowsDone: 2000, rowsTotal: 2000 });
    const received2021 = ledger.rows.filter((r) => r.receivedOn.startsWith('2021')).length;
    expect(job.statistics.find((y: Json) => y.year === 2021).received).toBe(received2021);
    expect(await caseCount()).toBe(0); // validation writes no case

    expectStatus(await as(supervisor).post(`/v1/imports/${job.id}/commit`, {}), 202, 'commit');
    // The service answers while the import runs: reads are served between its batches.
    const during = await Promise.all([
      as(supervisor).get(`/v1/imports/${job.id}`),
      as(supervisor).get(`/v1/cases?organId=${organ.id}&limit=1`),
      as(supervisor).get('/v1/organs'),
    ]);
    expect(during.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(during[0].body.status).toBe('COMMITTING');
    const done = await settled(job.id);
    expect(done).toMatchObject({ status: 'COMMITTED', counts: { imported: 2000, skipped: 0 } });
    expect(await caseCount()).toBe(2000);

    for (const [from, to, asOf] of [
      ['2021-01-01', '2021-12-31', '2021-12-31'],
      ['2020-01-01', '2020-12-31', '2020-12-31'],
      ['2021-01-01', '2021-12-31', '2021-06-30'],
    ] as const) {
      const res = await as(supervisor).get(
        `/v1/statistics/reconsideration?from=${from}&to=${to}&asOf=${asOf}&organId=${organ.id}`,
      );
      expectStatus(res, 200, 'statistics');
      const expected = tallyCases(ledger.rows.map(summary), from, to, asOf);
      expect(res.body.figures).toMatchObject({
        received: expected.received,
        carriedOver: expected.carriedOver,
        handled: expected.handled,
        accepted: expected.accepted,
        concluded: expected.concluded,
        pending: expected.pending,
      });
      const outcomes = Object.fromEntries((res.body.breakdowns.outcome as Json[]).map((e) => [e.code, e.count]));
      for (const o of ['UPHELD', 'REVOKED', 'NOT_ACCEPTED', 'DEEMED_WITHDRAWN'] as const) {
        expect([o, outcomes[o] ?? 0]).toEqual([o, expected.byOutcome[o]]);
      }
    }

    // The cases keep their ledger numbers, are found by import id, and say what the ledger lacked.
    const listed = await as(supervisor).get(`/v1/cases?importId=${job.id}&limit=5`);
    expectStatus(listed, 200, 'list by import');
    expect(listed.body.items).toHaveLength(5);
    const one = await as(supervisor).get(`/v1/cases/${listed.body.items[0].id}`);
    expect(one.body.imported).toMatchObject({ importId: job.id, source: '台账2020-2021.csv' });
    expect(one.body.imported.missing).toEqual(expect.arrayContaining(['channel', 'request.text']));
    expect(ledger.rows.map((r) => r.number)).toContain(one.body.caseNumber);
    // One IMPORT event, naming the importer; no invented acts.
    const history = await as(supervisor).get(`/v1/cases/${one.body.id}/history`);
    expectStatus(history, 200, 'history');
    expect(history.body.events.map((e: Json) => e.action)).toEqual(['IMPORT']);
    expect(history.body.events[0].actorName).toBe('ledger-importer');

    // Importing the same file again adds nothing (issue 12 pt 3).
    const again = await importLedger(ledger.csv, 'the-same-ledger.csv');
    expect(again.counts).toMatchObject({ alreadyImported: 2000, imported: 0 });
    expect(await caseCount()).toBe(2000);

    const jobs = await as(supervisor).get('/v1/imports');
    expect(jobs.body.map((j: Json) => j.id)).toEqual(expect.arrayContaining([job.id, again.id]));
  }, 240_000);

  it('a new registration takes the number after the ledger’s last one of its year', async () => {
    const sup = new CaseClient(t.http, supervisor);
    const res = await sup.register(registrationOn('2021-11-30', { organId: organ.id }));
    expectStatus(res, 201, 'REGISTER');
    const last2021 = ledger.rows.filter((r) => r.receivedOn.startsWith('2021')).length;
    expect(res.body.caseNumber).toBe(`LG〔2021〕${last2021 + 1}号`);
  });

  it('an invalid row blocks the commit and writes nothing; skipInvalid imports the others and lists what it skipped', async () => {
    const lines = [
      HEADERS.join(','),
      [
        'LG〔2019〕1号',
        '2019-03-01',
        '甲',
        idNumber(1),
        '某局',
        'COUNTY_DEPARTMENT',
        'ADMINISTRATIVE_PENALTY',
        'MARKET_REGULATION',
        '2019-03-02',
        '2019-04-20',
        '维持',
        '',
        '王明、李华',
      ].join(','),
      [
        'LG〔2019〕2号',
        '2019-02-30',
        '乙',
        '',
        '某局',
        'COUNTY_DEPARTMENT',
        'ADMINISTRATIVE_PENALTY',
        'MARKET_REGULATION',
        '',
        '',
        '办理中',
        '',
        '',
      ].join(','),
      [
        'LG〔2019〕3号',
        '2019-05-01',
        '丙',
        '',
        '某局',
        'COUNTY_DEPARTMENT',
        'ADMINISTRATIVE_PENALTY',
        'MARKET_REGULATION',
        '',
        '2019-04-01',
        '不予受理',
        '',
        '',
      ].join(','),
      [
        'LG〔2019〕4号',
        '2019-05-01',
        '丁',
        '',
        '某局',
        '外星机关',
        'ADMINISTRATIVE_PENALTY',
        'MARKET_REGULATION',
        '',
        '',
        '办理中',
        '',
        '',
      ].join(','),
      [
        'LG〔2019〕5号',
        '2019-05-01',
        '戊',
        wrongCheck(idNumber(5)),
        '某局',
        'COUNTY_DEPARTMENT',
        'ADMINISTRATIVE_PENALTY',
        'MARKET_REGULATION',
        '',
        '',
        '办理中',
        '',
        '',
      ].join(','),
      [
        'LG〔2019〕1号',
        '2019-06-01',
        '己',
        '',
        '某局',
        'COUNTY_DEPARTMENT',
        'ADMINISTRATIVE_PENALTY',
        'MARKET_REGULATION',
        '',
        '',
        '办理中',
        '',
        '',
      ].join(','),
    ];
    const csv = `${lines.join('\n')}\n`;
    const before = await caseCount();
    const created = await as(supervisor).upload(csv, 'bad.csv');
    expectStatus(created, 202, 'upload');
    const job = await settled(created.body.id);
    expect(job.counts).toMatchObject({ rows: 6, valid: 1, invalid: 5 });
    const codes = (job.problems as Json[]).map((p) => [p.row, p.code]);
    expect(codes).toEqual(
      expect.arrayContaining([
        [3, 'INVALID_DATE'],
        [4, 'DATES_OUT_OF_ORDER'],
        [5, 'UNKNOWN_CODE'],
        [6, 'INVALID_ID_NUMBER'],
        [7, 'DUPLICATE_CASE_NUMBER'],
      ]),
    );
    const refused = await as(supervisor).post(`/v1/imports/${job.id}/commit`, {});
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('IMPORT_HAS_INVALID_ROWS');
    expect(await caseCount()).toBe(before);

    expectStatus(await as(supervisor).post(`/v1/imports/${job.id}/commit`, { skipInvalid: true }), 202, 'commit');
    const done = await settled(job.id);
    expect(done).toMatchObject({ status: 'COMMITTED', counts: { imported: 1, skipped: 5 } });
    expect(await caseCount()).toBe(before + 1);
  });

  it('refuses what is not a ledger: a PDF, an empty sheet, a file over IMPORT_MAX_BYTES — problems or 413, never a 500', async () => {
    const pdf = await settled((await as(supervisor).upload(Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj'), 'a.pdf')).body.id);
    expect(pdf.problems[0]).toMatchObject({ row: null, code: 'UNSUPPORTED_FILE' });
    const empty = await settled((await as(supervisor).upload(`${HEADERS.join(',')}\n`, 'empty.csv')).body.id);
    expect(empty.problems[0]).toMatchObject({ code: 'EMPTY_SHEET' });
    const big = await as(supervisor).upload(Buffer.alloc(60 * 1024 * 1024, 0x41), 'big.csv');
    expect(big.status).toBe(413);
    expect(big.body.code).toBe('PAYLOAD_TOO_LARGE');
    const noFile = await request(t.http)
      .post('/v1/imports')
      .set('authorization', `Bearer ${supervisor}`)
      .field('organId', organ.id);
    expect(noFile.status).toBe(400);
    const clerk = await t.createKey(['CLERK']);
    expect((await as(clerk).upload(ledger.csv)).status).toBe(403);
  });

  it('a job whose instance stopped (no heartbeat for IMPORT_STALE_SECONDS) is reported FAILED; a live one is not', async () => {
    const db = t.app.get(DataSource);
    const insert = (age: string) =>
      db.query<Json[]>(
        `INSERT INTO import_job (organ_id, source, sha256, status, mapping, phase, counts, created_by, heartbeat_at)
         VALUES ($1, 'stale.csv', 'x', 'COMMITTING', '{}', 'COMMIT', '{}', 'ledger-importer', now() - $2::interval)
         RETURNING id`,
        [organ.id, age],
      );
    const [stale] = await insert(`${IMPORT_STALE_SECONDS + 60} seconds`);
    const [live] = await insert('2 seconds');
    const staleView = await as(supervisor).get(`/v1/imports/${stale!.id}`);
    expect(staleView.body).toMatchObject({
      status: 'FAILED',
      failure: expect.stringContaining('upload the file again'),
    });
    expect((await as(supervisor).get(`/v1/imports/${live!.id}`)).body.status).toBe('COMMITTING');
    await db.query(`UPDATE import_job SET status = 'FAILED' WHERE id = $1`, [live!.id]);
  });

  it('a carried-over historical case continues to a decision through the normal actions (L17 28 / L23 68)', async () => {
    const csv = `${HEADERS.join(',')}\nLG〔2021〕9001号,2021-12-01,张三,${idNumber(7)},某局,COUNTY_DEPARTMENT,ADMINISTRATIVE_PENALTY,MARKET_REGULATION,2021-12-03,,办理中,,王明、李华\n`;
    const job = await importLedger(csv, 'carry-over.csv');
    expect(job.counts.imported).toBe(1);
    const listed = await as(supervisor).get(`/v1/cases?importId=${job.id}`);
    const id = listed.body.items[0].id as string;
    const sup = new CaseClient(t.http, supervisor);
    expect((await as(supervisor).get(`/v1/cases/${id}`)).body.state).toBe('ACCEPTED');
    await step(sup, id, 'SEND_COPY', { occurredOn: '2021-12-06' });
    const decided = await step(sup, id, 'DECIDE', decideBody('UPHELD', '2022-01-20', 'L17 28(1)'));
    expect(decided).toMatchObject({ state: 'DECIDED', outcome: 'UPHELD', concludedOn: '2022-01-20' });
  });

  it('reads a ledger by the organ’s own column mapping, and refuses a mapping to an unknown field (422)', async () => {
    const current = await as(supervisor).get(`/v1/organs/${organ.id}/ledger-mapping`);
    expect(current.body.isDefault).toBe(true);
    const mapping = { ...current.body.mapping, 收案日期: 'receivedOn' };
    delete mapping['收到申请日期'];
    const put = (body: object) =>
      request(t.http)
        .put(`/v1/organs/${organ.id}/ledger-mapping`)
        .set('authorization', `Bearer ${supervisor}`)
        .send(body);
    expectStatus(await put({ mapping }), 200, 'PUT mapping');
    const bad = await put({ mapping: { 案号: 'noSuchField' } });
    expect([bad.status, bad.body.code]).toEqual([422, 'LEDGER_MAPPING_INVALID']);
    const csv = `${HEADERS.join(',').replace('收到申请日期', '收案日期')}\nLG〔2018〕1号,2018-05-06,王五,,某局,COUNTY_DEPARTMENT,ADMINISTRATIVE_PENALTY,MARKET_REGULATION,,,办理中,,\n`;
    const job = await importLedger(csv, 'own-headers.csv');
    expect(job.counts.imported).toBe(1);
    const reset = await put({ mapping: null });
    expect(reset.body.isDefault).toBe(true);
  });
});

describe('ledger import on its worker thread (issue 12 pt 5: safe to run while the service serves)', () => {
  let t: TestApp;
  let supervisor: string;
  let organId: string;

  beforeAll(async () => {
    t = await startTestApp();
    supervisor = await t.createKey(['SUPERVISOR'], { name: 'ledger-importer' });
    const res = await request(t.http).post('/v1/organs').set('authorization', `Bearer ${t.adminKey}`).send({
      code: 'LEDGER_W',
      name: '台账县人民政府',
      officeName: '台账县司法局',
      caseNumberTemplate: 'LW〔{year}〕{seq}号',
    });
    expectStatus(res, 201, 'organ');
    organId = res.body.id as string;
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  it('validates and commits on a thread other than the one answering requests; stopping the service ends a commit after a whole batch', async () => {
    const runStep = jest.spyOn(ImportsService.prototype, 'runStep');
    const ledger = generate(3000, 7, 'LW');
    const created = await request(t.http)
      .post('/v1/imports')
      .set('authorization', `Bearer ${supervisor}`)
      .field('organId', organId)
      .attach('file', Buffer.from(ledger.csv, 'utf8'), 'ledger.csv');
    expectStatus(created, 202, 'POST /v1/imports');
    const id = created.body.id as string;
    const runner = t.app.get(ImportRunner);
    expect(runner.threadId).not.toBeNull(); // the worker thread was started for the job
    await t.app.get(ImportsService).settled();
    const get = () => request(t.http).get(`/v1/imports/${id}`).set('authorization', `Bearer ${supervisor}`);
    expect((await get()).body.status).toBe('VALIDATED');

    expectStatus(
      await request(t.http).post(`/v1/imports/${id}/commit`).set('authorization', `Bearer ${supervisor}`).send({}),
      202,
      'commit',
    );
    // Once the first batch is in, the service is told to stop (as at SIGTERM): the worker ends the commit after the
    // batch it is writing, and every batch is whole.
    const db = t.app.get(DataSource);
    const count = async () =>
      Number(
        (await db.query<Json[]>('SELECT count(*) AS n FROM reconsideration_case WHERE organ_id = $1', [organId]))[0]!.n,
      );
    for (let waited = 0; (await count()) === 0 && waited < 120_000; waited += 20) {
      await new Promise((r) => setTimeout(r, 20));
    }
    t.app.get(ImportsService).stop();
    await t.app.get(ImportsService).settled();
    const job = (await get()).body as Json;
    const written = await count();
    expect(written % IMPORT_BATCH_ROWS).toBe(0);
    expect(written).toBeGreaterThan(0);
    if (written < 3000) {
      expect(job).toMatchObject({ status: 'FAILED', failure: expect.stringContaining('upload the same file again') });
    } else {
      expect(job.status).toBe('COMMITTED'); // the machine was fast enough to write all three batches first
    }
    // The committed cases' events are in the feed; an IMPORT's act names the import, without the folded facts.
    const feed = await request(t.http)
      .get(`/v1/events?limit=5&organ=${organId}`)
      .set('authorization', `Bearer ${supervisor}`);
    expectStatus(feed, 200, 'GET /v1/events');
    const imported = (feed.body.items as Json[]).find((e) => e.data.action === 'IMPORT')!;
    expect(imported.type).toBe('cn.gov.reconsideration.case.imported');
    expect(imported.data.act.imported).toMatchObject({ importId: id, source: 'ledger.csv' });
    expect(imported.data.act).not.toHaveProperty('facts');
    // Each step ran on the worker thread, where this thread's spy does not reach.
    expect(runStep).not.toHaveBeenCalled();
    runStep.mockRestore();
    await runner.stopWorker();
    expect(runner.threadId).toBeNull();
  }, 240_000);
});

import request from 'supertest';
import { DataSource } from 'typeorm';
import { type Actors, caseView, expectStatus, makeActors, registerCase, step } from '../support/lifecycle-steps';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * statistics_rollup (DOMAIN §4 tallies, read by StatisticsRepository.window) is derived data kept by a deferred
 * trigger on reconsideration_case. These tests hold it to a recount of the projection after every kind of change —
 * registration, acts, UNDO, edits of a breakdown dimension, concurrent commits — and show the repair tools work.
 */

interface Bucket {
  grain: string;
  period_start: string;
  measure: string;
  dimension: string;
  key: string;
  cases: number;
}

let t: TestApp;
let a: Actors;
let ds: DataSource;

beforeAll(async () => {
  t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '0' });
  a = await makeActors(t);
  ds = t.app.get(DataSource);
});

afterAll(async () => {
  await t?.close();
});

async function drift(): Promise<unknown[]> {
  return ds.query('SELECT * FROM statistics_rollup_drift()');
}

async function buckets(where: string, params: unknown[] = []): Promise<Bucket[]> {
  return ds.query(
    `SELECT grain, period_start::text, measure, dimension, key, cases FROM statistics_rollup
      WHERE cases <> 0 AND ${where} ORDER BY grain, period_start, measure, dimension, key`,
    params,
  );
}

async function figures(from: string, to: string, asOf = to) {
  const res = await request(t.http)
    .get(`/v1/statistics/reconsideration?from=${from}&to=${to}&asOf=${asOf}`)
    .set('authorization', `Bearer ${a.keys.reporter}`);
  expectStatus(res, 200, 'GET /statistics');
  return res.body as {
    figures: Record<string, unknown> & { byOutcome: Record<string, number> };
    breakdowns: Record<string, Array<{ code: string; count: number }>>;
  };
}

const notAccept = (occurredOn: string) => ({
  occurredOn,
  ground: 'R07_28_5_OUTSIDE_SCOPE',
  documentNumber: '台政复不受字〔2019〕1号',
  reasons: '不属于行政复议范围',
});

describe('statistics rollup: maintained with every change of a case, in the change’s own transaction', () => {
  it('registration, acceptance, a conclusion and its UNDO each move exactly their day, month and year buckets', async () => {
    // Received late in May and refused in June, within the 5-working-day review (L17 17).
    const id = await registerCase(a.clerk, '2019-05-29');
    expect(
      await buckets(`period_start >= '2019-05-01' AND period_start < '2019-07-01' AND dimension = 'total'`),
    ).toEqual([
      { grain: 'DAY', period_start: '2019-05-29', measure: 'RECEIVED', dimension: 'total', key: '', cases: 1 },
      { grain: 'MONTH', period_start: '2019-05-01', measure: 'RECEIVED', dimension: 'total', key: '', cases: 1 },
    ]);
    // …and its year's bucket (grain YEAR, migration RollupYearGrain), which a calendar year's figures read.
    expect(await buckets(`grain = 'YEAR' AND measure = 'RECEIVED' AND dimension = 'total'`)).toEqual([
      { grain: 'YEAR', period_start: '2019-01-01', measure: 'RECEIVED', dimension: 'total', key: '', cases: 1 },
    ]);

    await step(a.sup, id, 'NOT_ACCEPT', notAccept('2019-06-03'));
    const concluded = await buckets(
      `period_start >= '2019-06-01' AND period_start < '2019-07-01' AND measure = 'CONCLUDED'`,
    );
    expect(concluded.filter((b) => b.grain === 'DAY').map((b) => [b.dimension, b.key, b.cases])).toEqual([
      ['actCategory', 'ADMINISTRATIVE_PENALTY', 1],
      ['managementDomain', expect.any(String), 1],
      ['outcome', 'NOT_ACCEPTED', 1],
      // The refusal's ground is its outcome detail (OUTCOME_DETAILS; R07 28(5)).
      ['outcomeDetail', 'R07_28_5_OUTSIDE_SCOPE', 1],
      ['respondentKind', 'COUNTY_DEPARTMENT', 1],
      ['total', '', 1],
    ]);
    expect((await figures('2019-01-01', '2019-12-31')).figures).toMatchObject({
      received: 1,
      concluded: 1,
      pending: 0,
      byOutcome: expect.objectContaining({ NOT_ACCEPTED: 1 }),
    });

    await step(a.sup, id, 'UNDO', { reason: '误操作' });
    expect(await buckets(`period_start >= '2019-06-01' AND period_start < '2019-07-01'`)).toEqual([]);
    expect(await buckets(`grain = 'YEAR' AND measure = 'CONCLUDED'`)).toEqual([]);
    expect((await figures('2019-01-01', '2019-12-31')).figures).toMatchObject({
      received: 1,
      concluded: 0,
      pending: 1,
    });
    expect(await drift()).toEqual([]);
  });

  it('an edit of the respondent kind moves the case to its new breakdown code (R07 19: the application names the respondent)', async () => {
    const id = await registerCase(a.clerk, '2018-04-02');
    const before = await figures('2018-01-01', '2018-12-31');
    expect(before.breakdowns.respondentKind).toEqual([
      expect.objectContaining({ code: 'COUNTY_DEPARTMENT', count: 1 }),
    ]);

    const etag = (await a.officer.get(id)).headers.etag as string;
    const res = await request(t.http)
      .patch(`/v1/cases/${id}`)
      .set({ authorization: `Bearer ${a.keys.officer}`, 'if-match': etag })
      .send({ respondent: { name: '城关镇人民政府', kind: 'TOWNSHIP_GOVERNMENT' } });
    expectStatus(res, 200, 'PATCH respondent');

    const after = await figures('2018-01-01', '2018-12-31');
    expect(after.breakdowns.respondentKind).toEqual([
      expect.objectContaining({ code: 'TOWNSHIP_GOVERNMENT', count: 1 }),
    ]);
    expect(after.figures).toMatchObject({ received: 1, handled: 1 });
    expect(await drift()).toEqual([]);
  });

  it('a refused action changes no bucket', async () => {
    const id = await registerCase(a.clerk, '2018-09-03');
    const all = () => buckets('true');
    const before = await all();
    // Dated before receipt: refused with 422, nothing committed, so the deferred trigger never ran.
    const res = await a.sup.act(id, 'NOT_ACCEPT', notAccept('2018-09-01'));
    expect(res.status).toBe(422);
    expect(await all()).toEqual(before);
  });

  it('concurrent acts on many cases of one organ, all on the same day, commit without deadlock and count exactly', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 16; i += 1) {
      ids.push(await registerCase(a.clerk, '2017-03-01'));
    }
    const results = await Promise.all(
      ids.map((id, i) =>
        i % 2 === 0
          ? a.officer.act(id, 'ACCEPT', { occurredOn: '2017-03-08' })
          : a.sup.act(id, 'NOT_ACCEPT', notAccept('2017-03-08')),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(ids.map(() => 200));
    // L17 17 ¶2: the acceptances count from receipt (2017-03-01); the refusals on their own date.
    expect(
      await buckets(
        `grain = 'DAY' AND period_start IN ('2017-03-01', '2017-03-08') AND measure <> 'RECEIVED' AND dimension IN ('total', 'outcome')`,
      ),
    ).toEqual([
      { grain: 'DAY', period_start: '2017-03-01', measure: 'ACCEPTED', dimension: 'total', key: '', cases: 8 },
      // Migration StatisticsPopulations: each acceptance also opens an accepted episode.
      { grain: 'DAY', period_start: '2017-03-01', measure: 'ACCEPTED_EPISODE', dimension: 'total', key: '', cases: 8 },
      {
        grain: 'DAY',
        period_start: '2017-03-08',
        measure: 'CONCLUDED',
        dimension: 'outcome',
        key: 'NOT_ACCEPTED',
        cases: 8,
      },
      { grain: 'DAY', period_start: '2017-03-08', measure: 'CONCLUDED', dimension: 'total', key: '', cases: 8 },
    ]);
    expect((await figures('2017-01-01', '2017-12-31')).figures).toMatchObject({
      received: 16,
      accepted: 8,
      concluded: 8,
      pending: 8,
    });
    expect(await drift()).toEqual([]);
  });
});

describe('statistics rollup: the repair tools', () => {
  it('statistics_rollup_drift() names a tampered bucket and statistics_rollup_rebuild() restores the recount', async () => {
    const id = await registerCase(a.clerk, '2016-10-10');
    await ds.query(
      `UPDATE statistics_rollup SET cases = cases + 5
        WHERE grain = 'MONTH' AND period_start = '2016-10-01' AND measure = 'RECEIVED' AND dimension = 'total'`,
    );
    expect((await figures('2016-10-01', '2016-12-31')).figures).toMatchObject({ received: 6 });
    expect(await drift()).toEqual([
      expect.objectContaining({ grain: 'MONTH', measure: 'RECEIVED', dimension: 'total', stored: 6, recounted: 1 }),
    ]);

    await ds.query('SELECT statistics_rollup_rebuild()');
    expect(await drift()).toEqual([]);
    expect((await figures('2016-10-01', '2016-12-31')).figures).toMatchObject({ received: 1 });
    expect((await caseView(a.clerk, id)).receivedOn).toBe('2016-10-10');
  });

  it('a rebuild inside a transaction that changed cases counts those changes once; under REPEATABLE READ it is refused', async () => {
    const id = await registerCase(a.clerk, '2016-12-05');
    await ds.transaction(async (m) => {
      // A direct UPDATE queues a deferred rollup event; the rebuild must apply it before recounting, not after.
      await m.query(`UPDATE reconsideration_case SET respondent_kind = 'OTHER' WHERE id = $1`, [id]);
      await m.query('SELECT statistics_rollup_rebuild()');
    });
    expect(await drift()).toEqual([]);
    await expect(
      ds.transaction('REPEATABLE READ', (m) => m.query('SELECT statistics_rollup_rebuild()')),
    ).rejects.toThrow(/READ COMMITTED/);
    await ds.query(`UPDATE reconsideration_case SET respondent_kind = 'COUNTY_DEPARTMENT' WHERE id = $1`, [id]);
    expect(await drift()).toEqual([]);
  });

  it('a change that would drive a bucket below zero is refused whole (the rollup fails loudly, never silently)', async () => {
    const id = await registerCase(a.clerk, '2016-11-14');
    await ds.query(
      `UPDATE statistics_rollup SET cases = 0
        WHERE grain = 'DAY' AND period_start = '2016-11-14' AND measure = 'RECEIVED' AND dimension = 'respondentKind'`,
    );
    const etag = (await a.officer.get(id)).headers.etag as string;
    const res = await request(t.http)
      .patch(`/v1/cases/${id}`)
      .set({ authorization: `Bearer ${a.keys.officer}`, 'if-match': etag })
      .send({ respondent: { name: '城关镇人民政府', kind: 'TOWNSHIP_GOVERNMENT' } });
    expect(res.status).toBe(500);
    expect(res.body).toMatchObject({ code: 'INTERNAL_ERROR' });
    // The whole transaction rolled back: the case still names its old respondent and has no EDIT event.
    const view = await caseView(a.clerk, id);
    expect(view.version).toBe(1);
    expect((view.respondent as { kind: string }).kind).toBe('COUNTY_DEPARTMENT');

    await ds.query('SELECT statistics_rollup_rebuild()');
    expect(await drift()).toEqual([]);
  });
});

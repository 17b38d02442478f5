import request from 'supertest';
import { DataSource, type QueryRunner } from 'typeorm';
import { OutcomeDetailsForEveryOutcome1796830000000 } from '../../migrations/1796830000000-OutcomeDetailsForEveryOutcome';
import { OUTCOME_DETAILS } from '../../src/code-lists/code-lists';
import { DEFAULT_REPORT_TEMPLATE } from '../../src/statistics/report-template';
import { type Actors, expectStatus, makeActors, registerCase, step } from '../support/lifecycle-steps';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * Issue 11 pt 4: every concluded case has an outcome and, where the law has one, a detail (OUTCOME_DETAILS), and 告知
 * (L17 17 ¶1) is its own pre-acceptance act. All cases under L2017, received in 2021, concluded by:
 *
 *   I   INFORM (告知, L17 17 ¶1)                              → INFORMED, no detail
 *   N4  NOT_ACCEPT R07 28(4) (out of time)                     → NOT_ACCEPTED / R07_28_4_OUT_OF_TIME
 *   N5  NOT_ACCEPT R07 28(5) (outside the scope)               → NOT_ACCEPTED / R07_28_5_OUTSIDE_SCOPE
 *   TC  TERMINATE after the respondent corrected its act (R07 39, 42(1)) → WITHDRAWN_AFTER_RESPONDENT_CORRECTED
 *   TW  TERMINATE withdrawal approved (L17 25; R07 42(1))      → WITHDRAWAL_APPROVED
 *   DW  DEEM_WITHDRAWN (R07 29)                                → DEEMED_WITHDRAWN, no detail
 *   TR  TRANSFER (L17 15 ¶2, 18)                               → TRANSFERRED, no detail
 *   S   WITHDRAW settled before acceptance (受理前协商化解)      → WITHDRAWN / SETTLED_BEFORE_ACCEPTANCE
 */

// HTTP bodies are loosely typed (supertest's `any`); tests compare them with matchers.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

let t: TestApp;
let a: Actors;
let admin: string;
const ids: Record<string, string> = {};

const YEAR = 'from=2021-01-01&to=2021-12-31&asOf=2021-12-31';

const EXPECTED_DETAILS = {
  R07_28_4_OUT_OF_TIME: 1,
  R07_28_5_OUTSIDE_SCOPE: 1,
  WITHDRAWN_AFTER_RESPONDENT_CORRECTED: 1,
  WITHDRAWAL_APPROVED: 1,
  SETTLED_BEFORE_ACCEPTANCE: 1,
};

const notAccept = (occurredOn: string, ground: string) => ({
  occurredOn,
  ground,
  documentNumber: `台政复不受字〔2021〕${occurredOn.slice(5, 7)}号`,
  reasons: '经审查，不符合受理条件。',
});

const terminate = (occurredOn: string, ground: string) => ({
  occurredOn,
  ground,
  documentNumber: `台政复终字〔2021〕${occurredOn.slice(5, 7)}号`,
  reasons: '申请人撤回行政复议申请。',
});

async function get(path: string, key = a.keys.reporter): Promise<request.Response> {
  return request(t.http).get(path).set('authorization', `Bearer ${key}`);
}

async function putTemplate(body: object): Promise<request.Response> {
  return request(t.http).put('/v1/statistics/report-template').set('authorization', `Bearer ${admin}`).send(body);
}

async function figures(): Promise<Json> {
  const res = await get(`/v1/statistics/reconsideration?${YEAR}`);
  expectStatus(res, 200, 'GET /statistics');
  return res.body as Json;
}

function zeroDetails(): Record<string, number> {
  return Object.fromEntries(OUTCOME_DETAILS.map((d) => [d.code, 0]));
}

beforeAll(async () => {
  t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '0' });
  a = await makeActors(t);
  admin = await t.createKey(['ADMIN']);

  ids.I = await registerCase(a.clerk, '2021-03-01');
  await step(a.officer, ids.I, 'INFORM', {
    occurredOn: '2021-03-04',
    competentOrgan: '濮阳市人民政府',
    reasons: '被申请人为县人民政府，应向濮阳市人民政府申请行政复议。',
  });
  ids.N4 = await registerCase(a.clerk, '2021-04-01');
  await step(a.sup, ids.N4, 'NOT_ACCEPT', notAccept('2021-04-02', 'R07_28_4_OUT_OF_TIME'));
  ids.N5 = await registerCase(a.clerk, '2021-05-06');
  await step(a.sup, ids.N5, 'NOT_ACCEPT', notAccept('2021-05-07', 'R07_28_5_OUTSIDE_SCOPE'));
  for (const [key, receivedOn, ground] of [
    ['TC', '2021-06-01', 'WITHDRAWN_AFTER_RESPONDENT_CORRECTED'],
    ['TW', '2021-06-08', 'WITHDRAWAL_APPROVED'],
  ] as const) {
    ids[key] = await registerCase(a.clerk, receivedOn);
    await step(a.officer, ids[key], 'ACCEPT', { occurredOn: receivedOn });
    await step(a.clerk, ids[key], 'SEND_COPY', { occurredOn: receivedOn });
    await step(a.sup, ids[key], 'TERMINATE', terminate(key === 'TC' ? '2021-07-20' : '2021-08-03', ground));
  }
  ids.DW = await registerCase(a.clerk, '2021-09-01');
  await step(a.officer, ids.DW, 'REQUEST_CORRECTION', {
    occurredOn: '2021-09-02',
    items: ['申请人身份证明'],
    correctionDueOn: '2021-09-16',
  });
  await step(a.officer, ids.DW, 'DEEM_WITHDRAWN', { occurredOn: '2021-09-20', reasons: '无正当理由逾期未补正。' });
  ids.TR = await registerCase(a.clerk, '2021-10-11');
  await step(a.officer, ids.TR, 'TRANSFER', { occurredOn: '2021-10-12', receivingOrgan: '濮阳市公安局' });
  ids.S = await registerCase(a.clerk, '2021-11-01');
  await step(a.clerk, ids.S, 'WITHDRAW', { occurredOn: '2021-11-02', reason: 'SETTLED_BEFORE_ACCEPTANCE' });
});

afterAll(async () => {
  await t?.close();
});

describe('告知 (INFORM, L17 17 ¶1): its own pre-acceptance act, not 不予受理', () => {
  it('L17 17 ¶1: INFORM concludes the case as INFORMED, with the competent organ in its event and no ground', async () => {
    const view = (await a.clerk.get(ids.I!)).body as Json;
    expect(view).toMatchObject({ state: 'INFORMED', outcome: 'INFORMED', outcomeDetail: null });
    const history = (await a.clerk.history(ids.I!)).body as Json;
    const events = (history.events ?? history.items ?? history) as Json[];
    const inform = events.find((e) => e.action === 'INFORM');
    expect(inform).toMatchObject({ legalBasis: 'L17 17 ¶1', payload: { competentOrgan: '濮阳市人民政府' } });
  });

  it('L17 17 ¶1: not after acceptance (409 naming the allowed actions), nor under L2023 (L23 30 ¶2 refuses instead)', async () => {
    const accepted = await registerCase(a.clerk, '2021-03-08');
    await step(a.officer, accepted, 'ACCEPT', { occurredOn: '2021-03-08' });
    const afterAcceptance = await a.officer.act(accepted, 'INFORM', {
      occurredOn: '2021-03-09',
      competentOrgan: '濮阳市人民政府',
    });
    expect(afterAcceptance.status).toBe(409);
    expect(afterAcceptance.body.code).toBe('ILLEGAL_TRANSITION');
    expect(afterAcceptance.body.allowedActions).not.toContain('INFORM');

    const l23 = await registerCase(a.clerk, '2024-03-04');
    const underL23 = await a.officer.act(l23, 'INFORM', { occurredOn: '2024-03-05', competentOrgan: '濮阳市人民政府' });
    expect(underL23.status).toBe(409);
    expect(underL23.body.allowedActions).toContain('NOT_ACCEPT');
    expect(underL23.body.allowedActions).not.toContain('INFORM');
    // Nothing was recorded by the refusals.
    expect(((await a.clerk.get(l23)).body as Json).state).toBe('RECEIVED');
  });

  it('L17 17 ¶1: after the five-day review INFORM is 422 ACCEPTANCE_REVIEW_PERIOD_OVER, like 不予受理', async () => {
    const late = await registerCase(a.clerk, '2021-03-15');
    const res = await a.officer.act(late, 'INFORM', { occurredOn: '2021-03-30', competentOrgan: '濮阳市人民政府' });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('ACCEPTANCE_REVIEW_PERIOD_OVER');
    expect(((await a.clerk.get(late)).body as Json).state).toBe('RECEIVED');
  });

  it('L17 17 ¶1: the competent organ is required (400 naming competentOrgan)', async () => {
    const id = await registerCase(a.clerk, '2021-03-22');
    const res = await a.officer.act(id, 'INFORM', { occurredOn: '2021-03-23' });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.errors)).toContain('competentOrgan');
  });

  it('L17 17: INFORM meets the acceptance review clock, as a refusal does', async () => {
    const res = await get(`/v1/cases/${ids.I}/deadlines?asOf=2021-03-31`, a.keys.officer);
    expectStatus(res, 200, 'deadlines');
    const clocks = (res.body.clocks ?? res.body) as Json[];
    expect(clocks.find((c) => c.clock === 'ACCEPTANCE_REVIEW')).toMatchObject({ status: 'MET' });
  });
});

describe('statistics count the outcome details (byOutcomeDetail, breakdown outcomeDetail)', () => {
  it('byOutcomeDetail counts exactly the details recorded: two not-accept grounds, two termination grounds, 受理前协商化解', async () => {
    const body = await figures();
    expect(body.figures.byOutcomeDetail).toEqual({ ...zeroDetails(), ...EXPECTED_DETAILS });
    expect(body.figures.byOutcome).toMatchObject({
      INFORMED: 1,
      NOT_ACCEPTED: 2,
      TERMINATED: 2,
      DEEMED_WITHDRAWN: 1,
      TRANSFERRED: 1,
      WITHDRAWN: 1,
    });
    expect(body.figures).toMatchObject({ concluded: 8, settledBeforeAcceptance: 1 });
    const breakdown = Object.fromEntries(
      (body.breakdowns.outcomeDetail as Json[]).map((e) => [e.code, { count: e.count, labelZh: e.labelZh }]),
    );
    expect(Object.keys(breakdown).sort()).toEqual(Object.keys(EXPECTED_DETAILS).sort());
    expect(breakdown.R07_28_4_OUT_OF_TIME).toEqual({ count: 1, labelZh: '不予受理：超过法定申请期限' });
    expect(breakdown.WITHDRAWN_AFTER_RESPONDENT_CORRECTED?.labelZh).toMatch(/^终止：/);
    const outcomes = (body.breakdowns.outcome as Json[]).map((e) => e.code);
    expect(outcomes).toContain('INFORMED');
  });

  it('the rollup and a recount of the cases agree (no drift)', async () => {
    const drift = await t.app.get(DataSource).query<unknown[]>('SELECT * FROM statistics_rollup_drift()');
    expect(drift).toEqual([]);
  });

  it('as of a date before the conclusions, the details are not counted yet', async () => {
    const res = await get('/v1/statistics/reconsideration?from=2021-01-01&to=2021-12-31&asOf=2021-05-31');
    expectStatus(res, 200);
    expect(res.body.figures.byOutcomeDetail).toEqual({
      ...zeroDetails(),
      R07_28_4_OUT_OF_TIME: 1,
      R07_28_5_OUTSIDE_SCOPE: 1,
    });
    expect(res.body.figures.byOutcome.INFORMED).toBe(1);
    expect(res.body.figures.byOutcome.TERMINATED).toBe(0);
  });
});

describe('report template items take details', () => {
  afterAll(async () => {
    await putTemplate(DEFAULT_REPORT_TEMPLATE);
  });

  it('the default template names 告知 when there is one, and the items add up (nothing unmapped)', async () => {
    const res = await get('/v1/statistics/reconsideration/report?year=2021&asOf=2021-12-31');
    expectStatus(res, 200);
    expect(res.body.sentence).toContain('1件告知申请人向有关行政复议机关提出');
    expect(res.body.unmappedOutcomes).toEqual({});
  });

  it('an item with details renders their count; terminations split into 改正后终止 and 其他', async () => {
    const template = {
      ...DEFAULT_REPORT_TEMPLATE,
      sentence: '{year}年办结{concluded}件:{items}。',
      items: [
        { label: '不予受理{n}件', outcomes: ['NOT_ACCEPTED'] },
        { label: '超期{n}件', details: ['R07_28_4_OUT_OF_TIME'] },
        { label: '改正后终止{n}件', details: ['WITHDRAWN_AFTER_RESPONDENT_CORRECTED'] },
        {
          label: '其他终止{n}件',
          details: OUTCOME_DETAILS.filter(
            (d) => d.outcome === 'TERMINATED' && d.code !== 'WITHDRAWN_AFTER_RESPONDENT_CORRECTED',
          ).map((d) => d.code),
        },
        {
          label: '告知、转送、视为撤回及受理前协商化解{n}件',
          outcomes: ['INFORMED', 'TRANSFERRED', 'DEEMED_WITHDRAWN'],
          details: ['SETTLED_BEFORE_ACCEPTANCE'],
        },
      ],
      omitZeroItems: false,
    };
    // 超期 is a detail of NOT_ACCEPTED, which the first item counts whole: refused, naming the path.
    const refused = await putTemplate(template);
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('REPORT_TEMPLATE_INVALID');
    expect((refused.body.errors as Json[]).map((e) => e.path)).toEqual(['items[1].details[0]']);

    const fixed = { ...template, items: template.items.filter((_i, n) => n !== 1) };
    expectStatus(await putTemplate(fixed), 200, 'PUT template');
    const res = await get('/v1/statistics/reconsideration/report?year=2021&asOf=2021-12-31');
    expectStatus(res, 200);
    expect(res.body.sentence).toBe(
      '2021年办结8件:不予受理2件,改正后终止1件,其他终止1件,告知、转送、视为撤回及受理前协商化解4件。',
    );
    // WITHDRAWN is counted by one of its details only: its VOLUNTARY cases would be unmapped (there are none).
    expect(res.body.unmappedOutcomes).toEqual({});
  });

  it('an outcome counted by some of its details only leaves the rest unmapped', async () => {
    const partial = {
      ...DEFAULT_REPORT_TEMPLATE,
      items: [
        ...DEFAULT_REPORT_TEMPLATE.items.filter((i) => !(i.outcomes ?? []).includes('TERMINATED')),
        { label: '{n}件改正后终止', details: ['WITHDRAWN_AFTER_RESPONDENT_CORRECTED'] },
      ],
    };
    expectStatus(await putTemplate(partial), 200, 'PUT template');
    const res = await get('/v1/statistics/reconsideration/report?year=2021&asOf=2021-12-31');
    expect(res.body.sentence).toContain('1件改正后终止');
    expect(res.body.unmappedOutcomes).toEqual({ TERMINATED: 1 });
  });

  it.each([
    ['an unknown detail code', [{ label: '{n}件', details: ['NOPE'] }], ['items[0].details[0]']],
    [
      'a detail counted twice',
      [
        { label: '{n}件', details: ['SETTLEMENT'] },
        { label: '{n}件', details: ['SETTLEMENT'] },
      ],
      ['items[1].details[0]'],
    ],
    [
      'a detail beside its outcome in the same item',
      [{ label: '{n}件', outcomes: ['TERMINATED'], details: ['SETTLEMENT'] }],
      ['items[0].details[0]'],
    ],
    ['an item with neither outcomes nor details', [{ label: '{n}件' }], ['items[0]']],
  ])('%s is 422 REPORT_TEMPLATE_INVALID naming the path, and nothing is stored', async (_what, items, paths) => {
    const before = (await get('/v1/statistics/report-template')).body;
    const res = await putTemplate({ ...DEFAULT_REPORT_TEMPLATE, items });
    expect(res.status).toBe(422);
    expect((res.body.errors as Json[]).map((e) => e.path)).toEqual(paths);
    expect((await get('/v1/statistics/report-template')).body).toEqual(before);
  });
});

describe('exports take details', () => {
  const csv = async (path: string): Promise<string[]> => {
    const res = await get(path);
    expectStatus(res, 200, path);
    return res.text
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
  };

  it('the case-list export has a 结案情形 column beside 结案方式', async () => {
    const lines = await csv(`/v1/statistics/cases/export?${YEAR}&format=csv`);
    const headers = lines[0]!.split(',');
    expect(headers.slice(-2)).toEqual(['结案方式', '结案情形']);
    const row = async (id: string) => {
      const number = ((await a.clerk.get(id)).body as Json).caseNumber as string;
      return lines
        .find((l) => l.startsWith(`${number},`))!
        .split(',')
        .slice(-2);
    };
    expect(await row(ids.N4!)).toEqual(['不予受理', '不予受理：超过法定申请期限']);
    expect(await row(ids.TC!)).toEqual(['终止', '终止：被申请人改变原行政行为后申请人撤回申请(改正后撤回)']);
    expect(await row(ids.I!)).toEqual(['告知', '']);
  });

  it('the statistics export has a 按结案情形 table', async () => {
    const lines = await csv(`/v1/statistics/reconsideration/export?${YEAR}&format=csv`);
    const start = lines.indexOf('按结案情形');
    expect(start).toBeGreaterThan(0);
    const rows = lines.slice(start + 2).filter((l) => l !== '');
    expect(
      rows
        .map((l) => l.split(',')[0])
        .slice(0, 5)
        .sort(),
    ).toEqual(Object.keys(EXPECTED_DETAILS).sort());
  });
});

describe('migration 1796830000000 backfills the details of cases concluded before it', () => {
  it('from termination_ground, withdrawal_reason and the not-accept ground; the rollup is recounted', async () => {
    const ds = t.app.get(DataSource);
    // The rows as the earlier schema left them: a detail only on dismissals, in the column and in the facts.
    const runner = ds.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      await runner.query('ALTER TABLE reconsideration_case DROP CONSTRAINT case_outcome_detail_valid');
      await runner.query(
        `UPDATE reconsideration_case SET outcome_detail = NULL, facts = jsonb_set(facts, '{outcomeDetail}', 'null'::jsonb)
          WHERE outcome IS DISTINCT FROM 'DISMISSED'`,
      );
      // The update's deferred rollup events are applied before the table is altered.
      await runner.query('SET CONSTRAINTS ALL IMMEDIATE');
      await runner.query(
        `ALTER TABLE reconsideration_case ADD CONSTRAINT case_outcome_detail_valid CHECK (outcome_detail IS NULL OR (outcome = 'DISMISSED' AND outcome_detail IN ('DISMISSED_APPLICATION','DISMISSED_CLAIM')))`,
      );
      await runner.commitTransaction();
      expect((await figures()).figures.byOutcomeDetail).toEqual(zeroDetails());

      await runner.startTransaction();
      await new OutcomeDetailsForEveryOutcome1796830000000().up(runner);
      await runner.commitTransaction();
    } finally {
      if (runner.isTransactionActive) {
        await runner.rollbackTransaction();
      }
      await runner.release();
    }
    expect((await figures()).figures.byOutcomeDetail).toEqual({ ...zeroDetails(), ...EXPECTED_DETAILS });
    expect(await ds.query('SELECT * FROM statistics_rollup_drift()')).toEqual([]);
    const rows = await ds.query<Array<{ id: string; outcome_detail: string | null; facts_detail: string | null }>>(
      `SELECT id, outcome_detail, facts->>'outcomeDetail' AS facts_detail FROM reconsideration_case WHERE id = ANY($1)`,
      [[ids.N5, ids.TW, ids.S, ids.I, ids.DW]],
    );
    const byId = Object.fromEntries(rows.map((r) => [r.id, [r.outcome_detail, r.facts_detail]]));
    expect(byId[ids.N5!]).toEqual(['R07_28_5_OUTSIDE_SCOPE', 'R07_28_5_OUTSIDE_SCOPE']);
    expect(byId[ids.TW!]).toEqual(['WITHDRAWAL_APPROVED', 'WITHDRAWAL_APPROVED']);
    expect(byId[ids.S!]).toEqual(['SETTLED_BEFORE_ACCEPTANCE', 'SETTLED_BEFORE_ACCEPTANCE']);
    expect(byId[ids.I!]).toEqual([null, null]);
    expect(byId[ids.DW!]).toEqual([null, null]);
    // The check now refuses a detail that is not its outcome's.
    await expect(
      ds.query(`UPDATE reconsideration_case SET outcome_detail = 'SETTLEMENT' WHERE id = $1`, [ids.N5]),
    ).rejects.toThrow(/case_outcome_detail_valid/);
  });

  it('a refusal reopened by the superior organ (L17 20) gets the ground of its NOT_ACCEPT event as its detail', async () => {
    const id = await registerCase(a.clerk, '2021-12-01');
    await step(a.sup, id, 'NOT_ACCEPT', notAccept('2021-12-02', 'R07_28_2_NO_LEGAL_INTEREST'));
    await step(a.clerk, id, 'ORDER_TO_ACCEPT', {
      occurredOn: '2021-12-10',
      orderingOrgan: '濮阳市人民政府',
      documentNumber: '濮政复责字〔2021〕1号',
    });
    const ds = t.app.get(DataSource);
    const priors = async () =>
      (
        await ds.query<Json[]>(
          `SELECT prior_conclusions, facts->'priorConclusions' AS facts_priors FROM reconsideration_case WHERE id = $1`,
          [id],
        )
      )[0]!;
    expect((await priors()).prior_conclusions[0].outcomeDetail).toBe('R07_28_2_NO_LEGAL_INTEREST');
    // As the earlier reducer stored it: without the detail.
    await ds.query(
      `UPDATE reconsideration_case
          SET prior_conclusions = jsonb_set(prior_conclusions, '{0,outcomeDetail}', 'null'::jsonb),
              facts = jsonb_set(facts, '{priorConclusions,0,outcomeDetail}', 'null'::jsonb)
        WHERE id = $1`,
      [id],
    );
    expect((await priors()).prior_conclusions[0].outcomeDetail).toBeNull();
    const runner = ds.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      await new OutcomeDetailsForEveryOutcome1796830000000().up(runner);
      await runner.commitTransaction();
    } finally {
      if (runner.isTransactionActive) {
        await runner.rollbackTransaction();
      }
      await runner.release();
    }
    const after = await priors();
    expect(after.prior_conclusions[0]).toMatchObject({
      outcome: 'NOT_ACCEPTED',
      outcomeDetail: 'R07_28_2_NO_LEGAL_INTEREST',
    });
    expect(after.facts_priors).toEqual(after.prior_conclusions);
    expect(await ds.query('SELECT * FROM statistics_rollup_drift()')).toEqual([]);
  });
});

describe('migration 1796830000000 reverts and reapplies', () => {
  const migration = new OutcomeDetailsForEveryOutcome1796830000000();
  const inTransaction = async (ds: DataSource, run: (r: QueryRunner) => Promise<void>) => {
    const runner = ds.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      await run(runner);
      await runner.commitTransaction();
    } finally {
      if (runner.isTransactionActive) {
        await runner.rollbackTransaction();
      }
      await runner.release();
    }
  };

  it('down refuses while a case is concluded by 告知 (the earlier schema has no INFORMED), and changes nothing', async () => {
    const ds = t.app.get(DataSource);
    const before = (await figures()).figures.byOutcomeDetail as Json;
    await expect(inTransaction(ds, (r) => migration.down(r))).rejects.toThrow(/告知/);
    expect(((await a.clerk.get(ids.I!)).body as Json).state).toBe('INFORMED');
    expect((await figures()).figures.byOutcomeDetail).toEqual(before);
    expect(before).toMatchObject(EXPECTED_DETAILS);
  });

  it('down keeps only the dismissals’ details (column and facts) and the old checks; up brings the details back', async () => {
    const other = await startTestApp({ RATE_LIMIT_PER_MINUTE: '0' });
    try {
      const actors = await makeActors(other);
      const id = await registerCase(actors.clerk, '2021-04-01');
      await step(actors.sup, id, 'NOT_ACCEPT', notAccept('2021-04-02', 'R07_28_7_ALREADY_ACCEPTED'));
      const ds = other.app.get(DataSource);
      const detail = async () =>
        (
          await ds.query<Array<{ d: string | null; f: string | null }>>(
            `SELECT outcome_detail AS d, facts->>'outcomeDetail' AS f FROM reconsideration_case WHERE id = $1`,
            [id],
          )
        )[0];
      await inTransaction(ds, (r) => migration.down(r));
      expect(await detail()).toEqual({ d: null, f: null });
      await expect(
        ds.query(`UPDATE reconsideration_case SET outcome_detail = 'R07_28_7_ALREADY_ACCEPTED' WHERE id = $1`, [id]),
      ).rejects.toThrow(/case_outcome_detail_valid/);
      expect(await ds.query('SELECT * FROM statistics_rollup_drift()')).toEqual([]);
      await inTransaction(ds, (r) => migration.up(r));
      expect(await detail()).toEqual({ d: 'R07_28_7_ALREADY_ACCEPTED', f: 'R07_28_7_ALREADY_ACCEPTED' });
      expect(await ds.query('SELECT * FROM statistics_rollup_drift()')).toEqual([]);
    } finally {
      await other.close();
    }
  });
});

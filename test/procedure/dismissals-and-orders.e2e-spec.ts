import request from 'supertest';
import { DataSource } from 'typeorm';
import { startTestApp, TestApp } from '../support/test-app';
import {
  Actors,
  availableActions,
  caseView,
  decideBody,
  expectStatus,
  historyOf,
  makeActors,
  registerCase,
  step,
  toUnderReview,
  datesFor,
} from '../support/lifecycle-steps';

/**
 * Issue 10, points 6 and 12, through the HTTP API on PostgreSQL:
 * - the two dismissals (驳回行政复议申请 R07 48 ¶1(2) / L23 33; 驳回行政复议请求 R07 48 ¶1(1) / L23 69), their detail
 *   on the case and in the statistics, and the DECIDED correction rate without procedural dismissals;
 * - the superior organ's orders (L17 20; R07 31, 48 ¶2; L23 35, 40) that reopen a case from their own date, with the
 *   refusal or dismissal kept in the history and in the as-of statistics.
 */

let t: TestApp;
let a: Actors;

beforeAll(async () => {
  t = await startTestApp();
  a = await makeActors(t);
});

afterAll(async () => {
  await t.close();
});

const ORDER = {
  orderingOrgan: '濮阳市人民政府',
  documentNumber: '濮政复责字〔2021〕2号',
  reasons: '不予受理理由不成立',
};

async function figures(from: string, to: string, asOf: string, extra = '') {
  const q = `from=${from}&to=${to}&asOf=${asOf}${extra}`;
  const r = await request(t.http)
    .get(`/v1/statistics/reconsideration?${q}`)
    .set('authorization', `Bearer ${a.keys.reporter}`);
  expectStatus(r, 200, `GET statistics ${q}`);
  return r.body as {
    figures: Record<string, unknown> & { byOutcome: Record<string, number>; byOutcomeDetail: Record<string, number> };
    breakdowns: Record<string, Array<{ code: string; labelZh: string; count: number }>>;
  };
}

async function drift(): Promise<unknown[]> {
  return t.app.get(DataSource).query('SELECT * FROM statistics_rollup_drift()');
}

describe('two dismissals (R07 48 ¶1; L23 33, 69)', () => {
  const d = datesFor(2021);

  it('R07 48 ¶1 / L23 33, 69: DISMISSED without outcomeDetail is 422 FIELD_REQUIRED_BY_LAW and writes nothing', async () => {
    const id = await registerCase(a.clerk, d.received);
    await toUnderReview(a, id, 'L2017', d);
    const before = await caseView(a.clerk, id);
    const res = await a.sup.act(
      id,
      'DECIDE',
      decideBody('DISMISSED', d.decided, 'R07 48', { outcomeDetail: undefined }),
    );
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'FIELD_REQUIRED_BY_LAW' });
    expect((await caseView(a.clerk, id)).version).toBe(before.version);
  });

  it('R07 48 ¶1(1) / L23 69: DISMISSED_CLAIM in a case that is not about non-performance is 422, citing the article', async () => {
    const id = await registerCase(a.clerk, d.received); // the factory's act is an administrative penalty
    await toUnderReview(a, id, 'L2017', d);
    const res = await a.sup.act(
      id,
      'DECIDE',
      decideBody('DISMISSED', d.decided, 'R07 48 ¶1(1)', { outcomeDetail: 'DISMISSED_CLAIM' }),
    );
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('DISMISSAL_NEEDS_NON_PERFORMANCE_CASE');
    expect(res.body.detail).toMatch(/R07 48 ¶1\(1\) \/ L23 69/);
    expect((await caseView(a.clerk, id)).state).toBe('UNDER_REVIEW');
  });

  it('R07 48 ¶1(1) / L23 69: DISMISSED_CLAIM in a non-performance case is stored on the case as outcomeDetail', async () => {
    const id = await registerCase(a.clerk, d.received, {
      contestedAct: {
        title: '不履行查处法定职责',
        category: 'FAILURE_TO_PERFORM',
        managementDomain: 'TOWNSHIP',
        knownOn: '2021-02-03',
      },
      request: { codes: ['ORDER_PERFORMANCE'], text: '请求责令履行查处职责。' },
    });
    await toUnderReview(a, id, 'L2017', d);
    await step(
      a.sup,
      id,
      'DECIDE',
      decideBody('DISMISSED', d.decided, 'R07 48 ¶1(1)', { outcomeDetail: 'DISMISSED_CLAIM' }),
    );
    expect(await caseView(a.clerk, id)).toMatchObject({ outcome: 'DISMISSED', outcomeDetail: 'DISMISSED_CLAIM' });
  });

  it('GET /v1/code-lists serves OUTCOME_DETAILS and the two order actions with zh-CN labels and articles', async () => {
    const res = await request(t.http).get('/v1/code-lists').set('authorization', `Bearer ${a.keys.clerk}`);
    expectStatus(res, 200, 'code-lists');
    const lists = res.body as Record<
      string,
      Array<{ code: string; labelZh: string; legalBasis?: string; outcome?: string }>
    >;
    // The two dismissals lead the list of outcome details; each detail names the outcome it belongs to.
    expect(lists.OUTCOME_DETAILS?.filter((e) => e.outcome === 'DISMISSED').map((e) => [e.code, e.legalBasis])).toEqual([
      ['DISMISSED_APPLICATION', 'R07 48 ¶1(2) / L23 33'],
      ['DISMISSED_CLAIM', 'R07 48 ¶1(1) / L23 69'],
    ]);
    expect(new Set(lists.OUTCOME_DETAILS?.map((e) => e.outcome))).toEqual(
      new Set(['DISMISSED', 'NOT_ACCEPTED', 'TERMINATED', 'WITHDRAWN']),
    );
    const actions = new Map(lists.ACTIONS?.map((e) => [e.code, e]));
    expect(actions.get('ORDER_TO_ACCEPT')).toMatchObject({
      labelZh: '上级机关责令受理',
      legalBasis: 'L17 20; R07 31 / L23 35',
    });
    expect(actions.get('ORDER_TO_RESUME')).toMatchObject({ labelZh: '上级机关责令恢复审理' });
  });
});

describe('statistics of the two dismissals and of reopened cases (organ of its own)', () => {
  // Received in 2023 (L2017), a year no other test in this file uses, so the figures are these cases' alone.
  const y = 2023;
  const d = datesFor(y);
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    // A: revoked (a correction). B: dismissed, procedural. C: upheld.
    ids.revoked = await registerCase(a.clerk, d.received);
    await toUnderReview(a, ids.revoked, 'L2017', d);
    await step(a.sup, ids.revoked, 'DECIDE', decideBody('REVOKED', d.decided, 'L17 28(1)(3)'));
    ids.dismissed = await registerCase(a.clerk, d.received);
    await toUnderReview(a, ids.dismissed, 'L2017', d);
    await step(
      a.sup,
      ids.dismissed,
      'DECIDE',
      decideBody('DISMISSED', d.decided, 'R07 48 ¶1(2)', { outcomeDetail: 'DISMISSED_APPLICATION' }),
    );
    ids.upheld = await registerCase(a.clerk, d.received);
    await toUnderReview(a, ids.upheld, 'L2017', d);
    await step(a.sup, ids.upheld, 'DECIDE', decideBody('UPHELD', d.decided, 'L17 28(1)(1)'));
    // D: refused on 03-03, ordered accepted by the superior organ on 2023-04-17 (L17 20), still open.
    ids.refused = await registerCase(a.clerk, d.received);
    await step(a.sup, ids.refused, 'NOT_ACCEPT', {
      occurredOn: `${y}-03-03`,
      ground: 'R07_28_5_OUTSIDE_SCOPE',
      documentNumber: `台政复不受字〔${y}〕1号`,
      reasons: '不属于行政复议范围',
    });
  });

  it('R07 48 ¶1(2) / L23 33: the procedural dismissal counts as 驳回 but not in the DECIDED base: 1 ÷ 2, not 1 ÷ 3', async () => {
    const { figures: f, breakdowns } = await figures(`${y}-01-01`, `${y}-12-31`, `${y}-12-31`);
    expect(f.byOutcome).toMatchObject({ REVOKED: 1, DISMISSED: 1, UPHELD: 1, NOT_ACCEPTED: 1 });
    expect(f.byOutcomeDetail).toMatchObject({ DISMISSED_APPLICATION: 1, DISMISSED_CLAIM: 0 });
    expect(f).toMatchObject({ meritsDecisions: 2, correctionCount: 1, correctionRate: 50 });
    expect(breakdowns.outcomeDetail).toEqual([
      expect.objectContaining({
        code: 'DISMISSED_APPLICATION',
        labelZh: '驳回行政复议申请(受理后发现不符合受理条件)',
        count: 1,
      }),
      // The refusal's ground is its detail too (R07 28(5)).
      expect.objectContaining({ code: 'R07_28_5_OUTSIDE_SCOPE', count: 1 }),
    ]);
    expect(await drift()).toEqual([]);
  });

  it('L17 20: a CLERK records the order to accept; the case is ACCEPTED from the order’s date; history keeps the refusal', async () => {
    const id = ids.refused!;
    expect(await availableActions(a.clerk, id)).toEqual(['ORDER_TO_ACCEPT']);
    // The order's organ and number are required (400 names them); UNDO is not the way (it corrects mistakes).
    const bad = await a.clerk.act(id, 'ORDER_TO_ACCEPT', { occurredOn: `${y}-04-17` });
    expect(bad.status).toBe(400);
    const view = await step(a.clerk, id, 'ORDER_TO_ACCEPT', { occurredOn: `${y}-04-17`, ...ORDER });
    expect(view).toMatchObject({ state: 'ACCEPTED', acceptedOn: `${y}-04-17`, outcome: null, concludedOn: null });
    expect((view.facts as Record<string, unknown>).priorConclusions).toEqual([
      {
        outcome: 'NOT_ACCEPTED',
        // The refusal keeps its ground (R07 28(5)) as its detail.
        outcomeDetail: 'R07_28_5_OUTSIDE_SCOPE',
        concludedOn: `${y}-03-03`,
        reopenedOn: `${y}-04-17`,
        reopenedBy: 'ORDER_TO_ACCEPT',
      },
    ]);
    expect((view.facts as Record<string, unknown>).superiorOrders).toEqual([
      {
        action: 'ORDER_TO_ACCEPT',
        orderedOn: `${y}-04-17`,
        orderingOrgan: ORDER.orderingOrgan,
        documentNumber: ORDER.documentNumber,
        fromState: 'NOT_ACCEPTED',
      },
    ]);
    const events = await historyOf(a.clerk, id);
    expect(events.map((e) => [e.action, e.stateBefore, e.stateAfter, e.legalBasis])).toEqual([
      ['REGISTER', null, 'RECEIVED', events[0]?.legalBasis],
      ['NOT_ACCEPT', 'RECEIVED', 'NOT_ACCEPTED', 'L17 17; R07 28'],
      ['ORDER_TO_ACCEPT', 'NOT_ACCEPTED', 'ACCEPTED', 'L17 20; R07 31'],
    ]);
    expect(events[2]?.payload).toMatchObject(ORDER);
    expect(await drift()).toEqual([]);
  });

  it('L17 20: as of a date before the order the case is still NOT_ACCEPTED and concluded', async () => {
    const { figures: f } = await figures(`${y}-01-01`, `${y}-12-31`, `${y}-04-16`);
    expect(f.byOutcome.NOT_ACCEPTED).toBe(1);
    // The cases of the first block (2021, left under review) are carried over into 2023: count relative to them.
    const c = f.carriedOver as number;
    expect(f).toMatchObject({ received: 4, reopened: 0, handled: c + 4, concluded: 1, pending: c + 3 });
  });

  it('L17 20: after the order it is open again and accepted from the order’s date; the year’s identity holds', async () => {
    const { figures: f } = await figures(`${y}-01-01`, `${y}-12-31`, `${y}-12-31`);
    // 4 received + 1 reopened = 5 handled = 4 concluded (3 decisions, the refusal) + 1 pending (the ordered case).
    const c = f.carriedOver as number;
    expect(f).toMatchObject({ received: 4, reopened: 1, handled: c + 5, concluded: 4, pending: c + 1 });
    expect(f.byOutcome.NOT_ACCEPTED).toBe(1);
    expect(f.handled).toBe((f.carriedOver as number) + (f.received as number) + (f.reopened as number));
    expect(f.handled).toBe((f.concluded as number) + (f.pending as number));
    // Accepted in 2023: the three reviewed cases on 03-18 and the ordered one on 04-17.
    expect(f.accepted).toBe(4);
    const before = await figures(`${y}-04-01`, `${y}-04-16`, `${y}-04-16`);
    expect(before.figures).toMatchObject({ accepted: 0, reopened: 0 });
    const after = await figures(`${y}-04-17`, `${y}-04-30`, `${y}-04-30`);
    expect(after.figures).toMatchObject({
      accepted: 1,
      reopened: 1,
      carriedOver: c + 3,
      handled: c + 4,
      pending: c + 4,
    });
  });

  it('R07 48 ¶2 / L23 35: an order to resume reopens the dismissed case: review resumes, the dismissal stays in its period', async () => {
    const id = ids.dismissed!;
    await step(a.clerk, id, 'SERVE_DECISION', { occurredOn: d.served });
    expect(await availableActions(a.clerk, id)).toContain('ORDER_TO_RESUME');
    // An uphold cannot be reopened this way (409 with the guard's reason).
    const upheld = await a.clerk.act(ids.upheld!, 'ORDER_TO_RESUME', { occurredOn: `${y}-06-20`, ...ORDER });
    expect(upheld.status).toBe(409);
    expect(upheld.body.code).toBe('ACTION_NOT_AVAILABLE');
    const view = await step(a.officer, id, 'ORDER_TO_RESUME', {
      occurredOn: `${y}-06-20`,
      ...ORDER,
      documentNumber: '濮政复责字〔2023〕5号',
    });
    expect(view).toMatchObject({ state: 'UNDER_REVIEW', outcome: null, outcomeDetail: null, decidedOn: null });
    const asOfBefore = await figures(`${y}-01-01`, `${y}-12-31`, `${y}-06-19`);
    expect(asOfBefore.figures.byOutcomeDetail.DISMISSED_APPLICATION).toBe(1);
    const c = asOfBefore.figures.carriedOver as number;
    expect(asOfBefore.figures).toMatchObject({ reopened: 1, pending: c + 1 });
    const year = await figures(`${y}-01-01`, `${y}-12-31`, `${y}-12-31`);
    expect(year.figures).toMatchObject({ received: 4, reopened: 2, handled: c + 6, concluded: 4, pending: c + 2 });
    expect(year.figures.byOutcome.DISMISSED).toBe(1);
    expect(await drift()).toEqual([]);
  });
});

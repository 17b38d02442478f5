import request from 'supertest';
import { DataSource } from 'typeorm';
import { DeemedAcceptanceService } from '../../src/cases/deemed-acceptance.service';
import { startTestApp, TestApp } from '../support/test-app';
import {
  Actors,
  caseView,
  expectStatus,
  historyOf,
  makeActors,
  registerCase,
  registrationOn,
  step,
  datesFor,
} from '../support/lifecycle-steps';

/**
 * Issue 10, points 1–3, 9, 10: the acceptance review and the clocks that start from a receipt, through the HTTP API
 * on the real PostgreSQL. The deemed-acceptance job is driven by hand (runOnce with a named day) except in the last
 * block, where its timer runs.
 */
type ClockJson = {
  clock: string;
  startOn: string | null;
  dueOn: string | null;
  status: string;
  estimated: boolean;
  explanation: string[];
};

let t: TestApp;
let a: Actors;
let job: DeemedAcceptanceService;

beforeAll(async () => {
  t = await startTestApp();
  a = await makeActors(t);
  job = t.app.get(DeemedAcceptanceService);
});

afterAll(async () => {
  await t.close();
});

async function clocks(id: string, asOf?: string): Promise<ClockJson[]> {
  const res = await a.clerk.clocks(id, asOf);
  expectStatus(res, 200, 'GET /deadlines');
  return (res.body as { clocks: ClockJson[] }).clocks;
}

async function clockOf(id: string, name: string, asOf?: string): Promise<ClockJson> {
  const found = (await clocks(id, asOf)).find((c) => c.clock === name);
  if (!found) {
    throw new Error(`no ${name} clock`);
  }
  return found;
}

async function acceptedAsOf(asOf: string): Promise<number> {
  const res = await request(t.http)
    .get(`/v1/statistics/reconsideration?from=2025-01-01&to=2025-12-31&asOf=${asOf}`)
    .set('authorization', `Bearer ${a.keys.reporter}`);
  expectStatus(res, 200, 'GET /statistics');
  return (res.body as { figures: { accepted: number } }).figures.accepted;
}

const notAccept = (occurredOn: string) => ({
  occurredOn,
  ground: 'L23_30_5_OUTSIDE_SCOPE',
  documentNumber: '台政复不受字〔2025〕1号',
  reasons: '不属于行政复议范围',
});

describe('L23 30 ¶3 / L17 17 ¶2: deemed acceptance', () => {
  let deemed: string;

  beforeAll(async () => {
    // Received Monday 2025-03-03: the five working days end on Monday 2025-03-10.
    deemed = await registerCase(a.clerk, '2025-03-03');
  });

  it('L23 30 ¶3: before anything is recorded, the clocks already run from the deemed date (decision due 2025-05-09)', async () => {
    const decision = await clockOf(deemed, 'DECISION', '2025-03-20');
    expect(decision).toMatchObject({ startOn: '2025-03-10', dueOn: '2025-05-09', status: 'RUNNING' });
    expect(decision.explanation.join('\n')).toMatch(/视为受理.*2025-03-10/);
    expect(await clockOf(deemed, 'COPY_TO_RESPONDENT', '2025-03-20')).toMatchObject({ startOn: '2025-03-10' });
    // On the review's last day a refusal is still possible: no decision clock yet.
    expect((await clocks(deemed, '2025-03-10')).map((c) => c.clock)).not.toContain('DECISION');
  });

  it('L23 30 ¶2: after the review’s last day 不予受理 is 422 naming dismissal (L23 33), and nothing is written', async () => {
    const res = await a.sup.act(deemed, 'NOT_ACCEPT', notAccept('2025-03-11'));
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe('ACCEPTANCE_REVIEW_PERIOD_OVER');
    expect(res.body.detail).toMatch(/L23 30 ¶3/);
    expect(res.body.detail).toMatch(/L23 33/);
    const correction = await a.officer.act(deemed, 'REQUEST_CORRECTION', { occurredOn: '2025-03-11', items: ['材料'] });
    expect(correction.body.code).toBe('ACCEPTANCE_REVIEW_PERIOD_OVER');
    expect((await historyOf(a.clerk, deemed)).map((e) => e.action)).toEqual(['REGISTER']);
  });

  it('L23 30 ¶3: nobody can record DEEM_ACCEPTED by hand (403), and it is not offered', async () => {
    const res = await a.sup.act(deemed, 'DEEM_ACCEPTED', { occurredOn: '2025-03-10', reviewEndedOn: '2025-03-10' });
    expect(res.status).toBe(403);
    expect(res.body.detail).toMatch(/recorded by the service itself/);
    const actions = await a.sup.actions(deemed);
    expect((actions.body as { actions: Array<{ action: string }> }).actions.map((x) => x.action)).not.toContain(
      'DEEM_ACCEPTED',
    );
  });

  it('L23 30 ¶3: the job records the act once, dated the deemed day, by "system", with the article; the state says so', async () => {
    // Two runs at once (as two instances would): the row lock and the state check let one write the act.
    const [first, second] = await Promise.all([job.runOnce('2025-03-20'), job.runOnce('2025-03-20')]);
    expect([...first, ...second].filter((id) => id === deemed)).toHaveLength(1);
    expect(await job.runOnce('2025-03-21')).not.toContain(deemed);

    const view = await caseView(a.clerk, deemed);
    expect(view).toMatchObject({ state: 'ACCEPTED', acceptedOn: '2025-03-10', procedure: 'ORDINARY' });
    expect(view.facts).toMatchObject({ acceptanceDeemed: true, acceptanceRecordedOn: null });
    const events = await historyOf(a.clerk, deemed);
    expect(events.map((e) => e.action)).toEqual(['REGISTER', 'DEEM_ACCEPTED']);
    expect(events[1]).toMatchObject({
      occurredOn: '2025-03-10',
      legalBasis: 'L23 30 ¶3',
      stateBefore: 'RECEIVED',
      stateAfter: 'ACCEPTED',
      actorName: 'system',
      actorKeyId: null,
      payload: { reviewEndedOn: '2025-03-10' },
    });
    expect(await clockOf(deemed, 'DECISION', '2025-03-21')).toMatchObject({ dueOn: '2025-05-09' });
  });

  it('L23 30 ¶3: the statistics count it accepted from 2025-03-10, also as of a past date', async () => {
    expect(await acceptedAsOf('2025-03-09')).toBe(0);
    expect(await acceptedAsOf('2025-03-10')).toBe(1);
  });

  it('L23 30: after a deemed acceptance NOT_ACCEPT is 409 naming dismissal; the 受理通知书 is recorded once', async () => {
    const refused = await a.sup.act(deemed, 'NOT_ACCEPT', notAccept('2025-03-21'));
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toMatch(/DISMISSED \(驳回行政复议申请, L23 33; R07 48 ¶1\(2\)\)/);
    expect(refused.body.allowedActions).not.toContain('DEEM_ACCEPTED');
    const sent = await step(a.clerk, deemed, 'SEND_ACCEPTANCE_NOTICE', {
      occurredOn: '2025-03-21',
      documentNumber: '台政复受字〔2025〕1号',
    });
    expect(sent.facts).toMatchObject({ acceptanceNoticeSentOn: '2025-03-21' });
    const again = await a.clerk.act(deemed, 'SEND_ACCEPTANCE_NOTICE', { occurredOn: '2025-03-22' });
    expect(again.body).toMatchObject({ status: 409, condition: 'acceptanceNoticeNotYetSent' });
  });

  it('L23 30 ¶3: an ACCEPT recorded late counts from the review’s last day; one on the last day from its own date', async () => {
    const late = await registerCase(a.clerk, '2025-03-03');
    const accepted = await step(a.officer, late, 'ACCEPT', {
      occurredOn: '2025-03-20',
      procedure: 'ORDINARY',
      noticeSentOn: '2025-03-20',
    });
    expect(accepted).toMatchObject({ state: 'ACCEPTED', acceptedOn: '2025-03-10' });
    expect(accepted.facts).toMatchObject({
      acceptanceRecordedOn: '2025-03-20',
      acceptanceDeemed: true,
      acceptanceNoticeSentOn: '2025-03-20',
    });
    expect(await clockOf(late, 'DECISION', '2025-03-21')).toMatchObject({ dueOn: '2025-05-09' });
    const history = await historyOf(a.clerk, late);
    expect(history[1]?.payload).toMatchObject({ legalAcceptedOn: '2025-03-10', reviewEndedOn: '2025-03-10' });

    const timely = await registerCase(a.clerk, '2025-03-03');
    const ok = await step(a.officer, timely, 'ACCEPT', { occurredOn: '2025-03-10', procedure: 'ORDINARY' });
    expect(ok).toMatchObject({ acceptedOn: '2025-03-10' });
    expect(ok.facts).toMatchObject({ acceptanceDeemed: false });
    // A refusal on the review's last day is still in time (L23 30 ¶2 「在审查期限内」).
    const lastDay = await registerCase(a.clerk, '2025-03-03');
    expect((await step(a.sup, lastDay, 'NOT_ACCEPT', notAccept('2025-03-10'))).state).toBe('NOT_ACCEPTED');
  });

  it('L17 17 ¶2: an L2017 application is accepted in law from receipt; the job dates its deemed acceptance so', async () => {
    const d = datesFor(2021);
    const recorded = await registerCase(a.clerk, d.received);
    expect((await step(a.officer, recorded, 'ACCEPT', { occurredOn: d.accepted })).facts.acceptanceRecordedOn).toBe(
      d.accepted,
    );
    expect((await caseView(a.clerk, recorded)).acceptedOn).toBe(d.received);

    const untouched = await registerCase(a.clerk, '2021-06-01');
    expect(await job.runOnce('2021-06-15')).toContain(untouched);
    const events = await historyOf(a.clerk, untouched);
    expect(events[1]).toMatchObject({ action: 'DEEM_ACCEPTED', occurredOn: '2021-06-01', legalBasis: 'L17 17 ¶2' });
  });
});

describe('L23 30 ¶3: when the job does not deem an application accepted (yet)', () => {
  it('leaves alone a case changed within DEEMED_ACCEPTANCE_GRACE_SECONDS (being registered and recorded)', async () => {
    const id = await registerCase(a.clerk, '2025-04-01');
    expect(await job.runOnce('2025-05-01', 600)).not.toContain(id);
    expect(await job.runOnce('2025-05-01', 0)).toContain(id);
  });

  it('L17 18: under L2017 it waits the 7 working days of a transfer, and the transfer stays possible until then', async () => {
    // Received Tuesday 2021-06-01: the review ends 2021-06-08, the transfer period 2021-06-10.
    const id = await registerCase(a.clerk, '2021-06-01');
    expect(await job.runOnce('2021-06-10', 0)).not.toContain(id);
    await step(a.officer, id, 'TRANSFER', { occurredOn: '2021-06-10', receivingOrgan: '濮阳市人民政府' });
    expect(await clockOf(id, 'TRANSFER')).toMatchObject({ status: 'MET' });
  });

  it('R07 30: not while the competent organ is being determined', async () => {
    const id = await registerCase(a.clerk, '2025-04-01');
    await step(a.officer, id, 'START_NOT_COUNTED_PERIOD', {
      occurredOn: '2025-04-02',
      kind: 'COMPETENT_ORGAN_DETERMINATION',
    });
    expect(await job.runOnce('2025-05-01', 0)).not.toContain(id);
    await step(a.officer, id, 'END_NOT_COUNTED_PERIOD', {
      occurredOn: '2025-04-15',
      kind: 'COMPETENT_ORGAN_DETERMINATION',
    });
    expect(await job.runOnce('2025-05-01', 0)).toContain(id);
  });

  it('a null where the law requires a field is a missing field (422 naming it), never a 500', async () => {
    const d = datesFor(2025);
    const id = await registerCase(a.clerk, d.received);
    await step(a.officer, id, 'ACCEPT', { occurredOn: d.refused, procedure: 'ORDINARY' });
    await step(a.officer, id, 'SEND_COPY', { occurredOn: d.refused });
    await step(a.officer, id, 'HEAR_OPINIONS', { occurredOn: d.refused, result: 'HEARD' });
    const res = await a.sup.act(id, 'EXTEND', { occurredOn: d.refused, days: 10, reasons: '复杂', approval: null });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'approval' })]);
  });
});

describe('L23 31 ¶2: the correction period runs from the applicant’s receipt of the notice', () => {
  it('estimated from the notice until the service is recorded; DEEM_WITHDRAWN needs the service date and a passed period; the period can be extended', async () => {
    const id = await registerCase(a.clerk, '2025-03-03');
    await step(a.officer, id, 'REQUEST_CORRECTION', { occurredOn: '2025-03-04', items: ['申请人身份证明'] });
    const estimated = await clockOf(id, 'CORRECTION', '2025-03-05');
    expect(estimated).toMatchObject({ startOn: '2025-03-04', dueOn: '2025-03-18', estimated: true });
    expect(estimated.explanation[0]).toMatch(/估算/);

    const unknown = await a.officer.act(id, 'DEEM_WITHDRAWN', { occurredOn: '2025-04-01', reasons: '逾期未补正' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.code).toBe('SERVICE_DATE_UNKNOWN');

    const before = await a.clerk.act(id, 'RECORD_CORRECTION_SERVICE', {
      occurredOn: '2025-03-10',
      servedOn: '2025-03-03',
    });
    expect(before.body).toMatchObject({ status: 422, code: 'DATE_OUT_OF_ORDER' });
    const served = await step(a.clerk, id, 'RECORD_CORRECTION_SERVICE', {
      occurredOn: '2025-03-10',
      servedOn: '2025-03-07',
      serviceMethod: 'POSTAL',
    });
    expect(served.facts).toMatchObject({ correctionServedOn: '2025-03-07' });
    expect(await clockOf(id, 'CORRECTION', '2025-03-11')).toMatchObject({
      startOn: '2025-03-07',
      dueOn: '2025-03-21',
      estimated: false,
    });
    const early = await a.officer.act(id, 'DEEM_WITHDRAWN', { occurredOn: '2025-03-21', reasons: '逾期未补正' });
    expect(early.body.code).toBe('CORRECTION_PERIOD_NOT_OVER');

    const shorter = await a.officer.act(id, 'EXTEND_CORRECTION_PERIOD', {
      occurredOn: '2025-03-20',
      correctionDueOn: '2025-03-21',
      reasons: '申请人住院',
    });
    expect(shorter.body.code).toBe('DATE_OUT_OF_ORDER');
    await step(a.officer, id, 'EXTEND_CORRECTION_PERIOD', {
      occurredOn: '2025-03-20',
      correctionDueOn: '2025-04-03',
      reasons: '申请人住院，有正当理由',
    });
    const extended = await clockOf(id, 'CORRECTION', '2025-03-21');
    expect(extended.dueOn).toBe('2025-04-03');
    expect(extended.explanation.join('\n')).toMatch(/延长补正期限至 2025-04-03/);
    expect((await a.officer.act(id, 'DEEM_WITHDRAWN', { occurredOn: '2025-04-03', reasons: '逾期' })).body.code).toBe(
      'CORRECTION_PERIOD_NOT_OVER',
    );
    const withdrawn = await step(a.officer, id, 'DEEM_WITHDRAWN', { occurredOn: '2025-04-07', reasons: '逾期未补正' });
    expect(withdrawn).toMatchObject({ state: 'DEEMED_WITHDRAWN', outcome: 'DEEMED_WITHDRAWN' });
  });
});

describe('L17 23 / L23 48: the reply period runs from the respondent’s receipt of the copy', () => {
  it('estimated from the sending date until the receipt is recorded, then from the receipt', async () => {
    const d = datesFor(2025);
    const open = await registerCase(a.clerk, d.received);
    await step(a.officer, open, 'ACCEPT', { occurredOn: d.accepted, procedure: 'ORDINARY' });
    await step(a.officer, open, 'SEND_COPY', { occurredOn: d.copySent });
    const estimated = await clockOf(open, 'RESPONDENT_REPLY', d.copySent);
    expect(estimated).toMatchObject({ startOn: d.copySent, estimated: true });
    expect(estimated.explanation[0]).toMatch(/估算.*L23 48/);

    const early = await a.clerk.act(open, 'RECORD_COPY_RECEIPT', {
      occurredOn: '2025-03-25',
      receivedOn: '2025-03-18',
    });
    expect(early.body).toMatchObject({ status: 422, code: 'DATE_OUT_OF_ORDER' });
    await step(a.clerk, open, 'RECORD_COPY_RECEIPT', {
      occurredOn: '2025-03-25',
      receivedOn: '2025-03-21',
      serviceMethod: 'POSTAL',
    });
    // 10 working days from Friday 2025-03-21: 2025-04-07 (Qingming, 4 April, is skipped).
    const fromReceipt = await clockOf(open, 'RESPONDENT_REPLY', '2025-03-25');
    expect(fromReceipt).toMatchObject({ startOn: '2025-03-21', dueOn: '2025-04-07', estimated: false });
    const twice = await a.clerk.act(open, 'RECORD_COPY_RECEIPT', {
      occurredOn: '2025-03-26',
      receivedOn: '2025-03-21',
    });
    expect(twice.body).toMatchObject({ status: 409, condition: 'copyReceiptNotYetRecorded' });
  });
});

describe('L17 18: the transfer clock', () => {
  it('L17 18, 40: a transfer within 7 working days is met, a later one is shown as missed', async () => {
    const timely = await registerCase(a.clerk, '2021-03-01');
    await step(a.officer, timely, 'TRANSFER', { occurredOn: '2021-03-05', receivingOrgan: '濮阳市人民政府' });
    expect(await clockOf(timely, 'TRANSFER')).toMatchObject({ dueOn: '2021-03-10', status: 'MET' });
    const late = await registerCase(a.clerk, '2021-03-01');
    await step(a.officer, late, 'TRANSFER', { occurredOn: '2021-03-15', receivingOrgan: '濮阳市人民政府' });
    expect(await clockOf(late, 'TRANSFER')).toMatchObject({ dueOn: '2021-03-10', status: 'MISSED' });
  });
});

describe('L23 30 ¶3: the deemed-acceptance job on its timer', () => {
  let timed: TestApp;

  beforeAll(async () => {
    timed = await startTestApp({ DEEMED_ACCEPTANCE_INTERVAL_SECONDS: '1' });
  });

  afterAll(async () => {
    await timed.close();
  });

  it('records the deemed acceptance of an application whose review ran out, without anyone asking', async () => {
    const clerk = await timed.createKey(['CLERK']);
    const res = await request(timed.http)
      .post('/v1/cases')
      .set('authorization', `Bearer ${clerk}`)
      .send(registrationOn('2025-03-03'));
    expectStatus(res, 201, 'REGISTER');
    const id = (res.body as { id: string }).id;
    const ds = timed.app.get(DataSource);
    let state = 'RECEIVED';
    for (let i = 0; i < 60 && state === 'RECEIVED'; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      const rows: Array<{ state: string }> = await ds.query('SELECT state FROM reconsideration_case WHERE id = $1', [
        id,
      ]);
      state = rows[0]?.state ?? 'RECEIVED';
    }
    expect(state).toBe('ACCEPTED');
  });
});

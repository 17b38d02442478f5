import request, { type Response } from 'supertest';
import { CaseClient } from '../support/case-client';
import { residentId } from '../support/factories';
import {
  Actors,
  datesFor,
  decideBody,
  expectStatus,
  historyOf,
  makeActors,
  Regime,
  RegimeDates,
  registerCase,
  registrationOn,
  step,
  tomorrowInChina,
  toUnderReview,
} from '../support/lifecycle-steps';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Every refusal is a problem document (application/problem+json with a stable `code`) and leaves no trace: the case's
 * version, ETag, projection and history are exactly what they were before the request.
 */

let t: TestApp;
let a: Actors;
const d17: RegimeDates = datesFor(2021);
const d23: RegimeDates = datesFor(2024);

beforeAll(async () => {
  t = await startTestApp();
  a = await makeActors(t);
});

afterAll(async () => {
  await t.close();
});

/** `code` may list several acceptable codes. */
function expectProblem(res: Response, status: number, code: string | string[]): void {
  const codes = Array.isArray(code) ? code : [code];
  const got = { status: res.status, code: res.body?.code as string };
  expect(got).toEqual({ status, code: codes.includes(got.code) ? got.code : codes.join(' | ') });
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status, type: `urn:reconsideration:problem:${res.body.code}` });
  expect(typeof res.body.title).toBe('string');
  expect(typeof res.body.detail).toBe('string');
}

interface Snapshot {
  etag: string;
  version: number;
  historyLength: number;
  view: Record<string, unknown>;
}

async function snapshot(id: string): Promise<Snapshot> {
  const res = await a.sup.get(id);
  expectStatus(res, 200, 'GET /cases/{id}');
  return {
    etag: res.headers.etag as string,
    version: res.body.version as number,
    historyLength: (await historyOf(a.sup, id)).length,
    view: res.body as Record<string, unknown>,
  };
}

/** Runs a request that must be refused with `status`/`code`, and proves it changed nothing. */
async function expectRefusal(
  id: string,
  status: number,
  code: string | string[],
  send: (etag: string) => Promise<Response>,
): Promise<Response> {
  const before = await snapshot(id);
  const res = await send(before.etag);
  expectProblem(res, status, code);
  const after = await snapshot(id);
  expect(after.etag).toBe(before.etag);
  expect(after.version).toBe(before.version);
  expect(after.historyLength).toBe(before.historyLength);
  expect(after.view).toEqual(before.view);
  return res;
}

function post(client: CaseClient, id: string, action: string, body: Record<string, unknown>, etag: string) {
  return client.actRaw(id, action, body, { 'if-match': etag });
}

const caseNumberSeq = (view: { caseNumber: string }) => Number(/〕(\d+)号$/.exec(view.caseNumber)?.[1]);

async function reviewed(regime: Regime): Promise<string> {
  const d = regime === 'L2017' ? d17 : d23;
  const id = await registerCase(a.clerk, d.received);
  await toUnderReview(a, id, regime, d);
  return id;
}

// ── 409: illegal moves ───────────────────────────────────────────────────────────────────────────────────────────

describe('409 ILLEGAL_TRANSITION', () => {
  it('L17 28: DECIDE on a RECEIVED L2017 case is 409 and names the allowed actions', async () => {
    const id = await registerCase(a.clerk, d17.received);
    const res = await expectRefusal(id, 409, 'ILLEGAL_TRANSITION', (etag) =>
      post(a.sup, id, 'DECIDE', decideBody('UPHELD', d17.decided, 'L17 28(1)(1)'), etag),
    );
    expect(res.body.state).toBe('RECEIVED');
    expect([...res.body.allowedActions].sort()).toEqual(
      // START_NOT_COUNTED_PERIOD: determining the competent organ (R07 30) while acceptance is open.
      // INFORM: 告知 (L17 17 ¶1), from the same state as 不予受理.
      [
        'ACCEPT',
        'INFORM',
        'NOT_ACCEPT',
        'REQUEST_CORRECTION',
        'START_NOT_COUNTED_PERIOD',
        'TRANSFER',
        'WITHDRAW',
      ].sort(),
    );
  });

  it('L23 61: DECIDE on a RECEIVED L2023 case is 409 and names the allowed actions (no TRANSFER under L23)', async () => {
    const id = await registerCase(a.clerk, d23.received);
    const res = await expectRefusal(id, 409, 'ILLEGAL_TRANSITION', (etag) =>
      post(a.sup, id, 'DECIDE', decideBody('UPHELD', d23.decided, 'L23 68'), etag),
    );
    expect([...res.body.allowedActions].sort()).toEqual(
      ['ACCEPT', 'NOT_ACCEPT', 'REQUEST_CORRECTION', 'START_NOT_COUNTED_PERIOD', 'WITHDRAW'].sort(),
    );
  });

  it('L17 31 ¶3: SERVE_DECISION before any decision is 409', async () => {
    const id = await reviewed('L2017');
    const res = await expectRefusal(id, 409, 'ILLEGAL_TRANSITION', (etag) =>
      post(a.clerk, id, 'SERVE_DECISION', { occurredOn: d17.served }, etag),
    );
    expect(res.body.allowedActions).not.toContain('SERVE_DECISION');
    expect(res.body.allowedActions).toContain('DECIDE');
  });

  it('L17 23: RECEIVE_REPLY on an ACCEPTED case (copy not yet sent) is 409', async () => {
    const id = await registerCase(a.clerk, d17.received);
    await step(a.officer, id, 'ACCEPT', { occurredOn: d17.accepted });
    const res = await expectRefusal(id, 409, 'ILLEGAL_TRANSITION', (etag) =>
      post(a.clerk, id, 'RECEIVE_REPLY', { occurredOn: d17.replyReceived }, etag),
    );
    expect(res.body.allowedActions).toContain('SEND_COPY');
  });

  /** Valid bodies, so that the refusal comes from the state and not from validation. */
  const attempts = (d: RegimeDates): Array<[string, Record<string, unknown>]> => [
    ['ACCEPT', { occurredOn: d.closed, procedure: 'ORDINARY' }],
    ['WITHDRAW', { occurredOn: d.closed, reason: 'VOLUNTARY' }],
    ['REQUEST_CORRECTION', { occurredOn: d.closed, items: ['材料'] }],
    ['SUSPEND', { occurredOn: d.closed, ground: 'R07_41_8_OTHER' }],
    ['DECIDE', decideBody('UPHELD', d.closed, 'L17 28(1)(1)')],
    ['CLOSE', { occurredOn: d.closed }],
  ];

  const notAccept = (d: RegimeDates, ground: string) => ({
    occurredOn: d.refused,
    ground,
    documentNumber: '台政复不受字〔X〕1号',
    reasons: '理由',
  });
  const terminate = (d: RegimeDates) => ({
    occurredOn: d.decided,
    ground: 'WITHDRAWAL_APPROVED',
    documentNumber: '台政复终字〔X〕1号',
    reasons: '准予撤回',
  });

  const TERMINAL: Array<[string, string, Regime, (id: string, d: RegimeDates) => Promise<void>]> = [
    [
      'L17 17; R07 28',
      'NOT_ACCEPTED',
      'L2017',
      async (id, d) => void (await step(a.sup, id, 'NOT_ACCEPT', notAccept(d, 'R07_28_5_OUTSIDE_SCOPE'))),
    ],
    [
      'L23 30',
      'NOT_ACCEPTED',
      'L2023',
      async (id, d) => void (await step(a.sup, id, 'NOT_ACCEPT', notAccept(d, 'L23_30_5_OUTSIDE_SCOPE'))),
    ],
    [
      'R07 29',
      'DEEMED_WITHDRAWN',
      'L2017',
      async (id, d) => {
        await step(a.officer, id, 'REQUEST_CORRECTION', {
          occurredOn: d.correctionRequested,
          items: ['材料'],
          correctionDueOn: d.correctionDue,
        });
        await step(a.officer, id, 'DEEM_WITHDRAWN', { occurredOn: d.accepted, reasons: '逾期未补正' });
      },
    ],
    [
      'L23 31 ¶2',
      'DEEMED_WITHDRAWN',
      'L2023',
      async (id, d) => {
        await step(a.officer, id, 'REQUEST_CORRECTION', {
          occurredOn: d.correctionRequested,
          items: ['材料'],
          correctionDueOn: d.correctionDue,
          servedOn: d.correctionRequested,
        });
        await step(a.officer, id, 'DEEM_WITHDRAWN', { occurredOn: d.accepted, reasons: '逾期未补正' });
      },
    ],
    [
      'L17 25',
      'WITHDRAWN',
      'L2017',
      async (id, d) => void (await step(a.clerk, id, 'WITHDRAW', { occurredOn: d.refused, reason: 'VOLUNTARY' })),
    ],
    [
      'L23 74',
      'WITHDRAWN',
      'L2023',
      async (id, d) =>
        void (await step(a.clerk, id, 'WITHDRAW', { occurredOn: d.refused, reason: 'SETTLED_BEFORE_ACCEPTANCE' })),
    ],
    [
      'L17 15 ¶2',
      'TRANSFERRED',
      'L2017',
      async (id, d) =>
        void (await step(a.officer, id, 'TRANSFER', { occurredOn: d.correctionRequested, receivingOrgan: '某机关' })),
    ],
    [
      'R07 42',
      'TERMINATED',
      'L2017',
      async (id, d) => {
        await toUnderReview(a, id, 'L2017', d);
        await step(a.sup, id, 'TERMINATE', terminate(d));
      },
    ],
    [
      'L23 41',
      'TERMINATED',
      'L2023',
      async (id, d) => {
        await toUnderReview(a, id, 'L2023', d);
        await step(a.sup, id, 'TERMINATE', terminate(d));
      },
    ],
    [
      'L17 32',
      'CLOSED',
      'L2017',
      async (id, d) => {
        await toUnderReview(a, id, 'L2017', d);
        await step(a.sup, id, 'DECIDE', decideBody('REVOKED', d.decided, 'L17 28(1)(3)', { remakeOrdered: true }));
        await step(a.clerk, id, 'SERVE_DECISION', { occurredOn: d.served });
        await step(a.officer, id, 'CLOSE', { occurredOn: d.closed });
      },
    ],
    [
      'L23 77',
      'CLOSED',
      'L2023',
      async (id, d) => {
        await toUnderReview(a, id, 'L2023', d);
        await step(a.sup, id, 'DECIDE', decideBody('VARIED', d.decided, 'L23 63'));
        await step(a.clerk, id, 'SERVE_DECISION', { occurredOn: d.served });
        await step(a.officer, id, 'CLOSE', { occurredOn: d.closed });
      },
    ],
  ];

  // A CLOSED file still records the follow-up of the decision (L17 32; L23 77; R07 49): those are its only actions.
  const FOLLOW_UP_ALLOWED: Record<Regime, string[]> = {
    L2017: ['RECORD_REMADE_ACT', 'SUPERVISE_COMPLIANCE'], // REVOKED with a remake order
    L2023: ['SUPERVISE_COMPLIANCE'], // VARIED
  };

  it.each(TERMINAL)(
    '%s: every action on a %s (%s) case is 409, allowing only a superior order to accept a refusal or the follow-up of a decision',
    async (_cite, state, regime, reach) => {
      const d = regime === 'L2017' ? d17 : d23;
      const id = await registerCase(a.clerk, d.received);
      await reach(id, d);
      expect((await a.sup.get(id)).body.state).toBe(state);
      for (const [action, body] of attempts(d)) {
        const res = await expectRefusal(id, 409, 'ILLEGAL_TRANSITION', (etag) => post(a.sup, id, action, body, etag));
        // A refusal can still be reopened, but only by the superior organ's order (L17 20; R07 31 / L23 35).
        expect({ action, allowed: res.body.allowedActions, state: res.body.state }).toEqual({
          action,
          allowed: state === 'NOT_ACCEPTED' ? ['ORDER_TO_ACCEPT'] : state === 'CLOSED' ? FOLLOW_UP_ALLOWED[regime] : [],
          state,
        });
      }
    },
  );
});

// ── 403: roles ───────────────────────────────────────────────────────────────────────────────────────────────────

describe('403 FORBIDDEN', () => {
  it('L17 28: an OFFICER may not DECIDE an UNDER_REVIEW case', async () => {
    const id = await reviewed('L2017');
    const res = await expectRefusal(id, 403, 'FORBIDDEN', (etag) =>
      post(a.officer, id, 'DECIDE', decideBody('UPHELD', d17.decided, 'L17 28(1)(1)'), etag),
    );
    expect(res.body.requiredRoles).toEqual(['SUPERVISOR']);
  });

  it('L23 61: an OFFICER may not DECIDE an UNDER_REVIEW L2023 case', async () => {
    const id = await reviewed('L2023');
    await expectRefusal(id, 403, 'FORBIDDEN', (etag) =>
      post(a.officer, id, 'DECIDE', decideBody('UPHELD', d23.decided, 'L23 68'), etag),
    );
  });

  it('L17 17; R07 28: an OFFICER may not sign a NOT_ACCEPT', async () => {
    const id = await registerCase(a.clerk, d17.received);
    await expectRefusal(id, 403, 'FORBIDDEN', (etag) =>
      post(
        a.officer,
        id,
        'NOT_ACCEPT',
        { occurredOn: d17.accepted, ground: 'R07_28_4_OUT_OF_TIME', documentNumber: 'N1', reasons: '超期' },
        etag,
      ),
    );
  });

  it('L17 17: a CLERK may not ACCEPT', async () => {
    const id = await registerCase(a.clerk, d17.received);
    await expectRefusal(id, 403, 'FORBIDDEN', (etag) =>
      post(a.clerk, id, 'ACCEPT', { occurredOn: d17.accepted }, etag),
    );
  });

  it('R07 42: an OFFICER may not TERMINATE', async () => {
    const id = await reviewed('L2017');
    await expectRefusal(id, 403, 'FORBIDDEN', (etag) =>
      post(
        a.officer,
        id,
        'TERMINATE',
        { occurredOn: d17.decided, ground: 'WITHDRAWAL_APPROVED', documentNumber: 'T1', reasons: '撤回' },
        etag,
      ),
    );
  });

  it('L17 31 ¶1: an OFFICER may not EXTEND', async () => {
    const id = await reviewed('L2017');
    await expectRefusal(id, 403, 'FORBIDDEN', (etag) =>
      post(a.officer, id, 'EXTEND', { occurredOn: d17.extended, days: 30, reasons: '复杂' }, etag),
    );
  });

  it('R07 18, 19: a REPORTER may not register an application, and no case number is consumed', async () => {
    const first = await a.clerk.register(registrationOn('2022-05-01'));
    expectStatus(first, 201);
    const refused = await a.reporter.register(registrationOn('2022-05-02'));
    expectProblem(refused, 403, 'FORBIDDEN');
    const next = await a.clerk.register(registrationOn('2022-05-03'));
    expectStatus(next, 201);
    expect(caseNumberSeq(next.body)).toBe(caseNumberSeq(first.body) + 1);
  });

  it('L17 17: a REPORTER may not act on a case', async () => {
    const id = await registerCase(a.clerk, d17.received);
    await expectRefusal(id, 403, 'FORBIDDEN', (etag) =>
      post(a.reporter, id, 'ACCEPT', { occurredOn: d17.accepted }, etag),
    );
  });

  it('R07 19: a REPORTER can list and read cases, history and actions, with resident IDs masked', async () => {
    const idNumber = residentId('19750615');
    const id = await registerCase(a.clerk, d17.received, {
      applicants: [{ kind: 'NATURAL_PERSON', name: '报表员可见', sex: 'FEMALE', idNumber }],
    });
    const read = await a.reporter.get(id);
    expectStatus(read, 200);
    expect(read.headers.etag).toBeDefined();
    expect(read.body.applicants[0].idNumber).toBe(`${idNumber.slice(0, 6)}***********${idNumber.slice(17)}`);
    expect(read.body.applicants[0].name).toBe('报*');
    expect((await a.sup.get(id)).body.applicants[0].idNumber).toBe(idNumber);

    // PIPL 4: a name search would unmask 报* character by character — refused to the REPORTER (issue 13).
    expectStatus(await a.reporter.list('applicantName=报表员可见'), 403);
    const list = await a.reporter.list(`receivedFrom=${d17.received}&receivedTo=${d17.received}&limit=200`);
    expectStatus(list, 200);
    const listed = (list.body.items as Array<{ id: string; applicants: Array<{ idNumber: string }> }>).find(
      (c) => c.id === id,
    );
    expect(listed?.applicants[0]?.idNumber).not.toBe(idNumber);

    const history = await a.reporter.history(id);
    expectStatus(history, 200);
    expect(JSON.stringify(history.body)).not.toContain(idNumber);
    const actions = await a.reporter.actions(id);
    expectStatus(actions, 200);
    expect(actions.body.actions).toEqual([]);
  });
});

// ── 422: dates ───────────────────────────────────────────────────────────────────────────────────────────────────

describe('422 dates', () => {
  it('L17 17: an act dated before the previous act is 422 DATE_OUT_OF_ORDER', async () => {
    const id = await registerCase(a.clerk, d17.received);
    const res = await expectRefusal(id, 422, 'DATE_OUT_OF_ORDER', (etag) =>
      post(a.officer, id, 'ACCEPT', { occurredOn: '2021-02-28' }, etag),
    );
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'occurredOn', code: 'DATE_OUT_OF_ORDER' })]);
  });

  it('L23 48: SEND_COPY dated before acceptance is 422 DATE_OUT_OF_ORDER', async () => {
    const id = await registerCase(a.clerk, d23.received);
    await step(a.officer, id, 'ACCEPT', { occurredOn: d23.accepted, procedure: 'ORDINARY' });
    await expectRefusal(id, 422, 'DATE_OUT_OF_ORDER', (etag) =>
      post(a.officer, id, 'SEND_COPY', { occurredOn: d23.correctionRequested }, etag),
    );
  });

  it('R07 29: a correction deadline on the notice date is 422 DATE_OUT_OF_ORDER', async () => {
    const id = await registerCase(a.clerk, d17.received);
    const res = await expectRefusal(id, 422, 'DATE_OUT_OF_ORDER', (etag) =>
      post(
        a.officer,
        id,
        'REQUEST_CORRECTION',
        { occurredOn: d17.correctionRequested, items: ['材料'], correctionDueOn: d17.correctionRequested },
        etag,
      ),
    );
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'correctionDueOn' })]);
  });

  it('L23 30: an act dated after today (China time) is 422 DATE_IN_FUTURE', async () => {
    const id = await registerCase(a.clerk, d23.received);
    const res = await expectRefusal(id, 422, 'DATE_IN_FUTURE', (etag) =>
      post(a.officer, id, 'ACCEPT', { occurredOn: tomorrowInChina(), procedure: 'ORDINARY' }, etag),
    );
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'occurredOn', code: 'DATE_IN_FUTURE' })]);
  });

  it('L23 22: an application received after today is 422 DATE_IN_FUTURE and takes no case number', async () => {
    const first = await a.clerk.register(registrationOn('2023-04-01'));
    expectStatus(first, 201);
    const refused = await a.clerk.register(registrationOn(tomorrowInChina()));
    expectProblem(refused, 422, 'DATE_IN_FUTURE');
    expect(refused.body.errors).toEqual([expect.objectContaining({ path: 'receivedOn' })]);
    const next = await a.clerk.register(registrationOn('2023-04-02'));
    expect(caseNumberSeq(next.body)).toBe(caseNumberSeq(first.body) + 1);
  });

  const decisionRegimes: Array<[string, Regime]> = [
    ['L17 28', 'L2017'],
    ['L23 61', 'L2023'],
  ];
  it.each(decisionRegimes)('%s: a decision dated before acceptance is 422 (%s)', async (cite, regime) => {
    const d = regime === 'L2017' ? d17 : d23;
    const id = await reviewed(regime);
    const res = await expectRefusal(id, 422, ['DATE_OUT_OF_ORDER', 'DECISION_BEFORE_ACCEPTANCE'], (etag) =>
      post(a.sup, id, 'DECIDE', decideBody('UPHELD', d.correctionRequested, cite), etag),
    );
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'occurredOn' })]);
  });

  it('L17 28; R07 43: a decision dated the day before acceptance, with an otherwise valid payload, is refused and the same payload dated later succeeds', async () => {
    const id = await registerCase(a.clerk, d17.received);
    await step(a.officer, id, 'ACCEPT', { occurredOn: d17.accepted });
    await step(a.officer, id, 'SEND_COPY', { occurredOn: d17.accepted });
    await step(a.clerk, id, 'RECEIVE_REPLY', { occurredOn: d17.accepted });
    expectStatus(await a.officer.assignHandlers(id), 200);
    const view = (await a.sup.get(id)).body;
    // L17 17 ¶2: accepted in law from the day of receipt, whenever ACCEPT was recorded.
    expect(view).toMatchObject({ acceptedOn: d17.received, state: 'UNDER_REVIEW' });
    expect(view.facts.lastActOn).toBe(d17.accepted);

    const body = decideBody('UPHELD', '2021-03-17', 'L17 28(1)(1); R07 43');
    const before = await snapshot(id);
    const res = await post(a.sup, id, 'DECIDE', body, before.etag);
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(['DATE_OUT_OF_ORDER', 'DECISION_BEFORE_ACCEPTANCE']).toContain(res.body.code);
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'occurredOn' })]);
    expect(await snapshot(id)).toEqual(before);

    const ok = await post(a.sup, id, 'DECIDE', { ...body, occurredOn: d17.accepted }, before.etag);
    expectStatus(ok, 200, 'DECIDE on the acceptance date');
    expect(ok.body).toMatchObject({ state: 'DECIDED', outcome: 'UPHELD', concludedOn: d17.accepted });
  });
});

// ── 412 / 428: If-Match ──────────────────────────────────────────────────────────────────────────────────────────

describe('If-Match', () => {
  it('L17 23: SEND_COPY with the ETag from before ACCEPT is 412 PRECONDITION_FAILED', async () => {
    const id = await registerCase(a.clerk, d17.received);
    const stale = await a.officer.etag(id);
    await step(a.officer, id, 'ACCEPT', { occurredOn: d17.accepted });
    const res = await expectRefusal(id, 412, 'PRECONDITION_FAILED', () =>
      post(a.officer, id, 'SEND_COPY', { occurredOn: d17.copySent }, stale),
    );
    expect(res.body.currentVersion).toBe(Number(stale.replace(/"/g, '')) + 1);
  });

  it('R07 32: PUT /handlers with a stale ETag is 412', async () => {
    const id = await registerCase(a.clerk, d17.received);
    const stale = await a.officer.etag(id);
    await step(a.officer, id, 'ACCEPT', { occurredOn: d17.accepted });
    await expectRefusal(id, 412, 'PRECONDITION_FAILED', () =>
      request(t.http)
        .put(`/v1/cases/${id}/handlers`)
        .set('authorization', `Bearer ${a.keys.officer}`)
        .set('if-match', stale)
        .send({ handlers: [{ name: '王明' }, { name: '李华' }] }),
    );
  });

  it('L17 17: ACCEPT without If-Match is 428 IF_MATCH_REQUIRED', async () => {
    const id = await registerCase(a.clerk, d17.received);
    await expectRefusal(id, 428, 'IF_MATCH_REQUIRED', () =>
      a.officer.actRaw(id, 'ACCEPT', { occurredOn: d17.accepted }),
    );
  });

  it('L17 17: ACCEPT with If-Match: * is 428 IF_MATCH_REQUIRED', async () => {
    const id = await registerCase(a.clerk, d17.received);
    await expectRefusal(id, 428, 'IF_MATCH_REQUIRED', () =>
      a.officer.actRaw(id, 'ACCEPT', { occurredOn: d17.accepted }, { 'if-match': '*' }),
    );
  });

  it('R07 32: PUT /handlers without If-Match is 428', async () => {
    const id = await registerCase(a.clerk, d17.received);
    await expectRefusal(id, 428, 'IF_MATCH_REQUIRED', () =>
      request(t.http)
        .put(`/v1/cases/${id}/handlers`)
        .set('authorization', `Bearer ${a.keys.officer}`)
        .send({ handlers: [{ name: '王明' }, { name: '李华' }] }),
    );
  });

  it('L23 30: a refused action with an Idempotency-Key stores no key: the same key then works for a valid request', async () => {
    const id = await registerCase(a.clerk, d23.received);
    await expectRefusal(id, 422, 'DATE_IN_FUTURE', (etag) =>
      a.officer.actRaw(
        id,
        'ACCEPT',
        { occurredOn: tomorrowInChina(), procedure: 'ORDINARY' },
        { 'if-match': etag, 'idempotency-key': 'refusal-leaves-no-key-1' },
      ),
    );
    const ok = await a.officer.act(
      id,
      'ACCEPT',
      { occurredOn: d23.accepted, procedure: 'ORDINARY' },
      { 'idempotency-key': 'refusal-leaves-no-key-1' },
    );
    expectStatus(ok, 200, 'ACCEPT with the reused key');
    expect(ok.headers['idempotent-replayed']).toBeUndefined();
  });
});

// ── 400: validation ──────────────────────────────────────────────────────────────────────────────────────────────

describe('400 VALIDATION_FAILED', () => {
  const person = (idNumber: string, extra: Record<string, unknown> = {}) => ({
    kind: 'NATURAL_PERSON',
    name: '张三',
    sex: 'MALE',
    idNumber,
    ...extra,
  });
  const organisation = (unifiedSocialCreditCode: string) => ({
    kind: 'ORGANIZATION',
    name: '台前县某某有限公司',
    unifiedSocialCreditCode,
    legalRepresentative: '李四',
  });
  const wrongCheck = (valid: string, alphabet: string) => {
    const last = valid.slice(-1);
    return valid.slice(0, -1) + ([...alphabet].find((c) => c !== last) as string);
  };

  async function refusedRegistration(body: Record<string, unknown>, path: string, code: string) {
    const res = await a.clerk.register(registrationOn('2022-07-01', body));
    expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path, code })]));
    return res;
  }

  it('R07 19; GB 11643: the DOMAIN examples 11010519491231002X and 91350100M000100Y43 are accepted', async () => {
    const res = await a.clerk.register(
      registrationOn('2022-07-01', {
        applicants: [person('11010519491231002X'), organisation('91350100M000100Y43')],
      }),
    );
    expectStatus(res, 201);
  });

  it('R07 19; GB 11643: a resident ID with a wrong check character is 400 IS_RESIDENT_ID at applicants[0].idNumber', async () => {
    const bad = wrongCheck('11010519491231002X', '0123456789X');
    await refusedRegistration({ applicants: [person(bad)] }, 'applicants[0].idNumber', 'IS_RESIDENT_ID');
    await refusedRegistration(
      { applicants: [person(wrongCheck(residentId(), '0123456789X'))] },
      'applicants[0].idNumber',
      'IS_RESIDENT_ID',
    );
  });

  it('R07 19; GB 11643: a 15-digit legacy resident ID is refused', async () => {
    await refusedRegistration({ applicants: [person('110105491231002')] }, 'applicants[0].idNumber', 'IS_RESIDENT_ID');
  });

  it('R07 19; GB 32100: an organisation with a wrong unified social credit code check character is 400', async () => {
    const bad = wrongCheck('91350100M000100Y43', '0123456789ABCDEFGHJKLMNPQRTUWXY');
    await refusedRegistration(
      { applicants: [organisation(bad)] },
      'applicants[0].unifiedSocialCreditCode',
      'IS_UNIFIED_SOCIAL_CREDIT_CODE',
    );
  });

  it('R07 10; L23 17: more than 2 agents on a party is 400 (2 are fine)', async () => {
    const agent = (name: string) => ({ name, kind: 'LAWYER' });
    await refusedRegistration(
      { applicants: [person(residentId(), { agents: [agent('赵律师'), agent('钱律师'), agent('孙律师')] })] },
      'applicants[0].agents',
      'ARRAY_MAX_SIZE',
    );
    const two = await a.clerk.register(
      registrationOn('2022-07-01', {
        applicants: [person(residentId(), { agents: [agent('赵律师'), agent('钱律师')] })],
      }),
    );
    expectStatus(two, 201);
  });

  it('R07 19: refused registrations leave no gap in the case numbers', async () => {
    const first = await a.clerk.register(registrationOn('2020-09-01'));
    expectStatus(first, 201);
    await refusedRegistration({ applicants: [person('110105491231002')] }, 'applicants[0].idNumber', 'IS_RESIDENT_ID');
    await refusedRegistration({ bogus: true }, 'bogus', 'UNKNOWN_FIELD');
    const next = await a.clerk.register(registrationOn('2020-09-02'));
    expectStatus(next, 201);
    expect(caseNumberSeq(next.body)).toBe(caseNumberSeq(first.body) + 1);
  });

  it('L17 17; R07 28: NOT_ACCEPT without documentNumber is 400 naming documentNumber', async () => {
    const id = await registerCase(a.clerk, d17.received);
    const res = await expectRefusal(id, 400, 'VALIDATION_FAILED', (etag) =>
      post(
        a.sup,
        id,
        'NOT_ACCEPT',
        { occurredOn: d17.accepted, ground: 'R07_28_4_OUT_OF_TIME', reasons: '超期' },
        etag,
      ),
    );
    expect([...new Set(res.body.errors.map((e: { path: string }) => e.path))]).toEqual(['documentNumber']);
  });

  it('L17 28: DECIDE without legalBasis, reasons and documentNumber names each field', async () => {
    const id = await reviewed('L2017');
    const res = await expectRefusal(id, 400, 'VALIDATION_FAILED', (etag) =>
      post(a.sup, id, 'DECIDE', { occurredOn: d17.decided, decisionType: 'UPHELD' }, etag),
    );
    expect([...new Set(res.body.errors.map((e: { path: string }) => e.path))].sort()).toEqual(
      ['documentNumber', 'legalBasis', 'reasons'].sort(),
    );
  });

  it('L23 62 ¶1: EXTEND by more than 30 days is 400 naming days', async () => {
    const id = await reviewed('L2023');
    const res = await expectRefusal(id, 400, 'VALIDATION_FAILED', (etag) =>
      post(a.sup, id, 'EXTEND', { occurredOn: d23.extended, days: 31, reasons: '复杂' }, etag),
    );
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'days', code: 'MAX' })]);
  });

  it('L17 17: an impossible date (2021-02-30) is 400 naming occurredOn', async () => {
    const id = await registerCase(a.clerk, d17.received);
    const res = await expectRefusal(id, 400, 'VALIDATION_FAILED', (etag) =>
      post(a.officer, id, 'ACCEPT', { occurredOn: '2021-02-30' }, etag),
    );
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'occurredOn' })]);
  });

  it('L17 17: an unknown action code is 400 naming `action`', async () => {
    const id = await registerCase(a.clerk, d17.received);
    const res = await expectRefusal(id, 400, 'VALIDATION_FAILED', (etag) =>
      post(a.officer, id, 'ACCEPTT', { occurredOn: d17.accepted }, etag),
    );
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'action', code: 'IS_IN' })]);
  });

  it('L17 17: REGISTER is not an action code (registration is POST /v1/cases)', async () => {
    const id = await registerCase(a.clerk, d17.received);
    await expectRefusal(id, 400, 'VALIDATION_FAILED', (etag) =>
      post(a.sup, id, 'REGISTER', { occurredOn: d17.accepted }, etag),
    );
  });

  it('L17 17: an unknown field in an action body is 400 UNKNOWN_FIELD', async () => {
    const id = await registerCase(a.clerk, d17.received);
    const res = await expectRefusal(id, 400, 'VALIDATION_FAILED', (etag) =>
      post(a.officer, id, 'ACCEPT', { occurredOn: d17.accepted, acceptedBy: '王明' }, etag),
    );
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'acceptedBy', code: 'UNKNOWN_FIELD' })]);
  });

  it('R07 32: fewer than two handlers is 400', async () => {
    const id = await registerCase(a.clerk, d17.received);
    const res = await expectRefusal(id, 400, 'VALIDATION_FAILED', (etag) =>
      request(t.http)
        .put(`/v1/cases/${id}/handlers`)
        .set('authorization', `Bearer ${a.keys.officer}`)
        .set('if-match', etag)
        .send({ handlers: [{ name: '王明' }] }),
    );
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'handlers', code: 'ARRAY_MIN_SIZE' })]);
  });
});

describe('404', () => {
  it('L17 17: an action on an unknown case is 404 CASE_NOT_FOUND as problem+json', async () => {
    const res = await a.officer.actRaw(
      '00000000-0000-4000-8000-000000000000',
      'ACCEPT',
      { occurredOn: d17.accepted },
      { 'if-match': '"1"' },
    );
    expectProblem(res, 404, 'CASE_NOT_FOUND');
    expectProblem(await a.reporter.get('00000000-0000-4000-8000-000000000000'), 404, 'CASE_NOT_FOUND');
  });
});

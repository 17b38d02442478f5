import request from 'supertest';
import { CaseLoaderService } from '../../src/cases/case-loader.service';
import { CaseService } from '../../src/cases/case.service';
import {
  type Actors,
  caseView,
  datesFor,
  decideBody,
  extendBody,
  historyOf,
  makeActors,
  registerCase,
  registrationOn,
  step,
  toUnderReview,
  availableActions,
} from '../support/lifecycle-steps';
import { startTestApp, TestApp } from '../support/test-app';

/** Issue 10 points 7, 8 and 11 through the HTTP API on PostgreSQL. */
describe('approvals, opinions and hearings, follow-up after the decision', () => {
  let t: TestApp;
  let a: Actors;
  const d17 = datesFor(2021);
  const d23 = datesFor(2024);

  beforeAll(async () => {
    t = await startTestApp();
    a = await makeActors(t);
  });
  afterAll(async () => {
    await t.close();
  });

  async function clocks(id: string, asOf: string): Promise<Record<string, Record<string, unknown>>> {
    const res = await request(t.http)
      .get(`/v1/cases/${id}/deadlines?asOf=${asOf}`)
      .set('authorization', `Bearer ${a.keys.sup}`);
    expect(res.status).toBe(200);
    return Object.fromEntries((res.body.clocks as Array<{ clock: string }>).map((c) => [c.clock, c]));
  }

  /** An L2023 ordinary case under review without opinions heard (toUnderReview hears them). */
  async function l23Unheard(): Promise<string> {
    const id = await registerCase(a.clerk, d23.received);
    await step(a.officer, id, 'ACCEPT', { occurredOn: d23.accepted, procedure: 'ORDINARY' });
    await step(a.officer, id, 'SEND_COPY', { occurredOn: d23.copySent });
    expect((await a.officer.assignHandlers(id)).status).toBe(200);
    return id;
  }

  // ── Point 7: approvals ──────────────────────────────────────────────────────────────────────────────────────

  it('L23 62 ¶1: an L2023 extension approved by the organ head instead of the office head is 422 and writes nothing', async () => {
    const id = await registerCase(a.clerk, d23.received);
    await toUnderReview(a, id, 'L2023', d23);
    const before = await caseView(a.clerk, id);
    const wrong = extendBody('L2023', d23.extended, 30, {
      approval: { kind: 'ORGAN_HEAD_APPROVAL', approverName: '张县长', approvedOn: d23.extended },
    });
    const res = await a.sup.act(id, 'EXTEND', wrong);
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 422, code: 'APPROVAL_KIND_NOT_ALLOWED' });
    expect(res.body.detail).toMatch(/L23 62/);
    expect((await caseView(a.clerk, id)).version).toBe(before.version);
    const noNotice = await a.sup.act(id, 'EXTEND', {
      ...extendBody('L2023', d23.extended, 30),
      partiesNotifiedOn: undefined,
    });
    expect({ status: noNotice.status, code: noNotice.body.code }).toEqual({
      status: 422,
      code: 'FIELD_REQUIRED_BY_LAW',
    });

    const ok = await step(a.sup, id, 'EXTEND', extendBody('L2023', d23.extended, 30));
    expect(ok.facts.extensionRecords).toEqual([
      {
        on: d23.extended,
        approval: { kind: 'OFFICE_HEAD_APPROVAL', approverName: '李主任', approvedOn: d23.extended },
        partiesNotifiedOn: d23.extended,
      },
    ]);
    const event = (await historyOf(a.clerk, id)).find((e) => e.action === 'EXTEND');
    expect(event?.payload).toMatchObject({
      approval: { kind: 'OFFICE_HEAD_APPROVAL' },
      partiesNotifiedOn: d23.extended,
    });
  });

  it('L17 31: an L2017 extension needs the organ head; L17 28: a decision approved after its date is 422', async () => {
    const id = await registerCase(a.clerk, d17.received);
    await toUnderReview(a, id, 'L2017', d17);
    const office = await a.sup.act(
      id,
      'EXTEND',
      extendBody('L2017', d17.extended, 30, {
        approval: { kind: 'OFFICE_HEAD_APPROVAL', approverName: '李主任', approvedOn: d17.extended },
      }),
    );
    expect({ status: office.status, code: office.body.code }).toEqual({
      status: 422,
      code: 'APPROVAL_KIND_NOT_ALLOWED',
    });
    expect(office.body.detail).toMatch(/L17 31/);
    await step(a.sup, id, 'EXTEND', extendBody('L2017', d17.extended, 30));

    const late = await a.sup.act(
      id,
      'DECIDE',
      decideBody('UPHELD', d17.decided, 'L17 28(1)(1)', {
        approval: { kind: 'ORGAN_HEAD_APPROVAL', approverName: '张县长', approvedOn: '2021-05-11' },
      }),
    );
    expect({ status: late.status, code: late.body.code }).toEqual({ status: 422, code: 'DATE_OUT_OF_ORDER' });
    const none = await a.sup.act(
      id,
      'DECIDE',
      decideBody('UPHELD', d17.decided, 'L17 28(1)(1)', { approval: undefined }),
    );
    expect({ status: none.status, code: none.body.code }).toEqual({ status: 422, code: 'FIELD_REQUIRED_BY_LAW' });
    const collective = { kind: 'COLLECTIVE_DISCUSSION', approverName: '县政府常务会议', approvedOn: '2021-05-08' };
    const decided = await step(
      a.sup,
      id,
      'DECIDE',
      decideBody('UPHELD', d17.decided, 'L17 28(1)(1)', { approval: collective }),
    );
    expect(decided.facts.decisionApproval).toEqual(collective);
  });

  it('the loader accepts a paper file’s decision without an approval and records it as NOT_RECORDED; the API refuses NOT_RECORDED', async () => {
    const loader = new CaseLoaderService(t.app.get(CaseService));
    const report = await loader.load(
      {
        cases: [
          {
            ref: 'PAPER-1',
            registration: registrationOn('2021-06-01'),
            handlers: ['王明', '李华'],
            actions: [
              { action: 'ACCEPT', occurredOn: '2021-06-03' },
              { action: 'SEND_COPY', occurredOn: '2021-06-04' },
              { action: 'EXTEND', occurredOn: '2021-07-20', days: 30, reasons: '案情复杂' },
              {
                action: 'DECIDE',
                occurredOn: '2021-08-20',
                decisionType: 'UPHELD',
                documentNumber: '台政复决字〔2021〕99号',
                legalBasis: 'L17 28(1)(1)',
                reasons: '事实清楚',
              },
            ],
          },
        ],
      },
      { source: 'paper-approvals.json' },
    );
    expect(report).toMatchObject({ created: 1, failed: 0 });
    const id = report.cases[0]!.caseId as string;
    const view = await caseView(a.clerk, id);
    expect(view.facts.decisionApproval).toEqual({ kind: 'NOT_RECORDED', approverName: null, approvedOn: null });
    expect(view.facts.extensionRecords).toEqual([
      {
        on: '2021-07-20',
        approval: { kind: 'NOT_RECORDED', approverName: null, approvedOn: null },
        partiesNotifiedOn: null,
      },
    ]);

    const api = await registerCase(a.clerk, d17.received);
    await toUnderReview(a, api, 'L2017', d17);
    const res = await a.sup.act(
      api,
      'DECIDE',
      decideBody('UPHELD', d17.decided, 'L17 28(1)(1)', { approval: { kind: 'NOT_RECORDED' } }),
    );
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 422, code: 'APPROVAL_KIND_NOT_ALLOWED' });
  });

  // ── Point 8: opinions and hearings ──────────────────────────────────────────────────────────────────────────

  it('L23 49: DECIDE in ordinary L2023 procedure without opinions heard is 422; HEAR_OPINIONS then allows it', async () => {
    const id = await l23Unheard();
    const res = await a.sup.act(id, 'DECIDE', decideBody('UPHELD', d23.decided, 'L23 68'));
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 422, code: 'OPINIONS_NOT_HEARD' });
    expect(res.body.detail).toMatch(/^L23 49/);
    await step(a.officer, id, 'HEAR_OPINIONS', { occurredOn: d23.replyReceived, result: 'HEARD', method: 'TELEPHONE' });
    const decided = await step(a.sup, id, 'DECIDE', decideBody('UPHELD', d23.decided, 'L23 68'));
    expect(decided.state).toBe('DECIDED');
  });

  it('L23 49: 「因当事人原因不能听取意见的，可以书面审理」 — recorded with reasons, the case may be decided on the papers', async () => {
    const id = await l23Unheard();
    const noReason = await a.officer.act(id, 'HEAR_OPINIONS', {
      occurredOn: d23.replyReceived,
      result: 'NOT_POSSIBLE_PARTIES_REASON',
    });
    expect({ status: noReason.status, code: noReason.body.code }).toEqual({
      status: 422,
      code: 'FIELD_REQUIRED_BY_LAW',
    });
    const heard = await step(a.officer, id, 'HEAR_OPINIONS', {
      occurredOn: d23.replyReceived,
      result: 'NOT_POSSIBLE_PARTIES_REASON',
      reasons: '申请人经三次电话联系均拒绝陈述意见',
    });
    expect(heard.facts).toMatchObject({
      opinionsHeardOn: d23.replyReceived,
      opinionsResult: 'NOT_POSSIBLE_PARTIES_REASON',
    });
    await step(a.sup, id, 'DECIDE', decideBody('UPHELD', d23.decided, 'L23 68'));
  });

  it('L23 51, 88: a hearing less than 5 working days after its notice is 422; the notice shows as the HEARING_NOTICE clock', async () => {
    const id = await l23Unheard();
    // Notice Thu 2024-03-28: five working days (Fri, Mon–Wed, and Thu 2024-04-03; 4–6 April is 清明) end 2024-04-03.
    const notice = { occurredOn: '2024-03-28', place: '县政府行政复议听证室', matters: '处罚事实与依据' };
    const short = await a.officer.act(id, 'SCHEDULE_HEARING', { ...notice, hearingOn: '2024-04-02' });
    expect({ status: short.status, code: short.body.code }).toEqual({ status: 422, code: 'HEARING_NOTICE_TOO_SHORT' });
    expect(short.body.detail).toMatch(/L23 51/);
    const early = await a.officer.act(id, 'HOLD_HEARING', { occurredOn: '2024-03-29' });
    expect({ status: early.status, code: early.body.code }).toEqual({ status: 422, code: 'HEARING_NOT_NOTIFIED' });

    await step(a.officer, id, 'SCHEDULE_HEARING', { ...notice, hearingOn: '2024-04-08' });
    const running = (await clocks(id, '2024-03-29')).HEARING_NOTICE;
    expect(running).toMatchObject({
      startOn: '2024-03-28',
      unit: 'WORKING_DAYS',
      period: 5,
      status: 'RUNNING',
      open: false,
    });
    const dueOn = running!.dueOn as string;
    expect(dueOn <= '2024-04-08').toBe(true);

    const tooEarly = await a.officer.act(id, 'HOLD_HEARING', { occurredOn: '2024-04-07' });
    expect({ status: tooEarly.status, code: tooEarly.body.code }).toEqual({
      status: 422,
      code: 'HEARING_NOT_NOTIFIED',
    });
    await step(a.officer, id, 'HOLD_HEARING', { occurredOn: '2024-04-08', note: '双方到场' });
    expect((await clocks(id, '2024-04-09')).HEARING_NOTICE).toMatchObject({ status: 'MET', metOn: '2024-04-08' });
    // The old `kind` is gone from HOLD_HEARING: hearing opinions is its own act.
    const legacy = await a.officer.act(id, 'HOLD_HEARING', { occurredOn: '2024-04-09', kind: 'OPINIONS_HEARD' });
    expect(legacy.status).toBe(400);
    // L23 49 is met by the hearing (the parties were heard and the record kept).
    await step(a.sup, id, 'DECIDE', decideBody('UPHELD', d23.decided, 'L23 68'));
  });

  // ── Point 11: follow-up ─────────────────────────────────────────────────────────────────────────────────────

  it('L23 66: ORDERED_TO_PERFORM without a time limit is 422; with one it becomes the PERFORMANCE clock, met by RECORD_PERFORMANCE', async () => {
    const id = await registerCase(a.clerk, d23.received);
    await toUnderReview(a, id, 'L2023', d23);
    const none = await a.sup.act(
      id,
      'DECIDE',
      decideBody('ORDERED_TO_PERFORM', d23.decided, 'L23 66', { performanceDeadlineDays: undefined }),
    );
    expect({ status: none.status, code: none.body.code }).toEqual({ status: 422, code: 'FIELD_REQUIRED_BY_LAW' });
    expect(none.body.detail).toMatch(/L23 66/);
    await step(
      a.sup,
      id,
      'DECIDE',
      decideBody('ORDERED_TO_PERFORM', d23.decided, 'L23 66', { performanceDeadlineDays: 20 }),
    );
    await step(a.clerk, id, 'SERVE_DECISION', { occurredOn: d23.served });
    const perf = (await clocks(id, '2024-05-20')).PERFORMANCE;
    expect(perf).toMatchObject({
      legalBasis: 'L23 66, 75',
      startOn: d23.served,
      dueOn: '2024-06-04',
      status: 'RUNNING',
      open: true,
    });
    await step(a.officer, id, 'CLOSE', { occurredOn: d23.closed });
    // CLOSED still records the follow-up; the clock stays open until performance is recorded.
    expect((await clocks(id, '2024-06-05')).PERFORMANCE).toMatchObject({ status: 'MISSED', open: true });
    const recorded = await step(a.clerk, id, 'RECORD_PERFORMANCE', {
      occurredOn: '2024-06-03',
      description: '已作出答复',
    });
    expect(recorded).toMatchObject({ state: 'CLOSED', outcome: 'ORDERED_TO_PERFORM', concludedOn: d23.decided });
    expect((await clocks(id, '2024-06-05')).PERFORMANCE).toMatchObject({
      status: 'MET',
      metOn: '2024-06-03',
      open: false,
    });
    expect(await availableActions(a.sup, id)).not.toContain('RECORD_PERFORMANCE');
  });

  it('R07 49: the REMAKE clock is met by RECORD_REMADE_ACT, not by CLOSE; L17 32 ¶2: 责令限期履行 is a clock', async () => {
    const id = await registerCase(a.clerk, d17.received);
    await toUnderReview(a, id, 'L2017', d17);
    await step(a.sup, id, 'DECIDE', decideBody('REVOKED', d17.decided, 'L17 28(1)(3)', { remakeOrdered: true }));
    const early = await a.officer.act(id, 'RECORD_REMADE_ACT', { occurredOn: d17.decided, documentNumber: 'X' });
    expect(early.status).toBe(409); // before service the decision is not in force (L17 31 ¶3)
    await step(a.clerk, id, 'SERVE_DECISION', { occurredOn: d17.served });
    await step(a.officer, id, 'CLOSE', { occurredOn: d17.closed });
    expect((await clocks(id, '2021-07-20')).REMAKE).toMatchObject({
      dueOn: '2021-07-14',
      status: 'MISSED',
      open: true,
    });

    const talk = await a.officer.act(id, 'SUPERVISE_COMPLIANCE', {
      occurredOn: '2021-07-20',
      measure: 'ADMONITORY_TALK',
    });
    expect({ status: talk.status, code: talk.body.code }).toEqual({ status: 422, code: 'CODE_NOT_IN_REGIME' });
    const noLimit = await a.officer.act(id, 'SUPERVISE_COMPLIANCE', {
      occurredOn: '2021-07-20',
      measure: 'ORDER_TO_PERFORM_WITHIN_LIMIT',
    });
    expect({ status: noLimit.status, code: noLimit.body.code }).toEqual({ status: 422, code: 'FIELD_REQUIRED_BY_LAW' });
    await step(a.officer, id, 'SUPERVISE_COMPLIANCE', {
      occurredOn: '2021-07-20',
      measure: 'ORDER_TO_PERFORM_WITHIN_LIMIT',
      dueOn: '2021-08-05',
      by: '台前县人民政府',
    });
    expect((await clocks(id, '2021-07-21')).COMPLIANCE_ORDER).toMatchObject({
      dueOn: '2021-08-05',
      status: 'RUNNING',
      open: true,
    });

    const remade = await step(a.clerk, id, 'RECORD_REMADE_ACT', {
      occurredOn: '2021-08-02',
      documentNumber: '台市监罚〔2021〕88号',
    });
    expect(remade.state).toBe('CLOSED');
    expect(remade.facts).toMatchObject({ remadeActOn: '2021-08-02', compliedOn: '2021-08-02' });
    const after = await clocks(id, '2021-08-10');
    expect(after.REMAKE).toMatchObject({ status: 'MISSED', metOn: '2021-08-02', open: false });
    expect(after.COMPLIANCE_ORDER).toMatchObject({ status: 'MET', metOn: '2021-08-02', open: false });
    expect((await historyOf(a.clerk, id)).map((e) => e.action).slice(-4)).toEqual([
      'SERVE_DECISION',
      'CLOSE',
      'SUPERVISE_COMPLIANCE',
      'RECORD_REMADE_ACT',
    ]);
  });

  it('L23 77 ¶2: 约谈 and 通报批评 are dated acts on a served L2023 decision', async () => {
    const id = await registerCase(a.clerk, d23.received);
    await toUnderReview(a, id, 'L2023', d23);
    await step(a.sup, id, 'DECIDE', decideBody('VARIED', d23.decided, 'L23 63'));
    await step(a.clerk, id, 'SERVE_DECISION', { occurredOn: d23.served });
    await step(a.officer, id, 'SUPERVISE_COMPLIANCE', { occurredOn: '2024-06-10', measure: 'ADMONITORY_TALK' });
    const criticised = await step(a.officer, id, 'SUPERVISE_COMPLIANCE', {
      occurredOn: '2024-06-20',
      measure: 'PUBLIC_CRITICISM',
      documentNumber: '台政复通〔2024〕1号',
    });
    expect(criticised.facts.complianceMeasures).toEqual([
      { measure: 'ADMONITORY_TALK', on: '2024-06-10', dueOn: null },
      { measure: 'PUBLIC_CRITICISM', on: '2024-06-20', dueOn: null },
    ]);
    expect(criticised.state).toBe('SERVED');
  });
});

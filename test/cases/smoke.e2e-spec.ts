import { CaseClient } from '../support/case-client';
import { registration } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

describe('case smoke', () => {
  let t: TestApp;
  let sup: CaseClient;
  beforeAll(async () => {
    t = await startTestApp();
    sup = new CaseClient(t.http, await t.createKey(['SUPERVISOR']));
  });
  afterAll(async () => {
    await t.close();
  });

  it('registers and decides an L2017 case (revoked)', async () => {
    const reg = await sup.register(registration());
    expect(reg.status).toBe(201);
    expect(reg.body.caseNumber).toBe('台政复〔2021〕1号');
    const id = reg.body.id as string;
    for (const [action, body] of [
      ['ACCEPT', { occurredOn: '2021-03-02' }],
      ['SEND_COPY', { occurredOn: '2021-03-03' }],
      ['RECEIVE_REPLY', { occurredOn: '2021-03-10' }],
    ] as const) {
      const res = await sup.act(id, action, body);
      expect({ action, status: res.status, body: res.body }).toMatchObject({ action, status: 200 });
    }
    expect((await sup.assignHandlers(id)).status).toBe(200);
    const decided = await sup.act(id, 'DECIDE', {
      occurredOn: '2021-04-20',
      decisionType: 'REVOKED',
      documentNumber: '台政复决字〔2021〕1号',
      legalBasis: '行政复议法第二十八条第一款第三项',
      reasons: '事实不清',
      remakeOrdered: true,
      approval: { kind: 'COLLECTIVE_DISCUSSION', approverName: '县政府常务会议', approvedOn: '2021-04-19' }, // L17 28
    });
    expect(decided.status).toBe(200);
    expect(decided.body).toMatchObject({ state: 'DECIDED', outcome: 'REVOKED', concludedOn: '2021-04-20' });
    expect(decided.body.facts.remakeDeadlineDays).toBe(60);
    const history = await sup.history(id);
    expect(history.body.events.map((e: { action: string }) => e.action)).toEqual([
      'REGISTER',
      'ACCEPT',
      'SEND_COPY',
      'RECEIVE_REPLY',
      'ASSIGN_HANDLERS',
      'DECIDE',
    ]);
    const actions = await sup.actions(id);
    expect(actions.body.actions.map((a: { action: string }) => a.action)).toEqual(['SERVE_DECISION', 'UNDO']);
  });
});

import request from 'supertest';
import { CaseClient } from '../support/case-client';
import { registration } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

describe('statistics smoke', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });
  it('counts a carried-over case, a not-accepted one and a pending one', async () => {
    const sup = new CaseClient(t.http, await t.createKey(['SUPERVISOR']));
    const reporter = await t.createKey(['REPORTER']);
    const a = (await sup.register(registration({ receivedOn: '2020-12-20' }))).body.id as string;
    await sup.act(a, 'ACCEPT', { occurredOn: '2020-12-21' });
    await sup.act(a, 'SEND_COPY', { occurredOn: '2020-12-22' });
    await sup.assignHandlers(a);
    await sup.act(a, 'DECIDE', {
      occurredOn: '2021-02-01',
      decisionType: 'REVOKED',
      documentNumber: 'x1',
      legalBasis: 'L17 28',
      reasons: 'r',
      approval: { kind: 'ORGAN_HEAD_APPROVAL', approverName: '张县长', approvedOn: '2021-02-01' }, // L17 28
    });
    const b = (await sup.register(registration({ receivedOn: '2021-03-01' }))).body.id as string;
    await sup.act(b, 'NOT_ACCEPT', {
      occurredOn: '2021-03-03',
      ground: 'R07_28_4_OUT_OF_TIME',
      documentNumber: 'n1',
      reasons: 'r',
    });
    await sup.register(registration({ receivedOn: '2021-11-01' }));
    const res = await request(t.http)
      .get('/v1/statistics/reconsideration?from=2021-01-01&to=2021-12-31&asOf=2021-12-31')
      .set('authorization', `Bearer ${reporter}`);
    expect(res.status).toBe(200);
    expect(res.body.figures).toMatchObject({
      handled: 3,
      carriedOver: 1,
      received: 2,
      concluded: 2,
      pending: 1,
      correctionCount: 1,
      meritsDecisions: 1,
      correctionRate: 100,
    });
    expect(res.body.figures.byOutcome).toMatchObject({ REVOKED: 1, NOT_ACCEPTED: 1 });
    const report = await request(t.http)
      .get('/v1/statistics/reconsideration/report?year=2021&asOf=2021-12-31')
      .set('authorization', `Bearer ${reporter}`);
    expect(report.body.sentence).toBe(
      '截至2021年12月31日,县政府共办理行政复议案件3起,其中1起为2020年度结转案件,1起不予受理,1起予以撤销具体行政行为,现余1起行政复议案件正在办理中。',
    );
  });
});

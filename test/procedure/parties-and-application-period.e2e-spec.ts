import request from 'supertest';
import { CaseClient } from '../support/case-client';
import { registration } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

type Json = Record<string, unknown>;

interface ClockBody {
  clock: string;
  status: string;
  dueOn: string | null;
  open: boolean;
  explanation: string[];
}

/** Issue 10, points 14 and 15: respondents of L23 24/27, the application period, 复议前置 and the stay decision. */
describe('parties and the application period (L23 20–27, 34, 42; L17 9, 21; R07 15–16)', () => {
  let t: TestApp;
  let sup: CaseClient;
  let supKey: string;
  beforeAll(async () => {
    t = await startTestApp();
    supKey = await t.createKey(['SUPERVISOR']);
    sup = new CaseClient(t.http, supKey);
  });
  afterAll(async () => {
    await t.close();
  });

  const l2023 = (overrides: Json = {}, act: Json = {}) =>
    registration({
      receivedOn: '2024-03-01',
      contestedAct: {
        title: '行政处罚决定书',
        category: 'ADMINISTRATIVE_PENALTY',
        managementDomain: 'PUBLIC_SECURITY',
        madeOn: '2024-02-01',
        knownOn: '2024-02-02',
        ...act,
      },
      ...overrides,
    });

  async function clocks(id: string, asOf = '2024-03-02'): Promise<ClockBody[]> {
    const res = await request(t.http)
      .get(`/v1/cases/${id}/deadlines?asOf=${asOf}`)
      .set('authorization', `Bearer ${supKey}`);
    expect(res.status).toBe(200);
    return res.body.clocks as ClockBody[];
  }

  it.each([
    ['DISPATCHED_BODY', '台前县公安局城关派出所'],
    ['AUTHORISED_ORGANISATION', '台前县住房公积金管理中心'],
    ['CITY_GOVERNMENT', '濮阳市人民政府'],
    ['CITY_DEPARTMENT', '濮阳市自然资源和规划局'],
    ['COUNTY_GOVERNMENT', '台前县人民政府'],
    ['TOWNSHIP_GOVERNMENT', '台前县城关镇人民政府'],
  ])('L23 24: a respondent of kind %s (%s) registers with no warning and is served back', async (kind, name) => {
    const res = await sup.register(l2023({ respondent: { name, kind } }));
    expect(res.status).toBe(201);
    expect(res.body.respondent).toEqual({ name, kind });
    expect(res.body.warnings).toEqual([]);
  });

  it('L23 24: GET /v1/code-lists serves the new respondent kinds, organ levels, warnings and stay grounds in zh-CN', async () => {
    const res = await request(t.http).get('/v1/code-lists').set('authorization', `Bearer ${supKey}`);
    expect(res.status).toBe(200);
    expect(res.body.RESPONDENT_KINDS).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'DISPATCHED_BODY', legalBasis: 'L17 15(2) / L23 24 ¶4' }),
        expect.objectContaining({ code: 'TAX_AUTHORITY', upperDepartment: true }),
      ]),
    );
    expect(res.body.STAY_OF_EXECUTION_GROUNDS).toHaveLength(8);
    expect(res.body.REGISTRATION_WARNINGS[0]).toMatchObject({ code: 'RESPONDENT_UNDER_UPPER_DEPARTMENT' });
    expect(res.body.ORGAN_LEVELS.map((l: Json) => l.code)).toEqual(['COUNTY', 'CITY', 'PROVINCE', 'DEPARTMENT']);
  });

  it.each(['TAX_AUTHORITY', 'STATE_SECURITY_ORGAN', 'VERTICAL_AGENCY'])(
    'L23 27: %s named for the county government → 201 with the RESPONDENT_UNDER_UPPER_DEPARTMENT warning',
    async (kind) => {
      const res = await sup.register(l2023({ respondent: { name: '国家税务总局台前县税务局', kind } }));
      expect(res.status).toBe(201);
      expect(res.body.warnings).toEqual([
        { code: 'RESPONDENT_UNDER_UPPER_DEPARTMENT', message: expect.stringContaining('L23 27'), legalBasis: 'L23 27' },
      ]);
      // The warning belongs to the registration response only; the case itself is an ordinary registered case.
      const got = await sup.get(res.body.id as string);
      expect(got.body.state).toBe('RECEIVED');
      expect(got.body.warnings).toBeUndefined();
    },
  );

  it('L23 27: no warning under L2017 (R07 24), nor for an organ of level DEPARTMENT (the upper department)', async () => {
    const l2017 = await sup.register(registration({ respondent: { name: '台前县国家税务局', kind: 'TAX_AUTHORITY' } }));
    expect(l2017.status).toBe(201);
    expect(l2017.body.warnings).toEqual([]);

    const organ = await request(t.http).post('/v1/organs').set('authorization', `Bearer ${t.adminKey}`).send({
      code: 'PUYANG_TAX',
      name: '国家税务总局濮阳市税务局',
      officeName: '国家税务总局濮阳市税务局法制科',
      caseNumberTemplate: '濮税复〔{year}〕{seq}号',
      level: 'DEPARTMENT',
    });
    expect(organ.status).toBe(201);
    expect(organ.body.level).toBe('DEPARTMENT');
    const res = await sup.register(
      l2023({ organId: organ.body.id, respondent: { name: '国家税务总局台前县税务局', kind: 'TAX_AUTHORITY' } }),
    );
    expect(res.status).toBe(201);
    expect(res.body.warnings).toEqual([]);
    const organs = await request(t.http).get('/v1/organs').set('authorization', `Bearer ${supKey}`);
    expect(organs.body).toEqual(
      expect.arrayContaining([expect.objectContaining({ code: 'TAIQIAN', level: 'COUNTY' })]),
    );
  });

  it('L23 20 ¶1: APPLICATION_PERIOD in GET /v1/cases/{id}/deadlines — in time, MET, first and never open', async () => {
    const res = await sup.register(l2023());
    expect(res.body.warnings).toEqual([]);
    const all = await clocks(res.body.id as string);
    expect(all[0]).toMatchObject({ clock: 'APPLICATION_PERIOD', status: 'MET', dueOn: '2024-04-02', open: false });
    expect(all[0]!.explanation.join('\n')).toContain('在申请期限内');
  });

  it('L23 20–21: a late application registers (201) with a warning, its clock MISSED; it is in no work queue', async () => {
    const res = await sup.register(l2023({}, { madeOn: '2018-06-01', knownOn: '2024-02-20' }));
    expect(res.status).toBe(201);
    expect(res.body.warnings).toEqual([
      expect.objectContaining({ code: 'APPLICATION_PERIOD_EXCEEDED', legalBasis: 'L23 20, 21' }),
    ]);
    const id = res.body.id as string;
    const period = (await clocks(id)).find((c) => c.clock === 'APPLICATION_PERIOD');
    expect(period).toMatchObject({ status: 'MISSED', dueOn: '2023-06-01', open: false });
    expect(period!.explanation.join('\n')).toContain('L23 21');
    const queue = await request(t.http)
      .get('/v1/deadlines?status=OVERDUE&clock=APPLICATION_PERIOD')
      .set('authorization', `Bearer ${supKey}`);
    expect(queue.status).toBe(200);
    expect(queue.body.items).toEqual([]);
    // Show, don't block: the case can still be accepted; refusing it is the organ's decision (L23 30(4)).
    expect((await sup.act(id, 'ACCEPT', { occurredOn: '2024-03-04', procedure: 'ORDINARY' })).status).toBe(200);
  });

  it('L23 20 ¶3: not told of the right to apply → one year from knowing the act; PATCH of the act recomputes it', async () => {
    const res = await sup.register(l2023({ receivedOn: '2024-09-02' }, { knownOn: '2024-02-02' }));
    expect(res.body.warnings.map((w: Json) => w.code)).toEqual(['APPLICATION_PERIOD_EXCEEDED']);
    const id = res.body.id as string;
    const patched = await request(t.http)
      .patch(`/v1/cases/${id}`)
      .set('authorization', `Bearer ${supKey}`)
      .set('if-match', await sup.etag(id))
      .send({
        contestedAct: {
          title: '行政处罚决定书',
          category: 'ADMINISTRATIVE_PENALTY',
          managementDomain: 'PUBLIC_SECURITY',
          madeOn: '2024-02-01',
          knownOn: '2024-02-02',
          rightsNotified: false,
        },
      });
    expect(patched.status).toBe(200);
    const period = (await clocks(id, '2024-09-03')).find((c) => c.clock === 'APPLICATION_PERIOD');
    expect(period).toMatchObject({ status: 'MET', dueOn: '2025-02-05' });
    expect(period!.explanation.join('\n')).toContain('L23 20 ¶3');
  });

  it('R07 16: a non-performance case counts from 60 days after the request was received', async () => {
    const res = await sup.register(
      registration({
        receivedOn: '2021-05-06',
        contestedAct: {
          title: '不履行法定职责',
          category: 'FAILURE_TO_PERFORM',
          managementDomain: 'NATURAL_RESOURCES',
          performanceRequestedOn: '2021-01-04',
        },
      }),
    );
    expect(res.status).toBe(201);
    const period = (await clocks(res.body.id as string, '2021-05-07')).find((c) => c.clock === 'APPLICATION_PERIOD');
    expect(period).toMatchObject({ status: 'MET', dueOn: '2021-05-06' });
  });

  it('L23 23, 34: the compulsory-reconsideration flag is stored and sets the remedy wording of the case view', async () => {
    const compulsory = await sup.register(
      l2023({}, { compulsoryReconsideration: true, compulsoryReconsiderationBasis: 'L23 23(1)' }),
    );
    expect(compulsory.status).toBe(201);
    expect(compulsory.body.contestedAct).toMatchObject({
      compulsoryReconsideration: true,
      compulsoryReconsiderationBasis: 'L23 23(1)',
    });
    expect(compulsory.body.remedy).toMatchObject({ compulsoryReconsideration: true, suitWithinDays: 15 });
    expect(compulsory.body.remedy.legalBasis).toContain('L23 23, 34');
    expect(compulsory.body.remedy.wordingZh).toContain('驳回申请');
    const general = await sup.get((await sup.register(l2023())).body.id as string);
    expect(general.body.remedy).toMatchObject({
      compulsoryReconsideration: false,
      legalBasis: 'L23 10; 行政诉讼法 45',
    });
  });

  it('L23 42: the stay-of-execution request and the organ’s decision on it, by whom and when, in the history', async () => {
    const res = await sup.register(
      l2023({ request: { codes: ['REVOKE'], text: '请求撤销', stayOfExecutionRequested: true } }),
    );
    const id = res.body.id as string;
    expect(res.body.request.stayOfExecutionRequested).toBe(true);
    // Before acceptance there is no review in which execution could be stayed.
    expect(
      (await sup.act(id, 'DECIDE_STAY_OF_EXECUTION', { occurredOn: '2024-03-01', granted: false, reasons: 'x' }))
        .status,
    ).toBe(409);
    expect((await sup.act(id, 'ACCEPT', { occurredOn: '2024-03-04', procedure: 'ORDINARY' })).status).toBe(200);

    const noGround = await sup.act(id, 'DECIDE_STAY_OF_EXECUTION', {
      occurredOn: '2024-03-05',
      granted: true,
      reasons: '申请理由成立',
    });
    expect(noGround.status).toBe(422);
    expect(noGround.body.code).toBe('FIELD_REQUIRED_BY_LAW');

    const officer = new CaseClient(t.http, await t.createKey(['OFFICER']));
    expect(
      (
        await officer.act(id, 'DECIDE_STAY_OF_EXECUTION', {
          occurredOn: '2024-03-05',
          granted: true,
          ground: 'L23_42_3_PARTY_REQUEST_REASONABLE',
          reasons: '申请理由成立',
        })
      ).status,
    ).toBe(403);

    const granted = await sup.act(id, 'DECIDE_STAY_OF_EXECUTION', {
      occurredOn: '2024-03-05',
      granted: true,
      ground: 'L23_42_3_PARTY_REQUEST_REASONABLE',
      approvedBy: '李县长',
      documentNumber: '台政复停字〔2024〕1号',
      reasons: '申请人要求合理，决定停止执行',
    });
    expect(granted.status).toBe(200);
    expect(granted.body.state).toBe('ACCEPTED');
    expect(granted.body.facts.stayOfExecution).toEqual({
      granted: true,
      ground: 'L23_42_3_PARTY_REQUEST_REASONABLE',
      decidedBy: 'ORGAN',
      decidedOn: '2024-03-05',
    });
    const history = await sup.history(id);
    const act = (history.body.events as Json[]).find((e) => e.action === 'DECIDE_STAY_OF_EXECUTION');
    expect(act).toMatchObject({
      occurredOn: '2024-03-05',
      legalBasis: 'L23 42',
      stateBefore: 'ACCEPTED',
      stateAfter: 'ACCEPTED',
      payload: expect.objectContaining({
        granted: true,
        approvedBy: '李县长',
        documentNumber: '台政复停字〔2024〕1号',
      }),
    });
    expect(typeof act!.actorName).toBe('string');
    const actions = await sup.actions(id);
    expect((actions.body.actions as Json[]).map((a) => a.action)).toContain('DECIDE_STAY_OF_EXECUTION');
  });
});

import request from 'supertest';
import { todayInChina } from '../../src/common/validation/local-date.validator';
import { CaseClient } from '../support/case-client';
import { registration } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

type Json = Record<string, unknown>;

interface EventView {
  seq: number;
  action: string;
  occurredOn: string;
  recordedAt: string;
  actorKeyId: string | null;
  actorName: string;
  stateBefore: string | null;
  stateAfter: string;
  legalBasis: string | null;
  payload: Json;
  undoesSeq: number | null;
  undone: boolean;
}

const DECISION = {
  decisionType: 'UPHELD',
  documentNumber: '台政复决字〔2021〕9号',
  legalBasis: '行政复议法第二十八条第一款第一项',
  reasons: '事实清楚，适用依据正确',
  // L17 28: 「经行政复议机关的负责人同意」. Dated at the earliest DECIDE below, so it is never after the decision.
  approval: { kind: 'ORGAN_HEAD_APPROVAL', approverName: '张县长', approvedOn: '2021-04-01' },
};

describe('cases: edits, handlers, history records, code lists and organs', () => {
  let t: TestApp;
  const started = new Date();
  /** Keys created through the API so that their ids and names are known. */
  const named: Record<string, { key: string; id: string; name: string }> = {};
  let clerk: CaseClient;
  let officer: CaseClient;
  let sup: CaseClient;
  let reporter: CaseClient;

  async function namedKey(label: string, roles: string[], name: string, scopes?: string[]) {
    const res = await request(t.http)
      .post('/v1/api-keys')
      .set('authorization', `Bearer ${t.adminKey}`)
      .send({ name, roles, ...(scopes ? { scopes } : {}) });
    expect(res.status).toBe(201);
    named[label] = { key: res.body.key as string, id: res.body.id as string, name };
    return named[label];
  }

  beforeAll(async () => {
    t = await startTestApp();
    clerk = new CaseClient(t.http, (await namedKey('CLERK', ['CLERK'], '登记员小李')).key);
    officer = new CaseClient(t.http, (await namedKey('OFFICER', ['OFFICER'], '承办人王明')).key);
    sup = new CaseClient(t.http, (await namedKey('SUPERVISOR', ['SUPERVISOR'], '复议科张科长')).key);
    reporter = new CaseClient(t.http, (await namedKey('REPORTER', ['REPORTER'], '统计员')).key);
  });
  afterAll(async () => {
    await t.close();
  });

  const auth = (c: { key: string }) => ({ authorization: `Bearer ${c.key}` });

  function patch(id: string, body: unknown, headers: Record<string, string> = {}, as = named.OFFICER!) {
    return request(t.http)
      .patch(`/v1/cases/${id}`)
      .set({ ...auth(as), ...headers })
      .send(body as object);
  }

  function putHandlers(id: string, body: unknown, headers: Record<string, string> = {}, as = named.OFFICER!) {
    return request(t.http)
      .put(`/v1/cases/${id}/handlers`)
      .set({ ...auth(as), ...headers })
      .send(body as object);
  }

  async function events(id: string): Promise<EventView[]> {
    const res = await officer.history(id);
    expect(res.status).toBe(200);
    return res.body.events as EventView[];
  }

  async function register(overrides: Json = {}): Promise<string> {
    const res = await clerk.register(registration(overrides));
    expect(res.status).toBe(201);
    return res.body.id as string;
  }

  async function underReview(id: string, on = ['2021-03-02', '2021-03-03']): Promise<void> {
    expect((await officer.act(id, 'ACCEPT', { occurredOn: on[0] })).status).toBe(200);
    expect((await officer.act(id, 'SEND_COPY', { occurredOn: on[1] })).status).toBe(200);
  }

  // ── PATCH /v1/cases/{id} ────────────────────────────────────────────────────────────────────────────────────

  describe('PATCH /v1/cases/{id} (corrections recorded as EDIT events)', () => {
    const oldRespondent = { name: '台前县市场监督管理局', kind: 'COUNTY_DEPARTMENT' };
    const newRespondent = { name: '台前县城市管理局', kind: 'COUNTY_DEPARTMENT', coRespondents: ['台前县公安局'] };

    it('changes the respondent with If-Match and writes an EDIT event with changed, before and after', async () => {
      const id = await register();
      const etag = await officer.etag(id);
      const res = await patch(id, { respondent: newRespondent }, { 'if-match': etag });
      expect(res.status).toBe(200);
      expect(res.body.respondent).toEqual(newRespondent);
      expect(res.body.version).toBe(2);
      expect(res.headers.etag).toBe('"2"');
      expect(res.body.state).toBe('RECEIVED');
      // the other sections are untouched
      expect(res.body.contestedAct.title).toBe('行政处罚决定书');
      expect(res.body.applicants[0].name).toBe('张三');

      const history = await events(id);
      expect(history.map((e) => e.action)).toEqual(['REGISTER', 'EDIT']);
      const edit = history[1]!;
      expect(edit).toMatchObject({
        seq: 2,
        stateBefore: 'RECEIVED',
        stateAfter: 'RECEIVED',
        legalBasis: null,
        actorName: '承办人王明',
        actorKeyId: named.OFFICER!.id,
        undone: false,
      });
      expect(edit.payload.changed).toEqual(['respondent']);
      expect(edit.payload.before).toEqual({ respondent: oldRespondent });
      expect(edit.payload.after).toEqual({ respondent: newRespondent });
    });

    it('the respondentName list filter reflects the edit', async () => {
      const id = await register({ respondent: { name: '台前县交通运输局', kind: 'COUNTY_DEPARTMENT' } });
      const before = await officer.list(`respondentName=${encodeURIComponent('台前县交通运输局')}`);
      expect((before.body.items as Array<{ id: string }>).map((c) => c.id)).toContain(id);
      const res = await patch(id, { respondent: { name: '台前县教育局', kind: 'OTHER' } }, { 'if-match': '"1"' });
      expect(res.status).toBe(200);
      const oldName = await officer.list(`respondentName=${encodeURIComponent('台前县交通运输局')}`);
      expect((oldName.body.items as Array<{ id: string }>).map((c) => c.id)).not.toContain(id);
      const newName = await officer.list(`respondentName=${encodeURIComponent('台前县教育局')}&respondentKind=OTHER`);
      expect((newName.body.items as Array<{ id: string }>).map((c) => c.id)).toEqual([id]);
    });

    it('editing applicants and the contested act updates the name search and category filters', async () => {
      const id = await register();
      const res = await patch(
        id,
        {
          applicants: [{ kind: 'NATURAL_PERSON', name: '欧阳修远', sex: 'MALE', idNumber: '11010519491231002X' }],
          contestedAct: {
            title: '政府信息公开答复',
            category: 'INFORMATION_DISCLOSURE',
            managementDomain: 'EDUCATION',
          },
        },
        { 'if-match': '"1"' },
      );
      expect(res.status).toBe(200);
      const history = await events(id);
      expect(history[1]!.payload.changed).toEqual(expect.arrayContaining(['applicants', 'contestedAct']));
      expect((history[1]!.payload.changed as string[]).length).toBe(2);
      const byName = await officer.list(`applicantName=${encodeURIComponent('修远')}`);
      expect((byName.body.items as Array<{ id: string }>).map((c) => c.id)).toEqual([id]);
      const byCategory = await officer.list('actCategory=INFORMATION_DISCLOSURE&managementDomain=EDUCATION');
      expect((byCategory.body.items as Array<{ id: string }>).map((c) => c.id)).toEqual([id]);
    });

    it('without If-Match is 428 and writes nothing', async () => {
      const id = await register();
      const res = await patch(id, { respondent: newRespondent });
      expect(res.status).toBe(428);
      expect(res.body.code).toBe('IF_MATCH_REQUIRED');
      const star = await patch(id, { respondent: newRespondent }, { 'if-match': '*' });
      expect(star.status).toBe(428);
      expect((await events(id)).map((e) => e.action)).toEqual(['REGISTER']);
    });

    it('with a stale If-Match is 412 and writes nothing', async () => {
      const id = await register();
      expect((await patch(id, { channel: 'POST' }, { 'if-match': '"1"' })).status).toBe(200);
      const stale = await patch(id, { respondent: newRespondent }, { 'if-match': '"1"' });
      expect(stale.status).toBe(412);
      expect(stale.body.code).toBe('PRECONDITION_FAILED');
      expect(stale.body.currentVersion).toBe(2);
      const current = await officer.get(id);
      expect(current.body.respondent).toEqual(oldRespondent);
      expect(current.body.channel).toBe('POST');
      expect((await events(id)).map((e) => e.action)).toEqual(['REGISTER', 'EDIT']);
    });

    it('an empty body is 400 and writes nothing', async () => {
      const id = await register();
      const res = await patch(id, {}, { 'if-match': '"1"' });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect((await events(id)).map((e) => e.action)).toEqual(['REGISTER']);
    });

    it('an invalid section or an unknown field is 400 naming it', async () => {
      const id = await register();
      const badKind = await patch(id, { respondent: { name: '某局', kind: 'ALIEN' } }, { 'if-match': '"1"' });
      expect(badKind.status).toBe(400);
      expect((badKind.body.errors as Array<{ path: string }>).map((e) => e.path)).toContain('respondent.kind');
      const unknown = await patch(id, { state: 'CLOSED' }, { 'if-match': '"1"' });
      expect(unknown.status).toBe(400);
      expect((unknown.body.errors as Array<{ path: string }>).map((e) => e.path)).toContain('state');
      expect((await officer.get(id)).body.version).toBe(1);
    });

    it.each(['channel', 'applicants', 'thirdParties', 'respondent', 'contestedAct', 'request'])(
      'a null %s is 400 (a section can be replaced, not erased) and changes nothing',
      async (section) => {
        const id = await register();
        const before = (await officer.get(id)).body;
        const res = await patch(id, { [section]: null }, { 'if-match': '"1"' });
        expect({ section, status: res.status, code: res.body.code }).toEqual({
          section,
          status: 400,
          code: 'VALIDATION_FAILED',
        });
        const after = (await officer.get(id)).body;
        expect(after.version).toBe(1);
        expect(after[section]).toEqual(before[section]);
        expect((await events(id)).map((e) => e.action)).toEqual(['REGISTER']);
      },
    );

    it('REPORTER may not edit (403); an unknown case is 404', async () => {
      const id = await register();
      const res = await patch(id, { channel: 'POST' }, { 'if-match': '"1"' }, named.REPORTER);
      expect(res.status).toBe(403);
      const missing = await patch('00000000-0000-4000-8000-000000000000', { channel: 'POST' }, { 'if-match': '"1"' });
      expect(missing.status).toBe(404);
      expect(missing.body.code).toBe('CASE_NOT_FOUND');
    });

    it('an EDIT keeps the procedural state and is masked for REPORTER in history', async () => {
      const id = await register();
      expect((await officer.act(id, 'ACCEPT', { occurredOn: '2021-03-02' })).status).toBe(200);
      const idNumber = '11010519491231002X';
      const res = await patch(
        id,
        { applicants: [{ kind: 'NATURAL_PERSON', name: '张三', sex: 'MALE', idNumber }] },
        { 'if-match': '"2"' },
      );
      expect(res.status).toBe(200);
      expect(res.body.state).toBe('ACCEPTED');
      const edit = (await events(id))[2]!;
      expect(edit).toMatchObject({ action: 'EDIT', stateBefore: 'ACCEPTED', stateAfter: 'ACCEPTED' });
      const masked = await reporter.history(id);
      expect(masked.status).toBe(200);
      const text = JSON.stringify(masked.body);
      expect(text).not.toContain(idNumber);
      expect(text).toContain('110105***********X');
    });
  });

  // ── PUT /v1/cases/{id}/handlers ─────────────────────────────────────────────────────────────────────────────

  describe('PUT /v1/cases/{id}/handlers (R07 32)', () => {
    const handlers = (...names: string[]) => ({ handlers: names.map((name) => ({ name })) });

    it('R07 32: fewer than two handlers is 400 (one, none)', async () => {
      const id = await register();
      for (const body of [handlers('王明'), handlers()]) {
        const res = await putHandlers(id, body, { 'if-match': '"1"' });
        expect(res.status).toBe(400);
        expect((res.body.errors as Array<{ path: string }>).map((e) => e.path)).toContain('handlers');
      }
      expect((await events(id)).map((e) => e.action)).toEqual(['REGISTER']);
    });

    it('R07 32: the same name twice is 400, also when it differs only by surrounding spaces', async () => {
      const id = await register();
      for (const body of [handlers('王明', '王明'), handlers('王明', ' 王明 ')]) {
        const res = await putHandlers(id, body, { 'if-match': '"1"' });
        expect(res.status).toBe(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
      }
      expect((await events(id)).map((e) => e.action)).toEqual(['REGISTER']);
    });

    it('R07 32: a blank handler name does not count as a handler (400)', async () => {
      const id = await register();
      const res = await putHandlers(id, handlers('王明', '   '), { 'if-match': '"1"' });
      expect(res.status).toBe(400);
      expect((await officer.get(id)).body.handlers).toEqual([]);
    });

    it('without If-Match is 428; stale is 412', async () => {
      const id = await register();
      expect((await putHandlers(id, handlers('王明', '李华'))).status).toBe(428);
      expect((await putHandlers(id, handlers('王明', '李华'), { 'if-match': '"5"' })).status).toBe(412);
    });

    it('R07 32: success writes an ASSIGN_HANDLERS event (trimmed names, previous handlers kept in the payload)', async () => {
      const id = await register();
      const first = await putHandlers(
        id,
        { handlers: [{ name: ' 王明 ' }, { name: '李华', keyId: named.OFFICER!.id }] },
        { 'if-match': '"1"' },
      );
      expect(first.status).toBe(200);
      expect(first.body.handlers).toEqual([{ name: '王明' }, { name: '李华', keyId: named.OFFICER!.id }]);
      expect(first.body.version).toBe(2);
      expect(first.body.facts.handlerCount).toBe(2);

      const second = await putHandlers(id, handlers('赵强', '钱进', '孙立'), { 'if-match': '"2"' });
      expect(second.status).toBe(200);

      const history = await events(id);
      expect(history.map((e) => e.action)).toEqual(['REGISTER', 'ASSIGN_HANDLERS', 'ASSIGN_HANDLERS']);
      expect(history[1]).toMatchObject({
        legalBasis: 'R07 32',
        stateBefore: 'RECEIVED',
        stateAfter: 'RECEIVED',
        payload: { handlers: [{ name: '王明' }, { name: '李华', keyId: named.OFFICER!.id }], previous: [] },
      });
      expect(history[2]!.payload).toEqual({
        handlers: [{ name: '赵强' }, { name: '钱进' }, { name: '孙立' }],
        previous: [{ name: '王明' }, { name: '李华', keyId: named.OFFICER!.id }],
      });
      const byHandler = await officer.list(`handler=${encodeURIComponent('钱进')}`);
      expect((byHandler.body.items as Array<{ id: string }>).map((c) => c.id)).toEqual([id]);
      const replaced = await officer.list(`handler=${encodeURIComponent('王明')}`);
      expect((replaced.body.items as Array<{ id: string }>).map((c) => c.id)).not.toContain(id);
    });

    it('R07 32: DECIDE before two handlers are assigned is 422 HANDLERS_REQUIRED and records nothing', async () => {
      const id = await register();
      await underReview(id);
      const refused = await sup.act(id, 'DECIDE', { occurredOn: '2021-04-01', ...DECISION });
      expect(refused.status).toBe(422);
      expect(refused.body.code).toBe('HANDLERS_REQUIRED');
      expect(refused.body.errors).toEqual([expect.objectContaining({ path: 'handlers', code: 'HANDLERS_REQUIRED' })]);
      const current = await sup.get(id);
      expect(current.body.state).toBe('UNDER_REVIEW');
      expect(current.body.version).toBe(3);
      expect((await events(id)).map((e) => e.action)).not.toContain('DECIDE');

      expect((await sup.assignHandlers(id, ['王明', '李华'])).status).toBe(200);
      const decided = await sup.act(id, 'DECIDE', { occurredOn: '2021-04-01', ...DECISION });
      expect(decided.status).toBe(200);
      expect(decided.body).toMatchObject({ state: 'DECIDED', outcome: 'UPHELD', decidedOn: '2021-04-01' });
    });

    it('REPORTER may not assign handlers (403)', async () => {
      const id = await register();
      const res = await putHandlers(id, handlers('王明', '李华'), { 'if-match': '"1"' }, named.REPORTER);
      expect(res.status).toBe(403);
    });
  });

  // ── What every event records ────────────────────────────────────────────────────────────────────────────────

  describe('every history event records who, when and on what legal basis', () => {
    it('actorName, actorKeyId, recordedAt, occurredOn, stateBefore/stateAfter and legalBasis (L2017 case)', async () => {
      const id = await register({ receivedOn: '2021-03-01' });
      expect((await officer.act(id, 'ACCEPT', { occurredOn: '2021-03-02' })).status).toBe(200);
      expect((await clerk.act(id, 'SEND_COPY', { occurredOn: '2021-03-03' })).status).toBe(200);
      expect((await clerk.act(id, 'RECEIVE_REPLY', { occurredOn: '2021-03-12' })).status).toBe(200);
      expect((await officer.assignHandlers(id, ['王明', '李华'])).status).toBe(200);
      expect((await sup.act(id, 'DECIDE', { occurredOn: '2021-04-20', ...DECISION })).status).toBe(200);
      expect((await clerk.act(id, 'SERVE_DECISION', { occurredOn: '2021-04-22', method: '直接送达' })).status).toBe(
        200,
      );
      expect((await officer.act(id, 'CLOSE', { occurredOn: '2021-05-06' })).status).toBe(200);

      const today = todayInChina();
      const history = await events(id);
      // action, recorded by, occurredOn, stateBefore, stateAfter, legalBasis
      const expected: Array<[string, string, string, string | null, string, string]> = [
        ['REGISTER', 'CLERK', '2021-03-01', null, 'RECEIVED', 'R07 18, 19'],
        ['ACCEPT', 'OFFICER', '2021-03-02', 'RECEIVED', 'ACCEPTED', 'L17 17'],
        ['SEND_COPY', 'CLERK', '2021-03-03', 'ACCEPTED', 'UNDER_REVIEW', 'L17 23'],
        ['RECEIVE_REPLY', 'CLERK', '2021-03-12', 'UNDER_REVIEW', 'UNDER_REVIEW', 'L17 23'],
        ['ASSIGN_HANDLERS', 'OFFICER', today, 'UNDER_REVIEW', 'UNDER_REVIEW', 'R07 32'],
        ['DECIDE', 'SUPERVISOR', '2021-04-20', 'UNDER_REVIEW', 'DECIDED', 'L17 28; R07 43–50'],
        ['SERVE_DECISION', 'CLERK', '2021-04-22', 'DECIDED', 'SERVED', 'L17 31 ¶3'],
        ['CLOSE', 'OFFICER', '2021-05-06', 'SERVED', 'CLOSED', 'L17 32'],
      ];
      expect(history).toHaveLength(expected.length);
      history.forEach((event, i) => {
        const [action, by, occurredOn, stateBefore, stateAfter, legalBasis] = expected[i]!;
        expect(event).toMatchObject({
          action,
          occurredOn,
          stateBefore,
          stateAfter,
          legalBasis,
          seq: i + 1,
          actorName: named[by]!.name,
          actorKeyId: named[by]!.id,
          undoesSeq: null,
          undone: false,
        });
        expect(event.recordedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
        const recorded = new Date(event.recordedAt).getTime();
        expect(recorded).toBeGreaterThanOrEqual(started.getTime() - 5_000);
        expect(recorded).toBeLessThanOrEqual(Date.now() + 5_000);
        if (i > 0) {
          expect(event.stateBefore).toBe(history[i - 1]!.stateAfter);
          expect(recorded).toBeGreaterThanOrEqual(new Date(history[i - 1]!.recordedAt).getTime());
        }
      });
      // the payload keeps what the act recorded
      expect(history[5]!.payload).toMatchObject({ decisionType: 'UPHELD', documentNumber: DECISION.documentNumber });
      expect(history[0]!.payload).toMatchObject({ legalRegime: 'L2017', receivedOn: '2021-03-01' });
      expect((await officer.get(id)).body.version).toBe(8);
    });

    it('legalBasis follows the case’s regime: an L2023 case cites L23 articles', async () => {
      const id = await register({ receivedOn: '2024-03-01', legalRegime: 'L2023' });
      expect((await officer.act(id, 'ACCEPT', { occurredOn: '2024-03-04', procedure: 'ORDINARY' })).status).toBe(200);
      expect((await clerk.act(id, 'SEND_COPY', { occurredOn: '2024-03-05' })).status).toBe(200);
      const history = await events(id);
      expect(history.map((e) => [e.action, e.legalBasis])).toEqual([
        ['REGISTER', 'L23 22'],
        ['ACCEPT', 'L23 30, 36'],
        ['SEND_COPY', 'L23 48, 54'],
      ]);
    });

    it('an UNDO is a new event naming the undone one; the original stays in history, marked undone', async () => {
      const id = await register();
      expect((await officer.act(id, 'ACCEPT', { occurredOn: '2021-03-02' })).status).toBe(200);
      const undo = await sup.act(id, 'UNDO', { reason: '误操作' });
      expect(undo.status).toBe(200);
      expect(undo.body.state).toBe('RECEIVED');
      const history = await events(id);
      expect(history.map((e) => e.action)).toEqual(['REGISTER', 'ACCEPT', 'UNDO']);
      expect(history[1]!.undone).toBe(true);
      expect(history[2]).toMatchObject({
        seq: 3,
        undoesSeq: 2,
        stateBefore: 'ACCEPTED',
        stateAfter: 'RECEIVED',
        actorName: named.SUPERVISOR!.name,
        actorKeyId: named.SUPERVISOR!.id,
        payload: { reason: '误操作', undoneAction: 'ACCEPT' },
      });
    });

    it('a refused action leaves no event', async () => {
      const id = await register();
      const refused = await officer.act(id, 'SEND_COPY', { occurredOn: '2021-03-02' });
      expect(refused.status).toBe(409);
      const future = await officer.act(id, 'ACCEPT', { occurredOn: '2099-01-01' });
      expect(future.status).toBe(422);
      expect((await events(id)).map((e) => e.action)).toEqual(['REGISTER']);
    });
  });

  // ── Code lists ──────────────────────────────────────────────────────────────────────────────────────────────

  describe('GET /v1/code-lists', () => {
    it.each(['ADMIN', 'SUPERVISOR', 'OFFICER', 'CLERK', 'REPORTER', 'INTEGRATION'])(
      'serves zh-CN labels to %s',
      async (role) => {
        const key =
          role === 'ADMIN'
            ? t.adminKey
            : role === 'INTEGRATION'
              ? await t.createKey(['INTEGRATION'], { scopes: ['cases:read'] })
              : named[role]!.key;
        const res = await request(t.http).get('/v1/code-lists').set('authorization', `Bearer ${key}`);
        expect(res.status).toBe(200);
        const lists = res.body as Record<string, Array<{ code: string; labelZh: string; status?: number }>>;
        for (const name of ['CASE_STATES', 'ACTIONS', 'OUTCOMES', 'ERROR_CODES']) {
          expect(Array.isArray(lists[name])).toBe(true);
          expect(lists[name]!.length).toBeGreaterThan(0);
          for (const entry of lists[name]!) {
            expect(entry.code).toMatch(/^[A-Z][A-Z0-9_]*$/);
            expect(entry.labelZh).toMatch(/[\u4e00-\u9fff]/);
          }
        }
        expect(lists.CASE_STATES).toEqual(
          expect.arrayContaining([
            expect.objectContaining({ code: 'RECEIVED', labelZh: '收到申请' }),
            expect.objectContaining({ code: 'CLOSED', labelZh: '已结案' }),
          ]),
        );
        expect(lists.ACTIONS).toEqual(
          expect.arrayContaining([
            expect.objectContaining({ code: 'ACCEPT', labelZh: '受理' }),
            expect.objectContaining({ code: 'DECIDE', labelZh: '作出复议决定' }),
            expect.objectContaining({ code: 'EDIT' }),
            expect.objectContaining({ code: 'ASSIGN_HANDLERS' }),
          ]),
        );
        expect(lists.OUTCOMES).toEqual(
          expect.arrayContaining([expect.objectContaining({ code: 'REVOKED', labelZh: '撤销' })]),
        );
        expect(lists.ERROR_CODES).toEqual(
          expect.arrayContaining([
            expect.objectContaining({ code: 'HANDLERS_REQUIRED', status: 422, labelZh: '承办人不少于2名' }),
            expect.objectContaining({ code: 'PRECONDITION_FAILED', status: 412 }),
            expect.objectContaining({ code: 'IF_MATCH_REQUIRED', status: 428 }),
            expect.objectContaining({ code: 'IDEMPOTENCY_KEY_REUSED', status: 422 }),
            expect.objectContaining({ code: 'CASE_NUMBER_TEMPLATE_INVALID', status: 422 }),
            expect.objectContaining({ code: 'ILLEGAL_TRANSITION', status: 409 }),
          ]),
        );
        for (const e of lists.ERROR_CODES!) {
          expect(typeof e.status).toBe('number');
        }
      },
    );

    it('every state and action the API can return has a label', async () => {
      const res = await request(t.http).get('/v1/code-lists').set(auth(named.REPORTER!));
      const labelled = (name: string) => new Set((res.body[name] as Array<{ code: string }>).map((e) => e.code));
      const states = labelled('CASE_STATES');
      const actions = labelled('ACTIONS');
      const id = await register();
      for (const e of await events(id)) {
        expect(actions.has(e.action)).toBe(true);
        expect(states.has(e.stateAfter)).toBe(true);
      }
    });

    it('is refused without a key (401)', async () => {
      expect((await request(t.http).get('/v1/code-lists')).status).toBe(401);
    });
  });

  // ── Organs and case number templates ────────────────────────────────────────────────────────────────────────

  describe('organs and case number templates', () => {
    const admin = () => ({ authorization: `Bearer ${t.adminKey}` });
    const createOrgan = (body: Json) => request(t.http).post('/v1/organs').set(admin()).send(body);

    it('GET /v1/organs lists TAIQIAN (台前县人民政府, 台政复〔{year}〕{seq}号)', async () => {
      const res = await request(t.http).get('/v1/organs').set(auth(named.REPORTER!));
      expect(res.status).toBe(200);
      expect(res.body).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            code: 'TAIQIAN',
            name: '台前县人民政府',
            officeName: '台前县人民政府行政复议办公室',
            caseNumberTemplate: '台政复〔{year}〕{seq}号',
          }),
        ]),
      );
    });

    it('ADMIN adds an organ with {seq:3}; its cases are numbered 台政复〔2021〕001号, 002号 on their own sequence', async () => {
      // the default organ already has 2021 cases: the new organ's sequence is independent
      expect((await clerk.register(registration({ receivedOn: '2021-06-01' }))).status).toBe(201);
      const created = await createOrgan({
        code: 'PUYANG_TEST',
        name: '濮阳市人民政府',
        officeName: '濮阳市人民政府行政复议办公室',
        caseNumberTemplate: '台政复〔{year}〕{seq:3}号',
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ code: 'PUYANG_TEST', caseNumberTemplate: '台政复〔{year}〕{seq:3}号' });
      const organId = created.body.id as string;

      const first = await clerk.register(registration({ organId, receivedOn: '2021-06-02' }));
      expect(first.status).toBe(201);
      expect(first.body.caseNumber).toBe('台政复〔2021〕001号');
      expect(first.body.organId).toBe(organId);
      const second = await clerk.register(registration({ organId, receivedOn: '2021-06-03' }));
      expect(second.body.caseNumber).toBe('台政复〔2021〕002号');

      const listed = await request(t.http).get('/v1/organs').set(auth(named.CLERK!));
      expect((listed.body as Array<{ code: string }>).map((o) => o.code)).toEqual(
        expect.arrayContaining(['TAIQIAN', 'PUYANG_TEST']),
      );
      const onlyNew = await clerk.list(`organId=${organId}`);
      expect((onlyNew.body.items as Array<{ id: string }>).map((c) => c.id).sort()).toEqual(
        [first.body.id as string, second.body.id as string].sort(),
      );
    });

    it.each([
      ['without {seq}', '台政复〔{year}〕号'],
      ['with an unknown placeholder', '台政复〔{year}〕{seq}号{month}'],
      ['with a misspelt placeholder', '台政复〔{YEAR}〕{seq}号'],
      ['with a bad padding', '台政复〔{year}〕{seq:x}号'],
    ])('a template %s is 422 CASE_NUMBER_TEMPLATE_INVALID', async (_what, template) => {
      const res = await createOrgan({
        code: `BAD_${Math.random().toString(36).slice(2, 8).toUpperCase()}`,
        name: '某县人民政府',
        officeName: '某县人民政府行政复议办公室',
        caseNumberTemplate: template,
      });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('CASE_NUMBER_TEMPLATE_INVALID');
      expect(res.body.errors).toEqual([expect.objectContaining({ path: 'caseNumberTemplate' })]);
    });

    it('a template without {year} never produces the same number twice (refused, or unique across years)', async () => {
      const created = await createOrgan({
        code: 'NO_YEAR_TEST',
        name: '某区人民政府',
        officeName: '某区人民政府行政复议办公室',
        caseNumberTemplate: '某复{seq}号',
      });
      if (created.status === 422) {
        expect(created.body.code).toBe('CASE_NUMBER_TEMPLATE_INVALID');
        return;
      }
      expect(created.status).toBe(201);
      const organId = created.body.id as string;
      const a = await clerk.register(registration({ organId, receivedOn: '2021-06-01' }));
      const b = await clerk.register(registration({ organId, receivedOn: '2022-06-01' }));
      expect([a.status, b.status]).toEqual([201, 201]);
      expect(a.body.caseNumber).not.toBe(b.body.caseNumber);
    });

    it('only ADMIN may add an organ (403); a duplicate code is 409; an unknown organId on registration is 404', async () => {
      const body = {
        code: 'TAIQIAN',
        name: '台前县人民政府',
        officeName: '台前县人民政府行政复议办公室',
        caseNumberTemplate: '台政复〔{year}〕{seq}号',
      };
      const bySupervisor = await request(t.http).post('/v1/organs').set(auth(named.SUPERVISOR!)).send(body);
      expect(bySupervisor.status).toBe(403);
      const duplicate = await createOrgan(body);
      expect(duplicate.status).toBe(409);
      expect(duplicate.body.code).toBe('ORGAN_CODE_TAKEN');
      const unknown = await clerk.register(registration({ organId: '00000000-0000-4000-8000-000000000000' }));
      expect(unknown.status).toBe(404);
      expect(unknown.body.code).toBe('ORGAN_NOT_FOUND');
    });
  });
});

import request from 'supertest';
import { DataSource } from 'typeorm';
import { CALENDAR_2021 } from '../../src/calendar/seed/2021';
import { todayInChina } from '../../src/common/validation/local-date.validator';
import { CaseClient } from '../support/case-client';
import { registration } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import { extendBody } from '../support/lifecycle-steps';

interface ClockBody {
  clock: string;
  dueOn: string | null;
  status: string;
  provisional: boolean;
  explanation: string[];
}

describe('deadlines: per-case clocks, work queues and the calendar admin API', () => {
  let t: TestApp;
  let sup: CaseClient;
  let admin: { authorization: string };
  beforeAll(async () => {
    t = await startTestApp();
    const key = await t.createKey(['SUPERVISOR']);
    sup = new CaseClient(t.http, key);
    admin = { authorization: `Bearer ${t.adminKey}` };
  });
  afterAll(async () => {
    await t.close();
  });

  async function clocks(id: string, asOf: string): Promise<Record<string, ClockBody>> {
    const res = await request(t.http)
      .get(`/v1/cases/${id}/deadlines?asOf=${asOf}`)
      .set('authorization', `Bearer ${await supKey()}`);
    expect(res.status).toBe(200);
    return Object.fromEntries((res.body.clocks as ClockBody[]).map((c) => [c.clock, c]));
  }
  let cachedKey: string | undefined;
  async function supKey(): Promise<string> {
    cachedKey ??= await t.createKey(['OFFICER']);
    return cachedKey;
  }

  async function underReview(receivedOn: string, acceptedOn: string): Promise<string> {
    const id = (await sup.register(registration({ receivedOn }))).body.id as string;
    expect((await sup.act(id, 'ACCEPT', { occurredOn: acceptedOn })).status).toBe(200);
    expect((await sup.act(id, 'SEND_COPY', { occurredOn: acceptedOn })).status).toBe(200);
    return id;
  }

  it('L17 17, 40: received Wed 2021-09-29 → acceptance review due 2021-10-12, explained step by step', async () => {
    const id = (await sup.register(registration({ receivedOn: '2021-09-29' }))).body.id as string;
    const c = await clocks(id, '2021-09-30');
    expect(c.ACCEPTANCE_REVIEW).toMatchObject({ dueOn: '2021-10-12', status: 'RUNNING' });
    expect(c.ACCEPTANCE_REVIEW!.explanation.join(' ')).toMatch(/L17 17/);
    const later = await clocks(id, '2021-10-13');
    expect(later.ACCEPTANCE_REVIEW!.status).toBe('MISSED');
  });

  it('L17 31 + CPL roll-forward: accepted 2021-08-03 → decision due 2021-10-08', async () => {
    const id = await underReview('2021-08-03', '2021-08-03');
    expect((await clocks(id, '2021-08-04')).DECISION).toMatchObject({ dueOn: '2021-10-08', status: 'RUNNING' });
  });

  it('R07 41: a 20-day suspension moves the decision due date by exactly 20 days; PAUSED while it lasts', async () => {
    const id = await underReview('2021-03-01', '2021-03-01');
    expect((await clocks(id, '2021-03-02')).DECISION!.dueOn).toBe('2021-04-30');
    expect((await sup.act(id, 'SUSPEND', { occurredOn: '2021-03-10', ground: 'R07_41_5_FORCE_MAJEURE' })).status).toBe(
      200,
    );
    expect((await clocks(id, '2021-03-20')).DECISION!.status).toBe('PAUSED');
    expect((await sup.act(id, 'RESUME', { occurredOn: '2021-03-30' })).status).toBe(200);
    expect((await clocks(id, '2021-04-01')).DECISION!.dueOn).toBe('2021-05-20');
  });

  it('L17 31: EXTEND by 30 days moves the decision due date by 30 days; a second EXTEND is 409', async () => {
    const id = await underReview('2021-03-01', '2021-03-01');
    const extend = await sup.act(id, 'EXTEND', extendBody('L2017', '2021-04-20', 30));
    expect(extend.status).toBe(200);
    expect((await clocks(id, '2021-04-21')).DECISION!.dueOn).toBe('2021-05-31');
    const again = await sup.act(id, 'EXTEND', { occurredOn: '2021-04-21', days: 10, reasons: '再次延期' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('ACTION_NOT_AVAILABLE');
  });

  it('queues: OVERDUE lists open clocks past due (stored, recomputed with every action); DUE_SOON lists those due within N working days', async () => {
    const overdueId = await underReview('2021-05-06', '2021-05-07');
    const today = todayInChina();
    const soonId = (await sup.register(registration({ receivedOn: today }))).body.id as string;
    const key = await supKey();
    const overdue = await request(t.http)
      .get('/v1/deadlines?status=OVERDUE&clock=DECISION&limit=200')
      .set('authorization', `Bearer ${key}`);
    expect(overdue.status).toBe(200);
    expect(overdue.body.items.map((i: { caseId: string }) => i.caseId)).toContain(overdueId);
    expect(overdue.body.items.every((i: { clock: string }) => i.clock === 'DECISION')).toBe(true);
    const soon = await request(t.http)
      .get('/v1/deadlines?status=DUE_SOON&within=5')
      .set('authorization', `Bearer ${key}`);
    expect(soon.status).toBe(200);
    const item = soon.body.items.find((i: { caseId: string }) => i.caseId === soonId);
    expect(item).toMatchObject({ clock: 'ACCEPTANCE_REVIEW', legalBasis: 'L23 30, 31 ¶3, 88' });
    // Deciding the overdue case takes it off the queue in the same transaction.
    await sup.assignHandlers(overdueId);
    await sup.act(overdueId, 'DECIDE', {
      occurredOn: '2021-08-01',
      decisionType: 'UPHELD',
      documentNumber: '台政复决〔2021〕9号',
      legalBasis: 'L17 28(1)(1)',
      reasons: '认定事实清楚',
      approval: { kind: 'ORGAN_HEAD_APPROVAL', approverName: '张县长', approvedOn: '2021-08-01' },
    });
    const after = await request(t.http)
      .get('/v1/deadlines?status=OVERDUE&clock=DECISION&limit=200')
      .set('authorization', `Bearer ${key}`);
    expect(after.body.items.map((i: { caseId: string }) => i.caseId)).not.toContain(overdueId);
  });

  it('queues filter by handler and page with a cursor; bad parameters are 400', async () => {
    const a = await underReview('2021-06-01', '2021-06-02');
    await sup.assignHandlers(a, ['赵一', '钱二']);
    const key = await supKey();
    const mine = await request(t.http)
      .get(`/v1/deadlines?status=OVERDUE&handler=${encodeURIComponent('赵一')}`)
      .set('authorization', `Bearer ${key}`);
    expect(mine.body.items.length).toBeGreaterThan(0);
    expect(mine.body.items.every((i: { caseId: string }) => i.caseId === a)).toBe(true);
    const page1 = await request(t.http)
      .get('/v1/deadlines?status=OVERDUE&limit=1')
      .set('authorization', `Bearer ${key}`);
    expect(page1.body.nextCursor).toEqual(expect.any(String));
    const page2 = await request(t.http)
      .get(`/v1/deadlines?status=OVERDUE&limit=1&cursor=${page1.body.nextCursor}`)
      .set('authorization', `Bearer ${key}`);
    expect(page2.body.items[0].caseId + page2.body.items[0].clock).not.toBe(
      page1.body.items[0].caseId + page1.body.items[0].clock,
    );
    expect((await request(t.http).get('/v1/deadlines?status=LATE').set('authorization', `Bearer ${key}`)).status).toBe(
      400,
    );
    expect((await request(t.http).get('/v1/deadlines').set('authorization', `Bearer ${key}`)).status).toBe(400);
  });

  it('paging a queue with cursors returns exactly the one-page answer: same items, same order (due date, case, clock)', async () => {
    for (const on of ['2021-06-07', '2021-06-07', '2021-06-08']) {
      await underReview(on, on);
    }
    const key = await supKey();
    const get = (q: string) => request(t.http).get(`/v1/deadlines?${q}`).set('authorization', `Bearer ${key}`);
    type Item = { caseId: string; clock: string; dueOn: string };
    for (const status of ['OVERDUE', 'OVERDUE&clock=DECISION']) {
      const whole = (await get(`status=${status}&limit=200`)).body.items as Item[];
      expect(whole.length).toBeGreaterThanOrEqual(3);
      const paged: Item[] = [];
      let cursor: string | undefined;
      do {
        const res = await get(`status=${status}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        expect(res.status).toBe(200);
        paged.push(...(res.body.items as Item[]));
        cursor = res.body.nextCursor as string | undefined;
      } while (cursor);
      expect(paged.map((i) => `${i.dueOn} ${i.caseId} ${i.clock}`)).toEqual(
        whole.map((i) => `${i.dueOn} ${i.caseId} ${i.clock}`),
      );
      const keys = whole.map((i) => `${i.dueOn} ${i.caseId} ${i.clock}`);
      expect([...keys].sort()).toEqual(keys);
    }
  });

  it('the OVERDUE queue query is served by the partial index case_deadline_open_due', async () => {
    const ds = t.app.get(DataSource);
    const plan = await ds.transaction(async (m) => {
      await m.query('SET LOCAL enable_seqscan = off');
      const rows: Array<{ 'QUERY PLAN': string }> = await m.query(
        `EXPLAIN SELECT d.case_id FROM case_deadline d JOIN reconsideration_case c ON c.id = d.case_id
          WHERE d.open AND d.due_on < '2026-01-01'::date AND d.organ_id = (SELECT id FROM organ WHERE code = 'TAIQIAN')
          ORDER BY d.due_on LIMIT 50`,
      );
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    });
    expect(plan).toContain('case_deadline_open_due');
  });

  it('calendar admin: GET a seeded year; PUT a year (ADMIN) recomputes open cases, reported in the response; others are 403', async () => {
    const y2021 = await request(t.http).get('/v1/calendar/2021').set(admin);
    expect(y2021.status).toBe(200);
    expect(y2021.body.notice).toContain('2021');
    expect(y2021.body.restDays).toContainEqual(expect.objectContaining({ date: '2021-10-01', holiday: '国庆节' }));
    expect((await request(t.http).get('/v1/calendar/2031').set(admin)).status).toBe(404);

    // Without 2021's calendar, a 2021 case's working-day clock is computed provisionally (全国年节及纪念日放假办法:
    // 国庆节 10月1日至3日 only, no 调休) and marked so — not CALENDAR_MISSING (PROVISIONAL_CALENDAR, default on).
    await t.changeCachedTable('DELETE FROM calendar_year WHERE year = 2021');
    const id = (await sup.register(registration({ receivedOn: '2021-09-29' }))).body.id as string;
    expect((await clocks(id, '2021-09-30')).ACCEPTANCE_REVIEW).toMatchObject({
      status: 'RUNNING',
      dueOn: '2021-10-07',
      provisional: true,
    });
    const missing = await request(t.http)
      .get('/v1/deadlines?status=CALENDAR_MISSING')
      .set('authorization', `Bearer ${await supKey()}`);
    expect(missing.body.items.map((i: { caseId: string }) => i.caseId)).not.toContain(id);

    const body = {
      notice: CALENDAR_2021.notice,
      restDays: CALENDAR_2021.restDays,
      makeUpWorkdays: CALENDAR_2021.makeUpWorkdays,
    };
    const officer = await request(t.http)
      .put('/v1/calendar/2021')
      .set('authorization', `Bearer ${await supKey()}`)
      .send(body);
    expect(officer.status).toBe(403);
    const put = await request(t.http).put('/v1/calendar/2021').set(admin).send(body);
    expect(put.status).toBe(200);
    expect(put.body.recomputedCases).toBeGreaterThan(0);
    expect(put.body.changedCases).toBeGreaterThanOrEqual(1);
    expect(put.body.updatedBy).toMatch(/^bootstrap-admin-/);
    expect((await clocks(id, '2021-09-30')).ACCEPTANCE_REVIEW).toMatchObject({
      status: 'RUNNING',
      dueOn: '2021-10-12',
      provisional: false,
    });
    expect(put.body.changes).toContainEqual(expect.objectContaining({ caseId: id }));
    const years = await request(t.http).get('/v1/calendar').set(admin);
    expect(years.body.years).toEqual([2020, 2021, 2022, 2023, 2024, 2025, 2026]);
  });

  it('calendar data is validated: a weekday as make-up workday, or a date of another year, is 422', async () => {
    const bad = await request(t.http)
      .put('/v1/calendar/2028')
      .set(admin)
      .send({ notice: 'x', restDays: [], makeUpWorkdays: [{ date: '2028-03-01', holiday: '测试' }] });
    expect(bad.status).toBe(422);
    expect(bad.body.code).toBe('CALENDAR_DATA_INVALID');
    const otherYear = await request(t.http)
      .put('/v1/calendar/2028')
      .set(admin)
      .send({ notice: 'x', restDays: [{ date: '2029-01-01', holiday: '元旦' }], makeUpWorkdays: [] });
    expect(otherYear.status).toBe(422);
  });
});

import request from 'supertest';
import { CALENDAR_2024 } from '../../src/calendar/seed/2024';
import { provisionalCalendarYear } from '../../src/calendar/provisional-calendar';
import { todayInChina } from '../../src/common/validation/local-date.validator';
import { Actors, makeActors, registerCase, step } from '../support/lifecycle-steps';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * 全国年节及纪念日放假办法 / L23 88: a year whose State Council notice is not loaded is computed provisionally (weekends
 * and the statutory holidays, lunar dates computed, no 调休), marked provisional in the clock and in the queue, and
 * recomputed when the notice is loaded (PUT /v1/calendar/{year}), which lists the cases that changed.
 */

interface ClockBody {
  clock: string;
  dueOn: string | null;
  status: string;
  provisional: boolean;
  explanation: string[];
}
interface QueueItem {
  caseId: string;
  caseNumber: string;
  clock: string;
  dueOn: string | null;
  provisional: boolean;
}
interface CaseChangeBody {
  caseId: string;
  caseNumber: string;
  clocks: Array<{
    clock: string;
    dueOnBefore: string | null;
    dueOnAfter: string | null;
    provisionalBefore: boolean;
    provisionalAfter: boolean;
  }>;
}

const PROVISIONAL_LINE = (year: number) =>
  `${year}年节假日安排尚未录入，按《全国年节及纪念日放假办法》暂行推算（不含调休），届时以国务院通知为准`;

async function clocksOf(t: TestApp, key: string, id: string, asOf: string): Promise<Record<string, ClockBody>> {
  const res = await request(t.http).get(`/v1/cases/${id}/deadlines?asOf=${asOf}`).set('authorization', `Bearer ${key}`);
  expect(res.status).toBe(200);
  return Object.fromEntries((res.body.clocks as ClockBody[]).map((c) => [c.clock, c]));
}

/** Every item of a queue (all pages) for one clock. */
async function queue(t: TestApp, key: string, status: string, extra = ''): Promise<QueueItem[]> {
  const items: QueueItem[] = [];
  let cursor: string | undefined;
  do {
    const res = await request(t.http)
      .get(`/v1/deadlines?status=${status}&clock=DECISION&limit=200${extra}${cursor ? `&cursor=${cursor}` : ''}`)
      .set('authorization', `Bearer ${key}`);
    expect(res.status).toBe(200);
    items.push(...(res.body.items as QueueItem[]));
    cursor = (res.body.nextCursor as string | null) ?? undefined;
  } while (cursor);
  return items;
}

/** A test notice for 2027 (not the State Council's: it is not in the seed): the provisional days plus a 调休 block. */
function notice2027() {
  const restDays = [
    ...provisionalCalendarYear(2027).restDays.map(({ date, holiday }) => ({ date, holiday })),
    { date: '2027-02-09', holiday: '春节' },
    { date: '2027-02-10', holiday: '春节' },
    { date: '2027-02-11', holiday: '春节' },
  ];
  return {
    notice: '（测试数据）国务院办公厅关于2027年部分节假日安排的通知',
    restDays,
    makeUpWorkdays: [{ date: '2027-02-20', holiday: '春节' }],
  };
}

describe('全国年节及纪念日放假办法: a provisional calendar for a year whose notice is not loaded (fallback on)', () => {
  let t: TestApp;
  let a: Actors;
  let admin: { authorization: string };
  beforeAll(async () => {
    t = await startTestApp();
    a = await makeActors(t);
    admin = { authorization: `Bearer ${t.adminKey}` };
    // The seed has 2020–2026; make sure 2027 stays unloaded even once a later seed adds it.
    await t.changeCachedTable('DELETE FROM calendar_year WHERE year = 2027');
  });
  afterAll(async () => {
    await t.close();
  });

  it('L23 62 ¶1 / 全国年节及纪念日放假办法: a case accepted in December 2026 has its DECISION due in 2027, computed provisionally, in a work queue and not CALENDAR_MISSING; loading 2027 lists it as changed', async () => {
    const years = await request(t.http).get('/v1/calendar').set(admin);
    expect(years.body).toMatchObject({ provisionalCalendar: true });
    expect(years.body.years).not.toContain(2027);

    const id = await registerCase(a.clerk, '2026-12-01');
    await step(a.officer, id, 'ACCEPT', { occurredOn: '2026-12-01', procedure: 'ORDINARY' });
    // 60 days from 2026-12-01 (L23 62 ¶1): 2027-01-30, a Saturday → Monday 2027-02-01 (CPL 85), provisional.
    const decision = (await clocksOf(t, a.keys.officer, id, '2026-12-02')).DECISION!;
    expect(decision).toMatchObject({ dueOn: '2027-02-01', status: 'RUNNING', provisional: true });
    expect(decision.explanation).toContain(PROVISIONAL_LINE(2027));

    // In OVERDUE once the due date has passed, in DUE_SOON (60 working days ahead) before — marked provisional.
    const today = todayInChina();
    const items =
      today > '2027-02-01'
        ? await queue(t, a.keys.officer, 'OVERDUE')
        : await queue(t, a.keys.officer, 'DUE_SOON', '&within=60');
    expect(items.find((i) => i.caseId === id)).toMatchObject({ dueOn: '2027-02-01', provisional: true });
    expect((await queue(t, a.keys.officer, 'CALENDAR_MISSING')).map((i) => i.caseId)).not.toContain(id);

    // PUT the 2027 notice: the same due date, now firm; the case is listed among the changes by id and case number.
    const caseNumber = (await a.officer.get(id)).body.caseNumber as string;
    const put = await request(t.http).put('/v1/calendar/2027').set(admin).send(notice2027());
    expect(put.status).toBe(200);
    expect(put.body.recomputedCases).toBeGreaterThanOrEqual(1);
    expect(put.body.changedCases).toBe((put.body.changes as CaseChangeBody[]).length);
    const change = (put.body.changes as CaseChangeBody[]).find((c) => c.caseId === id);
    expect(change).toMatchObject({ caseNumber });
    expect(change!.clocks).toContainEqual({
      clock: 'DECISION',
      dueOnBefore: '2027-02-01',
      dueOnAfter: '2027-02-01',
      provisionalBefore: true,
      provisionalAfter: false,
    });
    const firm = (await clocksOf(t, a.keys.officer, id, '2026-12-02')).DECISION!;
    expect(firm).toMatchObject({ dueOn: '2027-02-01', provisional: false });
    expect(firm.explanation.join('\n')).not.toContain('暂行推算');
  });

  it('L23 62 ¶1 / 全国年节及纪念日放假办法: with 2024’s notice removed, a 2024 decision due on 2024-10-04 is provisional and OVERDUE; loading the notice moves it to 2024-10-08 and lists the case', async () => {
    await t.changeCachedTable('DELETE FROM calendar_year WHERE year = 2024');
    const id = await registerCase(a.clerk, '2024-08-05');
    await step(a.officer, id, 'ACCEPT', { occurredOn: '2024-08-05', procedure: 'ORDINARY' });
    // 60 days → Friday 2024-10-04: a working day under the 办法 alone (国庆节 is 10月1日至3日) …
    const decision = (await clocksOf(t, a.keys.officer, id, '2024-08-06')).DECISION!;
    expect(decision).toMatchObject({ dueOn: '2024-10-04', provisional: true });
    expect(decision.explanation).toContain(PROVISIONAL_LINE(2024));
    const overdue = (await queue(t, a.keys.officer, 'OVERDUE')).find((i) => i.caseId === id);
    expect(overdue).toMatchObject({ dueOn: '2024-10-04', provisional: true });

    // … but a rest day under the notice (10月1日至7日放假调休): the period rolls to Tuesday 2024-10-08.
    const put = await request(t.http).put('/v1/calendar/2024').set(admin).send({
      notice: CALENDAR_2024.notice,
      restDays: CALENDAR_2024.restDays,
      makeUpWorkdays: CALENDAR_2024.makeUpWorkdays,
    });
    expect(put.status).toBe(200);
    const change = (put.body.changes as CaseChangeBody[]).find((c) => c.caseId === id);
    expect(change?.clocks).toContainEqual({
      clock: 'DECISION',
      dueOnBefore: '2024-10-04',
      dueOnAfter: '2024-10-08',
      provisionalBefore: true,
      provisionalAfter: false,
    });
    expect((await queue(t, a.keys.officer, 'OVERDUE')).find((i) => i.caseId === id)).toMatchObject({
      dueOn: '2024-10-08',
      provisional: false,
    });
  });

  it('全国年节及纪念日放假办法: a calendar edit that moves nothing lists no change (the cases are still recomputed)', async () => {
    const put = await request(t.http).put('/v1/calendar/2024').set(admin).send({
      notice: CALENDAR_2024.notice,
      restDays: CALENDAR_2024.restDays,
      makeUpWorkdays: CALENDAR_2024.makeUpWorkdays,
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ changedCases: 0, changes: [] });
    expect(put.body.recomputedCases).toBeGreaterThanOrEqual(1);
  });
});

describe('PROVISIONAL_CALENDAR=false: the old CALENDAR_MISSING behaviour', () => {
  let t: TestApp;
  let a: Actors;
  beforeAll(async () => {
    t = await startTestApp({ PROVISIONAL_CALENDAR: 'false' });
    a = await makeActors(t);
    await t.changeCachedTable('DELETE FROM calendar_year WHERE year = 2027');
  });
  afterAll(async () => {
    await t.close();
  });

  it('L23 62 ¶1: with the fallback off, a DECISION due in 2027 is CALENDAR_MISSING and queued there until 2027 is loaded', async () => {
    const id = await registerCase(a.clerk, '2026-12-01');
    await step(a.officer, id, 'ACCEPT', { occurredOn: '2026-12-01', procedure: 'ORDINARY' });
    expect((await clocksOf(t, a.keys.officer, id, '2026-12-02')).DECISION).toMatchObject({
      status: 'CALENDAR_MISSING',
      dueOn: null,
      provisional: false,
    });
    expect((await queue(t, a.keys.officer, 'CALENDAR_MISSING')).map((i) => i.caseId)).toContain(id);
    const put = await request(t.http)
      .put('/v1/calendar/2027')
      .set('authorization', `Bearer ${t.adminKey}`)
      .send(notice2027());
    expect(put.status).toBe(200);
    expect((put.body.changes as CaseChangeBody[]).find((c) => c.caseId === id)?.clocks).toContainEqual({
      clock: 'DECISION',
      dueOnBefore: null,
      dueOnAfter: '2027-02-01',
      provisionalBefore: false,
      provisionalAfter: false,
    });
    expect((await queue(t, a.keys.officer, 'CALENDAR_MISSING')).map((i) => i.caseId)).not.toContain(id);
  });
});

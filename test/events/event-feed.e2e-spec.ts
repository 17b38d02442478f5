import request from 'supertest';
import { DataSource } from 'typeorm';
import { CaseCommitPublisher } from '../../src/cases/case-committed';
import { DeadlineEventsService } from '../../src/events/deadline-events.service';
import { CaseClient } from '../support/case-client';
import { registration } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

interface FeedEvent {
  id: string;
  type: string;
  subject: string;
  sequence: string;
  caseversion: number;
  specversion: string;
  source: string;
  time: string;
  data: Record<string, unknown> & { act?: Record<string, unknown> };
}

/** Issue 15 pt 2–3: the outbox (one event per committed act, in its transaction) and the resumable feed. */
describe('event feed (GET /v1/events)', () => {
  let t: TestApp;
  let sup: CaseClient;
  let integration: string;
  let reporter: string;
  beforeAll(async () => {
    t = await startTestApp();
    sup = new CaseClient(t.http, await t.createKey(['SUPERVISOR']));
    integration = await t.createKey(['INTEGRATION'], { scopes: ['events:read'] });
    reporter = await t.createKey(['REPORTER']);
  });
  afterAll(async () => {
    await t.close();
  });

  async function readAll(key: string, query: Record<string, string> = {}, limit = 100) {
    const events: FeedEvent[] = [];
    let after = '0';
    for (;;) {
      const res = await request(t.http)
        .get('/v1/events')
        .query({ ...query, after, limit: String(limit) })
        .set('authorization', `Bearer ${key}`);
      expect(res.status).toBe(200);
      const page = res.body as { items: FeedEvent[]; nextCursor: string };
      events.push(...page.items);
      after = page.nextCursor;
      if (page.items.length < limit) {
        return { events, cursor: after };
      }
    }
  }

  it('writes one CloudEvent per committed act, in the case order, with masked personal values', async () => {
    const reg = await sup.register(registration());
    const id = reg.body.id as string;
    expect((await sup.act(id, 'ACCEPT', { occurredOn: '2021-03-02' })).status).toBe(200);
    const { events } = await readAll(integration);
    const mine = events.filter((e) => e.subject === id);
    expect(mine.map((e) => e.type)).toEqual([
      'cn.gov.reconsideration.case.registered',
      'cn.gov.reconsideration.case.accepted',
    ]);
    const [registered, accepted] = mine as [FeedEvent, FeedEvent];
    expect(registered).toMatchObject({
      specversion: '1.0',
      source: `/v1/organs/${reg.body.organId as string}`,
      caseversion: 1,
      data: { caseNumber: reg.body.caseNumber, state: 'RECEIVED', stateBefore: null, legalDate: '2021-03-01' },
    });
    expect(accepted).toMatchObject({ caseversion: 2, data: { action: 'ACCEPT', state: 'ACCEPTED', version: 2 } });
    expect(BigInt(accepted.sequence)).toBeGreaterThan(BigInt(registered.sequence));
    // An integration without personal-data:read sees the applicant masked (PIPL 6: the minimum), never a reference.
    const applicant = (registered.data.act?.applicants as Record<string, unknown>[])[0] as Record<string, unknown>;
    expect(applicant.name).toBe('张*');
    expect(JSON.stringify(registered)).not.toContain('pd:');
    expect(JSON.stringify(registered)).not.toContain('11010519491231002X');
  });

  it('a reader entitled to personal data sees the values in clear, and the read is audited (PIPL 51, 54)', async () => {
    const entitled = await t.createKey(['INTEGRATION'], { scopes: ['events:read', 'personal-data:read'] });
    const reg = await sup.register(registration());
    const ds = t.app.get(DataSource);
    const [before] = await ds.query<{ n: number }[]>('SELECT count(*)::int AS n FROM personal_data_read');
    const { events } = await readAll(entitled, { types: 'cn.gov.reconsideration.case.registered' });
    const mine = events.find((e) => e.subject === reg.body.id);
    const applicant = (mine?.data.act?.applicants as Record<string, unknown>[])[0] as Record<string, unknown>;
    expect(applicant.name).toBe('张三');
    const [after] = await ds.query<{ n: number }[]>('SELECT count(*)::int AS n FROM personal_data_read');
    expect(after?.n).toBeGreaterThan(before?.n ?? 0);
  });

  it('subscribers run inside the act’s transaction: one that fails refuses the act, and nothing of it remains', async () => {
    const publisher = t.app.get(CaseCommitPublisher);
    expect(publisher.names()).toEqual(['deadlines', 'outbox']);
    const reg = await sup.register(registration());
    const id = reg.body.id as string;
    // A planner that fails before the statement, then a step of the statement that fails in PostgreSQL (22012).
    let failure: 'plan' | 'sql' | undefined = 'plan';
    publisher.subscribe(
      'test-failing',
      () =>
        failure === 'plan'
          ? Promise.reject(new Error('subscriber down'))
          : failure === 'sql'
            ? [{ sql: 'DELETE FROM case_deadline WHERE 1 / ((SELECT count(*) FROM act_event) - 1) = 1', params: [] }]
            : [],
      () => Promise.resolve(),
    );
    try {
      for (const kind of ['plan', 'sql'] as const) {
        failure = kind;
        const res = await sup.act(id, 'ACCEPT', { occurredOn: '2021-03-02' });
        expect(res.status).toBe(500);
        const ds = t.app.get(DataSource);
        const [counts] = await ds.query<{ events: number; outbox: number; deadlines: number; version: number }[]>(
          `SELECT (SELECT count(*)::int FROM case_event WHERE case_id = $1) AS events,
                  (SELECT count(*)::int FROM event_outbox WHERE case_id = $1) AS outbox,
                  (SELECT count(*)::int FROM case_deadline WHERE case_id = $1 AND clock = 'DECISION') AS deadlines,
                  (SELECT version FROM reconsideration_case WHERE id = $1) AS version`,
          [id],
        );
        expect(counts).toEqual({ events: 1, outbox: 1, deadlines: 0, version: 1 });
      }
    } finally {
      failure = undefined;
    }
  });

  it('a refused act writes no event (the outbox row lives in the act’s transaction)', async () => {
    const reg = await sup.register(registration());
    const id = reg.body.id as string;
    const refused = await sup.act(id, 'DECIDE', { occurredOn: '2021-04-20', decisionType: 'UPHELD' });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    const { events } = await readAll(integration);
    expect(events.filter((e) => e.subject === id).map((e) => e.type)).toEqual([
      'cn.gov.reconsideration.case.registered',
    ]);
  });

  it('resumes from a cursor, filters by type and organ, and keeps its place at the end', async () => {
    const first = await readAll(integration);
    const again = await request(t.http)
      .get('/v1/events')
      .query({ after: first.cursor })
      .set('authorization', `Bearer ${integration}`);
    expect(again.body).toEqual({ items: [], nextCursor: first.cursor });
    const reg = await sup.register(registration());
    const next = await request(t.http)
      .get('/v1/events')
      .query({ after: first.cursor })
      .set('authorization', `Bearer ${integration}`);
    expect((next.body as { items: FeedEvent[] }).items.map((e) => e.subject)).toEqual([reg.body.id]);
    const accepted = await readAll(integration, { types: 'cn.gov.reconsideration.case.accepted' }, 1);
    expect(accepted.events.length).toBeGreaterThan(0);
    expect(new Set(accepted.events.map((e) => e.type))).toEqual(new Set(['cn.gov.reconsideration.case.accepted']));
    const family = await readAll(integration, { types: 'cn.gov.reconsideration.case.*' });
    expect(family.events.length).toBe(first.events.length + 1);
    const otherOrgan = await request(t.http)
      .get('/v1/events')
      .query({ organ: '00000000-0000-4000-8000-000000000000' })
      .set('authorization', `Bearer ${integration}`);
    expect(otherOrgan.status).toBe(200);
    expect((otherOrgan.body as { items: unknown[] }).items).toEqual([]);
  });

  it('refuses unknown types and malformed cursors with problem+json; roles without access get 403', async () => {
    for (const query of [{ types: 'case.accepted' }, { after: 'abc' }, { after: '-1' }, { limit: '0' }]) {
      const res = await request(t.http).get('/v1/events').query(query).set('authorization', `Bearer ${integration}`);
      expect({ query, status: res.status, type: res.headers['content-type'] }).toMatchObject({
        status: 400,
        type: expect.stringContaining('application/problem+json') as unknown,
      });
    }
    const forbidden = await request(t.http).get('/v1/events').set('authorization', `Bearer ${reporter}`);
    expect(forbidden.status).toBe(403);
    const unscoped = await t.createKey(['INTEGRATION'], { scopes: ['cases:read'] });
    expect((await request(t.http).get('/v1/events').set('authorization', `Bearer ${unscoped}`)).status).toBe(403);
  });

  it('organ scope: a key limited to another organ sees none of this organ’s events', async () => {
    const organ = await request(t.http)
      .post('/v1/organs')
      .set('authorization', 'Bearer rcs_test-admin-key-0123456789abcdef')
      .send({
        code: 'OTHERFEED',
        name: '某区人民政府',
        officeName: '某区人民政府行政复议办公室',
        caseNumberTemplate: '某复〔{year}〕{seq}号',
      });
    expect(organ.status).toBe(201);
    const limited = await t.createKey(['INTEGRATION'], {
      scopes: ['events:read'],
      organIds: [(organ.body as { id: string }).id],
    });
    const { events } = await readAll(limited);
    expect(events).toEqual([]);
    const outside = await request(t.http)
      .get('/v1/events')
      .query({ organ: (await readAll(integration)).events[0]?.data.organId as string })
      .set('authorization', `Bearer ${limited}`);
    expect(outside.status).toBe(404);
  });

  it('the outbox is append-only: rows cannot be changed or deleted (only the position is assigned, once)', async () => {
    const ds = t.app.get(DataSource);
    await expect(ds.query(`UPDATE event_outbox SET type = 'cn.gov.reconsideration.case.x' WHERE true`)).rejects.toThrow(
      /immutable/,
    );
    await expect(ds.query('DELETE FROM event_outbox')).rejects.toThrow(/append-only/);
    await expect(ds.query('UPDATE event_outbox SET position = position + 1000000')).rejects.toThrow(/immutable/);
  });

  it('the deadline check announces due-soon and overdue clocks once, across runs (and only one run at a time)', async () => {
    const reg = await sup.register(registration());
    const id = reg.body.id as string;
    expect((await sup.act(id, 'ACCEPT', { occurredOn: '2021-03-02' })).status).toBe(200);
    const check = t.app.get(DeadlineEventsService);
    // 2021-05-10: long after the 60-day decision period of L17 31 ended for a case accepted on 2021-03-02.
    const [a, b] = await Promise.all([check.runOnce('2021-05-10'), check.runOnce('2021-05-10')]);
    expect([a, b].filter((n) => n === null).length + [a, b].filter((n) => n === 0).length).toBeGreaterThanOrEqual(1);
    expect(await check.runOnce('2021-05-10')).toBe(0);
    const { events } = await readAll(integration, { types: 'cn.gov.reconsideration.deadline.*' });
    const mine = events.filter((e) => e.subject === id);
    const decision = mine.filter((e) => e.data.clock === 'DECISION');
    expect(decision.map((e) => e.type)).toEqual(['cn.gov.reconsideration.deadline.overdue']);
    expect(decision[0]?.data).toMatchObject({ caseNumber: reg.body.caseNumber, state: 'ACCEPTED' });
    expect(decision[0]?.caseversion).toBe(2);
  });
});

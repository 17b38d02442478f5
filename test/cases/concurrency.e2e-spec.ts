import request from 'supertest';
import { DataSource } from 'typeorm';
import { CaseClient } from '../support/case-client';
import { registration } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Concurrency, idempotency and the database's own guards: gap-free case numbers under parallel registration,
 * optimistic locking of actions (If-Match), Idempotency-Key replay, the append-only history trigger and the unique
 * case number index.
 */
describe('cases: concurrency, idempotency and database guards', () => {
  let t: TestApp;
  let ds: DataSource;
  let clerk: CaseClient;
  let clerkKey: string;
  let otherClerkKey: string;
  let officerA: CaseClient;
  let officerB: CaseClient;
  let officerAKey: string;

  beforeAll(async () => {
    t = await startTestApp();
    ds = t.app.get(DataSource);
    clerkKey = await t.createKey(['CLERK']);
    otherClerkKey = await t.createKey(['CLERK']);
    officerAKey = await t.createKey(['OFFICER']);
    clerk = new CaseClient(t.http, clerkKey);
    officerA = new CaseClient(t.http, officerAKey);
    officerB = new CaseClient(t.http, await t.createKey(['OFFICER']));
  });
  afterAll(async () => {
    await t.close();
  });

  /** Registers a case (received in 2022, so that 2021 numbering is left to the first test) and returns its id. */
  async function newCase(overrides: Record<string, unknown> = {}): Promise<string> {
    const res = await clerk.register(registration({ receivedOn: '2022-03-01', ...overrides }));
    expect(res.status).toBe(201);
    return res.body.id as string;
  }

  function post(key: string, path: string, headers: Record<string, string>, body: unknown) {
    return request(t.http)
      .post(path)
      .set({ authorization: `Bearer ${key}`, ...headers })
      .send(body as object);
  }

  async function actions(id: string): Promise<string[]> {
    const res = await clerk.history(id);
    expect(res.status).toBe(200);
    return (res.body.events as Array<{ action: string }>).map((e) => e.action);
  }

  async function countByCaseNumber(caseNumber: string): Promise<number> {
    const res = await clerk.list(`caseNumber=${encodeURIComponent(caseNumber)}`);
    expect(res.status).toBe(200);
    return (res.body.items as unknown[]).length;
  }

  // ── Case numbers ────────────────────────────────────────────────────────────────────────────────────────────

  describe('gap-free case numbers (one sequence per organ and year)', () => {
    it('50 parallel registrations in one year get 台政复〔2021〕1号 … 50号, each exactly once', async () => {
      const responses = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          clerk.register(registration({ receivedOn: `2021-03-${String((i % 28) + 1).padStart(2, '0')}` })),
        ),
      );
      expect(responses.map((r) => r.status)).toEqual(Array(50).fill(201));
      const numbers = responses.map((r) => r.body.caseNumber as string);
      expect(new Set(numbers).size).toBe(50);
      const expected = Array.from({ length: 50 }, (_, i) => `台政复〔2021〕${i + 1}号`);
      expect([...numbers].sort()).toEqual([...expected].sort());
      expect(new Set(responses.map((r) => r.body.id as string)).size).toBe(50);

      const rows: Array<{ n: string; min: number; max: number }> = await ds.query(
        `SELECT count(*)::text AS n, min(sequence) AS min, max(sequence) AS max
           FROM reconsideration_case WHERE received_year = 2021`,
      );
      expect(rows[0]).toEqual({ n: '50', min: 1, max: 50 });
    });

    it('the next registration in that year continues at 51号', async () => {
      const res = await clerk.register(registration({ receivedOn: '2021-12-31' }));
      expect(res.status).toBe(201);
      expect(res.body.caseNumber).toBe('台政复〔2021〕51号');
    });

    it('another year restarts at 1号 (2020 and 2022 have their own sequences)', async () => {
      const y2020 = await clerk.register(registration({ receivedOn: '2020-06-01' }));
      expect(y2020.status).toBe(201);
      expect(y2020.body.caseNumber).toBe('台政复〔2020〕1号');
      const y2022 = await clerk.register(registration({ receivedOn: '2022-01-04' }));
      expect(y2022.status).toBe(201);
      expect(y2022.body.caseNumber).toBe('台政复〔2022〕1号');
      const again2020 = await clerk.register(registration({ receivedOn: '2020-12-01' }));
      expect(again2020.body.caseNumber).toBe('台政复〔2020〕2号');
    });

    it('a refused registration does not use up a number (no gap after a 400/422)', async () => {
      const before = await clerk.register(registration({ receivedOn: '2019-05-01' }));
      expect(before.body.caseNumber).toBe('台政复〔2019〕1号');
      const invalid = await clerk.register(registration({ receivedOn: '2019-05-02', channel: 'CARRIER_PIGEON' }));
      expect(invalid.status).toBe(400);
      const unknownOrgan = await clerk.register(
        registration({ receivedOn: '2019-05-02', organId: '00000000-0000-4000-8000-000000000000' }),
      );
      expect(unknownOrgan.status).toBe(404);
      const after = await clerk.register(registration({ receivedOn: '2019-05-03' }));
      expect(after.body.caseNumber).toBe('台政复〔2019〕2号');
    });
  });

  // ── Optimistic locking of actions ───────────────────────────────────────────────────────────────────────────

  describe('racing actions on one case (If-Match)', () => {
    it('two clients ACCEPT with the same ETag at once: one 200, the other 412; one ACCEPT event; version +1', async () => {
      const id = await newCase();
      const etag = await officerA.etag(id);
      expect(etag).toBe('"1"');
      const body = { occurredOn: '2022-03-02' };
      const [a, b] = await Promise.all([
        officerA.actRaw(id, 'ACCEPT', body, { 'if-match': etag }),
        officerB.actRaw(id, 'ACCEPT', body, { 'if-match': etag }),
      ]);
      const statuses = [a.status, b.status].sort();
      expect([
        [200, 409],
        [200, 412],
      ]).toContainEqual(statuses);
      const loser = a.status === 200 ? b : a;
      expect(['PRECONDITION_FAILED', 'ILLEGAL_TRANSITION']).toContain(loser.body.code);
      expect((await actions(id)).filter((x) => x === 'ACCEPT')).toHaveLength(1);
      const now = await officerA.get(id);
      expect(now.body.version).toBe(2);
      expect(now.body.state).toBe('ACCEPTED');
      expect(now.headers.etag).toBe('"2"');
    });

    it('issue 18 pt 1, the optimistic write: two ACCEPTs that both read version 1 and then wait on the row — one is written, the other writes nothing and is 412', async () => {
      const id = await newCase();
      const body = { occurredOn: '2022-03-02' };
      // A transaction of the test holds the case's row: both requests read it (no lock needed to read), decide, and
      // queue on the row with their one write statement.
      const runner = ds.createQueryRunner();
      await runner.connect();
      await runner.startTransaction();
      let results: Array<{ status: number; body: Record<string, unknown> }> = [];
      try {
        await runner.query('SELECT 1 FROM reconsideration_case WHERE id = $1 FOR UPDATE', [id]);
        const sent = Promise.all([
          officerA.actRaw(id, 'ACCEPT', body, { 'if-match': '"1"' }),
          officerB.actRaw(id, 'ACCEPT', body, { 'if-match': '"1"' }),
        ]);
        let waiting = 0;
        for (let i = 0; i < 200 && waiting < 2; i++) {
          const rows: Array<{ n: number }> = await ds.query(
            `SELECT count(*)::int AS n FROM pg_stat_activity
              WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'WITH act_case%'`,
          );
          waiting = rows[0]?.n ?? 0;
          if (waiting < 2) {
            await new Promise((r) => setTimeout(r, 25));
          }
        }
        expect(waiting).toBe(2);
        await runner.commitTransaction();
        results = (await sent).map((r) => ({ status: r.status, body: r.body as Record<string, unknown> }));
      } finally {
        if (runner.isTransactionActive) {
          await runner.rollbackTransaction();
        }
        await runner.release();
      }
      expect(results.map((r) => r.status).sort()).toEqual([200, 412]);
      const loser = results.find((r) => r.status === 412)!;
      expect(loser.body).toMatchObject({ code: 'PRECONDITION_FAILED', currentVersion: 2 });
      // Nothing of the loser: one event, one outbox row and one set of stored clocks for version 2.
      const [counts] = await ds.query<Array<{ events: number; outbox: number; version: number }>>(
        `SELECT (SELECT count(*)::int FROM case_event WHERE case_id = $1 AND action = 'ACCEPT') AS events,
                (SELECT count(*)::int FROM event_outbox WHERE case_id = $1 AND case_seq = 2) AS outbox,
                (SELECT version FROM reconsideration_case WHERE id = $1) AS version`,
        [id],
      );
      expect(counts).toEqual({ events: 1, outbox: 1, version: 2 });
    });

    it('ten clients racing with one ETag: exactly one wins, on several cases at once', async () => {
      const ids = await Promise.all([newCase(), newCase(), newCase()]);
      const results = await Promise.all(
        ids.map(async (id) => {
          const etag = await officerA.etag(id);
          const responses = await Promise.all(
            Array.from({ length: 10 }, (_, i) =>
              (i % 2 === 0 ? officerA : officerB).actRaw(
                id,
                'ACCEPT',
                { occurredOn: '2022-03-02' },
                { 'if-match': etag },
              ),
            ),
          );
          return { id, statuses: responses.map((r) => r.status) };
        }),
      );
      for (const { id, statuses } of results) {
        expect(statuses.filter((s) => s === 200)).toHaveLength(1);
        expect(statuses.filter((s) => s !== 200).every((s) => s === 412 || s === 409)).toBe(true);
        expect((await actions(id)).filter((x) => x === 'ACCEPT')).toHaveLength(1);
        expect((await officerA.get(id)).body.version).toBe(2);
      }
    });

    it('conflicting actions (ACCEPT vs WITHDRAW) with the same ETag: only one is recorded', async () => {
      const id = await newCase();
      const etag = await officerA.etag(id);
      const [accept, withdraw] = await Promise.all([
        officerA.actRaw(id, 'ACCEPT', { occurredOn: '2022-03-02' }, { 'if-match': etag }),
        officerB.actRaw(id, 'WITHDRAW', { occurredOn: '2022-03-02', reason: 'VOLUNTARY' }, { 'if-match': etag }),
      ]);
      expect([accept.status, withdraw.status].sort()).toEqual([200, 412]);
      const history = await actions(id);
      expect(history).toHaveLength(2);
      expect(history[0]).toBe('REGISTER');
      const winner = accept.status === 200 ? 'ACCEPT' : 'WITHDRAW';
      expect(history[1]).toBe(winner);
      expect((await officerA.get(id)).body.state).toBe(winner === 'ACCEPT' ? 'ACCEPTED' : 'WITHDRAWN');
    });

    it('a PATCH racing an action with the same ETag: one 200, one 412', async () => {
      const id = await newCase();
      const etag = await officerA.etag(id);
      const [action, edit] = await Promise.all([
        officerA.actRaw(id, 'ACCEPT', { occurredOn: '2022-03-02' }, { 'if-match': etag }),
        request(t.http)
          .patch(`/v1/cases/${id}`)
          .set({ authorization: `Bearer ${officerAKey}`, 'if-match': etag })
          .send({ respondent: { name: '台前县公安局', kind: 'COUNTY_DEPARTMENT' } }),
      ]);
      expect([action.status, edit.status].sort()).toEqual([200, 412]);
      expect(await actions(id)).toHaveLength(2);
      expect((await officerA.get(id)).body.version).toBe(2);
    });
  });

  // ── Idempotency-Key on registration ─────────────────────────────────────────────────────────────────────────

  describe('Idempotency-Key on POST /v1/cases', () => {
    it('same key and same body: the first response is replayed (idempotent-replayed: true) and one case exists', async () => {
      const body = registration({ receivedOn: '2022-04-01' });
      const first = await clerk.register(body, { 'idempotency-key': 'reg-same-1' });
      expect(first.status).toBe(201);
      expect(first.headers['idempotent-replayed']).toBeUndefined();
      const second = await clerk.register(body, { 'idempotency-key': 'reg-same-1' });
      expect(second.status).toBe(201);
      expect(second.headers['idempotent-replayed']).toBe('true');
      expect(second.body).toEqual(first.body);
      expect(second.body.id).toBe(first.body.id);
      expect(second.body.caseNumber).toBe(first.body.caseNumber);
      expect(second.headers.etag).toBe(first.headers.etag);
      expect(second.headers.location).toBe(`/v1/cases/${first.body.id as string}`);
      expect(await countByCaseNumber(first.body.caseNumber as string)).toBe(1);
    });

    it('same key and the same body with its keys in another order is the same request (replayed)', async () => {
      const body = registration({ receivedOn: '2022-04-02' });
      const first = await clerk.register(body, { 'idempotency-key': 'reg-order-1' });
      expect(first.status).toBe(201);
      const reordered = Object.fromEntries(Object.entries(body).reverse());
      const second = await clerk.register(reordered, { 'idempotency-key': 'reg-order-1' });
      expect(second.status).toBe(201);
      expect(second.headers['idempotent-replayed']).toBe('true');
      expect(second.body.id).toBe(first.body.id);
    });

    it('same key with a different body: 422 IDEMPOTENCY_KEY_REUSED and no new case', async () => {
      const first = await clerk.register(registration({ receivedOn: '2022-04-03' }), {
        'idempotency-key': 'reg-reuse-1',
      });
      expect(first.status).toBe(201);
      const countBefore: Array<{ n: string }> = await ds.query('SELECT count(*)::text AS n FROM reconsideration_case');
      const reused = await clerk.register(registration({ receivedOn: '2022-04-04' }), {
        'idempotency-key': 'reg-reuse-1',
      });
      expect(reused.status).toBe(422);
      expect(reused.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
      const countAfter: Array<{ n: string }> = await ds.query('SELECT count(*)::text AS n FROM reconsideration_case');
      expect(countAfter[0]!.n).toBe(countBefore[0]!.n);
    });

    it('the same key used by a different API key is independent: it creates its own case', async () => {
      const body = registration({ receivedOn: '2022-04-05' });
      const mine = await clerk.register(body, { 'idempotency-key': 'shared-key-1' });
      const theirs = await new CaseClient(t.http, otherClerkKey).register(body, { 'idempotency-key': 'shared-key-1' });
      expect(mine.status).toBe(201);
      expect(theirs.status).toBe(201);
      expect(theirs.headers['idempotent-replayed']).toBeUndefined();
      expect(theirs.body.id).not.toBe(mine.body.id);
      expect(theirs.body.caseNumber).not.toBe(mine.body.caseNumber);
      // and each key still replays its own response
      const mineAgain = await clerk.register(body, { 'idempotency-key': 'shared-key-1' });
      expect(mineAgain.body.id).toBe(mine.body.id);
      const theirsAgain = await new CaseClient(t.http, otherClerkKey).register(body, {
        'idempotency-key': 'shared-key-1',
      });
      expect(theirsAgain.body.id).toBe(theirs.body.id);
    });

    it('concurrent identical requests with one key create one case; every response carries its id', async () => {
      const body = registration({ receivedOn: '2022-04-06' });
      const responses = await Promise.all(
        Array.from({ length: 5 }, () => clerk.register(body, { 'idempotency-key': 'reg-parallel-1' })),
      );
      expect(responses.map((r) => r.status)).toEqual(Array(5).fill(201));
      const ids = new Set(responses.map((r) => r.body.id as string));
      expect(ids.size).toBe(1);
      expect(responses.filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(4);
      const caseNumber = responses[0]!.body.caseNumber as string;
      expect(await countByCaseNumber(caseNumber)).toBe(1);
      // no number was used up by the replays: the next registration follows directly
      const seq = Number(/〔2022〕(\d+)号/.exec(caseNumber)![1]);
      const next = await clerk.register(registration({ receivedOn: '2022-04-07' }));
      expect(next.body.caseNumber).toBe(`台政复〔2022〕${seq + 1}号`);
    });

    it('a malformed Idempotency-Key is 400 and creates nothing', async () => {
      const res = await clerk.register(registration({ receivedOn: '2022-04-08' }), {
        'idempotency-key': 'has spaces/and slashes',
      });
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual(
        expect.arrayContaining([expect.objectContaining({ path: 'header.idempotency-key' })]),
      );
    });
  });

  // ── Idempotency-Key on actions ──────────────────────────────────────────────────────────────────────────────

  describe('Idempotency-Key on POST /v1/cases/{id}/actions/{action}', () => {
    it('a retried ACCEPT with the same key and body replays the 200 even with the now-stale ETag; one ACCEPT event', async () => {
      const id = await newCase();
      const path = `/v1/cases/${id}/actions/ACCEPT`;
      const body = { occurredOn: '2022-03-02' };
      const first = await post(officerAKey, path, { 'if-match': '"1"', 'idempotency-key': 'acc-retry-1' }, body);
      expect(first.status).toBe(200);
      expect(first.body.version).toBe(2);
      const retry = await post(officerAKey, path, { 'if-match': '"1"', 'idempotency-key': 'acc-retry-1' }, body);
      expect(retry.status).toBe(200);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(retry.body).toEqual(first.body);
      expect(retry.headers.etag).toBe('"2"');
      expect((await actions(id)).filter((a) => a === 'ACCEPT')).toHaveLength(1);
      expect((await officerA.get(id)).body.version).toBe(2);
    });

    it('without a key, the same stale retry is 412 (the key is what makes the retry safe)', async () => {
      const id = await newCase();
      const path = `/v1/cases/${id}/actions/ACCEPT`;
      const body = { occurredOn: '2022-03-02' };
      expect((await post(officerAKey, path, { 'if-match': '"1"' }, body)).status).toBe(200);
      const retry = await post(officerAKey, path, { 'if-match': '"1"' }, body);
      expect(retry.status).toBe(412);
      expect(retry.body.code).toBe('PRECONDITION_FAILED');
    });

    it('a refused action (422) stores no key: the same key with a corrected, different body then succeeds', async () => {
      const id = await newCase();
      const path = `/v1/cases/${id}/actions/ACCEPT`;
      const headers = { 'if-match': '"1"', 'idempotency-key': 'acc-refused-1' };
      // dated before the application was received (2022-03-01): acts must be in date order
      const refused = await post(officerAKey, path, headers, { occurredOn: '2022-02-01' });
      expect(refused.status).toBe(422);
      expect(refused.body.code).toBe('DATE_OUT_OF_ORDER');
      const stored: unknown[] = await ds.query('SELECT 1 FROM idempotency_record WHERE idempotency_key = $1', [
        'acc-refused-1',
      ]);
      expect(stored).toHaveLength(0);

      const corrected = await post(officerAKey, path, headers, { occurredOn: '2022-03-02' });
      expect(corrected.status).not.toBe(422);
      expect(corrected.status).toBe(200);
      expect(corrected.headers['idempotent-replayed']).toBeUndefined();
      expect(corrected.body.state).toBe('ACCEPTED');

      // now the key is stored: the corrected body replays, any other body is refused
      const replay = await post(officerAKey, path, headers, { occurredOn: '2022-03-02' });
      expect(replay.status).toBe(200);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      const other = await post(officerAKey, path, headers, { occurredOn: '2022-03-03' });
      expect(other.status).toBe(422);
      expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
      expect((await actions(id)).filter((a) => a === 'ACCEPT')).toHaveLength(1);
    });

    it('a refused action (412 stale ETag) stores no key: the same key with the current ETag then succeeds', async () => {
      const id = await newCase();
      const path = `/v1/cases/${id}/actions/ACCEPT`;
      const body = { occurredOn: '2022-03-02' };
      const stale = await post(officerAKey, path, { 'if-match': '"7"', 'idempotency-key': 'acc-412-1' }, body);
      expect(stale.status).toBe(412);
      const ok = await post(officerAKey, path, { 'if-match': '"1"', 'idempotency-key': 'acc-412-1' }, body);
      expect(ok.status).toBe(200);
      expect(ok.headers['idempotent-replayed']).toBeUndefined();
    });

    it('a refused action (409 illegal transition) stores no key', async () => {
      const id = await newCase();
      const headers = { 'if-match': '"1"', 'idempotency-key': 'act-409-1' };
      const illegal = await post(officerAKey, `/v1/cases/${id}/actions/SEND_COPY`, headers, {
        occurredOn: '2022-03-02',
      });
      expect(illegal.status).toBe(409);
      expect(illegal.body.code).toBe('ILLEGAL_TRANSITION');
      const accept = await post(officerAKey, `/v1/cases/${id}/actions/ACCEPT`, headers, {
        occurredOn: '2022-03-02',
      });
      expect(accept.status).toBe(200);
    });

    it('the same key on another case is a different request (422), not a replay of the first case', async () => {
      const a = await newCase();
      const b = await newCase();
      const body = { occurredOn: '2022-03-02' };
      const headers = { 'if-match': '"1"', 'idempotency-key': 'acc-two-cases' };
      expect((await post(officerAKey, `/v1/cases/${a}/actions/ACCEPT`, headers, body)).status).toBe(200);
      const onB = await post(officerAKey, `/v1/cases/${b}/actions/ACCEPT`, headers, body);
      expect(onB.status).toBe(422);
      expect(onB.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
      expect((await officerA.get(b)).body.state).toBe('RECEIVED');
    });

    it('concurrent identical ACCEPTs with one key: both 200 with the same body, one ACCEPT event', async () => {
      const id = await newCase();
      const path = `/v1/cases/${id}/actions/ACCEPT`;
      const headers = { 'if-match': '"1"', 'idempotency-key': 'acc-parallel-1' };
      const body = { occurredOn: '2022-03-02' };
      const responses = await Promise.all(Array.from({ length: 4 }, () => post(officerAKey, path, headers, body)));
      expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200]);
      expect(responses.filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(3);
      expect(new Set(responses.map((r) => JSON.stringify(r.body.version)))).toEqual(new Set(['2']));
      expect((await actions(id)).filter((a) => a === 'ACCEPT')).toHaveLength(1);
    });
  });

  // ── Database guards ─────────────────────────────────────────────────────────────────────────────────────────

  describe('database-level guards', () => {
    let caseId: string;
    beforeAll(async () => {
      caseId = await newCase();
      const accepted = await officerA.act(caseId, 'ACCEPT', { occurredOn: '2022-03-02' });
      expect(accepted.status).toBe(200);
    });

    async function eventSnapshot(): Promise<unknown[]> {
      return ds.query('SELECT id, case_id, seq, action, payload FROM case_event ORDER BY id');
    }

    it('history is append-only: UPDATE case_event is refused by PostgreSQL', async () => {
      const before = await eventSnapshot();
      expect(before.length).toBeGreaterThan(0);
      await expect(ds.query(`UPDATE case_event SET action = 'X'`)).rejects.toThrow(/append-only/);
      await expect(
        ds.query(`UPDATE case_event SET payload = '{}'::jsonb WHERE case_id = $1 AND action = 'ACCEPT'`, [caseId]),
      ).rejects.toThrow(/append-only/);
      expect(await eventSnapshot()).toEqual(before);
    });

    it('history is append-only: DELETE FROM case_event is refused by PostgreSQL', async () => {
      const before = await eventSnapshot();
      await expect(ds.query('DELETE FROM case_event')).rejects.toThrow(/append-only/);
      await expect(ds.query('DELETE FROM case_event WHERE case_id = $1', [caseId])).rejects.toThrow(/append-only/);
      expect(await eventSnapshot()).toEqual(before);
    });

    it('history is append-only: TRUNCATE case_event is refused by PostgreSQL', async () => {
      const before = await eventSnapshot();
      // The event outbox refers to case_event, so a plain TRUNCATE stops at the foreign key; with CASCADE it reaches
      // the append-only triggers of both tables.
      await expect(ds.query('TRUNCATE case_event')).rejects.toThrow(/append-only|foreign key/);
      await expect(ds.query('TRUNCATE case_event CASCADE')).rejects.toThrow(/append-only/);
      expect(await eventSnapshot()).toEqual(before);
      expect(await actions(caseId)).toEqual(['REGISTER', 'ACCEPT']);
    });

    it('a second event with the same (case, seq) is refused (case_event_case_seq_unique)', async () => {
      await expect(
        ds.query(
          `INSERT INTO case_event (case_id, organ_id, seq, action, occurred_on, actor_name, state_after, payload)
           SELECT case_id, organ_id, seq, 'ACCEPT', occurred_on, 'intruder', state_after, '{}'::jsonb
             FROM case_event WHERE case_id = $1 AND seq = 2`,
          [caseId],
        ),
      ).rejects.toThrow(/case_event_case_seq_unique/);
    });

    it('a duplicate case number for the same organ is refused by the unique index case_number_unique', async () => {
      const copyWith = (caseNumberSql: string, sequence: number) =>
        ds.query(
          `INSERT INTO reconsideration_case
             (organ_id, case_number, received_year, sequence, legal_regime, state, received_on, channel,
              respondent_kind, respondent_name, act_category, management_domain, applicant_names, details, facts, version)
           SELECT organ_id, ${caseNumberSql}, received_year, $2, legal_regime, state, received_on, channel,
                  respondent_kind, respondent_name, act_category, management_domain, applicant_names, details, facts, 1
             FROM reconsideration_case WHERE id = $1
           RETURNING id`,
          [caseId, sequence],
        );
      // same number, an unused sequence: only the case number collides
      await expect(copyWith('case_number', 9001)).rejects.toThrow(/case_number_unique/);
      // control: the same row with a fresh number and sequence is accepted, so the refusal was the index's
      const inserted: Array<{ id: string }> = await copyWith(`'台政复〔2022〕9002号'`, 9002);
      expect(inserted).toHaveLength(1);
    });

    it('the same case number under a different organ is allowed (uniqueness is per organ)', async () => {
      const organs: Array<{ id: string }> = await ds.query(
        `INSERT INTO organ (code, name, office_name, case_number_template)
         VALUES ('OTHER_ORGAN_SQL', '其他县人民政府', '其他县人民政府行政复议办公室', '台政复〔{year}〕{seq}号') RETURNING id`,
      );
      const rows: unknown[] = await ds.query(
        `INSERT INTO reconsideration_case
           (organ_id, case_number, received_year, sequence, legal_regime, state, received_on, channel,
            respondent_kind, respondent_name, act_category, management_domain, applicant_names, details, facts, version)
         SELECT $2, case_number, received_year, sequence, legal_regime, state, received_on, channel,
                respondent_kind, respondent_name, act_category, management_domain, applicant_names, details, facts, 1
           FROM reconsideration_case WHERE id = $1
         RETURNING id`,
        [caseId, organs[0]!.id],
      );
      expect(rows).toHaveLength(1);
    });
  });
});

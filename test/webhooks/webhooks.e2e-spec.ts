import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { EventFeedRepository } from '../../src/events/event-feed.repository';
import { WebhookRepository } from '../../src/webhooks/webhook.repository';
import { verifySignature } from '../../src/webhooks/webhook-signature';
import { CaseClient } from '../support/case-client';
import { registration } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import { eventually, Receipt, WebhookReceiver } from '../support/webhook-receiver';

type Json = Record<string, unknown>;

interface Delivery {
  id: string;
  eventId: string;
  sequence: string;
  caseId: string;
  status: string;
  attempts: number;
  redelivery: boolean;
  lastStatusCode: number | null;
  lastLatencyMs: number | null;
}

const signed = (secret: string, r: Receipt) =>
  verifySignature(
    secret,
    {
      id: String(r.headers['webhook-id']),
      timestamp: String(r.headers['webhook-timestamp']),
      signature: String(r.headers['webhook-signature']),
    },
    r.body,
  );

/**
 * Issue 15 pt 4: webhooks, against a real HTTP receiver started by the test, with the service's own dispatcher
 * running (every 50 ms; retries after ~20–40 ms, then doubling).
 */
describe('webhooks (issue 15 pt 4)', () => {
  let t: TestApp;
  let sup: CaseClient;
  const receiver = new WebhookReceiver();
  const admin = () => ({ authorization: `Bearer ${t.adminKey}` });

  beforeAll(async () => {
    await receiver.start();
    t = await startTestApp({
      WEBHOOK_ALLOW_PRIVATE: 'true',
      WEBHOOK_DISPATCH_INTERVAL_MS: '50',
      WEBHOOK_RETRY_INITIAL_MS: '40',
      WEBHOOK_RETRY_MAX_MS: '400',
      WEBHOOK_RETRY_PERIOD_SECONDS: '2',
      WEBHOOK_TIMEOUT_MS: '2000',
      WEBHOOK_LEASE_SECONDS: '5',
    });
    sup = new CaseClient(t.http, await t.createKey(['SUPERVISOR']));
  });
  afterAll(async () => {
    await t.close();
    await receiver.stop();
  });

  async function subscribe(path: string, body: Json = {}): Promise<{ id: string; secret: string }> {
    const res = await request(t.http)
      .post('/v1/webhooks')
      .set(admin())
      .send({ url: receiver.url(path), types: ['cn.gov.reconsideration.case.*'], ...body });
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`/v1/webhooks/${res.body.id as string}`);
    return res.body as { id: string; secret: string };
  }

  async function deliveries(id: string, query = ''): Promise<Delivery[]> {
    const res = await request(t.http).get(`/v1/webhooks/${id}/deliveries?limit=200${query}`).set(admin());
    expect(res.status).toBe(200);
    return (res.body as { items: Delivery[] }).items;
  }

  it('delivers a CloudEvent signed per Standard Webhooks, masked, and logs status, code and latency', async () => {
    const hook = await subscribe('/signed');
    expect(hook.secret).toMatch(/^whsec_/);
    const body = registration();
    const reg = await sup.register(body);
    const caseId = reg.body.id as string;
    const [receipt] = await eventually('the delivery', () =>
      receiver.at('/signed').length ? receiver.at('/signed') : undefined,
    );
    expect(receipt!.headers['content-type']).toMatch(/^application\/cloudevents\+json/);
    expect(signed(hook.secret, receipt!)).toBe(true);
    const event = JSON.parse(receipt!.body) as Json & { data: Json & { act: Json } };
    expect(event).toMatchObject({
      specversion: '1.0',
      type: 'cn.gov.reconsideration.case.registered',
      subject: caseId,
      id: receipt!.headers['webhook-id'],
      data: { caseNumber: reg.body.caseNumber, state: 'RECEIVED' },
    });
    // Webhooks always carry personal values masked (PIPL 6), never a vault reference or the value in clear.
    const applicants = (body.applicants as Json[])[0]!;
    expect(receipt!.body).not.toContain('pd:');
    expect(receipt!.body).not.toContain(applicants.idNumber as string);
    expect((event.data.act.applicants as Json[])[0]!.name).toBe('张*');
    const [delivery] = await eventually('DELIVERED', async () => {
      const list = await deliveries(hook.id);
      return list.length === 1 && list[0]!.status === 'DELIVERED' ? list : undefined;
    });
    expect(delivery).toMatchObject({ eventId: event.id, caseId, attempts: 1, lastStatusCode: 204, redelivery: false });
    expect(typeof delivery!.lastLatencyMs).toBe('number');
    // The secret is never shown again.
    const read = await request(t.http).get(`/v1/webhooks/${hook.id}`).set(admin());
    expect(read.status).toBe(200);
    expect(JSON.stringify(read.body)).not.toContain(hook.secret);
    expect(JSON.stringify((await request(t.http).get('/v1/webhooks').set(admin())).body)).not.toContain('whsec_');
    // … nor stored in clear.
    const rows = await t.app
      .get(DataSource)
      .query<{ s: string }[]>(`SELECT row_to_json(w)::text AS s FROM webhook_subscription w`);
    expect(rows.some((r) => r.s.includes(hook.secret.slice(6)))).toBe(false);
  });

  it('a receiver that answers 500 twice gets the event on the third try, with the same webhook-id', async () => {
    receiver.answer = (path, headers, _body, receipts) =>
      path === '/flaky' &&
      receipts.filter((r) => r.path === path && r.headers['webhook-id'] === headers['webhook-id']).length < 2
        ? 500
        : 204;
    const hook = await subscribe('/flaky');
    await sup.register(registration());
    const [delivery] = await eventually('delivered on the third try', async () => {
      const list = await deliveries(hook.id);
      return list[0]?.status === 'DELIVERED' ? list : undefined;
    });
    expect(delivery!.attempts).toBe(3);
    const got = receiver.at('/flaky');
    expect(got.map((r) => r.status)).toEqual([500, 500, 204]);
    expect(new Set(got.map((r) => r.headers['webhook-id'])).size).toBe(1);
    expect(got.every((r) => signed(hook.secret, r))).toBe(true);
    const detail = await request(t.http).get(`/v1/webhooks/${hook.id}/deliveries/${delivery!.id}`).set(admin());
    expect(detail.status).toBe(200);
    expect((detail.body as { attemptLog: Json[] }).attemptLog.map((a) => a.statusCode)).toEqual([500, 500, 204]);
  });

  it('a receiver down for the whole retry period leaves a dead letter; a redelivery by event and by range succeeds', async () => {
    const down = new WebhookReceiver();
    await down.start();
    const port = down.port;
    await down.stop(); // connections refused from now on
    const res = await request(t.http)
      .post('/v1/webhooks')
      .set(admin())
      .send({ url: `http://127.0.0.1:${port}/down`, types: ['cn.gov.reconsideration.case.registered'] });
    expect(res.status).toBe(201);
    const hookId = res.body.id as string;
    const secret = res.body.secret as string;
    await sup.register(registration());
    const [dead] = await eventually(
      'a dead letter',
      async () => {
        const list = await deliveries(hookId, '&status=DEAD');
        return list.length === 1 ? list : undefined;
      },
      60_000,
    );
    expect(dead!.attempts).toBeGreaterThan(1);
    expect(dead!.lastStatusCode).toBeNull();
    await down.start(port);
    try {
      const again = await request(t.http)
        .post(`/v1/webhooks/${hookId}/redeliveries`)
        .set(admin())
        .send({ eventId: dead!.eventId });
      expect(again.status).toBe(202);
      expect(again.body).toMatchObject({ queued: 1 });
      await eventually('the redelivery', async () => {
        const list = await deliveries(hookId, '&status=DELIVERED');
        return list.length === 1 && list[0]!.redelivery ? list : undefined;
      });
      expect(down.receipts).toHaveLength(1);
      expect(down.receipts[0]!.headers['webhook-id']).toBe(dead!.eventId);
      expect(signed(secret, down.receipts[0]!)).toBe(true);
      const range = await request(t.http)
        .post(`/v1/webhooks/${hookId}/redeliveries`)
        .set(admin())
        .send({ fromSequence: dead!.sequence, toSequence: dead!.sequence });
      expect(range.status).toBe(202);
      await eventually('the range redelivery', () => (down.receipts.length === 2 ? true : undefined));
      const empty = await request(t.http)
        .post(`/v1/webhooks/${hookId}/redeliveries`)
        .set(admin())
        .send({ fromSequence: '0', toSequence: '0' });
      expect({ status: empty.status, code: empty.body.code }).toEqual({
        status: 422,
        code: 'WEBHOOK_REDELIVERY_EMPTY',
      });
      const both = await request(t.http)
        .post(`/v1/webhooks/${hookId}/redeliveries`)
        .set(admin())
        .send({ eventId: dead!.eventId, fromSequence: '1', toSequence: '2' });
      expect({ status: both.status, code: both.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    } finally {
      await down.stop();
    }
  });

  it('delivers each case’s events in the case’s order, even when an earlier one has to be retried', async () => {
    // The first event of every case fails once: the case's later events must wait for it.
    receiver.answer = (path, headers, body, receipts) => {
      if (path !== '/ordered') {
        return 204;
      }
      const event = JSON.parse(body) as { caseversion: number };
      const seen = receipts.some((r) => r.path === path && r.headers['webhook-id'] === headers['webhook-id']);
      return event.caseversion === 1 && !seen ? 503 : 204;
    };
    const hook = await subscribe('/ordered');
    const ids: string[] = [];
    for (let i = 0; i < 4; i += 1) {
      const reg = await sup.register(registration());
      ids.push(reg.body.id as string);
    }
    for (const id of ids) {
      expect((await sup.act(id, 'ACCEPT', { occurredOn: '2021-03-02' })).status).toBe(200);
      expect((await sup.assignHandlers(id)).status).toBe(200);
    }
    await eventually('every event delivered', async () => {
      const list = await deliveries(hook.id);
      return list.length === 12 && list.every((d) => d.status === 'DELIVERED') ? list : undefined;
    });
    const accepted = receiver.at('/ordered').filter((r) => r.status === 204);
    for (const id of ids) {
      const versions = accepted
        .map((r) => JSON.parse(r.body) as { subject: string; caseversion: number })
        .filter((e) => e.subject === id)
        .map((e) => e.caseversion);
      expect(versions).toEqual([1, 2, 3]);
    }
  });

  it('signs with both secrets after a rotation, so receivers can switch at their own pace', async () => {
    receiver.answer = () => 204;
    const hook = await subscribe('/rotated');
    const rotated = await request(t.http).post(`/v1/webhooks/${hook.id}/secret-rotations`).set(admin());
    expect(rotated.status).toBe(201);
    const next = rotated.body.secret as string;
    expect(next).toMatch(/^whsec_/);
    expect(next).not.toBe(hook.secret);
    expect(Date.parse(rotated.body.previousSecretValidUntil as string)).toBeGreaterThan(Date.now());
    await sup.register(registration());
    const [receipt] = await eventually('the delivery', () =>
      receiver.at('/rotated').length ? receiver.at('/rotated') : undefined,
    );
    expect(String(receipt!.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(signed(next, receipt!)).toBe(true);
    expect(signed(hook.secret, receipt!)).toBe(true);
  });

  it('filters by organ and type; pausing stops sending without losing events', async () => {
    const hook = await subscribe('/paused', { types: ['cn.gov.reconsideration.case.accepted'] });
    const paused = await request(t.http).patch(`/v1/webhooks/${hook.id}`).set(admin()).send({ enabled: false });
    expect(paused.status).toBe(200);
    expect(paused.body).toMatchObject({ enabled: false, types: ['cn.gov.reconsideration.case.accepted'] });
    const reg = await sup.register(registration());
    expect((await sup.act(reg.body.id as string, 'ACCEPT', { occurredOn: '2021-03-02' })).status).toBe(200);
    const planned = await eventually('planned while paused', async () => {
      const list = await deliveries(hook.id);
      return list.length === 1 ? list : undefined;
    });
    expect(planned[0]).toMatchObject({ status: 'PENDING', attempts: 0 });
    expect(receiver.at('/paused')).toHaveLength(0);
    expect((await request(t.http).patch(`/v1/webhooks/${hook.id}`).set(admin()).send({ enabled: true })).status).toBe(
      200,
    );
    await eventually('sent once resumed', () => (receiver.at('/paused').length === 1 ? true : undefined));
    expect(JSON.parse(receiver.at('/paused')[0]!.body)).toMatchObject({ type: 'cn.gov.reconsideration.case.accepted' });
  });

  it('the retry period counts from the first attempt: a delivery that waited while paused still gets its retries', async () => {
    receiver.answer = (path, headers, _body, receipts) =>
      path === '/late' && !receipts.some((r) => r.path === path && r.headers['webhook-id'] === headers['webhook-id'])
        ? 500
        : 204;
    const hook = await subscribe('/late', { enabled: false });
    await sup.register(registration());
    await eventually('planned while paused', async () => ((await deliveries(hook.id)).length === 1 ? true : undefined));
    // Longer than the whole retry period (2 s): counted from planning, the first failure would be the last.
    await new Promise((r) => setTimeout(r, 2500));
    expect((await request(t.http).patch(`/v1/webhooks/${hook.id}`).set(admin()).send({ enabled: true })).status).toBe(
      200,
    );
    const [delivery] = await eventually('delivered on the second try', async () => {
      const list = await deliveries(hook.id);
      return list[0]?.status !== 'PENDING' ? list : undefined;
    });
    expect(delivery).toMatchObject({ status: 'DELIVERED', attempts: 2 });
    expect(receiver.at('/late').map((r) => r.status)).toEqual([500, 204]);
  });

  it('a delivery that cannot even be prepared is an attempt like any other: logged, retried, then DEAD', async () => {
    const hook = await subscribe('/broken');
    // A secret that no longer opens (a key ring that lost its key, a damaged row): sending throws before any HTTP.
    await t.app
      .get(DataSource)
      .query(`UPDATE webhook_subscription SET secret_sealed = '\\x00'::bytea WHERE id = $1`, [hook.id]);
    await sup.register(registration());
    const [dead] = await eventually(
      'a dead letter',
      async () => {
        const list = await deliveries(hook.id, '&status=DEAD');
        return list.length === 1 ? list : undefined;
      },
      30_000,
    );
    expect(dead!.attempts).toBeGreaterThan(1);
    expect(receiver.at('/broken')).toHaveLength(0);
    const detail = await request(t.http).get(`/v1/webhooks/${hook.id}/deliveries/${dead!.id}`).set(admin());
    const log = (detail.body as { attemptLog: { error: string; statusCode: number | null }[] }).attemptLog;
    expect(log.length).toBe(dead!.attempts);
    expect(log.every((a) => a.statusCode === null && /^internal error \(/.test(a.error))).toBe(true);
  });

  it('refuses null for a field that cannot be cleared, and blank types, with 400 and no change (never 500)', async () => {
    const hook = await subscribe('/nulls', { description: 'before' });
    for (const body of [{ enabled: null }, { url: null }, { types: [' '] }, { types: [''] }]) {
      const res = await request(t.http).patch(`/v1/webhooks/${hook.id}`).set(admin()).send(body);
      expect({ body, status: res.status, code: res.body.code }).toEqual({
        body,
        status: 400,
        code: 'VALIDATION_FAILED',
      });
    }
    const created = await request(t.http)
      .post('/v1/webhooks')
      .set(admin())
      .send({ url: receiver.url('/nulls'), types: ['cn.gov.reconsideration.case.accepted', '  '] });
    expect(created.status).toBe(400);
    const unchanged = await request(t.http).get(`/v1/webhooks/${hook.id}`).set(admin());
    expect(unchanged.body).toMatchObject({ enabled: true, url: receiver.url('/nulls'), description: 'before' });
    // description may be cleared: null there means "no description".
    const cleared = await request(t.http).patch(`/v1/webhooks/${hook.id}`).set(admin()).send({ description: null });
    expect(cleared.status).toBe(200);
    expect(cleared.body.description).toBeNull();
    for (const [body, path] of [
      [{ fromSequence: null, toSequence: '5' }, 'body.fromSequence'],
      [{ fromSequence: '1', toSequence: null }, 'body.toSequence'],
      [{ eventId: null }, 'body'],
      [{ eventId: null, fromSequence: null, toSequence: null }, 'body'],
    ] as const) {
      const res = await request(t.http).post(`/v1/webhooks/${hook.id}/redeliveries`).set(admin()).send(body);
      expect({ body, status: res.status, code: res.body.code, path: res.body.errors?.[0]?.path }).toEqual({
        body,
        status: 400,
        code: 'VALIDATION_FAILED',
        path,
      });
    }
  });

  it('answers problems: unknown type 400, another role 403, unknown id 404, and deletes with the log', async () => {
    const bad = await request(t.http)
      .post('/v1/webhooks')
      .set(admin())
      .send({ url: receiver.url('/x'), types: ['cn.gov.reconsideration.case.nonsense'] });
    expect({ status: bad.status, code: bad.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    const clerk = await t.createKey(['CLERK', 'SUPERVISOR']);
    const forbidden = await request(t.http)
      .post('/v1/webhooks')
      .set('authorization', `Bearer ${clerk}`)
      .send({ url: receiver.url('/x') });
    expect(forbidden.status).toBe(403);
    const missing = await request(t.http).get('/v1/webhooks/00000000-0000-4000-8000-000000000000').set(admin());
    expect({ status: missing.status, code: missing.body.code }).toEqual({ status: 404, code: 'WEBHOOK_NOT_FOUND' });
    const noOrgan = await request(t.http)
      .post('/v1/webhooks')
      .set(admin())
      .send({ url: receiver.url('/x'), organId: '00000000-0000-4000-8000-000000000000' });
    expect({ status: noOrgan.status, code: noOrgan.body.code }).toEqual({ status: 404, code: 'ORGAN_NOT_FOUND' });
    const badCursor = await request(t.http).get('/v1/webhooks?cursor=garbage').set(admin());
    expect({ status: badCursor.status, code: badCursor.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    const hook = await subscribe('/deleted');
    expect((await request(t.http).delete(`/v1/webhooks/${hook.id}`).set(admin())).status).toBe(204);
    expect((await request(t.http).get(`/v1/webhooks/${hook.id}/deliveries`).set(admin())).status).toBe(404);
  });
});

describe('webhook targets (issue 15 pt 4: no server-side request forgery)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ WEBHOOK_ALLOW_PRIVATE: 'false' });
  });
  afterAll(async () => {
    await t.close();
  });

  it.each([
    'http://127.0.0.1:8080/hook',
    'http://localhost/hook',
    'http://10.0.0.5/hook',
    'http://192.168.1.1/hook',
    'http://172.20.0.1/hook',
    'http://169.254.169.254/latest/meta-data',
    'http://[::1]/hook',
    'http://[::ffff:127.0.0.1]/hook',
    'http://[fd00::1]/hook',
    'http://0.0.0.0/hook',
    'ftp://203.0.114.1/hook',
    'file:///etc/passwd',
    'http://user:pass@203.0.114.1/hook',
    'not a url',
  ])('refuses %s with 422 WEBHOOK_TARGET_REFUSED and stores nothing', async (url) => {
    const res = await request(t.http).post('/v1/webhooks').set('authorization', `Bearer ${t.adminKey}`).send({ url });
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 422, code: 'WEBHOOK_TARGET_REFUSED' });
    const [row] = await t.app
      .get(DataSource)
      .query<{ n: number }[]>('SELECT count(*)::int AS n FROM webhook_subscription');
    expect(row!.n).toBe(0);
  });

  it('accepts a public address', async () => {
    const res = await request(t.http)
      .post('/v1/webhooks')
      .set('authorization', `Bearer ${t.adminKey}`)
      .send({ url: 'https://203.0.114.1/hook', enabled: false });
    expect(res.status).toBe(201);
    expect(res.body.url).toBe('https://203.0.114.1/hook');
  });
});

/**
 * The claim rule (issue 15 pt 4: in order per case), driven step by step with the dispatcher's own repository and no
 * dispatcher running: a case's deliveries go out one at a time, a redelivery included.
 */
describe('webhook claims (issue 15 pt 4: one delivery of a case in flight at a time)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ WEBHOOK_ALLOW_PRIVATE: 'true', WEBHOOK_DISPATCH_INTERVAL_MS: '0' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('a redelivery of an earlier event waits while a later event of the same case is in flight', async () => {
    const sup = new CaseClient(t.http, await t.createKey(['SUPERVISOR']));
    const hook = await request(t.http)
      .post('/v1/webhooks')
      .set('authorization', `Bearer ${t.adminKey}`)
      .send({ url: 'http://127.0.0.1:9/never-called', startAfter: '0' });
    expect(hook.status).toBe(201);
    const reg = await sup.register(registration());
    expect((await sup.act(reg.body.id as string, 'ACCEPT', { occurredOn: '2021-03-02' })).status).toBe(200);
    const data = t.app.get(DataSource);
    const repository = t.app.get(WebhookRepository);
    await t.app.get(EventFeedRepository).sequenceAll();
    expect(await data.transaction((m) => repository.plan(m, 100))).toBe(2);
    const claim = (token: string) => data.transaction((m) => repository.claim(m, 10, 60, token));
    const finish = (d: { id: string; attempts: number }, token: string) =>
      repository.finishAttempt({
        deliveryId: d.id,
        leaseToken: token,
        attempt: d.attempts,
        startedAt: new Date(),
        statusCode: 204,
        latencyMs: 1,
        error: null,
        delivered: true,
        retryInMs: 0,
        retryPeriodSeconds: 60,
        instance: 'test',
      });
    const first = await claim(randomUUID());
    expect(first.map((d) => d.type)).toEqual(['cn.gov.reconsideration.case.registered']);
    expect(await claim(randomUUID())).toEqual([]); // the accepted event waits for the registered one
    await finish(first[0]!, first[0]!.lease_token!);
    const secondToken = randomUUID();
    const second = await claim(secondToken);
    expect(second.map((d) => d.type)).toEqual(['cn.gov.reconsideration.case.accepted']);
    // While the accepted event is in flight, the registered one is asked for again: it must not overtake it.
    const again = await repository.redeliver(hook.body.id as string, { eventId: first[0]!.event_id });
    expect(again).toHaveLength(1);
    expect(await claim(randomUUID())).toEqual([]);
    await finish(second[0]!, secondToken);
    const redelivery = await claim(randomUUID());
    expect(redelivery.map((d) => [d.id, d.redelivery])).toEqual([[again[0], true]]);
  });
});

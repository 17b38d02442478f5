import type { AddressInfo } from 'node:net';
import * as net from 'node:net';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { CaseClient } from '../support/case-client';
import { registration } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Issue 14 point 3: nothing waits forever. A body trickled in slowly is cut by the request timeout; an action
 * stuck behind a row lock is answered 503 with Retry-After once the session's lock_timeout has passed, never 500 and
 * never after a 19 s wait. The values here are small so that the tests are quick; only upper bounds are asserted.
 */
describe('the request timeout cuts a body sent slowly', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ HTTP_REQUEST_TIMEOUT_MS: '1500' });
    await t.app.listen(0, '127.0.0.1');
  });
  afterAll(async () => {
    await t.close();
  });

  it('headers, then one byte of the body per second: a timeout answer and a closed connection, long before the body ends', async () => {
    const { port } = t.app.getHttpServer().address() as AddressInfo;
    const socket = net.connect(port, '127.0.0.1');
    const started = Date.now();
    let answer = '';
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString('latin1');
    });
    const closed = new Promise<number>((resolve) => socket.on('close', () => resolve(Date.now() - started)));
    socket.on('error', () => undefined); // a reset is a closed connection too
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write(
      'POST /v1/cases HTTP/1.1\r\nHost: localhost\r\n' +
        `Authorization: Bearer ${t.adminKey}\r\nContent-Type: application/json\r\nContent-Length: 60\r\n\r\n`,
    );
    // 60 bytes at one a second would take a minute.
    const trickle = setInterval(() => {
      if (!socket.destroyed) {
        socket.write('{');
      }
    }, 1000);
    try {
      const afterMs = await closed;
      expect(afterMs).toBeLessThan(15_000);
      // Node answers 408 before it closes, through the client-error handler: problem+json like every error.
      expect(answer).toMatch(/^HTTP\/1\.1 408/);
      expect(answer).toMatch(/content-type: application\/problem\+json/i);
      expect(answer).toContain('"code":"REQUEST_TIMEOUT"');
    } finally {
      clearInterval(trickle);
      socket.destroy();
    }
  });
});

describe('PostgreSQL session timeouts', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      DB_LOCK_TIMEOUT_MS: '500',
      DB_STATEMENT_TIMEOUT_MS: '20000',
      DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: '30000',
    });
  });
  afterAll(async () => {
    await t.close();
  });

  it('the pool’s sessions carry the configured statement, lock and idle-in-transaction timeouts', async () => {
    const ds = t.app.get(DataSource);
    const rows = await ds.query<Array<Record<string, string>>>(
      `SELECT current_setting('statement_timeout') AS statement, current_setting('lock_timeout') AS lock,
              current_setting('idle_in_transaction_session_timeout') AS idle`,
    );
    expect(rows[0]).toEqual({ statement: '20s', lock: '500ms', idle: '30s' });
  });

  it('an action behind a row lock held elsewhere: 503 DATABASE_BUSY with Retry-After, then it succeeds once the lock is gone', async () => {
    const clerk = new CaseClient(t.http, await t.createKey(['CLERK']));
    const officer = new CaseClient(t.http, await t.createKey(['OFFICER']));
    const registered = await clerk.register(registration({ receivedOn: '2022-03-01' }));
    expect(registered.status).toBe(201);
    const id = registered.body.id as string;
    const etag = await officer.etag(id);

    const holder = new Client({ connectionString: t.db.url });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT id FROM reconsideration_case WHERE id = $1 FOR UPDATE', [id]);
      const started = Date.now();
      const blocked = await officer.actRaw(id, 'ACCEPT', { occurredOn: '2022-03-02' }, { 'if-match': etag });
      const waitedMs = Date.now() - started;
      expect(blocked.status).toBe(503);
      expect(blocked.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(blocked.body.code).toBe('DATABASE_BUSY');
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
      expect(waitedMs).toBeLessThan(10_000); // the lock_timeout (0.5 s) ended the wait, not the holder
    } finally {
      await holder.query('ROLLBACK');
      await holder.end();
    }
    const accepted = await officer.actRaw(id, 'ACCEPT', { occurredOn: '2022-03-02' }, { 'if-match': etag });
    expect(accepted.status).toBe(200);
  });
});

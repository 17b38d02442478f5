import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { registration, residentId } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

const ROOT = path.resolve(__dirname, '../..');
const SAMPLE_FILE = 'test/fixtures/recorded-cases.sample.json';
const DEMO_TIMEOUT = 120_000;

interface DemoRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs src/bin/demo.ts as `npm run demo` would run its build, against the given service. */
function runDemo(args: string[], env: { API_URL?: string; API_KEY?: string }): Promise<DemoRun> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  for (const name of ['API_URL', 'API_KEY'] as const) {
    if (env[name] === undefined) {
      delete childEnv[name];
    }
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/bin/demo.ts', ...args], {
      cwd: ROOT,
      env: childEnv,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The app of startTestApp, listening on a free port of 127.0.0.1 (the demo is an HTTP client). */
async function startListeningApp(): Promise<{ t: TestApp; apiUrl: string; ds: DataSource }> {
  const t = await startTestApp();
  await t.app.listen(0, '127.0.0.1');
  const address = t.app.getHttpServer().address() as AddressInfo;
  return { t, apiUrl: `http://127.0.0.1:${address.port}`, ds: t.app.get(DataSource) };
}

async function count(ds: DataSource, sql: string, params: unknown[] = []): Promise<number> {
  const rows: Array<{ n: number }> = await ds.query(`SELECT count(*)::int AS n FROM ${sql}`, params);
  return rows[0]?.n ?? -1;
}

function tempFile(name: string, content: unknown): { file: string; dispose: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'demo-e2e-'));
  const file = path.join(dir, name);
  writeFileSync(file, JSON.stringify(content));
  return { file, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

describe('npm run demo: a recorded-cases file loaded into a running service over HTTP', () => {
  describe('with an ADMIN key (the demo works with a temporary key)', () => {
    let t: TestApp;
    let apiUrl: string;
    let ds: DataSource;
    const tables = async () => ({
      cases: await count(ds, 'reconsideration_case'),
      events: await count(ds, 'case_event'),
    });
    /** Every key the demo created is revoked: [keys, revoked]. */
    const demoKeys = async () => [
      await count(ds, "api_key WHERE name LIKE 'demo-loader-%'"),
      await count(ds, "api_key WHERE name LIKE 'demo-loader-%' AND revoked_at IS NOT NULL"),
    ];

    beforeAll(async () => {
      ({ t, apiUrl, ds } = await startListeningApp());
    });
    afterAll(async () => {
      await t.close();
    });

    it(
      'loads the sample, then a second run creates no case and no event',
      async () => {
        const before = await tables();
        const first = await runDemo([SAMPLE_FILE], { API_URL: apiUrl, API_KEY: t.adminKey });
        expect({ code: first.code, stderr: first.stderr }).toEqual({ code: 0, stderr: '' });
        expect(first.stdout).toMatch(
          /Loading 5 case\(s\) from recorded-cases\.sample\.json into http:\/\/127\.0\.0\.1:\d+ with the temporary key demo-loader-/,
        );
        expect(first.stdout).toMatch(/TQ-2021-01\s+created\s+台政复〔2021〕1号\s+NOT_ACCEPTED/);
        expect(first.stdout).toMatch(
          /TQ-2021-02\s+created\s+台政复〔2021〕2号\s+SERVED\s+\(6 applied, handlers assigned\)/,
        );
        expect(first.stdout).toMatch(/TQ-2024-02\s+created\s+台政复〔2024〕2号\s+UNDER_REVIEW/);
        expect(first.stdout).toContain(
          'Summary: 5 created, 0 already present, 0 failed; steps: 16 applied, 0 replayed.',
        );
        const loaded = await tables();
        // 5 registrations, 11 actions, 2 handler assignments.
        expect(loaded).toEqual({ cases: before.cases + 5, events: before.events + 18 });
        const actors: Array<{ actor_name: string }> = await ds.query(
          'SELECT DISTINCT actor_name FROM case_event WHERE actor_name IS NOT NULL',
        );
        expect(actors.map((a) => a.actor_name)).toEqual([expect.stringMatching(/^demo-loader-/)]);
        expect(await demoKeys()).toEqual([1, 1]);

        const second = await runDemo([SAMPLE_FILE, '--quiet'], { API_URL: apiUrl, API_KEY: t.adminKey });
        expect({ code: second.code, stderr: second.stderr }).toEqual({ code: 0, stderr: '' });
        // Each run has its own key, and the service scopes Idempotency-Keys to the key: nothing can be replayed,
        // so the demo found every case and every act in the service. --quiet: no line per case.
        expect(second.stdout.split('\n')[0]).toBe(
          'Summary: 0 created, 5 already present, 0 failed; steps: 0 applied, 0 replayed, 16 already recorded.',
        );
        expect(second.stdout).not.toContain('TQ-');
        // Most cases of the file were received in 2024: that year's report sentence.
        expect(second.stdout).toMatch(/^2024: \S.*行政复议/m);
        expect(await tables()).toEqual(loaded);
        expect(await demoKeys()).toEqual([2, 2]);
        const keys: Array<{ roles: string[] }> = await ds.query(
          "SELECT roles FROM api_key WHERE name LIKE 'demo-loader-%'",
        );
        expect(keys.map((k) => [...k.roles].sort())).toEqual([
          ['CLERK', 'OFFICER', 'SUPERVISOR'],
          ['CLERK', 'OFFICER', 'SUPERVISOR'],
        ]);
      },
      DEMO_TIMEOUT,
    );

    it(
      'prints each refused step with the case ref, goes on with the next case and exits 1; the key is still revoked',
      async () => {
        const badId = residentId('19750505');
        const { file, dispose } = tempFile('failures.json', {
          cases: [
            { ref: 'F-OK-1', registration: registration({ receivedOn: '2021-08-02' }) },
            {
              ref: 'F-ILLEGAL',
              registration: registration({ receivedOn: '2021-08-09' }),
              actions: [
                {
                  action: 'DECIDE',
                  occurredOn: '2021-08-20',
                  decisionType: 'UPHELD',
                  documentNumber: '台政复决字〔2021〕9号',
                  legalBasis: 'L17 28(1)(1)',
                  reasons: '事实清楚',
                },
              ],
            },
            {
              ref: 'F-BAD-ID',
              registration: registration({
                receivedOn: '2021-08-23',
                applicants: [
                  {
                    kind: 'NATURAL_PERSON',
                    name: '钱多多',
                    sex: 'MALE',
                    idNumber: badId.slice(0, 17) + (badId.endsWith('1') ? '2' : '1'),
                  },
                ],
              }),
            },
            {
              ref: 'F-OK-2',
              registration: registration({ receivedOn: '2021-09-01' }),
              actions: [{ action: 'ACCEPT', occurredOn: '2021-09-02' }],
            },
          ],
        });
        try {
          const casesBefore = await count(ds, 'reconsideration_case');
          const run = await runDemo([file], { API_URL: apiUrl, API_KEY: t.adminKey });
          expect(run.code).toBe(1);
          expect(run.stderr).toContain(
            'F-ILLEGAL failed at actions[0] DECIDE:\n  409 ILLEGAL_TRANSITION: DECIDE is not',
          );
          expect(run.stderr).toContain('F-BAD-ID failed at registration:\n  400 VALIDATION_FAILED:');
          expect(run.stderr).toContain('applicants[0].idNumber');
          expect(run.stdout).toMatch(/F-ILLEGAL\s+FAILED\s+台政复〔2021〕\d+号\s+RECEIVED/);
          expect(run.stdout).toMatch(/F-OK-2\s+created\s+台政复〔2021〕\d+号\s+ACCEPTED/);
          expect(run.stdout).toContain(
            'Summary: 2 created, 0 already present, 2 failed; steps: 4 applied, 0 replayed.',
          );
          expect(await count(ds, 'reconsideration_case')).toBe(casesBefore + 3);
          const [keys, revoked] = await demoKeys();
          expect(revoked).toBe(keys);
        } finally {
          dispose();
        }
      },
      DEMO_TIMEOUT,
    );
  });

  describe('with a key that has the case roles (used directly)', () => {
    let t: TestApp;
    let apiUrl: string;
    let ds: DataSource;
    let key: string;
    const events = () => count(ds, 'case_event');

    beforeAll(async () => {
      ({ t, apiUrl, ds } = await startListeningApp());
      key = await t.createKey(['CLERK', 'OFFICER', 'SUPERVISOR'], { name: 'clerk-wang' });
    });
    afterAll(async () => {
      await t.close();
    });

    it(
      'a second run replays every step: nothing created, no event written, no key created',
      async () => {
        const first = await runDemo([SAMPLE_FILE], { API_URL: apiUrl, API_KEY: key });
        expect({ code: first.code, stderr: first.stderr }).toEqual({ code: 0, stderr: '' });
        expect(first.stdout).not.toContain('temporary key');
        expect(first.stdout).toContain(
          'Summary: 5 created, 0 already present, 0 failed; steps: 16 applied, 0 replayed.',
        );
        const loaded = await events();

        const second = await runDemo([SAMPLE_FILE], { API_URL: apiUrl, API_KEY: key });
        expect({ code: second.code, stderr: second.stderr }).toEqual({ code: 0, stderr: '' });
        expect(second.stdout).toMatch(/TQ-2021-02\s+already present\s+台政复〔2021〕2号\s+SERVED\s+\(6 replayed\)/);
        expect(second.stdout).toContain(
          'Summary: 0 created, 5 already present, 0 failed; steps: 0 applied, 16 replayed.',
        );
        expect(await events()).toBe(loaded);
        expect(await count(ds, 'reconsideration_case')).toBe(5);
        expect(await count(ds, "api_key WHERE name LIKE 'demo-loader-%'")).toBe(0);
      },
      DEMO_TIMEOUT,
    );

    it(
      'after replayed steps, the first new step is sent with the case’s current ETag (412 → read → retry)',
      async () => {
        const recorded = {
          ref: 'R-1',
          registration: registration({ receivedOn: '2021-09-06' }),
          actions: [{ action: 'ACCEPT', occurredOn: '2021-09-07' }],
        };
        const v1 = tempFile('resume.json', { cases: [recorded] });
        let caseId: string;
        try {
          const first = await runDemo([v1.file], { API_URL: apiUrl, API_KEY: key });
          expect(first.code).toBe(0);
          const rows: Array<{ id: string }> = await ds.query(
            "SELECT case_id AS id FROM case_event WHERE action = 'REGISTER' AND occurred_on = '2021-09-06'",
          );
          expect(rows).toHaveLength(1);
          caseId = rows[0]?.id as string;
        } finally {
          v1.dispose();
        }
        // Someone changes the case meanwhile: the replayed ACCEPT's ETag is no longer the case's.
        const read = await request(t.http).get(`/v1/cases/${caseId}`).set('authorization', `Bearer ${key}`);
        const assigned = await request(t.http)
          .put(`/v1/cases/${caseId}/handlers`)
          .set('authorization', `Bearer ${key}`)
          .set('if-match', read.headers.etag as string)
          .send({ handlers: [{ name: '王明' }, { name: '李华' }] });
        expect(assigned.status).toBe(200);

        const v2 = tempFile('resume.json', {
          cases: [{ ...recorded, actions: [...recorded.actions, { action: 'SEND_COPY', occurredOn: '2021-09-08' }] }],
        });
        try {
          const second = await runDemo([v2.file], { API_URL: apiUrl, API_KEY: key });
          expect({ code: second.code, stderr: second.stderr }).toEqual({ code: 0, stderr: '' });
          expect(second.stdout).toContain(
            'Summary: 0 created, 1 already present, 0 failed; steps: 1 applied, 2 replayed.',
          );
        } finally {
          v2.dispose();
        }
        const history: Array<{ action: string }> = await ds.query(
          'SELECT action FROM case_event WHERE case_id = $1 ORDER BY seq',
          [caseId],
        );
        expect(history.map((e) => e.action)).toEqual(['REGISTER', 'ACCEPT', 'ASSIGN_HANDLERS', 'SEND_COPY']);
      },
      DEMO_TIMEOUT,
    );
  });

  it(
    'without API_KEY: exit 64 and says what to set',
    async () => {
      const run = await runDemo([SAMPLE_FILE], { API_URL: 'http://127.0.0.1:9' });
      expect(run.code).toBe(64);
      expect(run.stderr).toContain('API_KEY is not set');
      expect(run.stdout).toBe('');
    },
    DEMO_TIMEOUT,
  );
});

import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { createApp, RegisteredRoute } from '../../src/app.setup';
import { ApiKeyService } from '../../src/auth/api-key.service';
import { loadEnv } from '../../src/config/env';
import { workerLogFile } from '../support/personal-data-in-logs';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { TEST_PERSONAL_DATA_ENV } from '../support/test-keys';

/**
 * Issue 15 §7: the README's walkthrough runs as written, so that it can never drift from the API again. The ```bash
 * block of "## The API at a glance" is taken from README.md as it stands and run by bash, with `set -euo pipefail`,
 * against a fresh service (the application exactly as main.ts builds it, on a real port) on a fresh database, given
 * only what a reader has: `API` and the ADMIN key that the first start generates and prints. Every curl in it uses
 * --fail-with-body, so any refusal (403, 412, 400 …) stops the script with its problem+json.
 */

const README = path.join(__dirname, '../../README.md');

/** The first ```bash block after the heading. */
export function bashBlockUnder(readme: string, heading: string): string {
  const at = readme.indexOf(`\n${heading}\n`);
  if (at < 0) {
    throw new Error(`README.md has no "${heading}" section`);
  }
  const open = readme.indexOf('\n```bash\n', at);
  const nextSection = readme.indexOf('\n## ', at + heading.length + 1);
  if (open < 0 || (nextSection >= 0 && open > nextSection)) {
    throw new Error(`"${heading}" has no bash block`);
  }
  const start = open + '\n```bash\n'.length;
  return readme.slice(start, readme.indexOf('\n```\n', start) + 1);
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runBash(script: string, env: Record<string, string>, cwd: string): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      'bash',
      ['-c', script],
      { env, cwd, maxBuffer: 64 * 1024 * 1024, timeout: 170_000, encoding: 'utf8' },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** The JSON answers the walkthrough printed (one per line: the API answers compact JSON). */
function jsonAnswers(stdout: string): Array<Record<string, unknown>> {
  const answers: Array<Record<string, unknown>> = [];
  for (const line of stdout.split('\n')) {
    if (line.startsWith('{')) {
      answers.push(JSON.parse(line) as Record<string, unknown>);
    }
  }
  return answers;
}

describe('the README walkthrough runs as written (issue 15 §7)', () => {
  const readme = readFileSync(README, 'utf8');
  const block = bashBlockUnder(readme, '## The API at a glance');
  let db: TestDatabase;
  let app: NestFastifyApplication;
  let routes: RegisteredRoute[];
  let api: string;
  let adminKey: string;
  let cwd: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    const logFile = workerLogFile();
    const env = loadEnv({
      NODE_ENV: 'test',
      LOG_LEVEL: logFile ? 'trace' : 'silent',
      ...(logFile ? { LOG_FILE: logFile } : {}),
      // As in every e2e test: no scheduled job acts on the cases underneath the script.
      DEEMED_ACCEPTANCE_INTERVAL_SECONDS: '0',
      IDEMPOTENCY_PURGE_INTERVAL_SECONDS: '0',
      // Nor the deadline check: its first run, 5 s after start, would put deadline events of the script's 2021 case
      // into the feed the script reads, or not, depending on how fast the script got there.
      DEADLINE_EVENTS_INTERVAL_SECONDS: '0',
      ...TEST_PERSONAL_DATA_ENV,
    });
    ({ app, routes } = await createApp(env, db.url));
    // As main.ts on a first start without BOOTSTRAP_ADMIN_KEY: no key exists, so one ADMIN key is generated (and
    // printed there); it is the one key the reader has.
    const generated = await app.get(ApiKeyService).bootstrap(undefined);
    if (!generated) {
      throw new Error('a fresh database should have had no API key');
    }
    adminKey = generated;
    await app.listen({ port: 0, host: '127.0.0.1' });
    api = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    cwd = mkdtempSync(path.join(os.tmpdir(), 'rcs-walkthrough-'));
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
    if (cwd) {
      rmSync(cwd, { recursive: true, force: true });
    }
  });

  it('the block uses only curl and node, and every curl fails on an error status', () => {
    // The reader brings API (or the default) and API_KEY, the admin key that "The admin key" says how to get.
    expect(block).toContain('API=${API:-http://localhost:3000}');
    expect(block).toContain('$API_KEY');
    expect(readme).toContain('**The admin key.**');
    expect(readme).toMatch(/the walkthrough under "The API at a glance" take it as `API_KEY`/);
    expect(block).not.toMatch(/\bjq\b/);
    // Every endpoint family it has always shown, the raw UTF-8 search included.
    for (const shown of [
      '/v1/api-keys',
      'Idempotency-Key',
      '$API/v1/cases/$ID/actions -H',
      '/actions/ACCEPT',
      '/handlers',
      '/actions/SEND_COPY',
      '/actions/RECEIVE_REPLY',
      '/actions/DECIDE',
      '/history',
      'applicantName=张&',
      '/v1/cases/$ID/deadlines?asOf=',
      '/v1/deadlines?',
      '/v1/statistics/reconsideration?',
      '/v1/statistics/reconsideration/report?',
      'format=xlsx',
      '/v1/statistics/reports',
    ]) {
      expect({ shown, inBlock: block.includes(shown) }).toEqual({ shown, inBlock: true });
    }
    const code = block.split('\n').map((line) => line.replace(/(^|\s)#.*$/, ''));
    const curls = code.filter((line) => /\bcurl\b/.test(line));
    expect(curls.length).toBeGreaterThan(0);
    for (const line of curls) {
      expect(line).toContain('--fail-with-body');
    }
  });

  it('runs to the end with set -euo pipefail against a fresh service, and its answers are right', async () => {
    const env: Record<string, string> = { API: api, API_KEY: adminKey };
    for (const key of ['PATH', 'HOME', 'TMPDIR', 'LANG', 'LC_ALL']) {
      const value = process.env[key];
      if (value !== undefined) {
        env[key] = value;
      }
    }
    const curl = await runBash('command -v curl', { PATH: process.env.PATH ?? '' }, cwd);
    if (curl.code !== 0) {
      throw new Error('the README walkthrough needs curl, as its reader does (.ci/run installs it with apt-get)');
    }
    const run = await runBash(`set -euo pipefail\nshopt -s inherit_errexit\n${block}`, env, cwd);
    if (run.code !== 0) {
      throw new Error(
        `the README walkthrough stopped (exit ${run.code}):\n--- stderr\n${run.stderr}\n--- stdout (end)\n${run.stdout.slice(-4000)}`,
      );
    }
    const answers = jsonAnswers(run.stdout);

    // Five keys were created with the admin key, one per role the steps play.
    const keys = answers.filter((a) => typeof a.key === 'string');
    expect(keys.map((k) => k.roles)).toEqual([['CLERK'], ['OFFICER'], ['SUPERVISOR'], ['REPORTER'], ['INTEGRATION']]);

    // The case went RECEIVED → ACCEPTED → UNDER_REVIEW → DECIDED, each act with the ETag of the one before.
    const views = answers.filter((a) => a.caseNumber === '台政复〔2021〕1号' && typeof a.version === 'number');
    expect(views.map((v) => [v.state, v.version])).toEqual([
      ['RECEIVED', 1],
      ['ACCEPTED', 2],
      ['ACCEPTED', 3],
      ['UNDER_REVIEW', 4],
      ['UNDER_REVIEW', 5],
      ['DECIDED', 6],
    ]);
    expect(views.at(-1)).toMatchObject({ outcome: 'REVOKED', concludedOn: '2021-04-20' });

    const history = answers.find((a) => Array.isArray(a.events));
    expect((history?.events as Array<{ action: string }>).map((e) => e.action)).toEqual([
      'REGISTER',
      'ACCEPT',
      'ASSIGN_HANDLERS',
      'SEND_COPY',
      'RECEIVE_REPLY',
      'DECIDE',
    ]);

    // The search with a raw UTF-8 applicantName (curl sends 张 unencoded) found the case.
    const search = answers.find(
      (a) => Array.isArray(a.items) && (a.items as Array<{ caseNumber?: string }>)[0]?.caseNumber !== undefined,
    );
    expect((search?.items as Array<{ caseNumber: string }>).map((c) => c.caseNumber)).toEqual(['台政复〔2021〕1号']);

    // The statistics count it: received, accepted and concluded in 2021, one correction (a revocation).
    const statistics = answers.find((a) => typeof a.figures === 'object' && a.breakdowns !== undefined);
    expect(statistics?.figures).toMatchObject({
      received: 1,
      accepted: 1,
      concluded: 1,
      pending: 0,
      byOutcome: expect.objectContaining({ REVOKED: 1 }),
      correctionCount: 1,
      correctionRate: 100,
    });
    expect(run.stdout).toContain('县政府共办理行政复议案件1起,其中0起为2020年度结转案件,1起予以撤销具体行政行为');
    expect(readFileSync(path.join(cwd, 'cases-2021.xlsx')).subarray(0, 2).toString('latin1')).toBe('PK');
    // The event feed (issue 15 pt 3) holds one event per act, in the case's order; the second read is at the head.
    const pages = answers.filter(
      (a) => Array.isArray(a.items) && typeof a.nextCursor === 'string' && a.items.length > 0,
    );
    const feed = pages.find((p) => (p.items as Array<{ specversion?: string }>)[0]?.specversion === '1.0');
    expect(
      (feed?.items as Array<{ type: string }>).map((e) => e.type.replace('cn.gov.reconsideration.case.', '')),
    ).toEqual(['registered', 'accepted', 'handlers_assigned', 'copy_sent', 'reply_received', 'decided']);
    expect(answers.at(-1)).toEqual({ items: [], nextCursor: feed?.nextCursor });
    const frozen = answers.find((a) => typeof a.parameters === 'object' && a.createdByName !== undefined);
    expect(frozen).toMatchObject({
      parameters: { year: 2021, asOf: '2021-12-31' },
      figures: expect.objectContaining({ concluded: 1 }),
      createdByName: '赵统计',
    });

    // And the service agrees, asked independently with the admin key.
    const res = await fetch(`${api}/v1/statistics/reports`, { headers: { authorization: `Bearer ${adminKey}` } });
    expect(res.status).toBe(200);
    const reports = (await res.json()) as Array<{ id: string }>;
    expect(reports.map((r) => r.id)).toEqual([frozen?.id]);
  });

  it('the endpoint table under the block lists routes that exist', () => {
    const section = readme.slice(readme.indexOf('\n## The API at a glance\n'));
    const table = section.slice(
      section.indexOf('\n| Area | Endpoints |'),
      section.indexOf('\n\n', section.indexOf('| Area |')),
    );
    const registered = new Set(routes.map((r) => `${r.method} ${r.url}`));
    const listed: string[] = [];
    const rows = table.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| Area |'));
    expect(rows.map((row) => row.split('|')[1]?.trim())).toEqual(
      expect.arrayContaining(['Keys', 'Cases', 'Deadlines', 'Statistics']),
    );
    for (const row of rows) {
      let base = '';
      let methods: string[] = ['GET'];
      for (const [, item = ''] of row.matchAll(/`([^`]+)`/g)) {
        const m = /^(?:([A-Z]+(?:\/[A-Z]+)*) )?(\S+)$/.exec(item.replace(/\\\|/g, '|'));
        if (!m) {
          continue;
        }
        methods = m[1] ? m[1].split('/') : methods;
        let url = (m[2] ?? '').split('?')[0] ?? '';
        if (url.startsWith('/v1/')) {
          // "…/x" continues the row's first path: /v1/statistics/reconsideration → …/report-template
          base = base || url.split('/').slice(0, 3).join('/');
        } else if (url.startsWith('…')) {
          url = `${base}${url.slice(1)}`;
        } else if (!url.startsWith('/')) {
          continue;
        }
        for (const method of methods) {
          listed.push(`${method} ${url.replace(/\{(\w+)\}/g, ':$1')}`);
        }
      }
    }
    expect(listed.length).toBeGreaterThan(20);
    expect(listed).toEqual(expect.arrayContaining(['POST /v1/api-keys', 'GET /v1/statistics/reports/:id']));
    expect(listed.filter((entry) => !registered.has(entry))).toEqual([]);
  });
});

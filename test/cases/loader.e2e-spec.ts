import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import type { Actor } from '../../src/auth/roles';
import {
  CaseLoaderService,
  parseRecordedCasesFile,
  RecordedCase,
  RecordedCasesFile,
} from '../../src/cases/case-loader.service';
import { CaseService } from '../../src/cases/case.service';
import { ProblemException } from '../../src/common/errors/problem.exception';
import { registration, residentId } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import { createEmptyDatabase, createTestDatabase } from '../support/test-database';
import { TEST_PERSONAL_DATA_ENV } from '../support/test-keys';

const ROOT = path.resolve(__dirname, '../..');
const SAMPLE_FILE = 'test/fixtures/recorded-cases.sample.json';
const SAMPLE_SOURCE = 'recorded-cases.sample.json';
const readSample = (): RecordedCasesFile =>
  JSON.parse(readFileSync(path.join(ROOT, SAMPLE_FILE), 'utf8')) as RecordedCasesFile;

const reader: Actor = { keyId: null, keyName: 'test-reader', roles: ['SUPERVISOR'], scopes: [], organIds: null };

/** A resident ID whose check character is wrong. */
function badResidentId(): string {
  const good = residentId('19750505');
  return good.slice(0, 17) + (good.endsWith('1') ? '2' : '1');
}

function recorded(ref: string, receivedOn: string, actions: RecordedCase['actions'] = []): RecordedCase {
  return { ref, registration: registration({ receivedOn }), actions };
}

function runCli(args: string[], databaseUrl: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/bin/load-cases.ts', ...args], {
      cwd: ROOT,
      env: {
        ...process.env,
        ...TEST_PERSONAL_DATA_ENV,
        DATABASE_URL: databaseUrl,
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The CLI's progress lines of one phase on stderr, which must hold nothing else (bar the migrations line). */
function progressLines(stderr: string, phase: string): string[] {
  const lines = stderr.split('\n').filter((l) => l !== '' && !l.startsWith('migrations applied: '));
  expect(lines.filter((l) => !l.startsWith(`${phase}  [`))).toEqual([]);
  return lines;
}

describe('case loader', () => {
  let t: TestApp;
  let service: CaseService;
  let loader: CaseLoaderService;
  let count: (table: 'reconsideration_case' | 'case_event') => Promise<number>;
  let ds: DataSource;

  beforeAll(async () => {
    t = await startTestApp();
    service = t.app.get(CaseService);
    loader = new CaseLoaderService(service);
    ds = t.app.get(DataSource);
    count = async (table) => {
      const rows: Array<{ n: number }> = await ds.query(`SELECT count(*)::int AS n FROM ${table}`);
      return rows[0]?.n ?? -1;
    };
  });
  afterAll(async () => {
    await t.close();
  });

  describe('the sample file', () => {
    it('loads every case through the service: outcomes, final states and case numbers in file order', async () => {
      const report = await loader.load(readSample(), { source: SAMPLE_SOURCE });
      expect(report).toMatchObject({ created: 5, resumed: 0, alreadyLoaded: 0, failed: 0, notAttempted: [] });
      expect(report.cases.map((c) => [c.ref, c.status, c.caseNumber, c.finalState, c.outcome])).toEqual([
        ['TQ-2021-01', 'CREATED', '台政复〔2021〕1号', 'NOT_ACCEPTED', 'NOT_ACCEPTED'],
        ['TQ-2021-02', 'CREATED', '台政复〔2021〕2号', 'SERVED', 'REVOKED'],
        ['TQ-2024-01', 'CREATED', '台政复〔2024〕1号', 'DEEMED_WITHDRAWN', 'DEEMED_WITHDRAWN'],
        ['TQ-2024-02', 'CREATED', '台政复〔2024〕2号', 'UNDER_REVIEW', null],
        ['TQ-2024-03', 'CREATED', '台政复〔2024〕3号', 'WITHDRAWN', 'WITHDRAWN'],
      ]);
      expect(report.cases.every((c) => c.actionsLoaded === c.actionsTotal && c.failedAt === undefined)).toBe(true);

      const revoked = await service.get(report.cases[1]?.caseId as string, reader);
      // L17 17 ¶2: the ACCEPT of 2021-04-09 counts from receipt on 2021-04-06.
      expect(revoked).toMatchObject({ legalRegime: 'L2017', acceptedOn: '2021-04-06', decidedOn: '2021-06-01' });
      expect(revoked.facts).toMatchObject({ acceptanceRecordedOn: '2021-04-09' });
      expect(revoked.handlers.map((h) => h.name)).toEqual(['王明', '李华']);
      expect(revoked.facts.remakeDeadlineDays).toBe(60);
      const pending = await service.get(report.cases[3]?.caseId as string, reader);
      expect(pending).toMatchObject({ legalRegime: 'L2023', procedure: 'ORDINARY', concludedOn: null });
    });

    it('writes history dated by the file’s occurredOn, by the loader as a system actor', async () => {
      const sample = readSample();
      const report = await loader.load(sample, { source: SAMPLE_SOURCE }); // replays: ids only
      for (const [i, c] of sample.cases.entries()) {
        const events = await service.history(report.cases[i]?.caseId as string, reader);
        const expected = [
          ['REGISTER', c.registration.receivedOn],
          ...(c.actions ?? []).map((a) => [a.action, a.occurredOn]),
        ];
        expect(events.filter((e) => e.action !== 'ASSIGN_HANDLERS').map((e) => [e.action, e.occurredOn])).toEqual(
          expected,
        );
        // Handlers are assigned right after registration (the service dates that event on the day of loading).
        expect(events.findIndex((e) => e.action === 'ASSIGN_HANDLERS')).toBe(c.handlers ? 1 : -1);
        for (const e of events) {
          expect({ actorName: e.actorName, actorKeyId: e.actorKeyId }).toEqual({
            actorName: `loader:${SAMPLE_SOURCE}`,
            actorKeyId: null,
          });
        }
      }
    });

    it('loading the same file again creates nothing', async () => {
      const before = { cases: await count('reconsideration_case'), events: await count('case_event') };
      const first = await loader.load(readSample(), { source: SAMPLE_SOURCE });
      const again = await loader.load(readSample(), { source: SAMPLE_SOURCE });
      for (const report of [first, again]) {
        expect(report).toMatchObject({ created: 0, resumed: 0, alreadyLoaded: 5, failed: 0 });
        expect(report.cases.map((c) => c.status)).toEqual(Array(5).fill('ALREADY_LOADED'));
      }
      expect(again.cases.map((c) => c.caseNumber)).toEqual([
        '台政复〔2021〕1号',
        '台政复〔2021〕2号',
        '台政复〔2024〕1号',
        '台政复〔2024〕2号',
        '台政复〔2024〕3号',
      ]);
      expect(again.cases.map((c) => c.finalState)).toEqual([
        'NOT_ACCEPTED',
        'SERVED',
        'DEEMED_WITHDRAWN',
        'UNDER_REVIEW',
        'WITHDRAWN',
      ]);
      expect({ cases: await count('reconsideration_case'), events: await count('case_event') }).toEqual(before);
    });
  });

  describe('failures', () => {
    // Built once: registration() invents new identity numbers on every call, and a re-run must send the same bodies.
    const BROKEN: RecordedCasesFile = {
      description: 'one good case, one refused at its third action, one with a bad identity number, one more good',
      cases: [
        recorded('OK-1', '2021-08-02', [{ action: 'ACCEPT', occurredOn: '2021-08-03' }]),
        recorded('BAD-ORDER', '2021-08-09', [
          {
            action: 'REQUEST_CORRECTION',
            occurredOn: '2021-08-10',
            items: ['身份证明复印件'],
            correctionDueOn: '2021-08-20',
          },
          { action: 'RECEIVE_CORRECTION', occurredOn: '2021-08-16' },
          {
            action: 'DECIDE',
            occurredOn: '2021-08-20',
            decisionType: 'UPHELD',
            documentNumber: '台政复决字〔2021〕9号',
            legalBasis: 'L17 28(1)(1)',
            reasons: '事实清楚',
          },
        ]),
        {
          ref: 'BAD-ID',
          registration: registration({
            receivedOn: '2021-08-23',
            applicants: [{ kind: 'NATURAL_PERSON', name: '钱多多', sex: 'MALE', idNumber: badResidentId() }],
          }),
          actions: [{ action: 'ACCEPT', occurredOn: '2021-08-24' }],
        },
        recorded('OK-2', '2021-09-01'),
      ],
    };
    const brokenFile = (): RecordedCasesFile => structuredClone(BROKEN);
    let firstIds: Record<string, string | undefined> = {};

    it('a case refused at its third action leaves nothing — no case, no event, no key, no case number — and the next case gets its number', async () => {
      const before = { cases: await count('reconsideration_case'), events: await count('case_event') };
      const report = await loader.load(brokenFile(), { source: 'broken.json' });
      expect(report).toMatchObject({ created: 2, failed: 2, alreadyLoaded: 0, resumed: 0 });
      const [ok1, badOrder, badId, ok2] = report.cases;
      firstIds = Object.fromEntries(report.cases.map((c) => [c.ref, c.caseId]));

      expect(ok1).toMatchObject({ status: 'CREATED', caseNumber: '台政复〔2021〕3号', finalState: 'ACCEPTED' });
      // L17 28: a decision reviews an accepted application; DECIDE from RECEIVED is refused at actions[2], and the
      // registration and the two actions before it are rolled back with it (issue 12 pt 4: no half-loaded case).
      expect(badOrder).toMatchObject({
        status: 'FAILED',
        actionsLoaded: 0,
        actionsTotal: 3,
        failedAt: { index: 2, action: 'DECIDE', code: 'ILLEGAL_TRANSITION' },
      });
      expect(badOrder?.failedAt?.detail).toContain('DECIDE is not allowed in state RECEIVED');
      expect([badOrder?.caseId, badOrder?.caseNumber, badOrder?.finalState]).toEqual([undefined, undefined, undefined]);
      const keys: Array<{ n: number }> = await ds.query(
        `SELECT count(*)::int AS n FROM idempotency_record WHERE idempotency_key LIKE 'loader:BAD-ORDER%'`,
      );
      expect(keys[0]?.n).toBe(0);

      // Invalid content is found before anything is written: no case, no case number used.
      expect(badId).toMatchObject({
        status: 'FAILED',
        actionsLoaded: 0,
        failedAt: { index: null, action: 'REGISTER', code: 'VALIDATION_FAILED' },
      });
      expect(badId?.caseId).toBeUndefined();
      expect(badId?.failedAt?.errors?.map((e) => [e.path, e.code])).toEqual([
        ['applicants[0].idNumber', 'IS_RESIDENT_ID'],
      ]);
      // The organ's counter rolled back with BAD-ORDER: OK-2 gets the number BAD-ORDER had drawn (4号).
      expect(ok2).toMatchObject({ status: 'CREATED', caseNumber: '台政复〔2021〕4号', finalState: 'RECEIVED' });
      const sequence: Array<{ last_seq: number }> = await ds.query(
        `SELECT s.last_seq FROM case_number_sequence s JOIN organ o ON o.id = s.organ_id WHERE o.code = 'TAIQIAN' AND s.year = 2021`,
      );
      expect(sequence[0]?.last_seq).toBe(4);
      // OK-1: REGISTER + ACCEPT; OK-2: REGISTER. Nothing of BAD-ORDER.
      expect({ cases: await count('reconsideration_case'), events: await count('case_event') }).toEqual({
        cases: before.cases + 2,
        events: before.events + 3,
      });
    });

    it('a corrected file creates the failed cases with the next numbers and replays the loaded ones', async () => {
      const fixed = brokenFile();
      const [, badOrder, badId] = fixed.cases as [RecordedCase, RecordedCase, RecordedCase];
      (badOrder.actions as NonNullable<RecordedCase['actions']>)[2] = {
        action: 'WITHDRAW',
        occurredOn: '2021-08-20',
        reason: 'VOLUNTARY',
      };
      (badId.registration.applicants as Array<Record<string, unknown>>)[0]!.idNumber = residentId('19750505');

      const report = await loader.load(fixed, { source: 'broken.json' });
      expect(report).toMatchObject({ created: 2, resumed: 0, alreadyLoaded: 2, failed: 0 });
      expect(report.cases.map((c) => [c.ref, c.status, c.caseNumber, c.finalState])).toEqual([
        ['OK-1', 'ALREADY_LOADED', '台政复〔2021〕3号', 'ACCEPTED'],
        ['BAD-ORDER', 'CREATED', '台政复〔2021〕5号', 'WITHDRAWN'],
        ['BAD-ID', 'CREATED', '台政复〔2021〕6号', 'ACCEPTED'],
        ['OK-2', 'ALREADY_LOADED', '台政复〔2021〕4号', 'RECEIVED'],
      ]);
      expect(report.cases[0]?.caseId).toBe(firstIds['OK-1']);
      const history = await service.history(report.cases[1]?.caseId as string, reader);
      expect(history.map((e) => [e.action, e.occurredOn])).toEqual([
        ['REGISTER', '2021-08-09'],
        ['REQUEST_CORRECTION', '2021-08-10'],
        ['RECEIVE_CORRECTION', '2021-08-16'],
        ['WITHDRAW', '2021-08-20'],
      ]);
    });

    it('appends the actions a loaded case has gained in the file (RESUMED), all or none of them', async () => {
      const ok2 = (): RecordedCase => structuredClone(BROKEN.cases[3] as RecordedCase);
      const eventsBefore = await count('case_event');
      // An application is accepted once (L17 17): a second ACCEPT is refused, and the first new one goes with it.
      const refused = await loader.load(
        {
          cases: [
            {
              ...ok2(),
              actions: [
                { action: 'ACCEPT', occurredOn: '2021-09-02' },
                { action: 'ACCEPT', occurredOn: '2021-09-03' },
              ],
            },
          ],
        },
        { source: 'broken.json' },
      );
      expect(refused.cases[0]).toMatchObject({
        status: 'FAILED',
        caseId: firstIds['OK-2'],
        caseNumber: '台政复〔2021〕4号',
        finalState: 'RECEIVED',
        actionsLoaded: 0,
        failedAt: { index: 1, action: 'ACCEPT', code: 'ILLEGAL_TRANSITION' },
      });
      expect(await count('case_event')).toBe(eventsBefore);

      const resumed = await loader.load(
        { cases: [{ ...ok2(), actions: [{ action: 'ACCEPT', occurredOn: '2021-09-02' }] }] },
        { source: 'broken.json' },
      );
      expect(resumed).toMatchObject({ resumed: 1, created: 0, failed: 0 });
      expect(resumed.cases[0]).toMatchObject({
        status: 'RESUMED',
        caseId: firstIds['OK-2'],
        caseNumber: '台政复〔2021〕4号',
        finalState: 'ACCEPTED',
        actionsLoaded: 1,
      });
      expect(await count('case_event')).toBe(eventsBefore + 1);
    });

    it('refuses to rewrite a step that was already loaded with other content', async () => {
      const changed = brokenFile();
      const ok1 = changed.cases[0] as RecordedCase;
      (ok1.actions as NonNullable<RecordedCase['actions']>)[0]!.occurredOn = '2021-08-04';
      changed.cases = [ok1];
      const report = await loader.load(changed, { source: 'broken.json' });
      expect(report.cases[0]).toMatchObject({
        status: 'FAILED',
        caseNumber: '台政复〔2021〕3号',
        finalState: 'ACCEPTED',
        failedAt: { index: 0, action: 'ACCEPT', code: 'IDEMPOTENCY_KEY_REUSED' },
      });
      const history = await service.history(firstIds['OK-1'] as string, reader);
      expect(history.map((e) => [e.action, e.occurredOn])).toEqual([
        ['REGISTER', '2021-08-02'],
        ['ACCEPT', '2021-08-03'],
      ]);
    });

    it('reports a rule broken by a recorded date (DATE_OUT_OF_ORDER) with the field', async () => {
      const report = await loader.load(
        {
          cases: [
            recorded('EARLY', '2021-10-11', [
              { action: 'ACCEPT', occurredOn: '2021-10-12' },
              { action: 'SEND_COPY', occurredOn: '2021-10-08' },
            ]),
          ],
        },
        { source: 'dates.json' },
      );
      expect(report.cases[0]).toMatchObject({
        status: 'FAILED',
        actionsLoaded: 0,
        failedAt: {
          index: 1,
          action: 'SEND_COPY',
          code: 'DATE_OUT_OF_ORDER',
          errors: [expect.objectContaining({ path: 'occurredOn' })],
        },
      });
      // The ACCEPT before the refused act is rolled back with it: no case.
      expect(report.cases[0]?.caseId).toBeUndefined();
    });

    it('does not reassign handlers that were changed after loading: CONFLICT, nothing written', async () => {
      const file: RecordedCasesFile = {
        cases: [
          {
            ...recorded('H-1', '2021-10-18', [{ action: 'ACCEPT', occurredOn: '2021-10-19' }]),
            handlers: ['王明', '李华'],
          },
        ],
      };
      const first = await loader.load(file, { source: 'handlers.json' });
      expect(first.cases[0]).toMatchObject({ status: 'CREATED', finalState: 'ACCEPTED' });
      const id = first.cases[0]?.caseId as string;
      const current = await service.get(id, reader);
      await service.assignHandlers(
        id,
        { handlers: [{ name: '王明' }, { name: '赵六' }] },
        {
          actor: reader,
          ifMatch: `"${current.version}"`,
        },
      );
      const eventsBefore = await count('case_event');

      const again = await loader.load(file, { source: 'handlers.json' });
      expect(again.cases[0]).toMatchObject({
        status: 'FAILED',
        caseId: id,
        failedAt: { index: null, action: 'ASSIGN_HANDLERS', code: 'CONFLICT' },
      });
      expect(again.cases[0]?.failedAt?.detail).toContain('王明、赵六');
      expect((await service.get(id, reader)).handlers.map((h) => h.name)).toEqual(['王明', '赵六']);
      expect(await count('case_event')).toBe(eventsBefore);
    });

    it('stopOnError stops after the first failed case and lists the rest as not attempted', async () => {
      const casesBefore = await count('reconsideration_case');
      const file: RecordedCasesFile = {
        cases: [
          {
            ref: 'S-1',
            registration: registration({
              applicants: [{ kind: 'NATURAL_PERSON', name: '孙七', sex: 'MALE', idNumber: badResidentId() }],
            }),
          },
          recorded('S-2', '2021-11-01'),
          recorded('S-3', '2021-11-02'),
        ],
      };
      const report = await loader.load(file, { source: 'stop.json', stopOnError: true });
      expect(report).toMatchObject({ created: 0, failed: 1, notAttempted: ['S-2', 'S-3'] });
      expect(report.cases).toHaveLength(1);
      expect(await count('reconsideration_case')).toBe(casesBefore);
    });

    it('a dry run validates every registration, handler list and action body and writes nothing', async () => {
      const before = { cases: await count('reconsideration_case'), events: await count('case_event') };
      const file: RecordedCasesFile = {
        cases: [
          recorded('D-OK', '2021-12-01', [{ action: 'ACCEPT', occurredOn: '2021-12-02' }]),
          recorded('D-PAYLOAD', '2021-12-01', [
            { action: 'ACCEPT', occurredOn: '2021-12-02' },
            { action: 'SEND_COPY', occurredOn: '2021-12-03', copies: 2 },
          ]),
          recorded('D-UNDO', '2021-12-01', [{ action: 'UNDO', occurredOn: '2021-12-02', reason: '更正' }]),
          { ...recorded('D-HANDLERS', '2021-12-01'), handlers: ['王明'] },
          recorded('D-NOT-ACCEPT', '2021-12-01', [
            { action: 'NOT_ACCEPT', occurredOn: '2021-12-02', ground: 'R07_28_4_OUT_OF_TIME', reasons: '超期' },
          ]),
        ],
      };
      const progress: Array<[number, number]> = [];
      const report = await loader.load(file, {
        source: 'dry.json',
        dryRun: true,
        onProgress: (done, total) => progress.push([done, total]),
      });
      expect(report).toMatchObject({ dryRun: true, valid: 1, failed: 4, created: 0 });
      // Once before the first case, then after each case, valid or not.
      expect(progress).toEqual([
        [0, 5],
        [1, 5],
        [2, 5],
        [3, 5],
        [4, 5],
        [5, 5],
      ]);
      expect(
        report.cases.map((c) => [c.ref, c.status, c.failedAt?.index, c.failedAt?.action, c.failedAt?.code]),
      ).toEqual([
        ['D-OK', 'VALID', undefined, undefined, undefined],
        ['D-PAYLOAD', 'FAILED', 1, 'SEND_COPY', 'VALIDATION_FAILED'],
        ['D-UNDO', 'FAILED', 0, 'UNDO', 'VALIDATION_FAILED'],
        ['D-HANDLERS', 'FAILED', null, 'ASSIGN_HANDLERS', 'VALIDATION_FAILED'],
        ['D-NOT-ACCEPT', 'FAILED', 0, 'NOT_ACCEPT', 'VALIDATION_FAILED'],
      ]);
      expect(report.cases[1]?.failedAt?.errors).toEqual([
        expect.objectContaining({ path: 'copies', code: 'UNKNOWN_FIELD' }),
      ]);
      expect(new Set(report.cases[4]?.failedAt?.errors?.map((e) => e.path))).toEqual(new Set(['documentNumber']));
      expect({ cases: await count('reconsideration_case'), events: await count('case_event') }).toEqual(before);
    });

    it('refuses a malformed file as a whole, naming every structural problem', async () => {
      const casesBefore = await count('reconsideration_case');
      const malformed = {
        cases: [
          recorded('M-1', '2021-12-06'),
          { ref: 'M-1', registration: registration() },
          { ref: 'M 3', registration: 'none', actions: [{ occurredOn: '2021-12-07' }], comment: 'x' },
        ],
        version: 2,
      };
      let thrown: unknown;
      try {
        await loader.load(malformed as unknown as RecordedCasesFile, { source: 'malformed.json' });
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(ProblemException);
      const problem = thrown as ProblemException;
      expect(problem.code).toBe('VALIDATION_FAILED');
      expect(problem.options.errors?.map((e) => [e.path, e.code])).toEqual([
        ['version', 'UNKNOWN_FIELD'],
        ['cases[1].ref', 'DUPLICATE_REF'],
        ['cases[2].comment', 'UNKNOWN_FIELD'],
        ['cases[2].ref', 'IS_CASE_REF'],
        ['cases[2].registration', 'IS_OBJECT'],
        ['cases[2].actions[0]', 'IS_ACTION'],
      ]);
      expect(() => parseRecordedCasesFile({ cases: [] })).toThrow(ProblemException);
      expect(await count('reconsideration_case')).toBe(casesBefore);
    });
  });

  describe('the command line', () => {
    const CLI_TIMEOUT = 120_000;

    it(
      '--dry-run validates the sample file, prints the summary and exits 0 without writing',
      async () => {
        const casesBefore = await count('reconsideration_case');
        const run = await runCli([SAMPLE_FILE, '--dry-run'], t.db.url);
        expect(run.code).toBe(0);
        // stderr is not a terminal here: a plain progress line per 10 % (one per case of five), nothing else.
        expect(progressLines(run.stderr, 'VALIDATE')).toHaveLength(6);
        expect(run.stderr).toMatch(/VALIDATE {2}\[#+\] {2}5\/5 {2}100\.0% {2}[\d.]+ cases\/s {2}in \d+:\d\d\n$/);
        expect(run.stdout).toContain(`Dry run of ${SAMPLE_SOURCE}`);
        expect(run.stdout).toMatch(/TQ-2021-02\s+VALID/);
        expect(run.stdout).toContain('Summary: 5 valid, 0 invalid. Nothing was written.');
        expect(await count('reconsideration_case')).toBe(casesBefore);
      },
      CLI_TIMEOUT,
    );

    it(
      'loads the sample into a fresh database, then finds it already loaded',
      async () => {
        const fresh = await createTestDatabase();
        try {
          const first = await runCli([SAMPLE_FILE, '--organ', 'TAIQIAN'], fresh.url);
          expect(first.code).toBe(0);
          expect(progressLines(first.stderr, 'LOAD')).toHaveLength(6);
          expect(first.stdout).toMatch(/TQ-2021-01\s+CREATED\s+台政复〔2021〕1号\s+NOT_ACCEPTED \(1\/1 actions\)/);
          expect(first.stdout).toMatch(/TQ-2024-02\s+CREATED\s+台政复〔2024〕2号\s+UNDER_REVIEW \(2\/2 actions\)/);
          expect(first.stdout).toContain('Summary: 5 created, 0 already loaded, 0 resumed, 0 failed.');

          const second = await runCli([SAMPLE_FILE, '--organ', 'TAIQIAN', '--json'], fresh.url);
          expect(second.code).toBe(0);
          const report = JSON.parse(second.stdout);
          expect(report).toMatchObject({ created: 0, alreadyLoaded: 5, failed: 0 });
        } finally {
          await fresh.drop();
        }
      },
      CLI_TIMEOUT,
    );

    it(
      '--dry-run on a database that was never migrated migrates it as a load would, then validates and writes no case',
      async () => {
        const empty = await createEmptyDatabase();
        try {
          const run = await runCli([SAMPLE_FILE, '--dry-run', '--organ', 'TAIQIAN'], empty.url);
          expect(run.stderr).not.toContain('does not exist');
          expect(run.code).toBe(0);
          expect(run.stderr).toMatch(/^migrations applied: /);
          expect(run.stdout).toContain('Summary: 5 valid, 0 invalid. Nothing was written.');
          const client = new Client({ connectionString: empty.url });
          await client.connect();
          try {
            const rows = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM reconsideration_case');
            expect(rows.rows[0]?.n).toBe(0);
          } finally {
            await client.end();
          }
        } finally {
          await empty.drop();
        }
      },
      CLI_TIMEOUT,
    );

    it(
      'exits non-zero when a case fails or the load cannot run',
      async () => {
        const dir = mkdtempSync(path.join(os.tmpdir(), 'loader-cli-'));
        const file = path.join(dir, 'bad-case.json');
        const bad: RecordedCasesFile = {
          cases: [
            recorded('C-OK', '2021-03-01'),
            {
              ref: 'C-BAD',
              registration: registration({
                applicants: [{ kind: 'NATURAL_PERSON', name: '李四', sex: 'MALE', idNumber: badResidentId() }],
              }),
            },
          ],
        };
        writeFileSync(file, JSON.stringify(bad));
        try {
          const failing = await runCli([file, '--dry-run'], t.db.url);
          expect(failing.code).toBe(1);
          expect(failing.stdout).toMatch(/C-BAD\s+FAILED/);
          expect(failing.stdout).toContain('failed at registration: VALIDATION_FAILED');
          expect(failing.stdout).toContain('applicants[0].idNumber');
          expect(failing.stdout).toContain('Summary: 1 valid, 1 invalid. Nothing was written.');
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }

        const unknownOrgan = await runCli([SAMPLE_FILE, '--organ', 'NO_SUCH_ORGAN', '--dry-run'], t.db.url);
        expect(unknownOrgan.code).toBe(1);
        expect(unknownOrgan.stderr).toContain('No reconsideration organ with code NO_SUCH_ORGAN');
        const usage = await runCli([], t.db.url);
        expect(usage.code).toBe(64);
        expect(usage.stderr).toContain('usage: load-cases');
      },
      CLI_TIMEOUT,
    );
  });
});

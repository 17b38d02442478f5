import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
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
import { createTestDatabase } from '../support/test-database';
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

describe('case loader', () => {
  let t: TestApp;
  let service: CaseService;
  let loader: CaseLoaderService;
  let count: (table: 'reconsideration_case' | 'case_event') => Promise<number>;

  beforeAll(async () => {
    t = await startTestApp();
    service = t.app.get(CaseService);
    loader = new CaseLoaderService(service);
    const ds = t.app.get(DataSource);
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

    it('a refused action fails its case at that index, the case stays at its last step, the others load', async () => {
      const casesBefore = await count('reconsideration_case');
      const report = await loader.load(brokenFile(), { source: 'broken.json' });
      expect(report).toMatchObject({ created: 2, failed: 2, alreadyLoaded: 0 });
      const [ok1, badOrder, badId, ok2] = report.cases;
      firstIds = Object.fromEntries(report.cases.map((c) => [c.ref, c.caseId]));

      expect(ok1).toMatchObject({ status: 'CREATED', caseNumber: '台政复〔2021〕3号', finalState: 'ACCEPTED' });
      expect(badOrder).toMatchObject({
        status: 'FAILED',
        caseNumber: '台政复〔2021〕4号',
        finalState: 'RECEIVED',
        actionsLoaded: 2,
        actionsTotal: 3,
        failedAt: { index: 2, action: 'DECIDE', code: 'ILLEGAL_TRANSITION' },
      });
      expect(badOrder?.failedAt?.detail).toContain('DECIDE is not allowed in state RECEIVED');
      const history = await service.history(badOrder?.caseId as string, reader);
      expect(history.map((e) => e.action)).toEqual(['REGISTER', 'REQUEST_CORRECTION', 'RECEIVE_CORRECTION']);

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
      expect(ok2).toMatchObject({ status: 'CREATED', caseNumber: '台政复〔2021〕5号', finalState: 'RECEIVED' });
      expect(await count('reconsideration_case')).toBe(casesBefore + 3);
    });

    it('a corrected file resumes the failed case where it stopped and loads the fixed one', async () => {
      const fixed = brokenFile();
      const [, badOrder, badId] = fixed.cases as [RecordedCase, RecordedCase, RecordedCase];
      (badOrder.actions as NonNullable<RecordedCase['actions']>)[2] = {
        action: 'WITHDRAW',
        occurredOn: '2021-08-20',
        reason: 'VOLUNTARY',
      };
      (badId.registration.applicants as Array<Record<string, unknown>>)[0]!.idNumber = residentId('19750505');

      const report = await loader.load(fixed, { source: 'broken.json' });
      expect(report).toMatchObject({ created: 1, resumed: 1, alreadyLoaded: 2, failed: 0 });
      expect(report.cases.map((c) => [c.ref, c.status, c.caseNumber, c.finalState])).toEqual([
        ['OK-1', 'ALREADY_LOADED', '台政复〔2021〕3号', 'ACCEPTED'],
        ['BAD-ORDER', 'RESUMED', '台政复〔2021〕4号', 'WITHDRAWN'],
        ['BAD-ID', 'CREATED', '台政复〔2021〕6号', 'ACCEPTED'],
        ['OK-2', 'ALREADY_LOADED', '台政复〔2021〕5号', 'RECEIVED'],
      ]);
      expect(report.cases[1]?.caseId).toBe(firstIds['BAD-ORDER']);
      const history = await service.history(firstIds['BAD-ORDER'] as string, reader);
      expect(history.map((e) => [e.action, e.occurredOn])).toEqual([
        ['REGISTER', '2021-08-09'],
        ['REQUEST_CORRECTION', '2021-08-10'],
        ['RECEIVE_CORRECTION', '2021-08-16'],
        ['WITHDRAW', '2021-08-20'],
      ]);
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
        finalState: 'ACCEPTED',
        actionsLoaded: 1,
        failedAt: {
          index: 1,
          action: 'SEND_COPY',
          code: 'DATE_OUT_OF_ORDER',
          errors: [expect.objectContaining({ path: 'occurredOn' })],
        },
      });
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
      const report = await loader.load(file, { source: 'dry.json', dryRun: true });
      expect(report).toMatchObject({ dryRun: true, valid: 1, failed: 4, created: 0 });
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
        expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
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
          expect({ code: first.code, stderr: first.stderr }).toEqual({ code: 0, stderr: '' });
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

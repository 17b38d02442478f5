import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { IMPORT_EXIT, ImportJob, runImport } from './import-ledger';

const ORGAN_ID = '6f1c1f1e-7a43-4c59-9d0e-0d6f1f0b2a11';
const KEY = 'rcs_test_key';

/** What the fake service saw. */
interface Seen {
  requests: string[];
  authorization: Array<string | undefined>;
  upload?: string;
  uploadType?: string;
  commitBody?: unknown;
}

interface Scenario {
  /** Answer to POST /v1/imports instead of a job (e.g. a 413 problem). */
  uploadProblem?: { status: number; body: Record<string, unknown> };
  invalid?: number;
  problems?: ImportJob['problems'];
  rowsTotal?: number;
}

function problem(res: ServerResponse, status: number, body: Record<string, unknown>): void {
  res.writeHead(status, { 'content-type': 'application/problem+json' });
  res.end(JSON.stringify({ type: 'about:blank', status, ...body }));
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** The import job contract (POST /v1/imports, GET /v1/imports/{id}, POST …/commit) with a job that takes 3 polls a phase. */
function fakeService(scenario: Scenario, seen: Seen): Server {
  const rowsTotal = scenario.rowsTotal ?? 3;
  const invalid = scenario.invalid ?? 0;
  let polls = 0;
  const job: ImportJob = {
    id: 'a7d0c3c2-4b55-4f0e-9c3e-2f7f2b5d1c01',
    organId: ORGAN_ID,
    source: 'ledger.csv',
    sha256: 'ab'.repeat(32),
    status: 'VALIDATING',
    progress: { phase: 'VALIDATE', rowsDone: 0, rowsTotal },
    counts: { rows: rowsTotal, valid: rowsTotal - invalid, invalid, alreadyImported: 0, imported: 0, skipped: 0 },
    problems: [],
    problemsTruncated: false,
    statistics: [],
    createdAt: '2026-12-03T08:00:00.000Z',
    committedAt: null,
    failure: null,
  };
  const advance = () => {
    polls += 1;
    job.progress.rowsDone = Math.min(rowsTotal, Math.round((rowsTotal * polls) / 3));
    if (polls < 3) {
      return;
    }
    polls = 0;
    if (job.status === 'VALIDATING') {
      job.status = 'VALIDATED';
      job.problems = scenario.problems ?? [];
      job.statistics = [{ year: 2021, received: rowsTotal - invalid, accepted: 2, concluded: 1, pending: 1 }];
    } else if (job.status === 'COMMITTING') {
      job.status = 'COMMITTED';
      job.counts.imported = rowsTotal - invalid;
      job.counts.skipped = invalid;
      job.committedAt = '2026-12-03T08:01:00.000Z';
    }
  };
  return createServer((req, res) => {
    void (async () => {
      seen.requests.push(`${req.method} ${req.url}`);
      seen.authorization.push(req.headers.authorization);
      const body = await readBody(req);
      if (req.method === 'GET' && req.url === '/v1/organs') {
        return json(res, 200, [
          { id: 'other', code: 'PUYANG', name: '濮阳市人民政府' },
          { id: ORGAN_ID, code: 'TAIQIAN', name: '台前县人民政府' },
        ]);
      }
      if (req.method === 'POST' && req.url === '/v1/imports') {
        seen.upload = body;
        seen.uploadType = req.headers['content-type'];
        if (scenario.uploadProblem) {
          return problem(res, scenario.uploadProblem.status, scenario.uploadProblem.body);
        }
        return json(res, 202, job, { location: `/v1/imports/${job.id}` });
      }
      if (req.method === 'GET' && req.url === `/v1/imports/${job.id}`) {
        advance();
        return json(res, 200, job);
      }
      if (req.method === 'POST' && req.url === `/v1/imports/${job.id}/commit`) {
        seen.commitBody = JSON.parse(body);
        const skipInvalid = (seen.commitBody as { skipInvalid?: boolean }).skipInvalid === true;
        if (job.counts.invalid > 0 && !skipInvalid) {
          return problem(res, 409, {
            title: 'Conflict',
            code: 'IMPORT_HAS_INVALID_ROWS',
            detail: `${job.counts.invalid} row(s) are invalid.`,
          });
        }
        job.status = 'COMMITTING';
        job.progress = { phase: 'COMMIT', rowsDone: 0, rowsTotal: rowsTotal - invalid };
        return json(res, 202, job);
      }
      return problem(res, 404, { title: 'Not Found', code: 'NOT_FOUND', detail: `${req.method} ${req.url}` });
    })();
  });
}

describe('npm run import (runImport against a fake import service)', () => {
  let dir: string;
  let ledger: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'import-cli-'));
    ledger = path.join(dir, 'ledger.csv');
    writeFileSync(ledger, '案号,申请人,收到日期\n台政复〔2021〕1号,张三,2021-03-01\n');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function run(
    scenario: Scenario,
    args: string[],
    env: NodeJS.ProcessEnv = {},
  ): Promise<{ code: number; stdout: string; stderr: string; seen: Seen }> {
    const seen: Seen = { requests: [], authorization: [] };
    const server = fakeService(scenario, seen);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    let stdout = '';
    let stderr = '';
    try {
      const code = await runImport(
        args,
        { API_URL: `http://127.0.0.1:${port}/`, API_KEY: KEY, ...env },
        {
          stdout: { write: (t: string) => (stdout += t) },
          stderr: { write: (t: string) => (stderr += t), isTTY: false },
          pollIntervalMs: 1,
        },
      );
      return { code, stdout, stderr, seen };
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }

  it('uploads, polls the validation, commits and polls until COMMITTED: exit 0', async () => {
    const r = await run({ rowsTotal: 3 }, [ledger, '--organ', 'TAIQIAN']);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: IMPORT_EXIT.OK, stderr: expect.any(String) });
    expect(r.seen.requests).toEqual([
      'GET /v1/organs',
      'POST /v1/imports',
      'GET /v1/imports/a7d0c3c2-4b55-4f0e-9c3e-2f7f2b5d1c01',
      'GET /v1/imports/a7d0c3c2-4b55-4f0e-9c3e-2f7f2b5d1c01',
      'GET /v1/imports/a7d0c3c2-4b55-4f0e-9c3e-2f7f2b5d1c01',
      'POST /v1/imports/a7d0c3c2-4b55-4f0e-9c3e-2f7f2b5d1c01/commit',
      'GET /v1/imports/a7d0c3c2-4b55-4f0e-9c3e-2f7f2b5d1c01',
      'GET /v1/imports/a7d0c3c2-4b55-4f0e-9c3e-2f7f2b5d1c01',
      'GET /v1/imports/a7d0c3c2-4b55-4f0e-9c3e-2f7f2b5d1c01',
    ]);
    expect(new Set(r.seen.authorization)).toEqual(new Set([`Bearer ${KEY}`]));
    // multipart/form-data: the ledger as `file` under its own name, the organ resolved from its code.
    expect(r.seen.uploadType).toMatch(/^multipart\/form-data; boundary=/);
    expect(r.seen.upload).toMatch(/name="file"; filename="ledger.csv"\r\nContent-Type: text\/csv/);
    expect(r.seen.upload).toContain('台政复〔2021〕1号,张三,2021-03-01');
    expect(r.seen.upload).toMatch(new RegExp(`name="organId"\\r\\n\\r\\n${ORGAN_ID}\\r\\n`));
    expect(r.seen.commitBody).toEqual({});
    // Progress on stderr (not a terminal): plain lines, per phase.
    expect(r.stderr).toMatch(/^VALIDATE {2}\[#+\] {2}3\/3 {2}100\.0%/m);
    expect(r.stderr).toMatch(/^COMMIT {2}\[#+\] {2}3\/3 {2}100\.0%/m);
    expect(r.stderr).not.toContain('\r');
    expect(r.stdout).toMatch(/^ {2}2021 +3 +2 +1 +1$/m);
    expect(r.stdout).toContain('Rows: 3, valid 3, invalid 0, already imported 0; imported 3, skipped 0');
    expect(r.stdout).toContain('Imported 3 case(s) from ledger.csv');
  });

  it('a dry run with invalid rows prints the problems (at most 50) and exits 2 without committing', async () => {
    const problems = Array.from({ length: 60 }, (_, i) => ({
      row: i + 2,
      column: '收到日期',
      code: 'INVALID_DATE',
      message: `“2021-02-3${i}” is not a date`,
    }));
    const r = await run({ rowsTotal: 80, invalid: 60, problems }, [ledger, '--dry-run']);
    expect(r.code).toBe(IMPORT_EXIT.INVALID_ROWS);
    expect(r.seen.requests.some((q) => q.endsWith('/commit'))).toBe(false);
    expect(r.seen.requests).not.toContain('GET /v1/organs');
    expect(r.seen.upload).not.toContain('name="organId"');
    expect(r.stdout).toContain('Problems (60 invalid row(s)):');
    expect(r.stdout).toContain('  row 2, 收到日期: INVALID_DATE — “2021-02-30” is not a date');
    expect(r.stdout).toContain('  row 51, 收到日期: INVALID_DATE');
    expect(r.stdout).not.toContain('  row 52, ');
    expect(r.stdout).toContain('  … and 10 more');
    expect(r.stdout).toContain('Dry run: 60 invalid row(s) would block the import');
  });

  it('without --skip-invalid the commit is refused (409 IMPORT_HAS_INVALID_ROWS): exit 2; with it, exit 0', async () => {
    const problems = [{ row: 3, column: '身份证号', code: 'IS_RESIDENT_ID', message: 'check character is wrong' }];
    const blocked = await run({ invalid: 1, problems }, [ledger]);
    expect(blocked.code).toBe(IMPORT_EXIT.INVALID_ROWS);
    expect(blocked.stderr).toContain('HTTP 409 Conflict: 1 row(s) are invalid. [IMPORT_HAS_INVALID_ROWS]');
    const skipped = await run({ invalid: 1, problems }, [ledger, '--skip-invalid']);
    expect(skipped.code).toBe(IMPORT_EXIT.OK);
    expect(skipped.seen.commitBody).toEqual({ skipInvalid: true });
    expect(skipped.stdout).toContain('imported 2, skipped 1');
  });

  it('a 413 problem on upload exits 1 with its title, detail and code', async () => {
    const r = await run(
      {
        uploadProblem: {
          status: 413,
          body: {
            title: 'Payload Too Large',
            code: 'IMPORT_TOO_LARGE',
            detail: 'The file is larger than IMPORT_MAX_BYTES (52428800 bytes).',
          },
        },
      },
      [ledger],
    );
    expect(r.code).toBe(IMPORT_EXIT.FAILED);
    expect(r.stderr).toContain(
      'import: POST /v1/imports: HTTP 413 Payload Too Large: The file is larger than IMPORT_MAX_BYTES (52428800 bytes). [IMPORT_TOO_LARGE]',
    );
    expect(r.stdout).toBe('');
  });

  it('says what is missing: API_KEY, the file, a known organ; and a service that is not there', async () => {
    const noKey = await run({}, [ledger], { API_KEY: '' });
    expect(noKey.code).toBe(IMPORT_EXIT.FAILED);
    expect(noKey.stderr).toContain('API_KEY is not set');
    expect(noKey.seen.requests).toEqual([]);
    const noFile = await run({}, []);
    expect(noFile.stderr).toContain('name the ledger to import');
    const missing = await run({}, [path.join(dir, 'nope.xlsx')]);
    expect(missing.stderr).toContain('cannot read');
    const organ = await run({}, [ledger, '--organ', 'NANLE']);
    expect(organ.code).toBe(IMPORT_EXIT.FAILED);
    expect(organ.stderr).toContain('No reconsideration organ with code NANLE (this key sees: PUYANG, TAIQIAN)');
    let downErr = '';
    const down = await runImport(
      [ledger],
      { API_URL: 'http://127.0.0.1:9', API_KEY: KEY },
      { stdout: { write: () => true }, stderr: { write: (t: string) => (downErr += t) } },
    );
    expect(down).toBe(IMPORT_EXIT.FAILED);
    expect(downErr).toMatch(/^import: POST http:\/\/127\.0\.0\.1:9\/v1\/imports failed: /);
  });
});

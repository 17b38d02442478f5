/**
 * `npm run import -- ledger.xlsx [--organ CODE] [--dry-run] [--skip-invalid]` (issue 12 pt 4): imports an office's
 * case ledger (台账, XLSX or CSV) into a RUNNING service through its import job, as any client would:
 *   POST /v1/imports (multipart: `file`, optional `organId`) → poll GET /v1/imports/{id} until validated →
 *   POST /v1/imports/{id}/commit ({ skipInvalid }) → poll until COMMITTED or FAILED.
 * The service validates and imports; this tool only uploads, shows progress on stderr and prints what the job reports
 * (the problems per row, what the import adds to each year's statistics, the counts) on stdout.
 * Needs nothing but the service's URL (API_URL) and an API key of an ADMIN or SUPERVISOR (API_KEY); no database.
 */
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { apiUrlFrom } from './api-url';
import { ProgressStream, progressWriter } from './progress';

const USAGE = `usage: npm run import -- <ledger.xlsx|ledger.csv> [--organ CODE] [--dry-run] [--skip-invalid]

Imports a case ledger (XLSX or CSV) into a running service as historical cases, through its import job.
  --organ CODE     the organ the ledger's cases belong to (default: the service's default organ for the key)
  --dry-run        upload and validate only; import nothing (exit 2 when a row is invalid)
  --skip-invalid   import the valid rows and skip the invalid ones (they are listed); without it, one invalid row
                   blocks the whole import
Environment:
  API_URL   the service (default http://localhost:3000)
  API_KEY   required: an API key with the role ADMIN or SUPERVISOR (sent as Authorization: Bearer <key>)
Progress goes to stderr (a bar on a terminal, a line every 10 % otherwise). Exit status: 0 imported (or, with
--dry-run, valid), 1 bad usage or the service could not be reached or refused the request, 2 invalid rows blocked
the import.`;

export const IMPORT_EXIT = { OK: 0, FAILED: 1, INVALID_ROWS: 2 } as const;

/** Problems printed before "… and N more" (the rest are in GET /v1/imports/{id}). */
const MAX_PROBLEMS_SHOWN = 50;
const REQUEST_TIMEOUT_MS = 30_000;
/** An upload of up to IMPORT_MAX_BYTES over a slow link. */
const UPLOAD_TIMEOUT_MS = 10 * 60_000;
const MAX_RATE_LIMIT_RETRIES = 5;

const CONTENT_TYPES: Record<string, string> = {
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.csv': 'text/csv',
};

// ── The contract of the import job (src/imports/) ──────────────────────────────────────────────────────────────

export type ImportStatus = 'VALIDATING' | 'VALIDATED' | 'COMMITTING' | 'COMMITTED' | 'FAILED';

export interface ImportJob {
  id: string;
  organId: string;
  source: string;
  sha256: string;
  status: ImportStatus;
  progress: { phase: 'VALIDATE' | 'COMMIT'; rowsDone: number; rowsTotal: number };
  counts: { rows: number; valid: number; invalid: number; alreadyImported: number; imported: number; skipped: number };
  problems: Array<{ row: number; column: string | null; code: string; message: string }>;
  problemsTruncated: boolean;
  statistics: Array<{ year: number; received: number; accepted: number; concluded: number; pending: number }>;
  createdAt: string;
  committedAt: string | null;
  failure: string | null;
}

/** What the tool writes to and waits with; the CLI passes the process's, tests their own. */
export interface ImportIo {
  stdout: ProgressStream;
  stderr: ProgressStream;
  /** Between two polls of the job; default 500 ms. */
  pollIntervalMs?: number;
  sleep?: (ms: number) => Promise<void>;
  clock?: () => number;
}

interface Cli {
  file: string;
  organ?: string;
  dryRun: boolean;
  skipInvalid: boolean;
  apiUrl: string;
  apiKey: string;
}

/** Bad usage or a refusal: the message is the whole story, the exit status 1. */
class ImportFailure extends Error {
  constructor(
    message: string,
    readonly exitCode: number = IMPORT_EXIT.FAILED,
  ) {
    super(message);
  }
}

function parseCli(argv: string[], env: NodeJS.ProcessEnv): Cli | 'help' {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      organ: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      'skip-invalid': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    return 'help';
  }
  const [file, ...extra] = positionals;
  if (!file || extra.length > 0) {
    throw new TypeError(
      file ? `unexpected arguments: ${extra.join(' ')}` : 'name the ledger to import (.xlsx or .csv)',
    );
  }
  // The same organ code rule as the loader's --organ (src/bin/load-cases.ts).
  if (values.organ !== undefined && !/^[A-Z][A-Z0-9_]{1,39}$/.test(values.organ)) {
    throw new TypeError('--organ takes an organ code (UPPER_SNAKE, e.g. TAIQIAN)');
  }
  const apiKey = env.API_KEY?.trim();
  if (!apiKey) {
    throw new TypeError(
      'API_KEY is not set: give an API key of an ADMIN or SUPERVISOR, e.g. API_KEY=rcs_… npm run import -- ledger.xlsx',
    );
  }
  const apiUrl = apiUrlFrom(env, (message) => new TypeError(message));
  return {
    file,
    ...(values.organ !== undefined ? { organ: values.organ } : {}),
    dryRun: values['dry-run'],
    skipInvalid: values['skip-invalid'],
    apiUrl,
    apiKey,
  };
}

// ── HTTP ───────────────────────────────────────────────────────────────────────────────────────────────────────

interface ApiResponse {
  status: number;
  body: unknown;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** An RFC 9457 problem as one message: `413 Payload Too Large: <detail> [IMPORT_TOO_LARGE]` and its field errors. */
export function describeProblem(res: ApiResponse): string {
  const body = res.body;
  if (isObject(body) && (typeof body.code === 'string' || typeof body.title === 'string')) {
    const title = typeof body.title === 'string' ? body.title : '';
    const detail = typeof body.detail === 'string' ? body.detail : '';
    const code = typeof body.code === 'string' ? ` [${body.code}]` : '';
    const errors = (Array.isArray(body.errors) ? (body.errors as unknown[]) : []).filter(isObject);
    return [
      `HTTP ${res.status} ${title}${detail ? `: ${detail}` : ''}${code}`,
      ...errors
        .filter((e) => e.message !== detail)
        .map((e) => `  ${typeof e.path === 'string' ? e.path : ''}: ${typeof e.message === 'string' ? e.message : ''}`),
    ].join('\n');
  }
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return `HTTP ${res.status}${text ? `: ${text.slice(0, 300)}` : ''}`;
}

class Api {
  constructor(
    private readonly baseUrl: string,
    private readonly key: string,
    private readonly sleep: (ms: number) => Promise<void>,
  ) {}

  async send(
    method: string,
    url: string,
    body?: { json: unknown } | { form: FormData },
    timeoutMs = REQUEST_TIMEOUT_MS,
  ): Promise<ApiResponse> {
    for (let attempt = 0; ; attempt += 1) {
      let res: Response;
      try {
        res = await fetch(`${this.baseUrl}${url}`, {
          method,
          headers: {
            authorization: `Bearer ${this.key}`,
            accept: 'application/json, application/problem+json',
            // FormData sets its own multipart content type, with the boundary.
            ...(body && 'json' in body ? { 'content-type': 'application/json' } : {}),
          },
          ...(body ? { body: 'json' in body ? JSON.stringify(body.json) : body.form } : {}),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        const cause = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : error;
        throw new ImportFailure(`${method} ${this.baseUrl}${url} failed: ${String(cause)}`);
      }
      const text = await res.text();
      if (res.status === 429 && attempt < MAX_RATE_LIMIT_RETRIES) {
        await this.sleep(Math.min(Number(res.headers.get('retry-after')) || 1, 60) * 1000);
        continue;
      }
      let parsed: unknown = text;
      if (/json/i.test(res.headers.get('content-type') ?? '') && text !== '') {
        try {
          parsed = JSON.parse(text);
        } catch {
          // Keep the text: describeProblem shows it.
        }
      }
      return { status: res.status, body: parsed };
    }
  }

  /** The response's body when its status is one of `ok`, else an ImportFailure describing the problem. */
  async expect(
    ok: number[],
    method: string,
    url: string,
    body?: { json: unknown } | { form: FormData },
    timeoutMs?: number,
  ): Promise<unknown> {
    const res = await this.send(method, url, body, timeoutMs);
    if (!ok.includes(res.status)) {
      throw new ImportFailure(`${method} ${url}: ${describeProblem(res)}`);
    }
    return res.body;
  }
}

function asJob(body: unknown, what: string): ImportJob {
  if (!isObject(body) || typeof body.id !== 'string' || typeof body.status !== 'string' || !isObject(body.counts)) {
    throw new ImportFailure(`${what}: the service did not answer with an import job`);
  }
  return body as unknown as ImportJob;
}

// ── Output ─────────────────────────────────────────────────────────────────────────────────────────────────────

function printProblems(job: ImportJob, out: (line: string) => void): void {
  if (job.problems.length === 0) {
    return;
  }
  out(`Problems (${job.counts.invalid} invalid row(s)):`);
  for (const p of job.problems.slice(0, MAX_PROBLEMS_SHOWN)) {
    out(`  row ${p.row}${p.column ? `, ${p.column}` : ''}: ${p.code} — ${p.message}`);
  }
  const rest = job.problems.length - MAX_PROBLEMS_SHOWN;
  if (rest > 0) {
    out(`  … and ${rest} more${job.problemsTruncated ? ' (and more the service did not list)' : ''}`);
  } else if (job.problemsTruncated) {
    out(`  … and more: the service lists only the first ${job.problems.length}`);
  }
  if (rest > 0 || job.problemsTruncated) {
    out(`  (all of them: GET /v1/imports/${job.id})`);
  }
}

function printStatistics(job: ImportJob, out: (line: string) => void, committed: boolean): void {
  if (job.statistics.length === 0) {
    return;
  }
  out(committed ? 'Added to the statistics:' : 'What the import adds to the statistics:');
  out('  year  received  accepted  concluded  pending');
  for (const s of job.statistics) {
    out(
      `  ${String(s.year).padEnd(4)}  ${String(s.received).padStart(8)}  ${String(s.accepted).padStart(8)}  ${String(
        s.concluded,
      ).padStart(9)}  ${String(s.pending).padStart(7)}`,
    );
  }
}

function printCounts(job: ImportJob, out: (line: string) => void): void {
  const c = job.counts;
  out(
    `Rows: ${c.rows}, valid ${c.valid}, invalid ${c.invalid}, already imported ${c.alreadyImported}` +
      (job.status === 'COMMITTED' ? `; imported ${c.imported}, skipped ${c.skipped}` : ''),
  );
}

// ── The run ────────────────────────────────────────────────────────────────────────────────────────────────────

/** Resolves --organ CODE to the organ's id through GET /v1/organs. */
async function organIdOf(api: Api, code: string): Promise<string> {
  const organs = await api.expect([200], 'GET', '/v1/organs');
  const list = Array.isArray(organs) ? organs.filter(isObject) : [];
  const organ = list.find((o) => o.code === code);
  if (!organ || typeof organ.id !== 'string') {
    const known = list.map((o) => o.code).filter((c): c is string => typeof c === 'string');
    throw new ImportFailure(
      `No reconsideration organ with code ${code}${known.length ? ` (this key sees: ${known.join(', ')})` : ''}.`,
    );
  }
  return organ.id;
}

/** Runs the tool; returns the exit status. Never throws for what a user can get wrong. */
export async function runImport(argv: string[], env: NodeJS.ProcessEnv, io: ImportIo): Promise<number> {
  const out = (line: string) => void io.stdout.write(`${line}\n`);
  const err = (line: string) => void io.stderr.write(`${line}\n`);
  let cli: Cli | 'help';
  try {
    cli = parseCli(argv, env);
  } catch (error) {
    err(`import: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return IMPORT_EXIT.FAILED;
  }
  if (cli === 'help') {
    out(USAGE);
    return IMPORT_EXIT.OK;
  }
  const sleep = io.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const pollIntervalMs = io.pollIntervalMs ?? 500;
  const progress = progressWriter(io.stderr, { unit: 'rows', ...(io.clock ? { clock: io.clock } : {}) });
  const api = new Api(cli.apiUrl, cli.apiKey, sleep);

  /** Polls the job until it leaves `while`, showing its progress. */
  const waitWhile = async (job: ImportJob, busy: ImportStatus): Promise<ImportJob> => {
    let current = job;
    for (;;) {
      progress.update(current.progress.rowsDone, current.progress.rowsTotal, current.progress.phase);
      if (current.status !== busy) {
        progress.finish();
        return current;
      }
      await sleep(pollIntervalMs);
      current = asJob(await api.expect([200], 'GET', `/v1/imports/${job.id}`), `GET /v1/imports/${job.id}`);
    }
  };

  try {
    let content: Buffer;
    try {
      content = await readFile(cli.file);
    } catch (error) {
      throw new ImportFailure(`cannot read ${cli.file}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const organId = cli.organ !== undefined ? await organIdOf(api, cli.organ) : undefined;
    const source = path.basename(cli.file);
    const form = new FormData();
    const type = CONTENT_TYPES[path.extname(source).toLowerCase()] ?? 'application/octet-stream';
    form.append('file', new Blob([new Uint8Array(content)], { type }), source);
    if (organId !== undefined) {
      form.append('organId', organId);
    }
    const created = asJob(
      await api.expect([202], 'POST', '/v1/imports', { form }, UPLOAD_TIMEOUT_MS),
      'POST /v1/imports',
    );
    err(`import ${created.id}: ${source} uploaded (sha256 ${created.sha256}), validating`);

    const validated = await waitWhile(created, 'VALIDATING');
    if (validated.status === 'FAILED') {
      throw new ImportFailure(`import ${validated.id} failed: ${validated.failure ?? 'no reason given'}`);
    }
    printProblems(validated, out);
    printStatistics(validated, out, false);
    printCounts(validated, out);
    const blocked = validated.counts.invalid > 0 && !cli.skipInvalid;
    if (cli.dryRun) {
      out(
        blocked
          ? `Dry run: ${validated.counts.invalid} invalid row(s) would block the import (correct them, or use --skip-invalid). Nothing was imported.`
          : 'Dry run: nothing was imported.',
      );
      return blocked ? IMPORT_EXIT.INVALID_ROWS : IMPORT_EXIT.OK;
    }

    const commit = await api.send('POST', `/v1/imports/${validated.id}/commit`, {
      json: cli.skipInvalid ? { skipInvalid: true } : {},
    });
    if (commit.status === 409 && isObject(commit.body) && commit.body.code === 'IMPORT_HAS_INVALID_ROWS') {
      err(`import: ${describeProblem(commit)}`);
      err('Nothing was imported: correct the rows listed above, or run again with --skip-invalid to skip them.');
      return IMPORT_EXIT.INVALID_ROWS;
    }
    if (commit.status !== 202) {
      throw new ImportFailure(`POST /v1/imports/${validated.id}/commit: ${describeProblem(commit)}`);
    }
    const done = await waitWhile(asJob(commit.body, 'commit'), 'COMMITTING');
    if (done.status !== 'COMMITTED') {
      throw new ImportFailure(
        `import ${done.id} ${done.status === 'FAILED' ? 'failed' : `ended ${done.status}`}: ${done.failure ?? 'no reason given'}`,
      );
    }
    printStatistics(done, out, true);
    printCounts(done, out);
    out(`Imported ${done.counts.imported} case(s) from ${done.source} (import ${done.id}).`);
    return IMPORT_EXIT.OK;
  } catch (error) {
    progress.finish();
    if (error instanceof ImportFailure) {
      err(`import: ${error.message}`);
      return error.exitCode;
    }
    throw error;
  }
}

if (require.main === module) {
  runImport(process.argv.slice(2), process.env, { stdout: process.stdout, stderr: process.stderr }).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`import: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(IMPORT_EXIT.FAILED);
    },
  );
}

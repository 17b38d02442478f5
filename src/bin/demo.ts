/**
 * `npm run demo`: loads a recorded-cases file (format: src/cases/case-loader.service.ts) into a RUNNING service
 * through its HTTP API, exactly as a client would: POST /v1/cases, PUT …/handlers, POST …/actions/{ACTION}, with
 * Idempotency-Key and If-Match. Unlike `npm run load` (which writes through CaseService in-process, as a system actor),
 * this needs nothing but the service's URL and an API key, and every request passes the API's guards and validation.
 *
 * Keys: registration `demo:<file>:<ref>`, action i `demo:<file>:<ref>:<i>`. The service scopes Idempotency-Keys to
 * the API key that sends them, so a re-run with the SAME key replays every step (nothing is written twice).
 *
 * An ADMIN-only key cannot work on cases, so the demo then creates a temporary key `demo-loader-<timestamp>`
 * (CLERK, OFFICER, SUPERVISOR), uses it and revokes it at the end, even when the run fails. Each run therefore has a
 * new key, whose Idempotency-Keys cannot replay what an earlier run's key wrote. To keep a re-run from registering
 * every case again, a run with a temporary key first looks for the case in the service: a case received that day
 * whose REGISTER event records the same registration is the case; the file's actions already in its history
 * (same action, date and body, in order) are counted as "already recorded" and only the rest are performed.
 * A key with case roles does no such look-up: it relies on its own replays, so loading a file with one case-role key
 * and again with ANOTHER case-role key registers every case twice.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { apiUrlFrom } from './api-url';
import { RecordedCase, RecordedCasesFile, recordedCasesFileProblems } from '../cases/recorded-cases-file';

const USAGE = `usage: npm run demo -- [file.json] [--quiet]

Loads a recorded-cases file (format: src/cases/case-loader.service.ts) into a running service over its HTTP API.
  file.json   default: test/fixtures/taiqian-2021.json
  --quiet     print only problems and the summary
Environment:
  API_URL     the service (default http://localhost:3000)
  API_KEY     required: a key with case roles (CLERK, OFFICER, SUPERVISOR), or an ADMIN key, with which the demo
              creates a temporary key for the run and revokes it at the end
Exit status: 0 every case loaded, 1 a case failed or the run could not complete, 64 bad usage, 130 interrupted.`;

const EXIT = { OK: 0, FAILED: 1, USAGE: 64, INTERRUPTED: 130 } as const;
const CASE_ROLES = ['CLERK', 'OFFICER', 'SUPERVISOR'];
const REQUEST_TIMEOUT_MS = 30_000;
const MAX_RATE_LIMIT_RETRIES = 5;
/** The service's Idempotency-Key alphabet; a file name outside it is rewritten (see idempotencyPrefix). */
const KEY_PATTERN = /^[A-Za-z0-9._:-]{1,200}$/;
/** History events that are not the file's procedural acts. */
const NOT_RECORDED_ACTS = new Set(['REGISTER', 'ASSIGN_HANDLERS', 'EDIT', 'UNDO']);

// ── The file ───────────────────────────────────────────────────────────────────────────────────────────────────

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** The file's structure, checked with the loader's own rules before any request (the service validates the content). */
function parseFile(json: unknown): RecordedCase[] {
  const problems = recordedCasesFileProblems(json);
  if (problems.length > 0) {
    throw new UsageError(
      `the file has ${problems.length} structural problem(s):\n  ${problems.map((p) => `${p.path}: ${p.message}`).join('\n  ')}`,
    );
  }
  return (json as RecordedCasesFile).cases;
}

/** The year most cases were received in (ties: the earliest), for the statistics report. */
function mostCommonYear(cases: RecordedCase[]): number | undefined {
  const counts = new Map<number, number>();
  for (const c of cases) {
    const match = typeof c.registration.receivedOn === 'string' ? /^(\d{4})-/.exec(c.registration.receivedOn) : null;
    if (match) {
      const year = Number(match[1]);
      counts.set(year, (counts.get(year) ?? 0) + 1);
    }
  }
  let best: [number, number] | undefined;
  for (const [year, n] of counts) {
    if (!best || n > best[1] || (n === best[1] && year < best[0])) {
      best = [year, n];
    }
  }
  return best?.[0];
}

// ── HTTP ───────────────────────────────────────────────────────────────────────────────────────────────────────

class UsageError extends Error {}

/** The service cannot be used any more (unreachable, key refused …): the run stops. */
class FatalError extends Error {}

interface ApiResponse<T = unknown> {
  status: number;
  body: T;
  etag: string | undefined;
  replayed: boolean;
}

class Api {
  constructor(
    private readonly baseUrl: string,
    private readonly key: string,
  ) {}

  withKey(key: string): Api {
    return new Api(this.baseUrl, key);
  }

  get<T = unknown>(url: string): Promise<ApiResponse<T>> {
    return this.send<T>('GET', url);
  }

  async send<T = unknown>(
    method: string,
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiResponse<T>> {
    for (let attempt = 0; ; attempt += 1) {
      let res: Response;
      try {
        res = await fetch(`${this.baseUrl}${url}`, {
          method,
          headers: {
            authorization: `Bearer ${this.key}`,
            accept: 'application/json, application/problem+json',
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
            ...headers,
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        });
      } catch (error) {
        const cause = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : error;
        throw new FatalError(`${method} ${this.baseUrl}${url} failed: ${String(cause)}`);
      }
      const text = await res.text();
      if (res.status === 429 && attempt < MAX_RATE_LIMIT_RETRIES) {
        const wait = Math.min(Number(res.headers.get('retry-after')) || 1, 60);
        await new Promise((resolve) => setTimeout(resolve, wait * 1000));
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
      return {
        status: res.status,
        body: parsed as T,
        etag: res.headers.get('etag') ?? undefined,
        replayed: res.headers.get('idempotent-replayed') === 'true',
      };
    }
  }
}

/** `409 ILLEGAL_TRANSITION: …` plus one line per field problem (RFC 9457 body with `code`, `detail`, `errors`). */
function describeProblem(res: ApiResponse): string[] {
  const body = res.body;
  if (isObject(body) && typeof body.code === 'string') {
    const detail = typeof body.detail === 'string' ? body.detail : '';
    const errors = (Array.isArray(body.errors) ? (body.errors as unknown[]) : []).filter(isObject);
    return [
      `${res.status} ${body.code}: ${detail}`.trimEnd(),
      ...errors
        .filter((e) => e.message !== detail)
        .map(
          (e) => `    ${typeof e.path === 'string' ? e.path : ''}: ${typeof e.message === 'string' ? e.message : ''}`,
        ),
    ];
  }
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return [`HTTP ${res.status}${text ? `: ${text.slice(0, 300)}` : ''}`];
}

// ── Keys ───────────────────────────────────────────────────────────────────────────────────────────────────────

interface TemporaryKey {
  id: string;
  name: string;
}

/**
 * The key that does the work: API_KEY itself when it may read cases; else, for an ADMIN key, a temporary key with
 * the case roles (revoked by the caller at the end).
 */
async function chooseKey(admin: Api): Promise<{ api: Api; temporary?: TemporaryKey }> {
  const keys = await admin.get('/v1/api-keys?limit=1');
  if (keys.status === 401) {
    throw new FatalError(`API_KEY is not accepted: ${describeProblem(keys).join(' ')}`);
  }
  const isAdmin = keys.status === 200;
  const probe = await admin.get('/v1/cases?limit=1');
  if (probe.status === 200) {
    return { api: admin };
  }
  if (probe.status !== 403) {
    throw new FatalError(`GET /v1/cases answered ${describeProblem(probe).join(' ')}`);
  }
  if (!isAdmin) {
    throw new FatalError(`API_KEY has neither a case role (${CASE_ROLES.join(', ')}) nor ADMIN.`);
  }
  const name = `demo-loader-${new Date().toISOString()}`;
  const created = await admin.send<{ id: string; key: string }>('POST', '/v1/api-keys', {
    name,
    roles: CASE_ROLES,
    // A safety net only: the key is revoked at the end of the run, also when the run fails.
    expiresAt: new Date(Date.now() + 24 * 3600_000).toISOString(),
  });
  if (created.status !== 201) {
    throw new FatalError(`creating the temporary key failed: ${describeProblem(created).join(' ')}`);
  }
  return { api: admin.withKey(created.body.key), temporary: { id: created.body.id, name } };
}

async function revoke(admin: Api, key: TemporaryKey): Promise<string | undefined> {
  try {
    const res = await admin.send('DELETE', `/v1/api-keys/${key.id}`);
    return res.status === 204 ? undefined : describeProblem(res).join(' ');
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

// ── Loading one case ───────────────────────────────────────────────────────────────────────────────────────────

interface CaseView {
  id: string;
  caseNumber: string;
  organId: string;
  state: string;
  handlers: Array<{ name: string }>;
}

interface CaseEvent {
  seq: number;
  action: string;
  occurredOn: string;
  payload: Record<string, unknown>;
  undone: boolean;
}

interface CaseOutcome {
  ref: string;
  status: 'CREATED' | 'PRESENT' | 'FAILED';
  caseId?: string;
  caseNumber?: string;
  /** The case's state after this run (read at the end; replayed responses show the case as it was then). */
  state?: string;
  /** Steps (registration, actions) written by this run, replayed by the service, or found in the case's history. */
  applied: number;
  replayed: number;
  recorded: number;
  handlers?: 'ASSIGNED' | 'ALREADY_SET';
  failure?: { step: string; lines: string[] };
}

class StepFailed extends Error {
  constructor(
    readonly step: string,
    readonly lines: string[],
  ) {
    super(lines.join('\n'));
  }
}

/** Every field the file gives is in `actual` with the same value (the service may add defaults). */
function contains(actual: unknown, expected: unknown): boolean {
  if (Array.isArray(expected)) {
    return (
      Array.isArray(actual) && actual.length === expected.length && expected.every((e, i) => contains(actual[i], e))
    );
  }
  if (isObject(expected)) {
    return isObject(actual) && Object.entries(expected).every(([k, v]) => v === undefined || contains(actual[k], v));
  }
  return actual === expected;
}

const sameNames = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');

class CaseLoader {
  constructor(
    private readonly api: Api,
    private readonly keyPrefix: string,
    /** A temporary key cannot replay an earlier run's keys: look for the case in the service first. */
    private readonly lookUpEarlierRuns: boolean,
  ) {}

  async load(recorded: RecordedCase): Promise<CaseOutcome> {
    const outcome: CaseOutcome = { ref: recorded.ref, status: 'FAILED', applied: 0, replayed: 0, recorded: 0 };
    try {
      await this.write(recorded, outcome);
    } catch (error) {
      if (!(error instanceof StepFailed)) {
        throw error;
      }
      outcome.status = 'FAILED';
      outcome.failure = { step: error.step, lines: error.lines };
    }
    if (outcome.caseId) {
      const current = await this.api.get<CaseView>(`/v1/cases/${outcome.caseId}`);
      outcome.state = current.status === 200 ? current.body.state : undefined;
    }
    return outcome;
  }

  private async write(recorded: RecordedCase, outcome: CaseOutcome): Promise<void> {
    const registrationKey = `${this.keyPrefix}:${recorded.ref}`;
    const existing = this.lookUpEarlierRuns ? await this.findRegistered(recorded) : undefined;
    let id: string;
    let etag: string | undefined;
    /** False when the ETag came from a replayed response: the case may have moved on since. */
    let etagCurrent = false;
    let created = false;
    let history: CaseEvent[] = [];
    if (existing) {
      ({ id, history } = existing);
      outcome.caseId = id;
      outcome.caseNumber = existing.caseNumber;
      outcome.recorded += 1;
    } else {
      const res = await this.api.send<CaseView>('POST', '/v1/cases', recorded.registration, {
        'idempotency-key': registrationKey,
      });
      if (res.status !== 201) {
        throw new StepFailed('registration', describeProblem(res));
      }
      id = res.body.id;
      outcome.caseId = id;
      outcome.caseNumber = res.body.caseNumber;
      etag = res.etag;
      etagCurrent = !res.replayed;
      created = !res.replayed;
      outcome[res.replayed ? 'replayed' : 'applied'] += 1;
    }

    if (recorded.handlers !== undefined) {
      const current = await this.read(id, 'handlers');
      etag = current.etag;
      etagCurrent = true;
      const wanted = recorded.handlers.map((h) => h.trim());
      const have = current.body.handlers.map((h) => h.name);
      if (sameNames(have, wanted)) {
        outcome.handlers = 'ALREADY_SET';
      } else if (have.length > 0) {
        throw new StepFailed('handlers', [
          `CONFLICT: the case already has the handlers ${have.join('、')}, not ${wanted.join('、')} as in the file; the demo does not reassign them (use PUT /v1/cases/{id}/handlers).`,
        ]);
      } else {
        const res = await this.api.send<CaseView>(
          'PUT',
          `/v1/cases/${id}/handlers`,
          { handlers: wanted.map((name) => ({ name })) },
          { 'if-match': etag ?? '' },
        );
        if (res.status !== 200) {
          throw new StepFailed('handlers', describeProblem(res));
        }
        etag = res.etag;
        outcome.handlers = 'ASSIGNED';
      }
    }

    const acts = history.filter((e) => !e.undone && !NOT_RECORDED_ACTS.has(e.action)).sort((a, b) => a.seq - b.seq);
    for (const [index, { action, ...body }] of (recorded.actions ?? []).entries()) {
      const step = `actions[${index}] ${action}`;
      if (existing && index < acts.length) {
        const event = acts[index] as CaseEvent;
        if (event.action !== action || event.occurredOn !== body.occurredOn || !contains(event.payload, body)) {
          throw new StepFailed(step, [
            `CONFLICT: the case ${outcome.caseNumber ?? ''} in the service recorded ${event.action} on ${event.occurredOn} as its act ${index + 1}; the file has ${action} on ${String(body.occurredOn)} (or other fields). The demo does not rewrite history.`,
          ]);
        }
        outcome.recorded += 1;
        continue;
      }
      if (etag === undefined) {
        const current = await this.read(id, step);
        etag = current.etag;
        etagCurrent = true;
      }
      const url = `/v1/cases/${id}/actions/${encodeURIComponent(action)}`;
      const headers = { 'idempotency-key': `${registrationKey}:${index}` };
      let res = await this.api.send<CaseView>('POST', url, body, { ...headers, 'if-match': etag ?? '' });
      if (res.status === 412 && !etagCurrent) {
        // The ETag came from a replay (the case as it was then): read the current one and try once more.
        const current = await this.read(id, step);
        res = await this.api.send<CaseView>('POST', url, body, { ...headers, 'if-match': current.etag ?? '' });
      }
      if (res.status !== 200) {
        throw new StepFailed(step, describeProblem(res));
      }
      etag = res.etag;
      etagCurrent = !res.replayed;
      outcome[res.replayed ? 'replayed' : 'applied'] += 1;
    }
    outcome.status = created ? 'CREATED' : 'PRESENT';
  }

  private async read(id: string, step: string): Promise<ApiResponse<CaseView>> {
    const res = await this.api.get<CaseView>(`/v1/cases/${id}`);
    if (res.status !== 200) {
      throw new StepFailed(step, [`reading the case: ${describeProblem(res).join(' ')}`]);
    }
    return res;
  }

  /**
   * The case an earlier run registered (with whatever key): received the same day, same organ if the file names one,
   * and a REGISTER event that records every field of the file's registration.
   */
  private async findRegistered(
    recorded: RecordedCase,
  ): Promise<{ id: string; caseNumber: string; history: CaseEvent[] } | undefined> {
    const { organId, ...registration } = recorded.registration;
    const receivedOn = registration.receivedOn;
    if (typeof receivedOn !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(receivedOn)) {
      return undefined; // the service will refuse the registration and say why
    }
    const query = new URLSearchParams({ receivedFrom: receivedOn, receivedTo: receivedOn, limit: '200' });
    if (typeof organId === 'string') {
      query.set('organId', organId);
    }
    const matches: Array<{ id: string; caseNumber: string; history: CaseEvent[] }> = [];
    for (let cursor: string | null = null; ;) {
      const page: ApiResponse<{ items: CaseView[]; nextCursor: string | null }> = await this.api.get(
        `/v1/cases?${query.toString()}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      if (page.status !== 200) {
        throw new StepFailed('registration', [`looking for the case: ${describeProblem(page).join(' ')}`]);
      }
      for (const candidate of page.body.items) {
        const res = await this.api.get<{ events: CaseEvent[] }>(`/v1/cases/${candidate.id}/history`);
        if (res.status !== 200) {
          throw new StepFailed('registration', [`reading ${candidate.caseNumber}: ${describeProblem(res).join(' ')}`]);
        }
        const registered = res.body.events.find((e) => e.action === 'REGISTER');
        if (registered && contains(registered.payload, registration)) {
          matches.push({ id: candidate.id, caseNumber: candidate.caseNumber, history: res.body.events });
        }
      }
      cursor = page.body.nextCursor;
      if (!cursor) {
        break;
      }
    }
    if (matches.length > 1) {
      throw new StepFailed('registration', [
        `CONFLICT: ${matches.length} cases (${matches.map((m) => m.caseNumber).join(', ')}) record this registration; the demo cannot tell which one is the file's.`,
      ]);
    }
    return matches[0];
  }
}

// ── The run ────────────────────────────────────────────────────────────────────────────────────────────────────

interface Cli {
  file: string;
  quiet: boolean;
  apiUrl: string;
  apiKey: string;
}

/** <repo>/test/fixtures/…, from src/bin (ts-node) or dist/src/bin (compiled). */
function defaultFile(): string {
  const compiled = path.basename(path.resolve(__dirname, '../..')) === 'dist';
  return path.resolve(__dirname, compiled ? '../../..' : '../..', 'test/fixtures/taiqian-2021.json');
}

function parseCli(argv: string[], env: NodeJS.ProcessEnv): Cli | 'help' {
  const parse = () =>
    parseArgs({
      args: argv,
      allowPositionals: true,
      options: { quiet: { type: 'boolean', short: 'q', default: false }, help: { type: 'boolean', short: 'h' } },
    });
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse();
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (parsed.values.help) {
    return 'help';
  }
  if (parsed.positionals.length > 1) {
    throw new UsageError(`unexpected arguments: ${parsed.positionals.slice(1).join(' ')}`);
  }
  const apiKey = env.API_KEY?.trim();
  if (!apiKey) {
    throw new UsageError(
      'API_KEY is not set: give the key of a CLERK/OFFICER/SUPERVISOR, or an ADMIN key (the demo then works with a temporary key), e.g. API_KEY=rcs_… npm run demo',
    );
  }
  const apiUrl = apiUrlFrom(env, (message) => new UsageError(message));
  return { file: parsed.positionals[0] ?? defaultFile(), quiet: parsed.values.quiet, apiUrl, apiKey };
}

function readCases(file: string): RecordedCase[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new FatalError(
      `cannot read ${file}: ${error instanceof Error ? error.message : String(error)} (name the file to load as the first argument)`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new FatalError(`${file} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    return parseFile(json);
  } catch (error) {
    throw new FatalError(`${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** `demo:<basename>`; characters the service refuses in an Idempotency-Key become `_`. */
function idempotencyPrefix(file: string, cases: RecordedCase[]): string {
  const prefix = `demo:${path.basename(file).replace(/[^A-Za-z0-9._-]/g, '_')}`;
  const longest = Math.max(...cases.map((c) => c.ref.length + String(c.actions?.length ?? 0).length + 2));
  if (!KEY_PATTERN.test(`${prefix}${'x'.repeat(longest)}`)) {
    throw new FatalError(`the file name is too long for the Idempotency-Keys (${prefix}:<ref>:<i>, at most 200)`);
  }
  return prefix;
}

function describeOutcome(o: CaseOutcome): string {
  const status = { CREATED: 'created', PRESENT: 'already present', FAILED: 'FAILED' }[o.status];
  const steps = [
    o.applied ? `${o.applied} applied` : '',
    o.replayed ? `${o.replayed} replayed` : '',
    o.recorded ? `${o.recorded} already recorded` : '',
    o.handlers === 'ASSIGNED' ? 'handlers assigned' : '',
  ].filter(Boolean);
  return `  ${o.ref.padEnd(14)} ${status.padEnd(15)} ${(o.caseNumber ?? '(not registered)').padEnd(18)} ${o.state ?? ''}${steps.length ? `  (${steps.join(', ')})` : ''}`;
}

async function run(cli: Cli, out: (line: string) => void, err: (line: string) => void, stop: AbortSignal) {
  const cases = readCases(cli.file);
  const keyPrefix = idempotencyPrefix(cli.file, cases);
  const admin = new Api(cli.apiUrl, cli.apiKey);
  const { api, temporary } = await chooseKey(admin);
  let failed = false;
  let interrupted = false;
  try {
    out(
      `Loading ${cases.length} case(s) from ${path.basename(cli.file)} into ${cli.apiUrl}` +
        (temporary ? ` with the temporary key ${temporary.name}` : ''),
    );
    const loader = new CaseLoader(api, keyPrefix, temporary !== undefined);
    const outcomes: CaseOutcome[] = [];
    for (const recorded of cases) {
      if (stop.aborted) {
        err(`interrupted: ${cases.length - outcomes.length} case(s) not attempted`);
        interrupted = true;
        break;
      }
      const outcome = await loader.load(recorded);
      outcomes.push(outcome);
      out(describeOutcome(outcome));
      if (outcome.failure) {
        err(`${recorded.ref} failed at ${outcome.failure.step}:`);
        outcome.failure.lines.forEach((line) => err(`  ${line}`));
      }
    }
    const count = (status: CaseOutcome['status']) => outcomes.filter((o) => o.status === status).length;
    const sum = (field: 'applied' | 'replayed' | 'recorded') => outcomes.reduce((n, o) => n + o[field], 0);
    const notAttempted = cases.length - outcomes.length;
    failed = count('FAILED') > 0 || notAttempted > 0;
    const summary =
      `Summary: ${count('CREATED')} created, ${count('PRESENT')} already present, ${count('FAILED')} failed` +
      (notAttempted > 0 ? `, ${notAttempted} not attempted` : '') +
      '; ' +
      `steps: ${sum('applied')} applied, ${sum('replayed')} replayed` +
      (sum('recorded') > 0 ? `, ${sum('recorded')} already recorded` : '') +
      '.';
    process.stdout.write(`${summary}\n`);

    const year = mostCommonYear(cases);
    if (year !== undefined && !interrupted) {
      const report = await api.get<{ sentence?: unknown }>(`/v1/statistics/reconsideration/report?year=${year}`);
      if (report.status === 200 && isObject(report.body) && typeof report.body.sentence === 'string') {
        process.stdout.write(`${year}: ${report.body.sentence}\n`);
      } else if (report.status !== 404) {
        err(`(the ${year} statistics report is not available: ${describeProblem(report).join(' ')})`);
      }
    }
  } finally {
    if (temporary) {
      const problem = await revoke(admin, temporary);
      if (problem) {
        err(`could not revoke the temporary key ${temporary.name} (${temporary.id}): ${problem}`);
        failed = true;
      }
    }
  }
  return interrupted ? EXIT.INTERRUPTED : failed ? EXIT.FAILED : EXIT.OK;
}

async function main(argv: string[]): Promise<number> {
  let cli: Cli | 'help';
  try {
    cli = parseCli(argv, process.env);
  } catch (error) {
    process.stderr.write(`demo: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}\n`);
    return EXIT.USAGE;
  }
  if (cli === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return EXIT.OK;
  }
  const quiet = cli.quiet;
  const out = (line: string) => (quiet ? undefined : process.stdout.write(`${line}\n`));
  const err = (line: string) => process.stderr.write(`${line}\n`);
  // Ctrl-C: finish the case in progress, revoke the temporary key, then exit 130.
  const interrupt = new AbortController();
  const onSignal = () => interrupt.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    return await run(cli, out, err, interrupt.signal);
  } catch (error) {
    if (error instanceof FatalError) {
      err(`demo: ${error.message}`);
      return EXIT.FAILED;
    }
    throw error;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`demo: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(EXIT.FAILED);
    },
  );
}

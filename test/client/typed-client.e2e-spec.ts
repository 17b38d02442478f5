import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import createClient, { type Client } from 'openapi-fetch';
import * as ts from 'typescript';
import type { components, paths } from '../../openapi/client/schema';
import { residentId } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Issue 15 §5: the typed client, generated from openapi/openapi.json (`npm run client` → openapi/client/schema.d.ts,
 * used with openapi-fetch), against the real service listening on a real port, on the embedded PostgreSQL. Every
 * request below goes through the client: keys, registration, the procedure to a decision, and the statistics.
 *
 * Jest transpiles test files without a type check (ts-jest, isolatedModules), so the last test compiles this file with
 * the TypeScript compiler: it must have no error, and without its @ts-expect-error lines it must have exactly those
 * errors. That proves that a DECIDE sent with an ACCEPT body does not compile.
 */

type Schemas = components['schemas'];
type Api = Client<paths>;

let t: TestApp;
let baseUrl: string;

beforeAll(async () => {
  t = await startTestApp();
  await t.app.listen(0, '127.0.0.1');
  const { port } = t.app.getHttpServer().address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  await t.close();
});

function clientWith(key: string): Api {
  return createClient<paths>({ baseUrl, headers: { authorization: `Bearer ${key}` } });
}

/** Fails with the problem document, so that a broken step says why. */
function ok<T>(result: { data?: T; error?: unknown; response: Response }, what: string): T {
  if (result.data === undefined) {
    throw new Error(`${what}: ${result.response.status} ${JSON.stringify(result.error)}`);
  }
  return result.data;
}

/** An L2017 application (received in 2021), built as the generated type says, with the register's required parts. */
function application(): Schemas['RegisterCaseDto'] {
  return {
    receivedOn: '2021-03-01',
    channel: 'IN_PERSON',
    applicants: [
      {
        kind: 'NATURAL_PERSON',
        name: '张三',
        sex: 'MALE',
        idNumber: residentId(),
        address: '台前县城关镇',
        phone: '13800000000',
      },
    ],
    respondent: { name: '台前县市场监督管理局', kind: 'COUNTY_DEPARTMENT' },
    contestedAct: {
      title: '行政处罚决定书',
      documentNumber: '台市监罚〔2021〕15号',
      category: 'ADMINISTRATIVE_PENALTY',
      managementDomain: 'MARKET_REGULATION',
      madeOn: '2021-02-01',
      knownOn: '2021-02-03',
      amountInvolvedYuan: 5000,
    },
    request: { codes: ['REVOKE'], text: '请求撤销该行政处罚决定。' },
  };
}

describe('the typed client (openapi-fetch over openapi/client/schema.d.ts)', () => {
  it('registers a case, runs it to a decision (L17 17, 23, 28; R07 32, 45) and reads the statistics', async () => {
    const admin = clientWith(t.adminKey);
    const keyFor = async (roles: Schemas['CreateApiKeyDto']['roles']): Promise<string> =>
      ok(await admin.POST('/v1/api-keys', { body: { name: `typed-${roles.join('-')}`, roles } }), 'POST /v1/api-keys')
        .key;
    const clerk = clientWith(await keyFor(['CLERK']));
    const officer = clientWith(await keyFor(['OFFICER']));
    const supervisor = clientWith(await keyFor(['SUPERVISOR']));
    const reporter = clientWith(await keyFor(['REPORTER']));

    // Registration: 201 with Location and ETag; the same Idempotency-Key and body replay the first answer.
    const body = application();
    const registered = await clerk.POST('/v1/cases', { body, params: { header: { 'Idempotency-Key': 'typed-1' } } });
    const created = ok(registered, 'POST /v1/cases');
    expect(registered.response.status).toBe(201);
    expect(registered.response.headers.get('location')).toBe(`/v1/cases/${created.id}`);
    expect(created).toMatchObject({ state: 'RECEIVED', legalRegime: 'L2017', outcome: null });
    const replay = await clerk.POST('/v1/cases', { body, params: { header: { 'Idempotency-Key': 'typed-1' } } });
    expect(replay.response.headers.get('idempotent-replayed')).toBe('true');
    expect(ok(replay, 'replayed POST /v1/cases').id).toBe(created.id);

    const id = created.id;
    let etag = registered.response.headers.get('etag') ?? '';
    const path = { id };

    // Each step sends the ETag of the last answer as If-Match, and keeps the new one.
    const accepted = await officer.POST('/v1/cases/{id}/actions/ACCEPT', {
      params: { path, header: { 'If-Match': etag } },
      body: { occurredOn: '2021-03-18' },
    });
    expect(ok(accepted, 'ACCEPT').state).toBe('ACCEPTED');
    etag = accepted.response.headers.get('etag') ?? '';

    const copySent = await officer.POST('/v1/cases/{id}/actions/SEND_COPY', {
      params: { path, header: { 'If-Match': etag } },
      body: { occurredOn: '2021-03-19' },
    });
    expect(ok(copySent, 'SEND_COPY').state).toBe('UNDER_REVIEW');
    etag = copySent.response.headers.get('etag') ?? '';

    const replied = await clerk.POST('/v1/cases/{id}/actions/RECEIVE_REPLY', {
      params: { path, header: { 'If-Match': etag } },
      body: { occurredOn: '2021-03-28', evidenceSubmitted: true },
    });
    ok(replied, 'RECEIVE_REPLY');
    etag = replied.response.headers.get('etag') ?? '';

    const heard = await officer.POST('/v1/cases/{id}/actions/HEAR_OPINIONS', {
      params: { path, header: { 'If-Match': etag } },
      body: { occurredOn: '2021-03-28', result: 'HEARD', method: 'IN_PERSON' },
    });
    ok(heard, 'HEAR_OPINIONS');
    etag = heard.response.headers.get('etag') ?? '';

    // R07 32: at least two handling officers before a decision.
    const handlers = await officer.PUT('/v1/cases/{id}/handlers', {
      params: { path, header: { 'If-Match': etag } },
      body: { handlers: [{ name: '王明' }, { name: '李华' }] },
    });
    ok(handlers, 'PUT /handlers');
    etag = handlers.response.headers.get('etag') ?? '';

    // A stale If-Match is a typed problem document: 412 PRECONDITION_FAILED.
    const decision: Schemas['DecidePayload'] = {
      occurredOn: '2021-05-10',
      decisionType: 'REVOKED',
      documentNumber: '台政复决字〔2021〕1号',
      legalBasis: 'L17 28(1)(3); R07 45',
      reasons: '经审理查明，据此作出决定。',
      approval: { kind: 'ORGAN_HEAD_APPROVAL', approverName: '张县长', approvedOn: '2021-05-10' },
    };
    const stale = await supervisor.POST('/v1/cases/{id}/actions/DECIDE', {
      params: { path, header: { 'If-Match': '"1"' } },
      body: decision,
    });
    expect(stale.response.status).toBe(412);
    expect(stale.error?.code).toBe('PRECONDITION_FAILED');

    const decided = await supervisor.POST('/v1/cases/{id}/actions/DECIDE', {
      params: { path, header: { 'If-Match': etag } },
      body: decision,
    });
    expect(ok(decided, 'DECIDE')).toMatchObject({
      state: 'DECIDED',
      outcome: 'REVOKED',
      decidedOn: '2021-05-10',
      concludedOn: '2021-05-10',
    });

    const history = ok(await clerk.GET('/v1/cases/{id}/history', { params: { path } }), 'GET /history');
    expect(history.events.map((e) => e.action)).toEqual([
      'REGISTER',
      'ACCEPT',
      'SEND_COPY',
      'RECEIVE_REPLY',
      'HEAR_OPINIONS',
      'ASSIGN_HANDLERS',
      'DECIDE',
    ]);

    // The statistics of 2021, typed down to the figures: one case received, accepted and concluded as a correction.
    const statistics = ok(
      await reporter.GET('/v1/statistics/reconsideration', {
        params: { query: { from: '2021-01-01', to: '2021-12-31', asOf: '2021-12-31' } },
      }),
      'GET /v1/statistics/reconsideration',
    );
    const figures: Schemas['FiguresView'] = statistics.figures;
    expect(figures).toMatchObject({ received: 1, accepted: 1, concluded: 1, pending: 0, correctionCount: 1 });
    expect(figures.byOutcome.REVOKED).toBe(1);
    expect(statistics.breakdowns.outcome.find((e) => e.code === 'REVOKED')?.count).toBe(1);
  });

  it('does not compile a DECIDE sent with an ACCEPT body, nor an action that does not exist', async () => {
    const key = ok(
      await clientWith(t.adminKey).POST('/v1/api-keys', { body: { name: 'typed-refusals', roles: ['SUPERVISOR'] } }),
      'POST /v1/api-keys',
    ).key;
    const supervisor = clientWith(key);
    const path = { id: '00000000-0000-4000-8000-000000000000' };
    const acceptBody: Schemas['AcceptPayload'] = { occurredOn: '2021-03-18' };
    const wrong = supervisor.POST('/v1/cases/{id}/actions/DECIDE', {
      params: { path, header: { 'If-Match': '"1"' } },
      // @ts-expect-error an AcceptPayload is not a DecidePayload (decisionType, documentNumber, reasons … missing)
      body: acceptBody,
    });
    // @ts-expect-error there is no such action, so there is no such path
    const unknown = supervisor.POST('/v1/cases/{id}/actions/APPROVE', {
      params: { path, header: { 'If-Match': '"1"' } },
      body: {},
    });
    // Sent anyway (the compiler was overruled above), the service refuses both: the types say what it says.
    expect((await wrong).response.status).toBe(400);
    expect((await unknown).response.status).toBe(400);
    expect((await unknown).error).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('type-checks, and each @ts-expect-error line is a real compile error without its directive', () => {
    const file = path.resolve(__filename);
    const root = path.resolve(__dirname, '../..');
    const config = ts.readConfigFile(path.join(root, 'tsconfig.json'), (f) => ts.sys.readFile(f));
    const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
    const compile = (source: string, old?: ts.Program) => {
      const host = ts.createCompilerHost(options);
      const readFile = host.readFile.bind(host);
      host.readFile = (f) => (path.resolve(f) === file ? source : readFile(f));
      const getSourceFile = host.getSourceFile.bind(host);
      host.getSourceFile = (f, language, onError) =>
        path.resolve(f) === file ? ts.createSourceFile(f, source, language) : getSourceFile(f, language, onError);
      const program = ts.createProgram({ rootNames: [file], options, host, ...(old ? { oldProgram: old } : {}) });
      const diagnostics = ts.getPreEmitDiagnostics(program, program.getSourceFile(file));
      const errors = diagnostics.map((d) => ({
        line: d.file ? d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1 : 0,
        message: ts.flattenDiagnosticMessageText(d.messageText, '\n').split('\n')[0],
      }));
      return { program, errors, lines: errors.map((e) => e.line) };
    };
    const source = ts.sys.readFile(file)!;
    const clean = compile(source);
    expect(clean.errors).toEqual([]);
    // Each directive covers the next line: blank the directives (keeping the line count) and expect an error there.
    const lines = source.split('\n');
    const directives = lines.flatMap((line, i) => (/^\s*\/\/ @ts-expect-error /.test(line) ? [i + 1] : []));
    expect(directives).toHaveLength(2);
    const without = lines.map((line, i) => (directives.includes(i + 1) ? '' : line)).join('\n');
    const broken = compile(without, clean.program);
    expect([...new Set(broken.lines)].sort((a, b) => a - b)).toEqual(directives.map((d) => d + 1));
  });
});

import { ImportsService } from '../../src/imports/imports.service';
import request from 'supertest';
import type { Response } from 'supertest';
import { registration } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Organ scope (issue 13 point 6; PIPL 51(3) 合理确定操作权限): a key limited to organ A walks EVERY route against the
 * cases, reports and keys of organ B. Another organ's case is 404 CASE_NOT_FOUND with the same body as an id that
 * does not exist (never 403, so its existence is not revealed); lists, queues, statistics and exports never contain
 * or count B's cases; and the same key sees and acts on organ A's case.
 *
 * Every route Fastify registered must be classified in CHECKS below: a new route that is not fails this test, so
 * whoever adds one decides how organ scope applies to it.
 */

type Json = Record<string, unknown>;
type Check = () => Promise<void>;

const MISSING = '00000000-0000-4000-8000-000000000000';
const PUBLIC = [/^\/health\//, /^\/docs/];
const PERIOD = 'from=2021-01-01&to=2021-12-31';

/** A problem body with what legitimately differs (the id asked for, the request id) taken out. */
function shape(res: Response, id: string): Json {
  const body = { ...(res.body as Json) };
  delete body.requestId;
  return JSON.parse(JSON.stringify(body).split(id).join('<id>')) as Json;
}

describe('organ scope: a key limited to organ A cannot see or change organ B (issue 13 point 6)', () => {
  let t: TestApp;
  const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
  let organA: Json;
  let organB: Json;
  let clerkAll: string;
  let supAll: string;
  /** Limited to organ A, with every role a route may need, so that no answer is a 403 for want of a role. */
  let scoped: string;
  let scopedKeyId: string;
  let caseA: Json;
  let caseB: Json;
  let reportA: Json;
  let reportB: Json;

  const as = (key: string) => ({
    get: (url: string) => request(t.http).get(url).set(bearer(key)),
    post: (url: string, body: unknown = {}, headers: Record<string, string> = {}) =>
      request(t.http)
        .post(url)
        .set(bearer(key))
        .set(headers)
        .send(body as object),
    put: (url: string, body: unknown = {}, headers: Record<string, string> = {}) =>
      request(t.http)
        .put(url)
        .set(bearer(key))
        .set(headers)
        .send(body as object),
    patch: (url: string, body: unknown = {}, headers: Record<string, string> = {}) =>
      request(t.http)
        .patch(url)
        .set(bearer(key))
        .set(headers)
        .send(body as object),
    delete: (url: string) => request(t.http).delete(url).set(bearer(key)),
  });
  const etagOf = async (id: string) => (await as(scoped).get(`/v1/cases/${id}`)).headers.etag as string;

  beforeAll(async () => {
    t = await startTestApp();
    const admin = as(t.adminKey);
    const organs = await admin.get('/v1/organs');
    organA = (organs.body as Json[]).find((o) => o.code === 'TAIQIAN')!;
    const created = await admin.post('/v1/organs', {
      code: 'PUYANG',
      name: '濮阳市人民政府',
      officeName: '濮阳市人民政府行政复议办公室',
      caseNumberTemplate: '濮政复〔{year}〕{seq}号',
      level: 'CITY',
    });
    expect(created.status).toBe(201);
    organB = created.body as Json;

    clerkAll = await t.createKey(['CLERK']);
    supAll = await t.createKey(['SUPERVISOR']);
    const scopedRes = await admin.post('/v1/api-keys', {
      name: 'scoped-to-taiqian',
      roles: ['ADMIN', 'SUPERVISOR', 'OFFICER', 'CLERK', 'REPORTER'],
      organIds: [organA.id],
    });
    expect(scopedRes.status).toBe(201);
    scoped = scopedRes.body.key as string;
    scopedKeyId = scopedRes.body.id as string;

    const a = await as(clerkAll).post('/v1/cases', registration({ organId: organA.id }));
    const b = await as(clerkAll).post('/v1/cases', registration({ organId: organB.id }));
    expect([a.status, b.status]).toEqual([201, 201]);
    caseA = a.body as Json;
    caseB = b.body as Json;
    const frozenA = await as(supAll).post('/v1/statistics/reports', { year: 2021, organId: organA.id });
    const frozenB = await as(supAll).post('/v1/statistics/reports', { year: 2021, organId: organB.id });
    expect([frozenA.status, frozenB.status]).toEqual([201, 201]);
    reportA = frozenA.body as Json;
    reportB = frozenB.body as Json;
  });
  afterAll(async () => {
    await t.close();
  });

  /** B's case answers exactly as a case that does not exist; A's case answers `okStatus`. */
  function caseAddressed(send: (key: string, id: string, etag: string) => Promise<Response>, okStatus: number): Check {
    return async () => {
      const other = await send(scoped, caseB.id as string, '"1"');
      const missing = await send(scoped, MISSING, '"1"');
      expect({ status: other.status, code: other.body.code }).toEqual({ status: 404, code: 'CASE_NOT_FOUND' });
      expect(shape(other, caseB.id as string)).toEqual(shape(missing, MISSING));
      const own = await send(scoped, caseA.id as string, await etagOf(caseA.id as string));
      expect({ status: own.status, body: own.body as unknown }).toEqual({ status: okStatus, body: expect.anything() });
    };
  }

  /** Naming organ B answers exactly as naming an organ that does not exist: 404 ORGAN_NOT_FOUND. */
  async function organOutOfScope(send: (organId: string) => Promise<Response>): Promise<void> {
    const other = await send(organB.id as string);
    const missing = await send(MISSING);
    expect({ status: other.status, code: other.body.code }).toEqual({ status: 404, code: 'ORGAN_NOT_FOUND' });
    expect(shape(other, organB.id as string)).toEqual(shape(missing, MISSING));
  }

  /** A ledger import of organ B, by an unscoped admin: its id. */
  async function otherOrgansImport(): Promise<string> {
    const res = await request(t.http)
      .post('/v1/imports')
      .set(bearer(t.adminKey))
      .field('organId', organB.id as string)
      .attach('file', Buffer.from('案号,收到申请日期\n'), 'b.csv');
    expect(res.status).toBe(202);
    await t.app.get(ImportsService).settled();
    return res.body.id as string;
  }

  /** The unscoped answer for organ A: what the scoped key must get without naming an organ. */
  const figuresOfA = async (url: string) => {
    const res = await as(supAll).get(`${url}${url.includes('?') ? '&' : '?'}organId=${organA.id as string}`);
    expect(res.status).toBe(200);
    return res;
  };

  /** A webhook subscription of organ A and one of organ B, made by an unscoped admin (paused: nothing is sent). */
  const hooks: Record<'A' | 'B', Json | undefined> = { A: undefined, B: undefined };
  async function hookOf(which: 'A' | 'B'): Promise<Json> {
    const organ = which === 'A' ? organA : organB;
    const res = await as(t.adminKey).post('/v1/webhooks', {
      url: 'https://203.0.114.1/hook',
      organId: organ.id,
      enabled: false,
    });
    expect(res.status).toBe(201);
    return res.body as Json;
  }

  /** B's webhook answers exactly as one that does not exist (404 WEBHOOK_NOT_FOUND); A's answers `okStatus`. */
  function webhookAddressed(send: (key: string, id: string) => Promise<Response>, okStatus: number): Check {
    return async () => {
      hooks.A ??= await hookOf('A');
      hooks.B ??= await hookOf('B');
      const other = await send(scoped, hooks.B.id as string);
      const missing = await send(scoped, MISSING);
      expect({ status: other.status, code: other.body.code }).toEqual({ status: 404, code: 'WEBHOOK_NOT_FOUND' });
      expect(shape(other, hooks.B.id as string)).toEqual(shape(missing, MISSING));
      const own = await send(scoped, hooks.A.id as string);
      expect(own.status).toBe(okStatus);
    };
  }

  const CHECKS: Record<string, Check> = {
    // ── Case-addressed: another organ's case does not exist ──────────────────────────────────────────────────────
    'GET /v1/cases/:id': caseAddressed((k, id) => as(k).get(`/v1/cases/${id}`), 200),
    'GET /v1/cases/:id/history': caseAddressed((k, id) => as(k).get(`/v1/cases/${id}/history`), 200),
    'GET /v1/cases/:id/actions': caseAddressed((k, id) => as(k).get(`/v1/cases/${id}/actions`), 200),
    'GET /v1/cases/:id/deadlines': caseAddressed((k, id) => as(k).get(`/v1/cases/${id}/deadlines`), 200),
    'PATCH /v1/cases/:id': caseAddressed(
      (k, id, etag) =>
        as(k).patch(
          `/v1/cases/${id}`,
          { request: { codes: ['REVOKE'], text: '请求撤销该行政处罚决定。' } },
          { 'if-match': etag },
        ),
      200,
    ),
    'PUT /v1/cases/:id/handlers': caseAddressed(
      (k, id, etag) =>
        as(k).put(`/v1/cases/${id}/handlers`, { handlers: [{ name: '王明' }, { name: '李华' }] }, { 'if-match': etag }),
      200,
    ),
    'POST /v1/cases/:id/actions/:action': caseAddressed(
      (k, id, etag) => as(k).post(`/v1/cases/${id}/actions/ACCEPT`, { occurredOn: '2021-03-03' }, { 'if-match': etag }),
      200,
    ),

    // PIPL 46–47 (ADMIN): another organ's case cannot be rectified or erased; A's open case waits for its conclusion.
    'POST /v1/cases/:id/personal-data/rectify': caseAddressed(
      (k, id) =>
        as(k).post(`/v1/cases/${id}/personal-data/rectify`, {
          field: 'applicants[0].phone',
          value: '13811112222',
          reason: '申请人来电更正',
        }),
      200,
    ),
    'POST /v1/cases/:id/personal-data/erase': caseAddressed(
      (k, id) => as(k).post(`/v1/cases/${id}/personal-data/erase`, { reason: '保存期限届满' }),
      409,
    ),

    // ── The personal-data audit: an auditor limited to A sees A's rows only ──────────────────────────────────────
    'GET /v1/audit/personal-data-reads': async () => {
      const auditorA = await t.createKey(['AUDITOR'], { organIds: [organA.id as string] });
      const auditorAll = await t.createKey(['AUDITOR']);
      // Both cases are read in clear by an unscoped clerk, so each has audit rows.
      await as(clerkAll).get(`/v1/cases/${caseA.id as string}`);
      await as(clerkAll).get(`/v1/cases/${caseB.id as string}`);
      const all = await as(auditorAll).get(`/v1/audit/personal-data-reads?case=${caseB.id as string}`);
      expect((all.body.items as Json[]).length).toBeGreaterThan(0);
      const other = await as(auditorA).get(`/v1/audit/personal-data-reads?case=${caseB.id as string}`);
      expect({ status: other.status, items: other.body.items as unknown }).toEqual({ status: 200, items: [] });
      const own = await as(auditorA).get('/v1/audit/personal-data-reads?limit=200');
      expect((own.body.items as Json[]).length).toBeGreaterThan(0);
      expect((own.body.items as Json[]).filter((r) => r.organId !== organA.id)).toEqual([]);
    },
    'GET /v1/audit/personal-data-reads/export': async () => {
      const auditorA = await t.createKey(['AUDITOR'], { organIds: [organA.id as string] });
      const res = await request(t.http)
        .get(`/v1/audit/personal-data-reads/export?case=${caseB.id as string}`)
        .set(bearer(auditorA))
        .buffer(true);
      expect(res.status).toBe(200);
      const text = Buffer.isBuffer(res.body) ? res.body.toString('utf8') : res.text;
      expect(text).not.toContain(caseB.id as string);
    },

    // ── Registration: into the caller's organ; another organ is an unknown organ ─────────────────────────────────
    'POST /v1/cases': async () => {
      await organOutOfScope((organId) => as(scoped).post('/v1/cases', registration({ organId })));
      const own = await as(scoped).post('/v1/cases', registration());
      expect(own.status).toBe(201);
      expect(own.body.organId).toBe(organA.id);
    },

    // ── Lists and queues: only the caller's organs, filtered in SQL ──────────────────────────────────────────────
    'GET /v1/cases': async () => {
      const all = await as(scoped).get('/v1/cases?limit=100');
      expect(all.status).toBe(200);
      const items = all.body.items as Json[];
      expect(items.map((c) => c.id)).toContain(caseA.id);
      expect(items.filter((c) => c.organId !== organA.id)).toEqual([]);
      for (const q of [
        `organId=${organB.id as string}`,
        `caseNumber=${encodeURIComponent(caseB.caseNumber as string)}`,
      ]) {
        const res = await as(scoped).get(`/v1/cases?${q}`);
        expect({ status: res.status, items: res.body.items as unknown }).toEqual({ status: 200, items: [] });
      }
      // The same searches by an unscoped key do find B's case: the filter, not the data, keeps it out.
      const unscoped = await as(supAll).get(`/v1/cases?organId=${organB.id as string}`);
      expect((unscoped.body.items as Json[]).map((c) => c.id)).toEqual([caseB.id]);
    },
    'GET /v1/deadlines': async () => {
      await organOutOfScope((organId) => as(scoped).get(`/v1/deadlines?status=OVERDUE&organId=${organId}`));
      const own = await as(scoped).get('/v1/deadlines?status=OVERDUE&limit=100');
      expect(own.status).toBe(200);
      const ids = (own.body.items as Json[]).map((r) => r.caseId);
      expect(ids).not.toContain(caseB.id);
      const unscopedB = await as(supAll).get(`/v1/deadlines?status=OVERDUE&limit=100&organId=${organB.id as string}`);
      expect((unscopedB.body.items as Json[]).map((r) => r.caseId)).toContain(caseB.id);
    },
    'GET /v1/events': async () => {
      await organOutOfScope((organId) => as(scoped).get(`/v1/events?organ=${organId}`));
      const own = await as(scoped).get('/v1/events?limit=500');
      expect(own.status).toBe(200);
      const subjects = (own.body.items as Json[]).map((e) => e.subject);
      expect(subjects).toContain(caseA.id);
      expect(subjects).not.toContain(caseB.id);
      const unscopedB = await as(supAll).get(`/v1/events?limit=500&organ=${organB.id as string}`);
      expect((unscopedB.body.items as Json[]).map((e) => e.subject)).toContain(caseB.id);
    },
    'GET /v1/organs': async () => {
      const res = await as(scoped).get('/v1/organs');
      expect(res.status).toBe(200);
      expect((res.body as Json[]).map((o) => o.id)).toEqual([organA.id]);
    },
    'GET /v1/api-keys': async () => {
      const res = await as(scoped).get('/v1/api-keys?limit=100');
      expect(res.status).toBe(200);
      const items = res.body.items as Json[];
      expect(items.map((k) => k.id)).toContain(scopedKeyId);
      expect(items.filter((k) => JSON.stringify(k.organIds) !== JSON.stringify([organA.id]))).toEqual([]);
    },

    // ── Statistics, reports and exports: one organ's figures, never another organ's cases ────────────────────────
    'GET /v1/statistics/reconsideration': async () => {
      await organOutOfScope((organId) => as(scoped).get(`/v1/statistics/reconsideration?${PERIOD}&organId=${organId}`));
      const own = await as(scoped).get(`/v1/statistics/reconsideration?${PERIOD}`);
      expect(own.status).toBe(200);
      expect(own.body).toEqual((await figuresOfA(`/v1/statistics/reconsideration?${PERIOD}`)).body);
      expect(own.body.figures.organ.id).toBe(organA.id);
      // B has a case received in the period, so a count that included B would differ.
      const b = await as(supAll).get(`/v1/statistics/reconsideration?${PERIOD}&organId=${organB.id as string}`);
      expect(b.body.figures.received).toBeGreaterThan(0);
    },
    'GET /v1/statistics/reconsideration/report': async () => {
      await organOutOfScope((organId) =>
        as(scoped).get(`/v1/statistics/reconsideration/report?year=2021&organId=${organId}`),
      );
      const own = await as(scoped).get('/v1/statistics/reconsideration/report?year=2021');
      expect(own.status).toBe(200);
      expect(own.body).toEqual((await figuresOfA('/v1/statistics/reconsideration/report?year=2021')).body);
    },
    'GET /v1/statistics/reconsideration/export': async () => {
      const url = `/v1/statistics/reconsideration/export?${PERIOD}&format=csv`;
      await organOutOfScope((organId) => as(scoped).get(`${url}&organId=${organId}`));
      const own = await as(scoped).get(url).buffer(true);
      expect(own.status).toBe(200);
      expect(own.text).toBe((await figuresOfA(url)).text);
      expect(own.text).toContain(organA.name as string);
      expect(own.text).not.toContain(organB.name as string);
    },
    'GET /v1/statistics/reconsideration/crosstab': async () => {
      const url = `/v1/statistics/reconsideration/crosstab?${PERIOD}&rows=organ&columns=respondentKind`;
      await organOutOfScope((organId) => as(scoped).get(`${url}&organId=${organId}`));
      const own = await as(scoped).get(url);
      expect(own.status).toBe(200);
      expect(own.body).toEqual((await figuresOfA(url)).body);
      // Only organ A's cases: its one row is organ A, and B's case (received in the period) is not counted.
      expect(own.body.rows.map((r: Json) => r.code)).toEqual([organA.id]);
      const b = await as(supAll).get(`${url}&organId=${organB.id as string}`);
      expect(b.body.total.count).toBeGreaterThan(0);
    },
    'GET /v1/statistics/reconsideration/crosstab/export': async () => {
      const url = `/v1/statistics/reconsideration/crosstab/export?${PERIOD}&rows=organ&columns=outcome&population=CONCLUDED&format=csv`;
      await organOutOfScope((organId) => as(scoped).get(`${url}&organId=${organId}`));
      const own = await as(scoped).get(url).buffer(true);
      expect(own.status).toBe(200);
      expect(own.text).toBe((await figuresOfA(url)).text);
      expect(own.text).not.toContain(organB.name as string);
    },
    'GET /v1/statistics/cases/export': async () => {
      const url = `/v1/statistics/cases/export?${PERIOD}&format=csv`;
      await organOutOfScope((organId) => as(scoped).get(`${url}&organId=${organId}`));
      const own = await as(scoped).get(url).buffer(true);
      expect(own.status).toBe(200);
      expect(own.text).toContain(caseA.caseNumber as string);
      expect(own.text).not.toContain(caseB.caseNumber as string);
    },
    'GET /v1/statistics/report-template': async () => {
      await organOutOfScope((organId) => as(scoped).get(`/v1/statistics/report-template?organId=${organId}`));
      expect((await as(scoped).get('/v1/statistics/report-template')).status).toBe(200);
    },
    'PUT /v1/statistics/report-template': async () => {
      const template = (await as(scoped).get('/v1/statistics/report-template')).body as Json;
      await organOutOfScope((organId) => as(scoped).put(`/v1/statistics/report-template?organId=${organId}`, template));
      expect((await as(scoped).put('/v1/statistics/report-template', template)).status).toBe(200);
    },
    'POST /v1/statistics/reports': async () => {
      await organOutOfScope((organId) => as(scoped).post('/v1/statistics/reports', { year: 2021, organId }));
      const own = await as(scoped).post('/v1/statistics/reports', { year: 2021 });
      expect(own.status).toBe(201);
      expect(own.body.parameters.organId).toBe(organA.id);
    },
    'GET /v1/statistics/reports': async () => {
      const own = await as(scoped).get('/v1/statistics/reports');
      expect(own.status).toBe(200);
      const ids = (own.body as Json[]).map((r) => r.id);
      expect(ids).toContain(reportA.id);
      expect(ids).not.toContain(reportB.id);
      const named = await as(scoped).get(`/v1/statistics/reports?organId=${organB.id as string}`);
      expect({ status: named.status, body: named.body as unknown }).toEqual({ status: 200, body: [] });
    },
    'GET /v1/statistics/reports/:id': async () => {
      const other = await as(scoped).get(`/v1/statistics/reports/${reportB.id as string}?compare=true`);
      const missing = await as(scoped).get(`/v1/statistics/reports/${MISSING}?compare=true`);
      expect({ status: other.status, code: other.body.code }).toEqual({ status: 404, code: 'REPORT_NOT_FOUND' });
      expect(shape(other, reportB.id as string)).toEqual(shape(missing, MISSING));
      expect((await as(scoped).get(`/v1/statistics/reports/${reportA.id as string}?compare=true`)).status).toBe(200);
    },

    // ── Declared baselines (issue 11 pt 5): another organ's is not found, like a missing one ─────────────────────
    'POST /v1/statistics/baselines': async () => {
      const body = { from: '2019-01-01', to: '2019-12-31', figures: { received: 3 }, source: '2019年度报告' };
      await organOutOfScope((organId) => as(scoped).post('/v1/statistics/baselines', { ...body, organId }));
      const own = await as(scoped).post('/v1/statistics/baselines', body);
      expect({ status: own.status, organId: own.body.organId as unknown }).toEqual({ status: 201, organId: organA.id });
    },
    'GET /v1/statistics/baselines': async () => {
      await organOutOfScope((organId) => as(scoped).get(`/v1/statistics/baselines?organId=${organId}`));
      const b = await as(t.adminKey).post('/v1/statistics/baselines', {
        organId: organB.id,
        from: '2018-01-01',
        to: '2018-12-31',
        figures: { received: 1 },
        source: 'B',
      });
      expect(b.status).toBe(201);
      const own = await as(scoped).get('/v1/statistics/baselines');
      expect(own.status).toBe(200);
      expect((own.body as Json[]).map((r) => r.id)).not.toContain(b.body.id);
    },
    'GET /v1/statistics/baselines/:id': async () => {
      const b = await as(t.adminKey).post('/v1/statistics/baselines', {
        organId: organB.id,
        from: '2017-01-01',
        to: '2017-12-31',
        figures: { received: 1 },
        source: 'B',
      });
      const other = await as(scoped).get(`/v1/statistics/baselines/${b.body.id as string}`);
      const missing = await as(scoped).get(`/v1/statistics/baselines/${MISSING}`);
      expect({ status: other.status, code: other.body.code }).toEqual({ status: 404, code: 'BASELINE_NOT_FOUND' });
      expect(shape(other, b.body.id as string)).toEqual(shape(missing, MISSING));
    },

    // ── Ledger imports (issue 12): another organ's job and mapping are not found, like missing ones ─────────────
    'POST /v1/imports': async () => {
      const upload = (organId: string) =>
        request(t.http)
          .post('/v1/imports')
          .set(bearer(scoped))
          .field('organId', organId)
          .attach('file', Buffer.from('案号,收到申请日期\n'), 'l.csv');
      await organOutOfScope(upload);
      const own = await upload(organA.id as string);
      expect({ status: own.status, organId: own.body.organId as unknown }).toEqual({ status: 202, organId: organA.id });
      await t.app.get(ImportsService).settled();
    },
    'GET /v1/imports': async () => {
      const b = await otherOrgansImport();
      const own = await as(scoped).get('/v1/imports');
      expect(own.status).toBe(200);
      expect((own.body as Json[]).map((j) => j.id)).not.toContain(b);
    },
    'GET /v1/imports/template.xlsx': async () => {
      // The template names no organ's data: the same for every key.
      expect((await as(scoped).get('/v1/imports/template.xlsx')).status).toBe(200);
    },
    'GET /v1/imports/:id': async () => {
      const b = await otherOrgansImport();
      const other = await as(scoped).get(`/v1/imports/${b}`);
      const missing = await as(scoped).get(`/v1/imports/${MISSING}`);
      expect({ status: other.status, code: other.body.code }).toEqual({ status: 404, code: 'IMPORT_NOT_FOUND' });
      expect(shape(other, b)).toEqual(shape(missing, MISSING));
    },
    'POST /v1/imports/:id/commit': async () => {
      const b = await otherOrgansImport();
      const other = await as(scoped).post(`/v1/imports/${b}/commit`, {});
      const missing = await as(scoped).post(`/v1/imports/${MISSING}/commit`, {});
      expect({ status: other.status, code: other.body.code }).toEqual({ status: 404, code: 'IMPORT_NOT_FOUND' });
      expect(shape(other, b)).toEqual(shape(missing, MISSING));
    },
    'GET /v1/organs/:id/ledger-mapping': async () => {
      await organOutOfScope((organId) => as(scoped).get(`/v1/organs/${organId}/ledger-mapping`));
      expect((await as(scoped).get(`/v1/organs/${organA.id as string}/ledger-mapping`)).status).toBe(200);
    },
    'PUT /v1/organs/:id/ledger-mapping': async () => {
      await organOutOfScope((organId) =>
        as(scoped).put(`/v1/organs/${organId}/ledger-mapping`, { mapping: { 案号: 'caseNumber' } }),
      );
      const own = await as(scoped).put(`/v1/organs/${organA.id as string}/ledger-mapping`, { mapping: null });
      expect(own.status).toBe(200);
    },

    // ── Webhooks: another organ's subscription does not exist for a scoped admin ────────────────────────────────
    'POST /v1/webhooks': async () => {
      await organOutOfScope((organId) => as(scoped).post('/v1/webhooks', { url: 'https://203.0.114.1/h', organId }));
      // A scoped admin subscribes to one of its organs, never to every organ.
      const everyOrgan = await as(scoped).post('/v1/webhooks', { url: 'https://203.0.114.1/h' });
      expect({ status: everyOrgan.status, code: everyOrgan.body.code }).toEqual({
        status: 400,
        code: 'VALIDATION_FAILED',
      });
      const own = await as(scoped).post('/v1/webhooks', {
        url: 'https://203.0.114.1/h',
        organId: organA.id,
        enabled: false,
      });
      expect(own.status).toBe(201);
    },
    'GET /v1/webhooks': async () => {
      hooks.A ??= await hookOf('A');
      hooks.B ??= await hookOf('B');
      const res = await as(scoped).get('/v1/webhooks?limit=200');
      expect(res.status).toBe(200);
      const organs = (res.body.items as Json[]).map((w) => w.organId);
      expect(organs).toContain(organA.id);
      expect(organs.filter((o) => o !== organA.id)).toEqual([]);
    },
    'GET /v1/webhooks/:id': webhookAddressed((k, id) => as(k).get(`/v1/webhooks/${id}`), 200),
    'PATCH /v1/webhooks/:id': webhookAddressed((k, id) => as(k).patch(`/v1/webhooks/${id}`, { description: 'x' }), 200),
    'DELETE /v1/webhooks/:id': async () => {
      const mine = await hookOf('A');
      await webhookAddressed(
        (k, id) => as(k).delete(`/v1/webhooks/${id === hooks.A?.id ? (mine.id as string) : id}`),
        204,
      )();
    },
    'POST /v1/webhooks/:id/secret-rotations': webhookAddressed(
      (k, id) => as(k).post(`/v1/webhooks/${id}/secret-rotations`),
      201,
    ),
    'GET /v1/webhooks/:id/deliveries': webhookAddressed((k, id) => as(k).get(`/v1/webhooks/${id}/deliveries`), 200),
    'GET /v1/webhooks/:id/deliveries/:deliveryId': webhookAddressed(
      (k, id) => as(k).get(`/v1/webhooks/${id}/deliveries/1`),
      404, // A's hook has no delivery 1: WEBHOOK_DELIVERY_NOT_FOUND, after the subscription was found
    ),
    'POST /v1/webhooks/:id/redeliveries': webhookAddressed(
      (k, id) => as(k).post(`/v1/webhooks/${id}/redeliveries`, { fromSequence: '0', toSequence: '0' }),
      422, // found, but the range holds no event
    ),

    // ── Organs and keys: another organ's organ or key does not exist for a scoped admin ──────────────────────────
    'PATCH /v1/organs/:id': async () => {
      const body = { officeName: organA.officeName };
      const other = await as(scoped).patch(`/v1/organs/${organB.id as string}`, body);
      const missing = await as(scoped).patch(`/v1/organs/${MISSING}`, body);
      expect({ status: other.status, code: other.body.code }).toEqual({ status: 404, code: 'ORGAN_NOT_FOUND' });
      expect(shape(other, organB.id as string)).toEqual(shape(missing, MISSING));
      expect((await as(scoped).patch(`/v1/organs/${organA.id as string}`, body)).status).toBe(200);
    },
    'POST /v1/organs': async () => {
      // A new organ would lie outside the creator's scope: organs are added by an unscoped admin.
      const res = await as(scoped).post('/v1/organs', {
        code: 'ANYANG',
        name: '安阳市人民政府',
        officeName: '安阳市人民政府行政复议办公室',
        caseNumberTemplate: '安政复〔{year}〕{seq}号',
      });
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 403, code: 'FORBIDDEN' });
    },
    'POST /v1/api-keys': async () => {
      // Covered in detail by 'key creation' below; here: a scoped admin cannot mint a key for B or for every organ.
      const forB = await as(scoped).post('/v1/api-keys', { name: 'for-b', roles: ['CLERK'], organIds: [organB.id] });
      expect(forB.status).toBe(422);
      const unlimited = await as(scoped).post('/v1/api-keys', { name: 'for-all', roles: ['CLERK'] });
      expect(unlimited.status).toBe(422);
    },
    'DELETE /v1/api-keys/:id': async () => {
      const unscopedKey = (await as(t.adminKey).get('/v1/api-keys?limit=100')).body.items as Json[];
      const wide = unscopedKey.find((k) => k.organIds === null)!;
      const other = await as(scoped).delete(`/v1/api-keys/${wide.id as string}`);
      const missing = await as(scoped).delete(`/v1/api-keys/${MISSING}`);
      expect({ status: other.status, code: other.body.code }).toEqual({ status: 404, code: 'API_KEY_NOT_FOUND' });
      expect(shape(other, wide.id as string)).toEqual(shape(missing, MISSING));
      const own = await as(scoped).post('/v1/api-keys', { name: 'a-clerk', roles: ['CLERK'], organIds: [organA.id] });
      expect((await as(scoped).delete(`/v1/api-keys/${own.body.id as string}`)).status).toBe(204);
    },

    // ── Not organ data: the same for every organ ─────────────────────────────────────────────────────────────────
    // The working-day calendar is the State Council's, and code lists are the law's: neither belongs to an organ.
    'GET /v1/calendar': async () => expect((await as(scoped).get('/v1/calendar')).status).toBe(200),
    'GET /v1/calendar/:year': async () => expect((await as(scoped).get('/v1/calendar/2021')).status).toBe(200),
    'PUT /v1/calendar/:year': async () => {
      // Not called: replacing a year's calendar changes every organ's deadlines; it is an ADMIN act, not organ data.
    },
    'GET /v1/code-lists': async () => expect((await as(scoped).get('/v1/code-lists')).status).toBe(200),
    // Changing them would change them for every organ: an act of an unscoped ADMIN, 403 for a key of one organ.
    'PUT /v1/code-lists/:list/codes/:code': async () => {
      const res = await as(scoped).put('/v1/code-lists/ACT_CATEGORIES/codes/SCOPED_CATEGORY', { labelZh: '某类别' });
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 403, code: 'FORBIDDEN' });
    },
    'DELETE /v1/code-lists/:list/codes/:code': async () => {
      const res = await as(scoped).delete('/v1/code-lists/ACT_CATEGORIES/codes/SCOPED_CATEGORY');
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 403, code: 'FORBIDDEN' });
    },
  };

  it('classifies every route, and every classified route exists', () => {
    const keys = t.routes
      .filter((r) => !PUBLIC.some((p) => p.test(r.url)) && !r.url.includes('*'))
      .map((r) => `${r.method} ${r.url}`);
    expect(keys.filter((k) => !(k in CHECKS))).toEqual([]);
    expect(Object.keys(CHECKS).filter((k) => !keys.includes(k))).toEqual([]);
  });

  it('walks every route: B is invisible to a key of A, and A is served', async () => {
    const failures: string[] = [];
    for (const route of t.routes.filter((r) => !PUBLIC.some((p) => p.test(r.url)) && !r.url.includes('*'))) {
      const key = `${route.method} ${route.url}`;
      try {
        await CHECKS[key]!();
      } catch (error) {
        failures.push(`${key}: ${(error as Error).message}`);
      }
    }
    expect(failures).toEqual([]);
  });

  describe('key creation with organIds', () => {
    it('shows the organ scope in the view and in listings; omitted means every organ (null)', async () => {
      const scopedView = await as(t.adminKey).post('/v1/api-keys', {
        name: 'clerk-of-a',
        roles: ['CLERK'],
        organIds: [organA.id],
      });
      expect(scopedView.status).toBe(201);
      expect(scopedView.body.organIds).toEqual([organA.id]);
      const wide = await as(t.adminKey).post('/v1/api-keys', { name: 'clerk-of-all', roles: ['CLERK'] });
      expect(wide.body.organIds).toBeNull();
      const list = await as(t.adminKey).get('/v1/api-keys?limit=100');
      const byId = new Map((list.body.items as Json[]).map((k) => [k.id, k.organIds]));
      expect(byId.get(scopedView.body.id)).toEqual([organA.id]);
      expect(byId.get(wide.body.id)).toBeNull();
    });

    it('422 UNKNOWN_ORGAN for an organ that does not exist, naming the position', async () => {
      const res = await as(t.adminKey).post('/v1/api-keys', {
        name: 'clerk-of-nowhere',
        roles: ['CLERK'],
        organIds: [organA.id, MISSING],
      });
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual([expect.objectContaining({ path: 'organIds[1]', code: 'UNKNOWN_ORGAN' })]);
    });

    it('400 for an empty list or a malformed id (omit organIds for every organ)', async () => {
      for (const organIds of [[], ['not-a-uuid']]) {
        const res = await as(t.adminKey).post('/v1/api-keys', { name: 'clerk-bad', roles: ['CLERK'], organIds });
        expect(res.status).toBe(400);
      }
    });

    it('a scoped admin grants only its own organs: B is answered as unknown, no list is refused', async () => {
      const forB = await as(scoped).post('/v1/api-keys', { name: 'b-clerk', roles: ['CLERK'], organIds: [organB.id] });
      const forMissing = await as(scoped).post('/v1/api-keys', {
        name: 'b-clerk',
        roles: ['CLERK'],
        organIds: [MISSING],
      });
      expect(forB.status).toBe(422);
      expect(shape(forB, organB.id as string)).toEqual(shape(forMissing, MISSING));
      const none = await as(scoped).post('/v1/api-keys', { name: 'any-clerk', roles: ['CLERK'] });
      expect(none.status).toBe(422);
      expect(none.body.errors).toEqual([expect.objectContaining({ path: 'organIds', code: 'ORGAN_SCOPE_REQUIRED' })]);
    });

    it('a key limited to several organs must name one when the default organ is not among them (422 ORGAN_REQUIRED)', async () => {
      const other = await as(t.adminKey).post('/v1/organs', {
        code: 'HUAXIAN',
        name: '滑县人民政府',
        officeName: '滑县人民政府行政复议办公室',
        caseNumberTemplate: '滑政复〔{year}〕{seq}号',
      });
      const key = await t.createKey(['CLERK', 'REPORTER'], {
        organIds: [organB.id as string, other.body.id as string],
      });
      const res = await as(key).post('/v1/cases', registration());
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 422, code: 'ORGAN_REQUIRED' });
      const stats = await as(key).get(`/v1/statistics/reconsideration?${PERIOD}`);
      expect({ status: stats.status, code: stats.body.code }).toEqual({ status: 422, code: 'ORGAN_REQUIRED' });
      const named = await as(key).post('/v1/cases', registration({ organId: organB.id }));
      expect(named.status).toBe(201);
      expect(named.body.organId).toBe(organB.id);
    });
  });
});

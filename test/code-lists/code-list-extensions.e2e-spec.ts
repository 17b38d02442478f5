import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { registration } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Issue 11 pt 9: code lists per deployment. An ADMIN adds respondent kinds, act categories and management domains
 * with zh-CN labels, without a release; cases take active codes; labels show wherever the lists' labels show; a code
 * cases use is not deleted, and a built-in code is not retired while cases use it. On real PostgreSQL.
 */

// HTTP bodies are loosely typed (supertest's `any`); tests compare them with matchers.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

const ADDED = {
  RESPONDENT_KINDS: { code: 'DEVELOPMENT_ZONE_COMMITTEE', labelZh: '开发区管理委员会' },
  ACT_CATEGORIES: { code: 'INVESTIGATION_ENDED', labelZh: '终止调查决定' },
  MANAGEMENT_DOMAINS: { code: 'CULTURE_TOURISM', labelZh: '文化和旅游' },
} as const;

/** The first ```bash block after the heading (as test/foundation/readme-walkthrough.e2e-spec.ts reads its own). */
function bashBlockUnder(readme: string, heading: string): string {
  const at = readme.indexOf(`\n${heading}\n`);
  const open = readme.indexOf('\n```bash\n', at);
  if (at < 0 || open < 0) {
    throw new Error(`README.md has no bash block under "${heading}"`);
  }
  const start = open + '\n```bash\n'.length;
  return readme.slice(start, readme.indexOf('\n```\n', start) + 1);
}

const FULL_YEAR = 'from=2021-01-01&to=2021-12-31&asOf=2021-12-31';

describe('code lists per deployment (issue 11 pt 9)', () => {
  let t: TestApp;
  let clerk: string;
  let reporter: string;
  let scopedAdmin: string;
  let api: string;
  const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
  const put = (list: string, code: string, body: Json, key = t.adminKey) =>
    request(t.http).put(`/v1/code-lists/${list}/codes/${code}`).set(bearer(key)).send(body);
  const del = (list: string, code: string, key = t.adminKey) =>
    request(t.http).delete(`/v1/code-lists/${list}/codes/${code}`).set(bearer(key));
  const codeLists = async (): Promise<Json> => (await request(t.http).get('/v1/code-lists').set(bearer(clerk))).body;
  const entry = async (list: string, code: string): Promise<Json | undefined> =>
    ((await codeLists())[list] as Json[]).find((e) => e.code === code);
  const register = (respondentKind: string, category: string, managementDomain: string) => {
    const body: Json = registration();
    return request(t.http)
      .post('/v1/cases')
      .set(bearer(clerk))
      .send({
        ...body,
        respondent: { name: '某开发区管理委员会', kind: respondentKind },
        contestedAct: { ...body.contestedAct, category, managementDomain },
      });
  };
  const caseCount = async (): Promise<number> =>
    Number((await t.app.get(DataSource).query('SELECT count(*) AS n FROM reconsideration_case'))[0].n);
  const rows = async (): Promise<Json[]> =>
    t.app.get(DataSource).query('SELECT list, code, label_zh, active FROM code_list_code ORDER BY list, code');

  beforeAll(async () => {
    t = await startTestApp();
    clerk = await t.createKey(['CLERK']);
    reporter = await t.createKey(['REPORTER']);
    const organs = (await request(t.http).get('/v1/organs').set(bearer(t.adminKey))).body as Json[];
    scopedAdmin = await t.createKey(['ADMIN'], { organIds: [organs[0]!.id as string] });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    api = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await t?.close();
  });

  it('the README example runs as written (curl, against this service)', async () => {
    const readme = readFileSync(path.join(__dirname, '../../README.md'), 'utf8');
    const block = bashBlockUnder(readme, '### Code lists per deployment');
    const env: Record<string, string> = { API: api, API_KEY: t.adminKey, PATH: process.env.PATH ?? '' };
    const run = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile('bash', ['-c', `set -euo pipefail\n${block}`], { env, encoding: 'utf8' }, (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      );
    });
    expect({ code: run.code, stderr: run.code === 0 ? '' : run.stderr }).toEqual({ code: 0, stderr: '' });
    expect(run.stdout).toContain('"code":"INVESTIGATION_TERMINATION","labelZh":"终止调查","builtIn":false');
    // It cleaned up after itself: the added code is gone, the retired built-in code is back.
    expect(await entry('ACT_CATEGORIES', 'INVESTIGATION_TERMINATION')).toBeUndefined();
    expect(await entry('RESPONDENT_KINDS', 'STATE_SECURITY_ORGAN')).toMatchObject({ builtIn: true, active: true });
  });

  it('an ADMIN adds a code to each list; GET /v1/code-lists serves it marked builtIn: false, after the built-in ones', async () => {
    for (const [list, added] of Object.entries(ADDED)) {
      const res = await put(list, added.code, { labelZh: added.labelZh });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ list, ...added, builtIn: false, active: true, updatedBy: expect.any(String) });
      // PUT is idempotent: the same body again changes nothing.
      expect((await put(list, added.code, { labelZh: added.labelZh })).body).toMatchObject({ ...added, active: true });
    }
    const lists = await codeLists();
    for (const [list, added] of Object.entries(ADDED)) {
      const entries = lists[list] as Json[];
      expect(entries.at(-1)).toEqual({ ...added, builtIn: false, active: true });
      expect(entries.filter((e) => e.builtIn === true).length).toBeGreaterThan(3);
      expect(entries.every((e) => typeof e.builtIn === 'boolean' && typeof e.active === 'boolean')).toBe(true);
    }
    // Lists that are the law's are untouched: no flags.
    expect((lists.OUTCOMES as Json[])[0]).not.toHaveProperty('builtIn');
  });

  it('a case registered with the added codes keeps them; the list filters, the statistics and the export show the labels', async () => {
    const res = await register(ADDED.RESPONDENT_KINDS.code, ADDED.ACT_CATEGORIES.code, ADDED.MANAGEMENT_DOMAINS.code);
    expect(res.status).toBe(201);
    expect(res.body.respondent.kind).toBe(ADDED.RESPONDENT_KINDS.code);
    expect(res.body.contestedAct).toMatchObject({
      category: ADDED.ACT_CATEGORIES.code,
      managementDomain: ADDED.MANAGEMENT_DOMAINS.code,
    });
    const id = res.body.id as string;

    for (const query of [
      `respondentKind=${ADDED.RESPONDENT_KINDS.code}`,
      `actCategory=${ADDED.ACT_CATEGORIES.code}`,
      `managementDomain=${ADDED.MANAGEMENT_DOMAINS.code}`,
    ]) {
      const list = await request(t.http).get(`/v1/cases?${query}`).set(bearer(clerk));
      expect({ query, status: list.status, ids: (list.body.items as Json[]).map((c) => c.id) }).toEqual({
        query,
        status: 200,
        ids: [id],
      });
    }

    const stats = await request(t.http).get(`/v1/statistics/reconsideration?${FULL_YEAR}`).set(bearer(reporter));
    expect(stats.status).toBe(200);
    const b = stats.body.breakdowns as Json;
    expect(b.respondentKind).toContainEqual(expect.objectContaining({ ...ADDED.RESPONDENT_KINDS, count: 1 }));
    expect(b.actCategory).toContainEqual(expect.objectContaining({ ...ADDED.ACT_CATEGORIES, count: 1 }));
    expect(b.managementDomain).toContainEqual(expect.objectContaining({ ...ADDED.MANAGEMENT_DOMAINS, count: 1 }));

    const csv = await request(t.http)
      .get('/v1/statistics/cases/export?from=2021-01-01&to=2021-12-31&format=csv')
      .set(bearer(reporter));
    expect(csv.status).toBe(200);
    const line = csv.text.split('\n').find((l) => l.includes(ADDED.RESPONDENT_KINDS.labelZh));
    expect(line).toContain(ADDED.ACT_CATEGORIES.labelZh);
    expect(line).toContain(ADDED.MANAGEMENT_DOMAINS.labelZh);
  });

  it('an unknown code is 400 VALIDATION_FAILED naming the field, as before, and writes nothing', async () => {
    const before = await caseCount();
    const res = await register('NO_SUCH_KIND', 'ADMINISTRATIVE_PENALTY', 'NO_SUCH_DOMAIN');
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.errors).toEqual([
      expect.objectContaining({ path: 'respondent.kind', code: 'IS_IN' }),
      expect.objectContaining({ path: 'contestedAct.managementDomain', code: 'IS_IN' }),
    ]);
    expect(res.body.detail).toContain('respondent.kind');
    // A malformed one is refused by the validation pipe with the same code.
    const malformed = await register('county_department', 'ADMINISTRATIVE_PENALTY', 'MARKET_REGULATION');
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors).toEqual([expect.objectContaining({ path: 'respondent.kind', code: 'IS_IN' })]);
    expect(await caseCount()).toBe(before);
    // Filters: an unknown code is 400 naming the parameter.
    const filter = await request(t.http).get('/v1/cases?actCategory=NO_SUCH_CATEGORY').set(bearer(clerk));
    expect(filter.status).toBe(400);
    expect(filter.body.errors).toEqual([expect.objectContaining({ path: 'actCategory', code: 'IS_IN' })]);
  });

  it('an inactive added code is 400 for new cases and edits to it; cases that have it keep it', async () => {
    const { code, labelZh } = ADDED.ACT_CATEGORIES;
    const kept = await register(ADDED.RESPONDENT_KINDS.code, code, 'MARKET_REGULATION');
    expect(kept.status).toBe(201);
    const other = await register('COUNTY_DEPARTMENT', 'ADMINISTRATIVE_PENALTY', 'MARKET_REGULATION');
    expect((await put('ACT_CATEGORIES', code, { labelZh, active: false })).body).toMatchObject({ active: false });
    expect(await entry('ACT_CATEGORIES', code)).toEqual({ code, labelZh, builtIn: false, active: false });

    const before = await caseCount();
    const refused = await register(ADDED.RESPONDENT_KINDS.code, code, 'MARKET_REGULATION');
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([expect.objectContaining({ path: 'contestedAct.category', code: 'IS_IN' })]);
    expect(await caseCount()).toBe(before);

    // The case that has it keeps it: read, edited in another field, edited with the same code, filtered, labelled.
    const id = kept.body.id as string;
    expect((await request(t.http).get(`/v1/cases/${id}`).set(bearer(clerk))).body.contestedAct.category).toBe(code);
    const act = { ...kept.body.contestedAct, title: '终止调查决定书' };
    const edited = await request(t.http)
      .patch(`/v1/cases/${id}`)
      .set(bearer(clerk))
      .set('if-match', '"1"')
      .send({ contestedAct: act });
    expect(edited.status).toBe(200);
    expect(edited.body.contestedAct).toMatchObject({ category: code, title: '终止调查决定书' });
    expect((await request(t.http).get(`/v1/cases?actCategory=${code}`).set(bearer(clerk))).status).toBe(200);
    const stats = await request(t.http).get(`/v1/statistics/reconsideration?${FULL_YEAR}`).set(bearer(reporter));
    expect(stats.body.breakdowns.actCategory).toContainEqual(expect.objectContaining({ code, labelZh }));

    // Another case cannot be edited to it.
    const toInactive = await request(t.http)
      .patch(`/v1/cases/${other.body.id as string}`)
      .set(bearer(clerk))
      .set('if-match', '"1"')
      .send({ contestedAct: { ...other.body.contestedAct, category: code } });
    expect(toInactive.status).toBe(400);
    expect(toInactive.body.errors).toEqual([expect.objectContaining({ path: 'contestedAct.category', code: 'IS_IN' })]);
    expect(
      (
        await request(t.http)
          .get(`/v1/cases/${other.body.id as string}`)
          .set(bearer(clerk))
      ).body.version,
    ).toBe(1);

    // Active again: offered again.
    await put('ACT_CATEGORIES', code, { labelZh });
    expect((await register('COUNTY_DEPARTMENT', code, 'MARKET_REGULATION')).status).toBe(201);
  });

  it('an added code cases use is not deleted (409 CODE_LIST_CODE_IN_USE, nothing changed); an unused one is', async () => {
    const before = await rows();
    const res = await del('MANAGEMENT_DOMAINS', ADDED.MANAGEMENT_DOMAINS.code);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'CODE_LIST_CODE_IN_USE', cases: 1 });
    expect(await rows()).toEqual(before);

    expect((await put('MANAGEMENT_DOMAINS', 'SPORTS', { labelZh: '体育' })).status).toBe(200);
    expect((await del('MANAGEMENT_DOMAINS', 'SPORTS')).status).toBe(204);
    expect(await entry('MANAGEMENT_DOMAINS', 'SPORTS')).toBeUndefined();
    expect((await del('MANAGEMENT_DOMAINS', 'SPORTS')).body.code).toBe('CODE_LIST_CODE_NOT_FOUND');
    expect(await rows()).toEqual(before);
  });

  it('a built-in code is retired only while no case uses it; a retired one is refused for new cases, and reinstated', async () => {
    const before = await rows();
    const inUse = await put('RESPONDENT_KINDS', 'COUNTY_DEPARTMENT', { active: false });
    expect(inUse.status).toBe(409);
    expect(inUse.body).toMatchObject({ code: 'CODE_LIST_CODE_IN_USE' });
    expect(await rows()).toEqual(before);
    expect(await entry('RESPONDENT_KINDS', 'COUNTY_DEPARTMENT')).toMatchObject({ builtIn: true, active: true });

    const retired = await put('MANAGEMENT_DOMAINS', 'EMERGENCY_MANAGEMENT', { active: false });
    expect(retired.status).toBe(200);
    expect(retired.body).toMatchObject({ labelZh: '应急管理', builtIn: true, active: false });
    expect(await entry('MANAGEMENT_DOMAINS', 'EMERGENCY_MANAGEMENT')).toMatchObject({
      labelZh: '应急管理',
      active: false,
    });
    const refused = await register('COUNTY_DEPARTMENT', 'ADMINISTRATIVE_PENALTY', 'EMERGENCY_MANAGEMENT');
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([
      expect.objectContaining({ path: 'contestedAct.managementDomain', code: 'IS_IN' }),
    ]);
    // Its label is still the release's, and it cannot be deleted.
    expect((await del('MANAGEMENT_DOMAINS', 'EMERGENCY_MANAGEMENT')).body.code).toBe('CODE_LIST_CODE_BUILT_IN');
    expect((await put('MANAGEMENT_DOMAINS', 'EMERGENCY_MANAGEMENT', { active: true })).body.active).toBe(true);
    expect((await register('COUNTY_DEPARTMENT', 'ADMINISTRATIVE_PENALTY', 'EMERGENCY_MANAGEMENT')).status).toBe(201);
  });

  it('collisions with the release: another label for a built-in code, or a built-in label for a new code, is 409', async () => {
    // 市政府部门 is the built-in CITY_DEPARTMENT (市政府工作部门): its label is the release's.
    const relabel = await put('RESPONDENT_KINDS', 'CITY_DEPARTMENT', { labelZh: '市政府部门' });
    expect(relabel.status).toBe(409);
    expect(relabel.body).toMatchObject({ code: 'CODE_LIST_CODE_BUILT_IN' });
    expect(relabel.body.errors).toEqual([expect.objectContaining({ path: 'labelZh' })]);
    // Its own label, sent back unchanged, is accepted (a PUT of what GET shows).
    expect((await put('RESPONDENT_KINDS', 'CITY_DEPARTMENT', { labelZh: '市政府工作部门' })).status).toBe(200);
    // 举报投诉处理 is the built-in COMPLAINT_HANDLING: a second code with its label is refused.
    const dup = await put('ACT_CATEGORIES', 'REPORT_AND_COMPLAINT', { labelZh: '举报投诉处理' });
    expect(dup.status).toBe(409);
    expect(dup.body).toMatchObject({ code: 'CODE_LIST_LABEL_TAKEN' });
    // … and so is the label of another added code.
    const dupAdded = await put('ACT_CATEGORIES', 'INVESTIGATION_ENDED_TWO', { labelZh: ADDED.ACT_CATEGORIES.labelZh });
    expect(dupAdded.body.code).toBe('CODE_LIST_LABEL_TAKEN');
    expect(await entry('ACT_CATEGORIES', 'REPORT_AND_COMPLAINT')).toBeUndefined();
    expect(await entry('ACT_CATEGORIES', 'INVESTIGATION_ENDED_TWO')).toBeUndefined();
  });

  it('bad input is 400 naming the parameter: the list, the code, the label', async () => {
    for (const [list, code, body, param] of [
      ['OUTCOMES', 'SOMETHING', { labelZh: '某结果' }, 'list'],
      ['NO_SUCH_LIST', 'SOMETHING', { labelZh: '某' }, 'list'],
      ['ACT_CATEGORIES', 'lower_case', { labelZh: '某' }, 'code'],
      ['ACT_CATEGORIES', 'DOUBLE__UNDERSCORE', { labelZh: '某' }, 'code'],
      ['ACT_CATEGORIES', '1ST', { labelZh: '某' }, 'code'],
      ['ACT_CATEGORIES', `A${'B'.repeat(64)}`, { labelZh: '某' }, 'code'],
      ['ACT_CATEGORIES', 'NEW_CODE', {}, 'labelZh'],
      ['ACT_CATEGORIES', 'NEW_CODE', { labelZh: 'no chinese' }, 'labelZh'],
      ['ACT_CATEGORIES', 'NEW_CODE', { labelZh: '某'.repeat(101) }, 'labelZh'],
      ['ACT_CATEGORIES', 'NEW_CODE', { labelZh: null }, 'labelZh'],
      ['ACT_CATEGORIES', 'NEW_CODE', { labelZh: '某', active: 'no' }, 'active'],
      ['ACT_CATEGORIES', 'NEW_CODE', { labelZh: '某', builtIn: true }, 'builtIn'],
    ] as const) {
      const res = await put(list, code, body);
      expect({ list, code, status: res.status, paths: (res.body.errors as Json[]).map((e) => e.path) }).toEqual({
        list,
        code,
        status: 400,
        paths: expect.arrayContaining([param]),
      });
      expect(res.body.code).toBe('VALIDATION_FAILED');
    }
    expect((await del('OUTCOMES', 'UPHELD')).status).toBe(400);
    expect((await del('ACT_CATEGORIES', 'bad-code')).status).toBe(400);
    expect(await entry('ACT_CATEGORIES', 'NEW_CODE')).toBeUndefined();
  });

  it('only an unscoped ADMIN changes the code lists (403 otherwise); every role reads them', async () => {
    const body = { labelZh: '某类别' };
    for (const key of [clerk, reporter]) {
      expect((await put('ACT_CATEGORIES', 'SOME_CATEGORY', body, key)).status).toBe(403);
      expect((await del('ACT_CATEGORIES', ADDED.ACT_CATEGORIES.code, key)).status).toBe(403);
    }
    // The lists are the same for every organ: an admin of one organ does not change them for all.
    const scoped = await put('ACT_CATEGORIES', 'SOME_CATEGORY', body, scopedAdmin);
    expect({ status: scoped.status, code: scoped.body.code }).toEqual({ status: 403, code: 'FORBIDDEN' });
    expect((await del('ACT_CATEGORIES', ADDED.ACT_CATEGORIES.code, scopedAdmin)).status).toBe(403);
    expect(await entry('ACT_CATEGORIES', 'SOME_CATEGORY')).toBeUndefined();
    expect(await entry('ACT_CATEGORIES', ADDED.ACT_CATEGORIES.code)).toBeDefined();
  });

  it('a deletion racing registrations that use the code: either it waits for them and is refused, or they are', async () => {
    for (let round = 0; round < 4; round += 1) {
      const code = `RACE_DOMAIN_${round}`;
      expect((await put('MANAGEMENT_DOMAINS', code, { labelZh: `竞争领域${round}` })).status).toBe(200);
      const [deletion, ...registrations] = await Promise.all([
        del('MANAGEMENT_DOMAINS', code),
        ...Array.from({ length: 6 }, () => register('COUNTY_DEPARTMENT', 'ADMINISTRATIVE_PENALTY', code)),
      ]);
      const stored = Number(
        (
          await t.app
            .get(DataSource)
            .query('SELECT count(*) AS n FROM reconsideration_case WHERE management_domain = $1', [code])
        )[0].n,
      );
      expect(registrations.every((r) => r.status === 201 || r.status === 400)).toBe(true);
      expect(stored).toBe(registrations.filter((r) => r.status === 201).length);
      if (deletion.status === 204) {
        // Deleted: no case has it (the registrations that came after the deletion were refused).
        expect(stored).toBe(0);
      } else {
        // Refused: it waited for the registrations before it, and saw their cases.
        expect(deletion.body.code).toBe('CODE_LIST_CODE_IN_USE');
        expect(stored).toBeGreaterThan(0);
        expect(await entry('MANAGEMENT_DOMAINS', code)).toBeDefined();
      }
    }
  });
});

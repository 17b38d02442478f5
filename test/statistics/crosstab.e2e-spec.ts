import ExcelJS from 'exceljs';
import request from 'supertest';
import { CaseClient } from '../support/case-client';
import { assignTwoHandlers, decideBody, expectStatus, registrationOn, step } from '../support/lifecycle-steps';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Cross-tabs (issue 11 pt 7) on a small hierarchy built through the API: a city and a county below it, each with
 * decided, refused and pending cases. The cells over the organ dimension (scope=DESCENDANTS), the exports' zh-CN
 * headers, and bad input (400 naming the parameter; 404 for an organ outside the key's scope). The cells against the
 * reference definitions over random histories: statistics-model.e2e-spec.ts.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

const YEAR = 'from=2021-01-01&to=2021-12-31&asOf=2021-12-31';
const auth = (key: string) => ({ authorization: `Bearer ${key}` });

describe('GET /v1/statistics/reconsideration/crosstab (issue 11 pt 7)', () => {
  let t: TestApp;
  let sup: CaseClient;
  let reporter: string;
  const organs: Record<string, Json> = {};

  const crosstab = (query: string, key = reporter) =>
    request(t.http).get(`/v1/statistics/reconsideration/crosstab?${query}`).set(auth(key));

  async function organ(code: string, name: string, level: string, parent?: string): Promise<void> {
    const res = await request(t.http)
      .post('/v1/organs')
      .set(auth(t.adminKey))
      .send({
        code,
        name,
        officeName: `${name}行政复议办公室`,
        caseNumberTemplate: `${code}〔{year}〕{seq}号`,
        level,
        ...(parent ? { parentId: organs[parent]!.id as string } : {}),
      });
    expectStatus(res, 201, `POST /v1/organs ${code}`);
    organs[code] = res.body as Json;
  }

  async function register(code: string, receivedOn: string): Promise<string> {
    const res = await sup.register({ ...registrationOn(receivedOn), organId: organs[code]!.id as string });
    expectStatus(res, 201, `REGISTER in ${code}`);
    return res.body.id as string;
  }

  async function decided(code: string, receivedOn: string, decidedOn: string, decisionType: string): Promise<void> {
    const id = await register(code, receivedOn);
    await step(sup, id, 'ACCEPT', { occurredOn: receivedOn });
    await step(sup, id, 'SEND_COPY', { occurredOn: receivedOn });
    await assignTwoHandlers(sup, id);
    await step(sup, id, 'DECIDE', decideBody(decisionType, decidedOn, 'L17 28'));
  }

  async function notAccepted(code: string, receivedOn: string): Promise<void> {
    const id = await register(code, receivedOn);
    await step(sup, id, 'NOT_ACCEPT', {
      occurredOn: receivedOn,
      ground: 'R07_28_4_OUT_OF_TIME',
      documentNumber: `不受字〔${receivedOn.slice(0, 4)}〕1号`,
      reasons: '超过法定申请期限。',
    });
  }

  beforeAll(async () => {
    t = await startTestApp();
    sup = new CaseClient(t.http, await t.createKey(['SUPERVISOR']));
    reporter = await t.createKey(['REPORTER']);
    await organ('XT_CITY', '某市人民政府', 'CITY');
    await organ('XT_COUNTY', '某县人民政府', 'COUNTY', 'XT_CITY');
    await decided('XT_CITY', '2021-03-01', '2021-05-10', 'REVOKED');
    await decided('XT_CITY', '2021-03-02', '2021-05-11', 'UPHELD');
    await register('XT_CITY', '2021-06-01');
    await decided('XT_COUNTY', '2021-04-01', '2021-06-15', 'REVOKED');
    await notAccepted('XT_COUNTY', '2021-04-02');
  });

  afterAll(async () => {
    await t?.close();
  });

  const city = () => organs.XT_CITY!.id as string;

  it('organ × outcome over the city and the county: cells, totals, and the grand total of the statistics', async () => {
    const q = `${YEAR}&organId=${city()}&scope=DESCENDANTS&rows=organ&columns=outcome&population=HANDLED&decimals=1`;
    const res = await crosstab(q);
    expectStatus(res, 200, 'crosstab');
    const b = res.body as Json;
    expect(b).toMatchObject({
      rowDimension: 'organ',
      columnDimension: 'outcome',
      population: 'HANDLED',
      countedPopulation: 'CONCLUDED',
      percentOf: 'CONCLUDED',
      percentBase: 4,
      decimals: 1,
      total: { count: 4, percent: 100 },
    });
    const grid = Object.fromEntries(
      (b.rows as Json[]).map((r, i) => [
        r.labelZh,
        Object.fromEntries((b.columns as Json[]).map((c, j) => [c.code, b.cells[i][j].count])),
      ]),
    );
    expect(grid).toEqual({
      某市人民政府: { REVOKED: 1, UPHELD: 1, NOT_ACCEPTED: 0 },
      某县人民政府: { REVOKED: 1, UPHELD: 0, NOT_ACCEPTED: 1 },
    });
    expect(b.columns[0]).toEqual({ code: 'REVOKED', labelZh: '撤销', count: 2, percent: 50 });
    const figures = (
      await request(t.http)
        .get(`/v1/statistics/reconsideration?${YEAR}&organId=${city()}&scope=DESCENDANTS`)
        .set(auth(reporter))
    ).body.figures as Json;
    expect(b.total.count).toBe(figures.concluded);
    // HANDLED over two case dimensions: the pending case too.
    const handled = await crosstab(`${YEAR}&organId=${city()}&scope=DESCENDANTS&rows=organ&columns=legalRegime`);
    expect(handled.body.total.count).toBe(figures.handled);
    expect(handled.body.columns).toEqual([expect.objectContaining({ code: 'L2017', count: 5 })]);
  });

  it('exports as CSV and XLSX with zh-CN headers: counts and percentages, each with totals', async () => {
    const q = `${YEAR}&organId=${city()}&scope=DESCENDANTS&rows=organ&columns=outcome&population=CONCLUDED`;
    const csv = await request(t.http)
      .get(`/v1/statistics/reconsideration/crosstab/export?${q}&format=csv`)
      .set(auth(reporter))
      .buffer(true);
    expectStatus(csv, 200, 'csv');
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toContain("filename*=UTF-8''");
    const lines = csv.text.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines.slice(0, 5)).toEqual([
      '件数',
      '复议机关 \\ 结案方式,撤销,不予受理,维持,合计',
      '某市人民政府,1,0,1,2',
      '某县人民政府,1,1,0,2',
      '合计,2,1,1,4',
    ]);
    expect(lines).toContain('占比(%)');
    expect(lines).toContain('合计,50,25,25,100');
    const xlsx = await request(t.http)
      .get(`/v1/statistics/reconsideration/crosstab/export?${q}&format=xlsx`)
      .set(auth(reporter))
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expectStatus(xlsx, 200, 'xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.body);
    expect(book.worksheets.map((s) => s.name)).toEqual(['件数', '占比(%)']);
    expect((book.worksheets[0]!.getRow(1).values as unknown[]).slice(1)).toEqual([
      '复议机关 \\ 结案方式',
      '撤销',
      '不予受理',
      '维持',
      '合计',
    ]);
  });

  it.each([
    ['rows=color&columns=outcome', 'rows'],
    ['rows=outcome', 'columns'],
    ['rows=outcome&columns=outcome', 'columns'],
    ['rows=outcome&columns=outcomeDetail', 'columns'],
    ['rows=respondentKind&columns=outcome&population=RECEIVED', 'population'],
    ['rows=respondentKind&columns=outcomeDetail&population=PENDING', 'population'],
    ['rows=respondentKind&columns=actCategory&population=ALL', 'population'],
    ['rows=respondentKind&columns=actCategory&decimals=5', 'decimals'],
    ['rows=respondentKind&columns=actCategory&percentOf=SOME', 'percentOf'],
    ['rows=respondentKind&columns=actCategory&scope=ALL', 'scope'],
  ])('%s → 400 problem+json naming %s', async (query, path) => {
    const res = await crosstab(`${YEAR}&${query}`);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect((res.body.errors as Json[]).map((e) => e.path)).toContain(path);
  });

  it('an organ outside the key’s scope is 404 ORGAN_NOT_FOUND, as elsewhere', async () => {
    const scoped = await t.createKey(['REPORTER'], { organIds: [organs.XT_COUNTY!.id as string] });
    const res = await crosstab(`${YEAR}&rows=organ&columns=outcome&organId=${city()}`, scoped);
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('ORGAN_NOT_FOUND');
  });
});

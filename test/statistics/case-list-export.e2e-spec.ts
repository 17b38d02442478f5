import request from 'supertest';
import { StatisticsRepository } from '../../src/statistics/statistics.repository';
import { type Actors, expectStatus, makeActors, registerCase, step } from '../support/lifecycle-steps';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * The case list of a period (DOMAIN §4: handled = carried over + received) is exported in keyset pages, so that an
 * export of any length holds one page in memory. With pages of 2, every page boundary — inside the carried-over part,
 * between the parts, between cases received on the same day — is crossed, and the concatenation must be exactly the
 * handled cases, each once, in case-number order (registered here out of receipt order on purpose).
 */

let t: TestApp;
let a: Actors;

beforeAll(async () => {
  // 11 cases are handled in 2016 below: one more than an XLSX export may hold in this app.
  t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '0', EXPORT_XLSX_MAX_ROWS: '10' });
  a = await makeActors(t);
});

afterAll(async () => {
  await t?.close();
});

const notAccept = (occurredOn: string) => ({
  occurredOn,
  ground: 'R07_28_5_OUTSIDE_SCOPE',
  documentNumber: `台政复不受字〔${occurredOn.slice(0, 4)}〕1号`,
  reasons: '不属于行政复议范围',
});

describe('case-list export: keyset pages over the handled cases of a period', () => {
  const expected: string[] = [];
  let organId: string;
  let acceptedLater: string;

  beforeAll(async () => {
    const numberOf = async (id: string) => ((await a.clerk.get(id)).body as { caseNumber: string }).caseNumber;
    // Received in 2015: one concluded in 2015 (not handled in 2016), one concluded in 2016 and three still open
    // (carried over), registered out of date order so that receipt order differs from registration order.
    const closedEarly = await registerCase(a.clerk, '2015-11-02');
    await step(a.sup, closedEarly, 'NOT_ACCEPT', notAccept('2015-11-06'));
    const carried: string[] = [];
    // carried[1] is refused on 2016-01-05, within its 5-working-day review (L17 17).
    for (const on of ['2015-12-28', '2015-12-30', '2015-12-28', '2015-12-15']) {
      carried.push(await registerCase(a.clerk, on));
    }
    await step(a.sup, carried[1]!, 'NOT_ACCEPT', notAccept('2016-01-05'));
    // Received in 2016: five on one day (ordered by their sequence), two later; one in 2017 (outside).
    const received: string[] = [];
    for (const on of [
      '2016-03-01',
      '2016-03-01',
      '2016-02-10',
      '2016-03-01',
      '2016-03-01',
      '2016-03-01',
      '2016-07-07',
    ]) {
      // The last one under L2023, whose acceptance counts from its own date within the review (L23 30) — unlike
      // L2017's, which counts from receipt (L17 17 ¶2) and so is never after the cut-off of a handled case.
      received.push(await registerCase(a.clerk, on, on === '2016-07-07' ? { legalRegime: 'L2023' } : {}));
    }
    acceptedLater = received[received.length - 1]!;
    await registerCase(a.clerk, '2017-01-03');

    // Case-number order: within a year, the order of registration (not of receipt).
    const numbers = async (ids: string[]) => Promise.all(ids.map(numberOf));
    expected.push(...(await numbers(carried)), ...(await numbers(received)));

    const res = await request(t.http)
      .get('/v1/statistics/reconsideration?from=2016-01-01&to=2016-12-31')
      .set('authorization', `Bearer ${a.keys.reporter}`);
    expectStatus(res, 200, 'GET /statistics');
    const figures = (res.body as { figures: { handled: number; carriedOver: number; organ: { id: string } } }).figures;
    expect(figures).toMatchObject({ handled: 11, carriedOver: 4 });
    organId = figures.organ.id;
  });

  it('pages of 2 concatenate to every handled case exactly once, carried over first, each part in case-number order', async () => {
    const repository = t.app.get(StatisticsRepository);
    const pages: string[][] = [];
    for await (const page of repository.handledCasePages(organId, '2016-01-01', '2016-12-31', 2)) {
      pages.push(page.map((r) => r.case_number));
    }
    expect(pages.every((p) => p.length >= 1 && p.length <= 2)).toBe(true);
    expect(pages.flat()).toEqual(expected);
  });

  it('the CSV export streams the same rows in the same order', async () => {
    const res = await request(t.http)
      .get('/v1/statistics/cases/export?from=2016-01-01&to=2016-12-31&format=csv')
      .set('authorization', `Bearer ${a.keys.reporter}`)
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    const lines = (res.body as Buffer)
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]!.split(',')[0]).toBe('案号');
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(expected);
    // As of the period's end the case concluded on 2016-01-05 shows its outcome; the open ones are 办理中 (and, having
    // no outcome, no 结案情形).
    expect(lines.filter((l) => l.endsWith(',办理中,'))).toHaveLength(10);
  });

  it('acceptance and outcome are shown as of the cut-off: an acceptance after asOf is not there yet', async () => {
    const csv = async (asOf: string) => {
      const res = await request(t.http)
        .get(`/v1/statistics/cases/export?from=2016-01-01&to=2016-12-31&asOf=${asOf}&format=csv`)
        .set('authorization', `Bearer ${a.keys.reporter}`);
      expect(res.status).toBe(200);
      return res.text
        .replace(/^\uFEFF/, '')
        .trimEnd()
        .split('\r\n')
        .slice(1)
        .map((l) => l.split(','));
    };
    const row = (rows: string[][]) => rows.find((r) => r[0] === expected[expected.length - 1]);
    await step(a.officer, acceptedLater, 'ACCEPT', { occurredOn: '2016-07-12', procedure: 'ORDINARY' });
    expect(row(await csv('2016-07-10'))?.[8]).toBe('');
    expect(row(await csv('2016-07-31'))?.[8]).toBe('2016-07-12');
  });

  it('an XLSX export above EXPORT_XLSX_MAX_ROWS is refused before it starts (422 EXPORT_TOO_LARGE); CSV has no cap', async () => {
    const res = await request(t.http)
      .get('/v1/statistics/cases/export?from=2016-01-01&to=2016-12-31&format=xlsx')
      .set('authorization', `Bearer ${a.keys.reporter}`);
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ code: 'EXPORT_TOO_LARGE', limit: 10, rows: 11 });
    const smaller = await request(t.http)
      .get('/v1/statistics/cases/export?from=2016-01-01&to=2016-06-30&format=xlsx')
      .set('authorization', `Bearer ${a.keys.reporter}`);
    expect(smaller.status).toBe(200);
  });
});

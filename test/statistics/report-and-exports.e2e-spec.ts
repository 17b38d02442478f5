import ExcelJS from 'exceljs';
import request from 'supertest';
import { todayInChina } from '../../src/common/validation/local-date.validator';
import { DEFAULT_REPORT_TEMPLATE } from '../../src/statistics/report-template';
import { CaseClient } from '../support/case-client';
import {
  assignTwoHandlers,
  decideBody,
  expectStatus,
  registrationOn,
  step,
  tomorrowInChina,
} from '../support/lifecycle-steps';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Statistics, the report sentence, report templates and the CSV/XLSX exports, over a small dataset built through the
 * API (all cases under L2017, organ TAIQIAN):
 *
 *   2020  P1 UPHELD (07-01) · P2 NOT_ACCEPTED (06-03) · P3 REVOKED (11-01) · C received 12-20, decided in 2021
 *   2021  C REVOKED (02-01, carried over) · N NOT_ACCEPTED (03-03) · R REVOKED (05-10) · D DISMISSED (06-15, claim)
 *         U UPHELD (08-20) · O ORDERED_TO_PERFORM (09-10) · DW DEEMED_WITHDRAWN (06-20) · W WITHDRAWN settled before
 *         acceptance (07-05) · T TERMINATED after the respondent corrected its act (10-15) · PEND pending (applicant '=cmd')
 *
 * 2021 as of 2021-12-31: received 9, carried over 1, handled 10, accepted 5 (R D U O T), concluded 9, pending 1,
 * corrections 3 (C R O), merits decisions 5 (C R D U O), corrected terminations 1 (T).
 */

// HTTP bodies are loosely typed (supertest's `any`); tests compare them with matchers.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

const FULL_YEAR = 'from=2021-01-01&to=2021-12-31&asOf=2021-12-31';
const MID_YEAR = 'from=2021-01-01&to=2021-12-31&asOf=2021-06-30';

const FULL_YEAR_SENTENCE =
  '县政府共办理行政复议案件10起,其中1起为2020年度结转案件,1起不予受理,2起予以撤销具体行政行为,1起驳回复议申请,1件予以维持,1件责令重新履行,1件视为撤回行政复议申请,1件申请人撤回申请,1件终止审理,现余1起行政复议案件正在办理中。';

const CSV_TYPE = 'text/csv; charset=utf-8';
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const ZERO_OUTCOMES = {
  NOT_ACCEPTED: 0,
  DEEMED_WITHDRAWN: 0,
  WITHDRAWN: 0,
  TRANSFERRED: 0,
  UPHELD: 0,
  DISMISSED: 0,
  REVOKED: 0,
  VARIED: 0,
  CONFIRMED_ILLEGAL: 0,
  ORDERED_TO_PERFORM: 0,
  CONFIRMED_VOID: 0,
  MEDIATED: 0,
  TERMINATED: 0,
  INFORMED: 0,
};

const RESPONDENT_NAMES: Record<string, string> = {
  COUNTY_DEPARTMENT: '台前县市场监督管理局',
  TOWNSHIP_GOVERNMENT: '台前县城关镇人民政府',
  VERTICAL_AGENCY: '国家税务总局台前县税务局',
  OTHER: '台前县城市管理综合执法大队',
};

interface CaseSpec {
  receivedOn: string;
  kind: string;
  category: string;
  domain: string;
  applicantName?: string;
}

const auth = (key: string) => ({ authorization: `Bearer ${key}` });

/** Collects a binary body (CSV with BOM, XLSX) as a Buffer. */
function binaryParser(res: NodeJS.EventEmitter, cb: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
}

/** RFC 4180 reader: quoted cells, doubled quotes, CRLF rows. A blank line is a row [''] (the table separator). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (ch === '"') {
        quoted = false;
      } else {
        cell += ch;
      }
    } else if (ch === '"') {
      quoted = true;
    } else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i += 1;
    } else {
      cell += ch;
    }
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

/** The rows of the table whose header row starts with `firstHeader`, header included, up to the next blank line. */
function csvTable(rows: string[][], firstHeader: string): string[][] {
  const start = rows.findIndex((r) => r[0] === firstHeader);
  expect(start).toBeGreaterThanOrEqual(0);
  const end = rows.findIndex((r, i) => i > start && r.length === 1 && r[0] === '');
  return rows.slice(start, end === -1 ? undefined : end);
}

/** Checks the UTF-8 BOM and returns the text after it. */
function csvText(body: Buffer): string {
  expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return body.subarray(3).toString('utf8');
}

/** attachment; filename="<ascii>"; filename*=UTF-8''<percent-encoded zh name> */
function expectAttachment(header: unknown, ascii: string, zh: string): void {
  expect(typeof header).toBe('string');
  const m = /^attachment; filename="([\x20-\x7e]+)"; filename\*=UTF-8''([A-Za-z0-9%._~!$&'()*+,;=:@-]+)$/.exec(
    header as string,
  );
  expect(m).not.toBeNull();
  expect(m?.[1]).toBe(ascii);
  expect(decodeURIComponent(m?.[2] ?? '')).toBe(zh);
}

async function loadXlsx(body: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ExcelJS.Buffer);
  return workbook;
}

function sheetRows(sheet: ExcelJS.Worksheet | undefined): unknown[][] {
  expect(sheet).toBeDefined();
  const rows: unknown[][] = [];
  sheet?.eachRow({ includeEmpty: false }, (row) => {
    rows.push((row.values as unknown[]).slice(1));
  });
  return rows;
}

describe('statistics: figures, report sentence, templates and exports', () => {
  let t: TestApp;
  let sup: CaseClient;
  const keys = {
    reporter: '',
    clerk: '',
    officer: '',
    supervisor: '',
    integration: '',
    integrationNoScope: '',
  };
  const ids: Record<string, string> = {};

  const get = (path: string, key = keys.reporter) => request(t.http).get(path).set(auth(key));
  const stats = (query: string, key = keys.reporter) => get(`/v1/statistics/reconsideration?${query}`, key);
  const report = (query: string, key = keys.reporter) => get(`/v1/statistics/reconsideration/report?${query}`, key);
  const binary = (path: string, key = keys.reporter) =>
    request(t.http).get(path).set(auth(key)).buffer(true).parse(binaryParser);
  const putTemplate = (body: unknown, key = t.adminKey) =>
    request(t.http)
      .put('/v1/statistics/report-template')
      .set(auth(key))
      .send(body as object);

  async function register(name: string, s: CaseSpec): Promise<string> {
    const base = registrationOn(s.receivedOn);
    const applicant = (base.applicants as Json[])[0] as Json;
    const res = await sup.register({
      ...base,
      applicants: [{ ...applicant, ...(s.applicantName ? { name: s.applicantName } : {}) }],
      respondent: { name: RESPONDENT_NAMES[s.kind], kind: s.kind },
      contestedAct: { ...(base.contestedAct as Json), category: s.category, managementDomain: s.domain },
    });
    expectStatus(res, 201, `REGISTER ${name}`);
    ids[name] = res.body.id as string;
    return ids[name];
  }

  async function decided(
    name: string,
    s: CaseSpec,
    dates: { accepted: string; copySent: string; decided: string },
    decisionType: string,
    extra: Json = {},
  ): Promise<void> {
    const id = await register(name, s);
    await step(sup, id, 'ACCEPT', { occurredOn: dates.accepted });
    await step(sup, id, 'SEND_COPY', { occurredOn: dates.copySent });
    await assignTwoHandlers(sup, id);
    await step(sup, id, 'DECIDE', decideBody(decisionType, dates.decided, 'L17 28', extra));
  }

  async function notAccepted(name: string, s: CaseSpec, on: string): Promise<void> {
    const id = await register(name, s);
    await step(sup, id, 'NOT_ACCEPT', {
      occurredOn: on,
      ground: 'R07_28_4_OUT_OF_TIME',
      documentNumber: `台政复不受字〔${on.slice(0, 4)}〕${name}号`,
      reasons: '超过法定申请期限。',
    });
  }

  beforeAll(async () => {
    t = await startTestApp();
    keys.supervisor = await t.createKey(['SUPERVISOR']);
    keys.reporter = await t.createKey(['REPORTER']);
    keys.clerk = await t.createKey(['CLERK']);
    keys.officer = await t.createKey(['OFFICER']);
    keys.integration = await t.createKey(['INTEGRATION'], { scopes: ['statistics:read'] });
    keys.integrationNoScope = await t.createKey(['INTEGRATION'], { scopes: ['cases:read'] });
    sup = new CaseClient(t.http, keys.supervisor);

    // ── 2020: the previous period of the 同比 comparison ──
    const penaltyMarket = {
      kind: 'COUNTY_DEPARTMENT',
      category: 'ADMINISTRATIVE_PENALTY',
      domain: 'MARKET_REGULATION',
    };
    const penaltyPolice = { kind: 'COUNTY_DEPARTMENT', category: 'ADMINISTRATIVE_PENALTY', domain: 'PUBLIC_SECURITY' };
    await decided(
      'P1',
      { receivedOn: '2020-05-10', ...penaltyMarket },
      { accepted: '2020-05-12', copySent: '2020-05-13', decided: '2020-07-01' },
      'UPHELD',
    );
    await notAccepted(
      'P2',
      { receivedOn: '2020-06-01', kind: 'TOWNSHIP_GOVERNMENT', category: 'EXPROPRIATION', domain: 'TOWNSHIP' },
      '2020-06-03',
    );
    await decided(
      'P3',
      { receivedOn: '2020-09-01', ...penaltyPolice },
      { accepted: '2020-09-03', copySent: '2020-09-04', decided: '2020-11-01' },
      'REVOKED',
    );
    // Received in 2020, decided in 2021: carried over (结转) into 2021.
    await decided(
      'C',
      { receivedOn: '2020-12-20', ...penaltyPolice },
      { accepted: '2020-12-21', copySent: '2020-12-22', decided: '2021-02-01' },
      'REVOKED',
    );

    // ── 2021 ──
    await notAccepted('N', { receivedOn: '2021-03-01', ...penaltyMarket }, '2021-03-03');
    await decided(
      'R',
      {
        receivedOn: '2021-03-05',
        kind: 'COUNTY_DEPARTMENT',
        category: 'ADMINISTRATIVE_LICENSING',
        domain: 'NATURAL_RESOURCES',
      },
      { accepted: '2021-03-08', copySent: '2021-03-09', decided: '2021-05-10' },
      'REVOKED',
    );
    // A dismissal on the merits (驳回请求, R07 48 ¶1(1)): a non-performance case, so it stays in the DECIDED base.
    await decided(
      'D',
      { receivedOn: '2021-04-01', kind: 'TOWNSHIP_GOVERNMENT', category: 'FAILURE_TO_PERFORM', domain: 'TOWNSHIP' },
      { accepted: '2021-04-06', copySent: '2021-04-07', decided: '2021-06-15' },
      'DISMISSED',
      { outcomeDetail: 'DISMISSED_CLAIM' },
    );
    await decided(
      'U',
      { receivedOn: '2021-04-10', kind: 'VERTICAL_AGENCY', category: 'ADMINISTRATIVE_PENALTY', domain: 'TAXATION' },
      { accepted: '2021-04-15', copySent: '2021-04-16', decided: '2021-08-20' },
      'UPHELD',
    );
    await decided(
      'O',
      { receivedOn: '2021-05-01', kind: 'TOWNSHIP_GOVERNMENT', category: 'FAILURE_TO_PERFORM', domain: 'TOWNSHIP' },
      { accepted: '2021-05-06', copySent: '2021-05-07', decided: '2021-09-10' },
      'ORDERED_TO_PERFORM',
    );
    const dw = await register('DW', {
      receivedOn: '2021-06-01',
      kind: 'COUNTY_DEPARTMENT',
      category: 'INFORMATION_DISCLOSURE',
      domain: 'HEALTH',
    });
    await step(sup, dw, 'REQUEST_CORRECTION', {
      occurredOn: '2021-06-02',
      items: ['申请人身份证明'],
      correctionDueOn: '2021-06-16',
    });
    await step(sup, dw, 'DEEM_WITHDRAWN', { occurredOn: '2021-06-20', reasons: '无正当理由逾期未补正。' });
    const w = await register('W', { receivedOn: '2021-07-01', ...penaltyMarket });
    await step(sup, w, 'WITHDRAW', { occurredOn: '2021-07-05', reason: 'SETTLED_BEFORE_ACCEPTANCE' });
    const term = await register('T', {
      receivedOn: '2021-07-10',
      kind: 'OTHER',
      category: 'ADMINISTRATIVE_COMPULSION',
      domain: 'URBAN_MANAGEMENT',
    });
    await step(sup, term, 'ACCEPT', { occurredOn: '2021-07-12' });
    await step(sup, term, 'SEND_COPY', { occurredOn: '2021-07-13' });
    await step(sup, term, 'TERMINATE', {
      occurredOn: '2021-10-15',
      ground: 'WITHDRAWN_AFTER_RESPONDENT_CORRECTED',
      documentNumber: '台政复终字〔2021〕1号',
      reasons: '被申请人改变原行政行为，申请人撤回申请。',
    });
    await register('PEND', {
      receivedOn: '2021-11-01',
      kind: 'VERTICAL_AGENCY',
      category: 'ADMINISTRATIVE_PENALTY',
      domain: 'TAXATION',
      applicantName: '=cmd',
    });
  });

  afterAll(async () => {
    await t?.close();
  });

  // ── GET /v1/statistics/reconsideration ─────────────────────────────────────────────────────────────────────────

  describe('GET /v1/statistics/reconsideration', () => {
    it('the year 2021 as of 2021-12-31: received, carried over, handled, accepted, concluded, pending, outcomes, rates', async () => {
      const res = await stats(FULL_YEAR);
      expect(res.status).toBe(200);
      const f = res.body.figures;
      expect(f).toMatchObject({
        organ: { code: 'TAIQIAN', name: '台前县人民政府' },
        period: { from: '2021-01-01', to: '2021-12-31', asOf: '2021-12-31', effectiveEnd: '2021-12-31' },
        received: 9,
        carriedOver: 1,
        handled: 10,
        accepted: 5,
        concluded: 9,
        pending: 1,
        settledBeforeAcceptance: 1,
        correctionCount: 3,
        meritsDecisions: 5,
        correctedTerminations: 1,
        rateBase: 'DECIDED',
        percentMode: 'ROUND_HALF_UP',
        correctionRate: 60,
        // (3 corrections + 1 corrected termination) ÷ (5 merits decisions + 1) = 66.666…
        overallCorrectionRate: 66.67,
      });
      expect(f.byOutcome).toEqual({
        ...ZERO_OUTCOMES,
        NOT_ACCEPTED: 1,
        DEEMED_WITHDRAWN: 1,
        WITHDRAWN: 1,
        UPHELD: 1,
        DISMISSED: 1,
        REVOKED: 2,
        ORDERED_TO_PERFORM: 1,
        TERMINATED: 1,
      });
    });

    it('the figures add up: handled = concluded + pending = carriedOver + received; outcomes sum to concluded', async () => {
      for (const query of [FULL_YEAR, MID_YEAR, 'from=2020-01-01&to=2020-12-31&asOf=2020-12-31']) {
        const f = (await stats(query)).body.figures;
        expect(f.handled).toBe(f.concluded + f.pending);
        expect(f.handled).toBe(f.carriedOver + f.received);
        expect(Object.values(f.byOutcome as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(f.concluded);
      }
    });

    it.each([
      ['DECIDED', 60, 66.67],
      ['CONCLUDED', 33.33, 44.44],
      ['ACCEPTED', 60, 80],
    ])('rateBase=%s: correctionRate %d and overallCorrectionRate %d', async (rateBase, rate, overall) => {
      const res = await stats(`${FULL_YEAR}&rateBase=${rateBase}`);
      expect(res.status).toBe(200);
      expect(res.body.figures).toMatchObject({ rateBase, correctionRate: rate, overallCorrectionRate: overall });
    });

    it('percent=TRUNCATE and ROUND_HALF_UP differ where the third decimal matters (4/6, 5/3)', async () => {
      const round = await stats(`${FULL_YEAR}&percent=ROUND_HALF_UP`);
      const trunc = await stats(`${FULL_YEAR}&percent=TRUNCATE`);
      expect(round.body.figures).toMatchObject({ percentMode: 'ROUND_HALF_UP', overallCorrectionRate: 66.67 });
      expect(trunc.body.figures).toMatchObject({ percentMode: 'TRUNCATE', overallCorrectionRate: 66.66 });
      // Respondent kind COUNTY_DEPARTMENT: 5 cases against 3 the year before, +66.666…%.
      const county = (r: request.Response) =>
        (r.body.breakdowns.respondentKind as Json[]).find((e) => e.code === 'COUNTY_DEPARTMENT');
      expect(county(round)?.changePercent).toBe(66.67);
      expect(county(trunc)?.changePercent).toBe(66.66);
      // Where the third decimal is 0 both modes agree.
      expect(trunc.body.figures.correctionRate).toBe(60);
      expect(round.body.figures.correctionRate).toBe(60);
    });

    it('breakdowns by respondent kind, act category, management domain and outcome, with zh labels and 同比', async () => {
      const res = await stats(FULL_YEAR);
      expect(res.status).toBe(200);
      const b = res.body.breakdowns;
      expect(b.respondentKind).toEqual([
        {
          code: 'COUNTY_DEPARTMENT',
          labelZh: '县政府工作部门',
          count: 5,
          percent: 50,
          previousCount: 3,
          changePercent: 66.67,
        },
        {
          code: 'TOWNSHIP_GOVERNMENT',
          labelZh: '乡镇人民政府(街道办事处)',
          count: 2,
          percent: 20,
          previousCount: 1,
          changePercent: 100,
        },
        {
          code: 'VERTICAL_AGENCY',
          labelZh: '垂直管理部门',
          count: 2,
          percent: 20,
          previousCount: 0,
          changePercent: null,
        },
        { code: 'OTHER', labelZh: '其他', count: 1, percent: 10, previousCount: 0, changePercent: null },
      ]);
      expect(b.actCategory).toEqual([
        {
          code: 'ADMINISTRATIVE_PENALTY',
          labelZh: '行政处罚',
          count: 5,
          percent: 50,
          previousCount: 3,
          changePercent: 66.67,
        },
        // D is a non-performance case (驳回请求, R07 48 ¶1(1)), with O: 2; EXPROPRIATION only in 2020 (P2).
        {
          code: 'FAILURE_TO_PERFORM',
          labelZh: '不履行法定职责',
          count: 2,
          percent: 20,
          previousCount: 0,
          changePercent: null,
        },
        {
          code: 'ADMINISTRATIVE_COMPULSION',
          labelZh: '行政强制',
          count: 1,
          percent: 10,
          previousCount: 0,
          changePercent: null,
        },
        {
          code: 'ADMINISTRATIVE_LICENSING',
          labelZh: '行政许可',
          count: 1,
          percent: 10,
          previousCount: 0,
          changePercent: null,
        },
        {
          code: 'INFORMATION_DISCLOSURE',
          labelZh: '政府信息公开',
          count: 1,
          percent: 10,
          previousCount: 0,
          changePercent: null,
        },
        { code: 'EXPROPRIATION', labelZh: '征收征用', count: 0, percent: 0, previousCount: 1, changePercent: -100 },
      ]);
      expect(b.managementDomain).toEqual([
        { code: 'MARKET_REGULATION', labelZh: '市场监管', count: 2, percent: 20, previousCount: 1, changePercent: 100 },
        { code: 'TAXATION', labelZh: '税务', count: 2, percent: 20, previousCount: 0, changePercent: null },
        { code: 'TOWNSHIP', labelZh: '乡镇(办)', count: 2, percent: 20, previousCount: 1, changePercent: 100 },
        { code: 'HEALTH', labelZh: '卫生健康', count: 1, percent: 10, previousCount: 0, changePercent: null },
        {
          code: 'NATURAL_RESOURCES',
          labelZh: '自然资源',
          count: 1,
          percent: 10,
          previousCount: 0,
          changePercent: null,
        },
        { code: 'PUBLIC_SECURITY', labelZh: '公安', count: 1, percent: 10, previousCount: 2, changePercent: -50 },
        {
          code: 'URBAN_MANAGEMENT',
          labelZh: '城市管理',
          count: 1,
          percent: 10,
          previousCount: 0,
          changePercent: null,
        },
      ]);
      // Outcomes are shares of the 9 concluded cases (2/9 = 22.22 %, 1/9 = 11.11 %).
      expect(b.outcome).toEqual([
        { code: 'REVOKED', labelZh: '撤销', count: 2, percent: 22.22, previousCount: 1, changePercent: 100 },
        {
          code: 'DEEMED_WITHDRAWN',
          labelZh: '视为放弃行政复议申请', // R07 29 / L23 31 ¶2 wording; the report sentence keeps 视为撤回
          count: 1,
          percent: 11.11,
          previousCount: 0,
          changePercent: null,
        },
        { code: 'DISMISSED', labelZh: '驳回', count: 1, percent: 11.11, previousCount: 0, changePercent: null },
        { code: 'NOT_ACCEPTED', labelZh: '不予受理', count: 1, percent: 11.11, previousCount: 1, changePercent: 0 },
        {
          code: 'ORDERED_TO_PERFORM',
          labelZh: '责令履行',
          count: 1,
          percent: 11.11,
          previousCount: 0,
          changePercent: null,
        },
        { code: 'TERMINATED', labelZh: '终止', count: 1, percent: 11.11, previousCount: 0, changePercent: null },
        { code: 'UPHELD', labelZh: '维持', count: 1, percent: 11.11, previousCount: 1, changePercent: 0 },
        { code: 'WITHDRAWN', labelZh: '撤回', count: 1, percent: 11.11, previousCount: 0, changePercent: null },
      ]);
      // Every breakdown covers every handled (or, for outcomes, concluded) case, and percents have 2 decimals at most.
      for (const [dimension, total] of [
        ['respondentKind', 10],
        ['actCategory', 10],
        ['managementDomain', 10],
        ['outcome', 9],
      ] as const) {
        const entries = b[dimension] as Json[];
        expect(entries.reduce((sum, e) => sum + (e.count as number), 0)).toBe(total);
        for (const e of entries) {
          expect(Number.isInteger(Math.round((e.percent as number) * 100))).toBe(true);
          expect(Math.abs((e.percent as number) * 100 - Math.round((e.percent as number) * 100))).toBeLessThan(1e-9);
        }
      }
    });

    it('同比: the previous period is 2020, with its counts and the change in percent', async () => {
      const res = await stats(FULL_YEAR);
      expect(res.body.comparison).toMatchObject({
        previousPeriod: { from: '2020-01-01', to: '2020-12-31' },
        previous: { received: 4, handled: 4, concluded: 3, pending: 1, correctionCount: 1 },
        changePercent: { received: 125, handled: 150, concluded: 200, pending: 0, correctionCount: 200 },
      });
      // The previous figures are those of the year 2020 itself.
      const y2020 = await stats('from=2020-01-01&to=2020-12-31&asOf=2020-12-31');
      expect(y2020.body.figures).toMatchObject({
        received: 4,
        carriedOver: 0,
        handled: 4,
        accepted: 3,
        concluded: 3,
        pending: 1,
        correctionCount: 1,
      });
      expect(y2020.body.figures.byOutcome).toEqual({ ...ZERO_OUTCOMES, UPHELD: 1, NOT_ACCEPTED: 1, REVOKED: 1 });
    });

    it('asOf in mid-2021 counts only what had happened by then: fewer concluded, more pending', async () => {
      const full = (await stats(FULL_YEAR)).body.figures;
      const res = await stats(MID_YEAR);
      expect(res.status).toBe(200);
      const f = res.body.figures;
      expect(f).toMatchObject({
        period: { from: '2021-01-01', to: '2021-12-31', asOf: '2021-06-30', effectiveEnd: '2021-06-30' },
        received: 6,
        carriedOver: 1,
        handled: 7,
        accepted: 4,
        concluded: 5,
        pending: 2,
        settledBeforeAcceptance: 0,
        correctionCount: 2,
        meritsDecisions: 3,
        correctedTerminations: 0,
        correctionRate: 66.67,
        overallCorrectionRate: 66.67,
      });
      expect(f.byOutcome).toEqual({ ...ZERO_OUTCOMES, REVOKED: 2, NOT_ACCEPTED: 1, DISMISSED: 1, DEEMED_WITHDRAWN: 1 });
      expect(f.concluded).toBeLessThan(full.concluded);
      expect(f.pending).toBeGreaterThan(full.pending);
      // U and O were still open on 2021-06-30 (decided in August and September).
      // (Codes seen only in the previous period are listed with count 0.)
      const outcome = (res.body.breakdowns.outcome as Json[]).filter((e) => e.count > 0);
      expect(outcome.map((e) => e.code).sort()).toEqual(['DEEMED_WITHDRAWN', 'DISMISSED', 'NOT_ACCEPTED', 'REVOKED']);
      // 同比 is cut at the same point (2020-06-30), when the 2020 UPHELD case had not been decided yet.
      expect(res.body.breakdowns.outcome.find((e: Json) => e.code === 'UPHELD')).toBeUndefined();
    });

    it('asOf in mid-2021: 同比 compares with the same stretch of 2020 (2020-01-01 … 2020-06-30), not the whole year', async () => {
      const res = await stats(MID_YEAR);
      expect(res.status).toBe(200);
      // As of 2020-06-30: P1 and P2 received, P2 not accepted on 06-03, P1 still open (decided 2020-07-01).
      expect(res.body.comparison).toMatchObject({
        previousPeriod: { from: '2020-01-01', to: '2020-06-30' },
        previous: { received: 2, handled: 2, concluded: 1, pending: 1, correctionCount: 0 },
        changePercent: { received: 200, handled: 250, concluded: 400, pending: 100, correctionCount: null },
      });
    });

    it('同比 of a quarter is the same quarter a year before (2020-04-01 … 2020-06-30), not the quarter before (环比)', async () => {
      const res = await stats('from=2021-04-01&to=2021-06-30&asOf=2021-12-31');
      expect(res.status).toBe(200);
      // Q2 2021: D U O DW received, R carried over (decided 05-10); R D DW concluded, U O pending.
      expect(res.body.figures).toMatchObject({ received: 4, carriedOver: 1, handled: 5, concluded: 3, pending: 2 });
      // Q2 2020: P1 and P2 received; P2 not accepted on 06-03, P1 decided only on 2020-07-01.
      expect(res.body.comparison.previousPeriod).toEqual({ from: '2020-04-01', to: '2020-06-30' });
      expect(res.body.comparison.previous).toMatchObject({
        received: 2,
        handled: 2,
        concluded: 1,
        pending: 1,
        correctionCount: 0,
      });
    });

    it('without asOf the history as of today is used (the period 2021 is over, so the same figures)', async () => {
      const res = await stats('from=2021-01-01&to=2021-12-31');
      expect(res.status).toBe(200);
      const full = (await stats(FULL_YEAR)).body;
      expect(res.body.figures.period).toEqual({
        from: '2021-01-01',
        to: '2021-12-31',
        asOf: todayInChina(),
        effectiveEnd: '2021-12-31',
      });
      expect({ ...res.body.figures, period: null }).toEqual({ ...full.figures, period: null });
      expect(res.body.breakdowns).toEqual(full.breakdowns);
    });

    it('asOf before `from` is 422: nothing had happened yet', async () => {
      const res = await stats('from=2021-01-01&to=2021-12-31&asOf=2020-12-31');
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('UNPROCESSABLE');
      expect(res.body.errors).toEqual([expect.objectContaining({ path: 'asOf', code: 'AS_OF_BEFORE_PERIOD' })]);
    });

    it('from after to is 400', async () => {
      const res = await stats('from=2021-12-31&to=2021-01-01&asOf=2021-12-31');
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.errors).toEqual([expect.objectContaining({ path: 'from', code: 'PERIOD_REVERSED' })]);
    });

    it.each([
      ['an impossible date', 'from=2021-02-30&to=2021-12-31', 'from'],
      ['a date without zero padding', 'from=2021-1-1&to=2021-12-31', 'from'],
      ['not a date', 'from=2021-01-01&to=soon', 'to'],
      ['a bad asOf', 'from=2021-01-01&to=2021-12-31&asOf=2021-13-01', 'asOf'],
      ['no `to`', 'from=2021-01-01', 'to'],
      ['an unknown rateBase', `${FULL_YEAR}&rateBase=RECEIVED`, 'rateBase'],
      ['an unknown percent mode', `${FULL_YEAR}&percent=FLOOR`, 'percent'],
      ['a bad organId', `${FULL_YEAR}&organId=taiqian`, 'organId'],
    ])('%s is 400 naming the parameter', async (_what, query, path) => {
      const res = await stats(query);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect((res.body.errors as Json[]).map((e) => e.path)).toContain(path);
    });

    it('an unknown organ is 404', async () => {
      const res = await stats(`${FULL_YEAR}&organId=00000000-0000-4000-8000-000000000000`);
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('ORGAN_NOT_FOUND');
    });

    it('who may read: REPORTER, SUPERVISOR, OFFICER and INTEGRATION with statistics:read; not CLERK, not without the scope', async () => {
      expect((await stats(FULL_YEAR, keys.reporter)).status).toBe(200);
      expect((await stats(FULL_YEAR, keys.supervisor)).status).toBe(200);
      expect((await stats(FULL_YEAR, keys.officer)).status).toBe(200);
      expect((await stats(FULL_YEAR, keys.integration)).status).toBe(200);
      const clerk = await stats(FULL_YEAR, keys.clerk);
      expect(clerk.status).toBe(403);
      expect(clerk.body.code).toBe('FORBIDDEN');
      const noScope = await stats(FULL_YEAR, keys.integrationNoScope);
      expect(noScope.status).toBe(403);
      expect(noScope.body.code).toBe('FORBIDDEN');
      const anonymous = await request(t.http).get(`/v1/statistics/reconsideration?${FULL_YEAR}`);
      expect(anonymous.status).toBe(401);
    });
  });

  // ── The report sentence ───────────────────────────────────────────────────────────────────────────────────────

  describe('GET /v1/statistics/reconsideration/report', () => {
    it('with asOf=2021-12-31 the sentence begins 截至2021年12月31日 and lists only outcomes that occurred', async () => {
      const res = await report('year=2021&asOf=2021-12-31');
      expect(res.status).toBe(200);
      expect(res.body.year).toBe(2021);
      expect(res.body.asOf).toBe('2021-12-31');
      expect(res.body.sentence).toBe(`截至2021年12月31日,${FULL_YEAR_SENTENCE}`);
      expect(res.body.unmappedOutcomes).toEqual({});
      expect(res.body.figures).toMatchObject({ handled: 10, carriedOver: 1, concluded: 9, pending: 1 });
    });

    it('without asOf the sentence begins 截至目前', async () => {
      const res = await report('year=2021');
      expect(res.status).toBe(200);
      expect(res.body.asOf).toBeNull();
      expect(res.body.sentence).toBe(`截至目前,${FULL_YEAR_SENTENCE}`);
    });

    it('explicit format=json is the same as the default', async () => {
      const json = await report('year=2021&asOf=2021-12-31&format=json');
      const plain = await report('year=2021&asOf=2021-12-31');
      expect(json.status).toBe(200);
      expect(json.body).toEqual(plain.body);
    });

    it('as of 2021-06-30 the sentence has the mid-year figures', async () => {
      const res = await report('year=2021&asOf=2021-06-30');
      expect(res.status).toBe(200);
      expect(res.body.sentence).toBe(
        '截至2021年6月30日,县政府共办理行政复议案件7起,其中1起为2020年度结转案件,1起不予受理,2起予以撤销具体行政行为,1起驳回复议申请,1件视为撤回行政复议申请,现余2起行政复议案件正在办理中。',
      );
    });

    it('before any case is concluded (as of 2021-01-31) the empty item list leaves no dangling separator', async () => {
      const res = await report('year=2021&asOf=2021-01-31');
      expect(res.status).toBe(200);
      expect(res.body.figures).toMatchObject({ handled: 1, carriedOver: 1, concluded: 0, pending: 1 });
      expect(res.body.sentence).not.toContain(',,');
      expect(res.body.sentence).toBe(
        '截至2021年1月31日,县政府共办理行政复议案件1起,其中1起为2020年度结转案件,现余1起行政复议案件正在办理中。',
      );
    });

    it('asOf in the future is 422: the report cannot say 截至<tomorrow>', async () => {
      const res = await report(`year=2021&asOf=${tomorrowInChina()}`);
      expect(res.status).toBe(422);
    });

    it('format=text is text/plain with the sentence', async () => {
      const res = await report('year=2021&asOf=2021-12-31&format=text');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(res.text).toBe(`截至2021年12月31日,${FULL_YEAR_SENTENCE}\n`);
    });

    it('format=csv is a text/csv attachment with a UTF-8 BOM, the figures and the sentence', async () => {
      const res = await binary('/v1/statistics/reconsideration/report?year=2021&asOf=2021-12-31&format=csv');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe(CSV_TYPE);
      expectAttachment(
        res.headers['content-disposition'],
        'reconsideration-report-2021.csv',
        '行政复议统计报告_2021.csv',
      );
      const rows = parseCsv(csvText(res.body as Buffer));
      expect(csvTable(rows, '报告表述')).toEqual([['报告表述'], [`截至2021年12月31日,${FULL_YEAR_SENTENCE}`]]);
      const figures = Object.fromEntries(csvTable(rows, '项目').slice(1));
      expect(figures).toMatchObject({ 共办理: '10', 上年结转: '1', 办结: '9', 正在办理: '1' });
    });

    it('asOf before the year is 422; a bad year or format is 400; CLERK is 403', async () => {
      expect((await report('year=2021&asOf=2020-12-31')).status).toBe(422);
      for (const query of ['year=abc', 'year=1800', '', 'year=2021&format=pdf', 'year=2021&asOf=2021-02-29']) {
        const res = await report(query);
        expect(res.status).toBe(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
      }
      expect((await report('year=2021', keys.clerk)).status).toBe(403);
      expect((await report('year=2021', keys.integration)).status).toBe(200);
    });
  });

  // ── Exports ───────────────────────────────────────────────────────────────────────────────────────────────────

  describe('exports', () => {
    it('GET /reconsideration/export?format=csv: figures and breakdowns, zh-CN headers, BOM, attachment', async () => {
      const res = await binary(`/v1/statistics/reconsideration/export?${FULL_YEAR}&format=csv`);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe(CSV_TYPE);
      expectAttachment(
        res.headers['content-disposition'],
        'reconsideration-statistics-2021-01-01-2021-12-31.csv',
        '行政复议统计_2021-01-01_2021-12-31.csv',
      );
      const rows = parseCsv(csvText(res.body as Buffer));
      const figures = csvTable(rows, '项目');
      expect(figures[0]).toEqual(['项目', '数值']);
      const byLabel = Object.fromEntries(figures.slice(1));
      expect(byLabel).toMatchObject({
        复议机关: '台前县人民政府',
        统计期间: '2021-01-01 至 2021-12-31',
        截至日期: '2021-12-31',
        新收案件: '9',
        上年结转: '1',
        共办理: '10',
        受理: '5',
        办结: '9',
        正在办理: '1',
        受理前协商化解: '1',
        纠错件数: '3',
        '综合纠错率(%)': '66.67',
        不予受理: '1',
        撤销: '2',
        驳回: '1',
        维持: '1',
        责令履行: '1',
        视为放弃行政复议申请: '1',
        撤回: '1',
        终止: '1',
        变更: '0',
      });
      const rateRow = figures.find((r) => r[0]?.startsWith('纠错率'));
      expect(rateRow?.[1]).toBe('60');
      // Five breakdown tables with the same zh-CN header (the fifth by outcome detail, 结案情形).
      const breakdownHeaders = rows.filter((r) => r[0] === '代码');
      expect(breakdownHeaders).toHaveLength(5);
      for (const h of breakdownHeaders) {
        expect(h).toEqual(['代码', '名称', '件数', '占比(%)', '上期件数', '同比(%)']);
      }
      expect(rows).toContainEqual(['COUNTY_DEPARTMENT', '县政府工作部门', '5', '50', '3', '66.67']);
      expect(rows).toContainEqual(['PUBLIC_SECURITY', '公安', '1', '10', '2', '-50']);
      expect(rows).toContainEqual(['VERTICAL_AGENCY', '垂直管理部门', '2', '20', '0', '']);
    });

    it('the statistics CSV names each breakdown table (as the XLSX names its sheets), so they can be told apart', async () => {
      // Four tables share the header 代码,名称,… and codes such as OTHER occur in several dimensions.
      const res = await binary(`/v1/statistics/reconsideration/export?${FULL_YEAR}&format=csv`);
      const text = csvText(res.body as Buffer);
      for (const title of ['按被申请人类型', '按行为类别', '按管理领域', '按结案方式']) {
        expect(text).toContain(title);
      }
    });

    it('GET /reconsideration/export?format=xlsx: parses, one sheet per table, numbers as numbers', async () => {
      const res = await binary(`/v1/statistics/reconsideration/export?${FULL_YEAR}&format=xlsx`);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe(XLSX_TYPE);
      expectAttachment(
        res.headers['content-disposition'],
        'reconsideration-statistics-2021-01-01-2021-12-31.xlsx',
        '行政复议统计_2021-01-01_2021-12-31.xlsx',
      );
      const body = res.body as Buffer;
      expect(body.subarray(0, 2).toString('latin1')).toBe('PK');
      const workbook = await loadXlsx(body);
      expect(workbook.worksheets.map((s) => s.name)).toEqual([
        '主要数据',
        '按被申请人类型',
        '按行为类别',
        '按管理领域',
        '按结案方式',
        '按结案情形',
      ]);
      const main = sheetRows(workbook.getWorksheet('主要数据'));
      expect(main[0]).toEqual(['项目', '数值']);
      const byLabel = new Map(main.slice(1).map((r) => [r[0], r[1]]));
      expect(byLabel.get('共办理')).toBe(10);
      expect(byLabel.get('上年结转')).toBe(1);
      expect(byLabel.get('办结')).toBe(9);
      expect(byLabel.get('正在办理')).toBe(1);
      expect(byLabel.get('综合纠错率(%)')).toBe(66.67);
      const outcome = sheetRows(workbook.getWorksheet('按结案方式'));
      expect(outcome[0]).toEqual(['代码', '名称', '件数', '占比(%)', '上期件数', '同比(%)']);
      expect(outcome[1]).toEqual(['REVOKED', '撤销', 2, 22.22, 1, 100]);
      expect(outcome).toHaveLength(1 + 8);
      const kinds = sheetRows(workbook.getWorksheet('按被申请人类型'));
      expect(kinds.slice(1).map((r) => r[0])).toEqual([
        'COUNTY_DEPARTMENT',
        'TOWNSHIP_GOVERNMENT',
        'VERTICAL_AGENCY',
        'OTHER',
      ]);
    });

    it('GET /cases/export?format=csv: one row per handled case, zh-CN headers and labels, 办理中 for the pending one', async () => {
      // A SUPERVISOR reads the names in clear (audited); a REPORTER's export masks them (field-classes.e2e-spec.ts).
      const res = await binary(`/v1/statistics/cases/export?${FULL_YEAR}&format=csv`, keys.supervisor);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe(CSV_TYPE);
      expectAttachment(
        res.headers['content-disposition'],
        'reconsideration-cases-2021-01-01-2021-12-31.csv',
        '行政复议案件清单_2021-01-01_2021-12-31.csv',
      );
      const rows = parseCsv(csvText(res.body as Buffer)).filter((r) => !(r.length === 1 && r[0] === ''));
      expect(rows[0]).toEqual([
        '案号',
        '收到申请日期',
        '适用法律',
        '申请人',
        '被申请人',
        '被申请人类型',
        '行为类别',
        '管理领域',
        '受理日期',
        '结案日期',
        '结案方式',
        '结案情形',
      ]);
      const data = rows.slice(1);
      const handled = (await stats(FULL_YEAR)).body.figures.handled as number;
      expect(data).toHaveLength(handled);
      expect(data.map((r) => r[1])).toEqual([
        '2020-12-20',
        '2021-03-01',
        '2021-03-05',
        '2021-04-01',
        '2021-04-10',
        '2021-05-01',
        '2021-06-01',
        '2021-07-01',
        '2021-07-10',
        '2021-11-01',
      ]);
      // The carried-over case comes first, with its 2021 outcome.
      expect(data[0]).toEqual([
        '台政复〔2020〕4号',
        '2020-12-20',
        '行政复议法(2017修正)及实施条例',
        '张三',
        '台前县市场监督管理局',
        '县政府工作部门',
        '行政处罚',
        '公安',
        // L17 17 ¶2: accepted in law from the day of receipt (ACCEPT was recorded on 2020-12-21).
        '2020-12-20',
        '2021-02-01',
        '撤销',
        '',
      ]);
      expect(data.map((r) => r[10])).toEqual([
        '撤销',
        '不予受理',
        '撤销',
        '驳回',
        '维持',
        '责令履行',
        '视为放弃行政复议申请',
        '撤回',
        '终止',
        '办理中',
      ]);
      // 结案情形: the detail where the law has one (the refusal's ground, the dismissal, the withdrawal's reason, the
      // termination's ground).
      expect(data.map((r) => r[11])).toEqual([
        '',
        '不予受理：超过法定申请期限',
        '',
        '驳回行政复议请求(没有相应法定职责或者受理前已经履行)',
        '',
        '',
        '',
        '撤回申请(受理前)：受理前协商化解',
        '终止：被申请人改变原行政行为后申请人撤回申请(改正后撤回)',
        '',
      ]);
      const pending = data[9] ?? [];
      expect(pending[8]).toBe('');
      expect(pending[9]).toBe('');
      expect(pending[10]).toBe('办理中');
    });

    it('CSV injection: a text cell starting with = is neutralised with a leading apostrophe', async () => {
      const res = await binary(`/v1/statistics/cases/export?${FULL_YEAR}&format=csv`, keys.supervisor);
      const text = csvText(res.body as Buffer);
      expect(text).toContain("'=cmd");
      const rows = parseCsv(text);
      const pending = rows.find((r) => r[1] === '2021-11-01');
      expect(pending?.[3]).toBe("'=cmd");
      // No cell of the file starts with a formula character.
      for (const row of rows) {
        for (const cell of row) {
          expect(cell).not.toMatch(/^[=+@]/);
        }
      }
    });

    it('GET /cases/export?format=xlsx: the 办理案件 sheet, handled rows, the =cmd name as plain text', async () => {
      const res = await binary(`/v1/statistics/cases/export?${FULL_YEAR}&format=xlsx`, keys.supervisor);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe(XLSX_TYPE);
      expectAttachment(
        res.headers['content-disposition'],
        'reconsideration-cases-2021-01-01-2021-12-31.xlsx',
        '行政复议案件清单_2021-01-01_2021-12-31.xlsx',
      );
      const workbook = await loadXlsx(res.body as Buffer);
      expect(workbook.worksheets.map((s) => s.name)).toEqual(['办理案件']);
      const sheet = workbook.getWorksheet('办理案件');
      const rows = sheetRows(sheet);
      expect(rows[0]).toEqual([
        '案号',
        '收到申请日期',
        '适用法律',
        '申请人',
        '被申请人',
        '被申请人类型',
        '行为类别',
        '管理领域',
        '受理日期',
        '结案日期',
        '结案方式',
        '结案情形',
      ]);
      expect(rows).toHaveLength(1 + 10);
      const last = rows[10] ?? [];
      expect(last[1]).toBe('2021-11-01');
      expect(last[3]).toBe('=cmd');
      expect(last[10]).toBe('办理中');
      // Stored as a string, never as a formula.
      expect(sheet?.getRow(11).getCell(4).type).toBe(ExcelJS.ValueType.String);
    });

    it('the case list as of 2021-06-30: only the cases handled by then, with their outcome as of that date', async () => {
      const res = await binary(`/v1/statistics/cases/export?${MID_YEAR}&format=csv`);
      expect(res.status).toBe(200);
      const rows = parseCsv(csvText(res.body as Buffer)).filter((r) => !(r.length === 1 && r[0] === ''));
      const data = rows.slice(1);
      expect(data).toHaveLength(7);
      expect(data.map((r) => [r[1], r[9], r[10]])).toEqual([
        ['2020-12-20', '2021-02-01', '撤销'],
        ['2021-03-01', '2021-03-03', '不予受理'],
        ['2021-03-05', '2021-05-10', '撤销'],
        ['2021-04-01', '2021-06-15', '驳回'],
        ['2021-04-10', '', '办理中'],
        ['2021-05-01', '', '办理中'],
        ['2021-06-01', '2021-06-20', '视为放弃行政复议申请'],
      ]);
    });

    it('exports need a known format and valid dates; CLERK is 403', async () => {
      for (const path of [
        `/v1/statistics/reconsideration/export?${FULL_YEAR}`,
        `/v1/statistics/reconsideration/export?${FULL_YEAR}&format=pdf`,
        `/v1/statistics/cases/export?${FULL_YEAR}&format=json`,
        '/v1/statistics/cases/export?from=2021-12-31&to=2021-01-01&format=csv',
      ]) {
        const res = await get(path);
        expect(res.status).toBe(400);
      }
      expect((await get(`/v1/statistics/cases/export?${FULL_YEAR}&format=csv`, keys.clerk)).status).toBe(403);
      expect((await get(`/v1/statistics/reconsideration/export?${FULL_YEAR}&format=csv`, keys.clerk)).status).toBe(403);
    });
  });

  // ── Report templates (these change the organ's template: kept last, and the default is restored) ────────────────

  describe('report templates', () => {
    const custom = {
      sentence:
        '{organName}{year}年共办理{handled}起,纠错率{correctionRate},综合纠错率{overallCorrectionRate}:{items}。',
      items: [
        { label: '纠错{n}件(占{percent})', outcomes: ['REVOKED', 'ORDERED_TO_PERFORM'] },
        { label: '维持{n}件', outcomes: ['UPHELD'] },
        {
          label: '其他{n}件(占{percent})',
          outcomes: ['NOT_ACCEPTED', 'DISMISSED', 'DEEMED_WITHDRAWN', 'WITHDRAWN', 'TERMINATED'],
        },
        { label: '变更{n}件', outcomes: ['VARIED'] },
      ],
      itemSeparator: '、',
      omitZeroItems: false,
      percentMode: 'TRUNCATE',
      rateBase: 'DECIDED',
    };

    afterAll(async () => {
      await putTemplate(DEFAULT_REPORT_TEMPLATE);
    });

    it('GET /report-template returns the default (Taiqian) template', async () => {
      const res = await get('/v1/statistics/report-template');
      expect(res.status).toBe(200);
      expect(res.body).toEqual(DEFAULT_REPORT_TEMPLATE);
    });

    it('only ADMIN may replace it: REPORTER and SUPERVISOR are 403 and nothing changes', async () => {
      for (const key of [keys.reporter, keys.supervisor]) {
        const res = await putTemplate(custom, key);
        expect(res.status).toBe(403);
        expect(res.body.code).toBe('FORBIDDEN');
      }
      expect((await get('/v1/statistics/report-template')).body).toEqual(DEFAULT_REPORT_TEMPLATE);
    });

    it('a custom template changes the sentence; its percentMode and rateBase apply to the report', async () => {
      const put = await putTemplate(custom);
      expect(put.status).toBe(200);
      expect(put.body).toEqual(custom);
      expect((await get('/v1/statistics/report-template')).body).toEqual(custom);
      const res = await report('year=2021&asOf=2021-12-31');
      expect(res.status).toBe(200);
      // TRUNCATE: 4/6 → 66.66 (not 66.67), 5/9 → 55.55 (not 55.56); DECIDED: 3/5 → 60.00.
      expect(res.body.sentence).toBe(
        '台前县人民政府2021年共办理10起,纠错率60.00%,综合纠错率66.66%:纠错3件(占33.33%)、维持1件、其他5件(占55.55%)、变更0件。',
      );
      expect(res.body.figures).toMatchObject({
        percentMode: 'TRUNCATE',
        rateBase: 'DECIDED',
        correctionRate: 60,
        overallCorrectionRate: 66.66,
      });
      expect(res.body.unmappedOutcomes).toEqual({});
      const text = await report('year=2021&asOf=2021-12-31&format=text');
      expect(text.text).toBe(`${res.body.sentence as string}\n`);
    });

    it('rateBase CONCLUDED and ROUND_HALF_UP from the template: 3/9 → 33.33%, 5/9 → 55.56%', async () => {
      expect((await putTemplate({ ...custom, percentMode: 'ROUND_HALF_UP', rateBase: 'CONCLUDED' })).status).toBe(200);
      const res = await report('year=2021&asOf=2021-12-31');
      expect(res.body.sentence).toBe(
        '台前县人民政府2021年共办理10起,纠错率33.33%,综合纠错率44.44%:纠错3件(占33.33%)、维持1件、其他5件(占55.56%)、变更0件。',
      );
      expect(res.body.figures).toMatchObject({ percentMode: 'ROUND_HALF_UP', rateBase: 'CONCLUDED' });
    });

    it('unmappedOutcomes lists the outcomes with cases that no item mentions', async () => {
      const withoutSome = {
        ...DEFAULT_REPORT_TEMPLATE,
        items: DEFAULT_REPORT_TEMPLATE.items.filter(
          (i) => !(i.outcomes ?? []).some((o) => o === 'TERMINATED' || o === 'WITHDRAWN' || o === 'VARIED'),
        ),
      };
      expect((await putTemplate(withoutSome)).status).toBe(200);
      const res = await report('year=2021&asOf=2021-12-31');
      expect(res.status).toBe(200);
      // VARIED has no case, so it is not "unmapped".
      expect(res.body.unmappedOutcomes).toEqual({ TERMINATED: 1, WITHDRAWN: 1 });
      expect(res.body.sentence).not.toContain('终止审理');
      expect(res.body.sentence).not.toContain('申请人撤回申请');
    });

    it.each([
      ['an unknown placeholder in the sentence', { sentence: '{asOfPhrase},共{total}起。' }, ['sentence']],
      [
        'an unknown placeholder in an item label',
        { items: [{ label: '{count}起不予受理', outcomes: ['NOT_ACCEPTED'] }] },
        ['items[0].label'],
      ],
      [
        'an unknown outcome code',
        {
          items: [
            { label: '{n}起不予受理', outcomes: ['NOT_ACCEPTED'] },
            { label: '{n}起驳回', outcomes: ['REJECTED'] },
          ],
        },
        ['items[1].outcomes[0]'],
      ],
      [
        'the same outcome in two items',
        {
          items: [
            { label: '{n}起撤销', outcomes: ['REVOKED'] },
            { label: '{n}起纠错', outcomes: ['VARIED', 'REVOKED'] },
          ],
        },
        ['items[1].outcomes[1]'],
      ],
      [
        'several problems at once',
        { sentence: '{x}', items: [{ label: '{y}', outcomes: ['NOPE'] }] },
        ['sentence', 'items[0].label', 'items[0].outcomes[0]'],
      ],
    ])('%s is 422 REPORT_TEMPLATE_INVALID with errors[] paths', async (_what, change, paths) => {
      const before = (await get('/v1/statistics/report-template')).body;
      const res = await putTemplate({ ...DEFAULT_REPORT_TEMPLATE, ...change });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('REPORT_TEMPLATE_INVALID');
      expect((res.body.errors as Json[]).map((e) => e.path).sort()).toEqual([...paths].sort());
      for (const e of res.body.errors as Json[]) {
        expect(e.code).toBe('REPORT_TEMPLATE_INVALID');
        expect(typeof e.message).toBe('string');
      }
      expect((await get('/v1/statistics/report-template')).body).toEqual(before);
    });

    it('a malformed template body is 400 (unknown percentMode, missing sentence)', async () => {
      expect((await putTemplate({ ...DEFAULT_REPORT_TEMPLATE, percentMode: 'CEIL' })).status).toBe(400);
      const { sentence: _sentence, ...noSentence } = DEFAULT_REPORT_TEMPLATE;
      expect((await putTemplate(noSentence)).status).toBe(400);
    });

    it('putting the default back restores the Taiqian sentence', async () => {
      expect((await putTemplate(DEFAULT_REPORT_TEMPLATE)).status).toBe(200);
      const res = await report('year=2021&asOf=2021-12-31');
      expect(res.body.sentence).toBe(`截至2021年12月31日,${FULL_YEAR_SENTENCE}`);
      expect(res.body.unmappedOutcomes).toEqual({});
    });
  });
});

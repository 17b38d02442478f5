/**
 * Set-based seeding of realistic case histories for the benchmarks: everything is INSERT … SELECT in SQL (no API, no
 * row-by-row round trips), so a million cases take minutes, not hours.
 *
 * Each case follows one path of the procedure (decided and closed, not accepted, withdrawn, transferred, deemed
 * withdrawn, terminated, mediated, suspended, stuck in review), with its acts dated in order after receipt. Acts dated
 * after `today` have not happened yet, so recent cases are open in an intermediate state. From those dates one
 * statement per table writes:
 *   - reconsideration_case: the projection (state, outcome, dates, filter columns, name grams, handlers, details,
 *     facts as the reducer would fold them, version = number of events), case numbers gap-free per year;
 *   - case_event: one row per act, with seq, state_before/state_after, legal basis (from the transition table) and
 *     payload;
 *   - case_deadline: the stored clocks as DeadlineService.recomputeForCase would write them, on the working-day
 *     calendar of the calendar_year table (joins against a day table, not functions);
 *   - case_number_sequence: continued, so that registrations through the API go on without a gap.
 * `verifySeed` replays a sample through the service's own reducer and clock code to prove the rows consistent.
 */
import { Client, type ClientBase } from 'pg';
import { TRANSITIONS } from '../src/workflow/transition-table';
import { NOT_ACCEPT_GROUNDS, TERMINATION_GROUNDS, isCodeForRegime } from '../src/code-lists/code-lists';
import type { CaseState, LegalRegime } from '../src/code-lists/code-lists';
import { replay } from '../src/workflow/case-reducer';
import { computeClocks } from '../src/workflow/clocks';
import { WorkingDayCalendar } from '../src/calendar/working-day-calendar';
import { provisionalCalendarYear } from '../src/calendar/provisional-calendar';
import type { CalendarYear } from '../src/calendar/working-day-calendar';
import { renderCaseNumber } from '../src/organs/case-number-template';
import { nameGrams } from '../src/cases/case.repository';
import { isValidResidentId } from '../src/cases/domain/identifiers';

export interface SeedOptions {
  count: number;
  /** 'history': the realistic mix received from `fromDate` to `today`; 'fresh': RECEIVED cases received `today`. */
  kind: 'history' | 'fresh';
  /** The service's "today" (China), YYYY-MM-DD. */
  today: string;
  /** Earliest receipt date (default: 1 January of the earliest year in calendar_year). */
  fromDate?: string;
  /** PRNG seed in [-1, 1] for setseed(). */
  seed?: number;
  organCode?: string;
  /** Drop the secondary indexes during the load and rebuild them after (faster for large loads). */
  rebuildIndexes?: boolean;
  /**
   * Rebuild the statistics rollup after the load (default true). A caller seeding several organs in a row passes false
   * and calls statistics_rollup_rebuild() once at the end: each rebuild recounts every case of every organ.
   */
  rebuildRollup?: boolean;
  log?: (message: string) => void;
}

export interface SeedResult {
  count: number;
  events: number;
  deadlines: number;
  ms: number;
  phases: Record<string, number>;
}

const q = (s: string): string => `'${s.replace(/'/g, "''")}'`;
const sqlArray = (values: readonly string[]): string => `ARRAY[${values.map(q).join(',')}]::text[]`;
/** Element of a SQL text array picked by a uniform random column in [0, 1). */
const pick = (values: readonly string[], u: string): string =>
  `(${sqlArray(values)})[1 + floor(${u} * ${values.length})::int]`;

const SURNAMES = [...'王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗'];
const GIVEN = [...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红玉兰春梅海波晓东文斌宁'];
const OFFICERS = ['王明', '李华', '赵静', '陈军', '刘洋', '孙磊', '周敏', '吴涛', '郑丽', '冯刚', '何芳', '韩超'];
// Weighted by repetition: penalties and disclosure dominate real dockets.
const CATEGORIES = [
  'ADMINISTRATIVE_PENALTY',
  'ADMINISTRATIVE_PENALTY',
  'ADMINISTRATIVE_PENALTY',
  'ADMINISTRATIVE_PENALTY',
  'INFORMATION_DISCLOSURE',
  'INFORMATION_DISCLOSURE',
  'ADMINISTRATIVE_CONFIRMATION',
  'ADMINISTRATIVE_CONFIRMATION',
  'FAILURE_TO_PERFORM',
  'FAILURE_TO_PERFORM',
  'ADMINISTRATIVE_COMPULSION',
  'ADMINISTRATIVE_LICENSING',
  'EXPROPRIATION',
  'COMPLAINT_HANDLING',
  'WORK_INJURY',
  'ADMINISTRATIVE_AGREEMENT',
  'ADMINISTRATIVE_COMPENSATION',
  'OTHER',
];
/** Management domain → the county department answering for it. */
const DEPARTMENTS: Record<string, string> = {
  PUBLIC_SECURITY: '台前县公安局',
  MARKET_REGULATION: '台前县市场监督管理局',
  NATURAL_RESOURCES: '台前县自然资源局',
  HUMAN_RESOURCES_SOCIAL_SECURITY: '台前县人力资源和社会保障局',
  AGRICULTURE_RURAL: '台前县农业农村局',
  HOUSING_URBAN_RURAL: '台前县住房和城乡建设局',
  ECOLOGY_ENVIRONMENT: '濮阳市生态环境局台前分局',
  TRANSPORT: '台前县交通运输局',
  EDUCATION: '台前县教育局',
  HEALTH: '台前县卫生健康委员会',
  CIVIL_AFFAIRS: '台前县民政局',
  TAXATION: '国家税务总局台前县税务局',
  EMERGENCY_MANAGEMENT: '台前县应急管理局',
  URBAN_MANAGEMENT: '台前县城市管理局',
};
const DOMAINS = Object.keys(DEPARTMENTS);
const TOWNS = ['城关镇', '侯庙镇', '孙口镇', '打渔陈镇', '夹河乡', '吴坝镇', '马楼镇', '清水河乡', '后方乡'];
const CHANNELS = ['IN_PERSON', 'IN_PERSON', 'POST', 'ONLINE', 'ONLINE', 'EMAIL', 'FAX', 'ORAL'];
const RESIDENT_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/** Acts in one global order of which every path is a subsequence, so seq = number of earlier acts present + 1. */
interface Step {
  action: string;
  /** Date column of bench_seed (NULL = the act is not part of this case's history, or has not happened yet). */
  col: string;
  after: CaseState | 'SAME';
  payload: string;
  roles: string;
  basis?: string;
}

function transitionBasis(action: string): string {
  const t = TRANSITIONS.find((x) => x.action === action);
  if (!t) {
    throw new Error(`bench seed: no transition ${action}`);
  }
  const l17 = t.legalBasis.L2017 ?? null;
  const l23 = t.legalBasis.L2023 ?? null;
  return `CASE WHEN regime = 'L2017' THEN ${l17 === null ? 'NULL' : q(l17)} ELSE ${l23 === null ? 'NULL' : q(l23)} END`;
}

function transitionTo(action: string): CaseState | 'SAME' {
  const t = TRANSITIONS.find((x) => x.action === action);
  if (!t) {
    throw new Error(`bench seed: no transition ${action}`);
  }
  if (t.to === 'PREVIOUS') {
    throw new Error(`bench seed: ${action} returns to a remembered state; give it explicitly`);
  }
  return t.to;
}

const od = (col: string): string => `'occurredOn', ${col}`;

const STEPS: Step[] = [
  {
    action: 'REGISTER',
    col: 'r',
    after: 'RECEIVED',
    roles: '{CLERK}',
    basis: `CASE WHEN regime = 'L2017' THEN 'R07 18, 19' ELSE 'L23 22' END`,
    payload: `jsonb_build_object('legalRegime', regime, 'receivedOn', r, 'caseNumber', case_number) || details`,
  },
  {
    action: 'REQUEST_CORRECTION',
    col: 'd_rc',
    after: transitionTo('REQUEST_CORRECTION'),
    roles: '{OFFICER}',
    payload: `jsonb_build_object(${od('d_rc')}, 'items', jsonb_build_array('申请人身份证明', '行政行为证据材料'), 'correctionDueOn', d_rc + 15)`,
  },
  {
    action: 'DEEM_WITHDRAWN',
    col: 'd_dw',
    after: transitionTo('DEEM_WITHDRAWN'),
    roles: '{OFFICER}',
    payload: `jsonb_build_object(${od('d_dw')}, 'reasons', '申请人无正当理由逾期不补正')`,
  },
  {
    action: 'NOT_ACCEPT',
    col: 'd_na',
    after: transitionTo('NOT_ACCEPT'),
    roles: '{SUPERVISOR}',
    payload: `jsonb_build_object(${od('d_na')}, 'ground', na_ground, 'documentNumber', '台政复不受字〔' || y || '〕' || seq || '号', 'reasons', '不符合受理条件')`,
  },
  {
    action: 'WITHDRAW',
    col: 'd_wd',
    after: transitionTo('WITHDRAW'),
    roles: '{CLERK}',
    payload: `jsonb_build_object(${od('d_wd')}, 'reason', wd_reason)`,
  },
  {
    action: 'TRANSFER',
    col: 'd_tr',
    after: transitionTo('TRANSFER'),
    roles: '{OFFICER}',
    payload: `jsonb_build_object(${od('d_tr')}, 'receivingOrgan', '濮阳市人民政府')`,
  },
  {
    action: 'ACCEPT',
    col: 'd_acc',
    after: transitionTo('ACCEPT'),
    roles: '{OFFICER}',
    payload: `jsonb_build_object(${od('d_acc')}) || CASE WHEN regime = 'L2023' THEN '{"procedure":"ORDINARY"}'::jsonb ELSE '{}'::jsonb END`,
  },
  {
    action: 'ASSIGN_HANDLERS',
    col: 'd_hand',
    after: 'SAME',
    roles: '{OFFICER}',
    basis: `'R07 32'`,
    payload: `jsonb_build_object('handlers', handlers, 'previous', '[]'::jsonb)`,
  },
  {
    action: 'SEND_COPY',
    col: 'd_copy',
    after: transitionTo('SEND_COPY'),
    roles: '{CLERK}',
    payload: `jsonb_build_object(${od('d_copy')})`,
  },
  {
    action: 'RECEIVE_REPLY',
    col: 'd_reply',
    after: transitionTo('RECEIVE_REPLY'),
    roles: '{CLERK}',
    payload: `jsonb_build_object(${od('d_reply')})`,
  },
  {
    action: 'START_MEDIATION',
    col: 'd_med',
    after: transitionTo('START_MEDIATION'),
    roles: '{OFFICER}',
    payload: `jsonb_build_object(${od('d_med')}, 'kind', 'MEDIATION')`,
  },
  {
    action: 'SUSPEND',
    col: 'd_susp',
    after: transitionTo('SUSPEND'),
    roles: '{OFFICER}',
    payload: `jsonb_build_object(${od('d_susp')}, 'ground', susp_ground)`,
  },
  {
    action: 'TERMINATE',
    col: 'd_term',
    after: transitionTo('TERMINATE'),
    roles: '{SUPERVISOR}',
    payload: `jsonb_build_object(${od('d_term')}, 'ground', term_ground, 'documentNumber', '台政复终字〔' || y || '〕' || seq || '号', 'reasons', '申请人撤回复议申请')`,
  },
  {
    action: 'DECIDE',
    col: 'd_dec',
    after: transitionTo('DECIDE'),
    roles: '{SUPERVISOR}',
    payload:
      `jsonb_build_object(${od('d_dec')}, 'decisionType', dtype, 'documentNumber', decision_number, ` +
      `'legalBasis', CASE WHEN regime = 'L2017' THEN '行政复议法第二十八条' ELSE '行政复议法第六十八条' END, 'reasons', '经审理查明') ` +
      `|| CASE WHEN remake THEN '{"remakeOrdered":true}'::jsonb ELSE '{}'::jsonb END`,
  },
  {
    action: 'SERVE_DECISION',
    col: 'd_serve',
    after: transitionTo('SERVE_DECISION'),
    roles: '{CLERK}',
    payload: `jsonb_build_object(${od('d_serve')})`,
  },
  {
    action: 'CLOSE',
    col: 'd_close',
    after: transitionTo('CLOSE'),
    roles: '{OFFICER}',
    payload: `jsonb_build_object(${od('d_close')})`,
  },
];

/** The state after the acts of steps[0..k) that are present (acts that keep the state are skipped). */
function stateAfterPrefix(k: number): string {
  const whens = STEPS.slice(0, k)
    .map((s, i) => ({ s, i }))
    .filter(({ s, i }) => i > 0 && s.after !== 'SAME')
    .reverse()
    .map(({ s }) => `WHEN ${s.col} IS NOT NULL THEN ${q(s.after)}`);
  return whens.length ? `(CASE ${whens.join(' ')} ELSE 'RECEIVED' END)` : `'RECEIVED'`;
}

function seqOf(k: number): string {
  return ['1', ...STEPS.slice(1, k + 1).map((s) => `(${s.col} IS NOT NULL)::int`)].join(' + ');
}

const DATE_COLS = STEPS.slice(1).map((s) => s.col);

function caseNumberSql(template: string): string {
  const parts: string[] = [];
  let last = 0;
  for (const m of template.matchAll(/\{(year|seq(?::(\d))?)\}/g)) {
    parts.push(q(template.slice(last, m.index)));
    parts.push(m[1] === 'year' ? 'y::text' : m[2] ? `lpad(seq::text, ${m[2]}, '0')` : 'seq::text');
    last = m.index + m[0].length;
  }
  parts.push(q(template.slice(last)));
  return parts.join(' || ');
}

function residentIdCheckSql(first17: string): string {
  const sum = RESIDENT_ID_WEIGHTS.map((w, i) => `substr(${first17}, ${i + 1}, 1)::int * ${w}`).join(' + ');
  return `substr('10X98765432', (${sum}) % 11 + 1, 1)`;
}

function groundsFor(
  list: 'NOT_ACCEPT_GROUNDS' | 'TERMINATION_GROUNDS',
  regime: LegalRegime,
  codes: string[],
): string[] {
  return codes.filter((c) => isCodeForRegime(list, c, regime));
}

/** Day table of the covered calendar years: working flag and k = number of working days up to and including it. */
async function prepareCalendar(client: ClientBase): Promise<{ firstYear: number; lastYear: number }> {
  const { rows } = await client.query<{ year: number }>('SELECT year FROM calendar_year ORDER BY year');
  if (rows.length === 0) {
    throw new Error('bench seed: calendar_year is empty (migrations not applied?)');
  }
  await client.query('DROP TABLE IF EXISTS pg_temp.bench_cal, pg_temp.bench_wd');
  // MAKE_UP_DAYS_ARE_WORKING_DAYS defaults to true: a make-up weekend day is a working day.
  const makeUpWorking = process.env.MAKE_UP_DAYS_ARE_WORKING_DAYS !== 'false';
  const lastYear = rows[rows.length - 1]!.year;
  // PROVISIONAL_CALENDAR (default on): the two years after the last loaded one come from the provisional calendar.
  const provisional =
    process.env.PROVISIONAL_CALENDAR === 'false'
      ? []
      : [lastYear + 1, lastYear + 2].map((year) => ({ year, rest_days: provisionalCalendarYear(year).restDays }));
  await client.query(
    `
    CREATE TEMP TABLE bench_cal AS
    WITH y AS (SELECT year, rest_days, make_up_workdays FROM calendar_year
               UNION ALL
               SELECT (p->>'year')::int, p->'rest_days', '[]'::jsonb FROM jsonb_array_elements($1::jsonb) p),
         rest AS (SELECT (e->>'date')::date AS day FROM y, jsonb_array_elements(y.rest_days) e),
         mk AS (SELECT (e->>'date')::date AS day FROM y, jsonb_array_elements(y.make_up_workdays) e),
         days AS (SELECT d::date AS day FROM y, generate_series(make_date(y.year, 1, 1), make_date(y.year, 12, 31), '1 day') d),
         w AS (SELECT days.day,
                      CASE WHEN days.day IN (SELECT day FROM rest) THEN false
                           WHEN days.day IN (SELECT day FROM mk) THEN ${makeUpWorking}
                           ELSE extract(isodow FROM days.day) < 6 END AS working
                 FROM days)
    SELECT day, working, (count(*) FILTER (WHERE working) OVER (ORDER BY day))::int AS k FROM w`,
    [JSON.stringify(provisional)],
  );
  await client.query('ALTER TABLE bench_cal ADD PRIMARY KEY (day)');
  await client.query('CREATE TEMP TABLE bench_wd AS SELECT k, day FROM bench_cal WHERE working');
  await client.query('ALTER TABLE bench_wd ADD PRIMARY KEY (k)');
  await client.query('ANALYZE bench_cal');
  await client.query('ANALYZE bench_wd');
  return { firstYear: rows[0]!.year, lastYear };
}

interface IndexDef {
  name: string;
  def: string;
}

/** Secondary (non-constraint) indexes of the three bulk tables, as CREATE statements. */
async function secondaryIndexes(client: ClientBase): Promise<IndexDef[]> {
  const { rows } = await client.query<IndexDef>(`
    SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS def
      FROM pg_index i
      JOIN pg_class c ON c.oid = i.indexrelid
      JOIN pg_class t ON t.oid = i.indrelid
     WHERE t.relname IN ('reconsideration_case', 'case_event', 'case_deadline')
       AND t.relnamespace = 'public'::regnamespace
       AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
     ORDER BY c.relname`);
  return rows;
}

export async function seedCases(databaseUrl: string, options: SeedOptions): Promise<SeedResult> {
  // Three sessions: the projection, the events and the clocks are written concurrently from one unlogged seed table.
  const clients: Client[] = [];
  try {
    for (let i = 0; i < 3; i++) {
      const c = new Client({ connectionString: databaseUrl, application_name: `bench-seed-${i}` });
      await c.connect();
      clients.push(c);
    }
    return await seedWith(clients as [Client, Client, Client], options);
  } finally {
    await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
  }
}

async function seedWith(clients: [Client, Client, Client], options: SeedOptions): Promise<SeedResult> {
  const [client, eventsClient, deadlinesClient] = clients;
  const log = options.log ?? ((): void => undefined);
  const phases: Record<string, number> = {};
  const started = Date.now();
  let mark = started;
  const phase = (name: string): void => {
    const now = Date.now();
    phases[name] = (phases[name] ?? 0) + (now - mark);
    mark = now;
  };
  const today = options.today;

  let fkTriggersOff = true;
  for (const c of clients) {
    await c.query(`SET synchronous_commit = off`);
    await c.query(`SET work_mem = '256MB'`);
    await c.query(`SET maintenance_work_mem = '1GB'`);
    try {
      // Skips the FK triggers (the rows are consistent by construction); superuser only, so optional.
      await c.query(`SET session_replication_role = replica`);
    } catch {
      fkTriggersOff = false;
    }
  }
  if (!fkTriggersOff) {
    log('seed: session_replication_role not settable (not superuser): FK checks stay on, cases load first');
  }
  const organs = await client.query<{ id: string; template: string }>(
    `SELECT id, case_number_template AS template FROM organ WHERE code = $1`,
    [options.organCode ?? 'TAIQIAN'],
  );
  const organ = organs.rows[0];
  if (!organ) {
    throw new Error(`bench seed: organ ${options.organCode ?? 'TAIQIAN'} not found`);
  }
  const { firstYear, lastYear } = await prepareCalendar(deadlinesClient);
  const fromDate = options.fromDate ?? `${firstYear}-01-01`;
  await client.query(`SELECT setseed(${options.seed ?? 0.42})`);
  phase('prepare');

  const naL17 = groundsFor(
    'NOT_ACCEPT_GROUNDS',
    'L2017',
    NOT_ACCEPT_GROUNDS.map((g) => g.code).filter((c) => !c.endsWith('OUTSIDE_JURISDICTION')),
  );
  const naL23 = groundsFor(
    'NOT_ACCEPT_GROUNDS',
    'L2023',
    NOT_ACCEPT_GROUNDS.map((g) => g.code).filter((c) => !c.endsWith('OUTSIDE_JURISDICTION')),
  );
  const termGrounds = (regime: LegalRegime) =>
    groundsFor('TERMINATION_GROUNDS', regime, [
      'WITHDRAWAL_APPROVED',
      'WITHDRAWAL_APPROVED',
      'WITHDRAWAL_APPROVED',
      'WITHDRAWN_AFTER_RESPONDENT_CORRECTED',
      'WITHDRAWN_AFTER_RESPONDENT_CORRECTED',
      'SETTLEMENT',
    ]).filter((c) => TERMINATION_GROUNDS.some((g) => g.code === c));

  const fresh = options.kind === 'fresh';
  const receivedSql = fresh
    ? `${q(today)}::date`
    : `(${q(fromDate)}::date + floor(u1 * (${q(today)}::date - ${q(fromDate)}::date + 1))::int)`;
  const pathSql = fresh
    ? `'FRESH'`
    : `CASE WHEN u2 < 0.08 THEN 'NOT_ACCEPTED' WHEN u2 < 0.13 THEN 'WITHDRAWN'
            WHEN u2 < 0.145 THEN CASE WHEN r < '2024-01-01' THEN 'TRANSFERRED' ELSE 'NOT_ACCEPTED' END
            WHEN u2 < 0.165 THEN 'DEEMED' WHEN u2 < 0.235 THEN 'TERMINATED' WHEN u2 < 0.25 THEN 'MEDIATED'
            WHEN u2 < 0.253 THEN 'SUSPENDED' WHEN u2 < 0.255 THEN 'STUCK' ELSE 'DECIDED' END`;
  const until = (x: string): string => `CASE WHEN ${x} <= ${q(today)}::date THEN ${x} END`;
  const first17 = `('410927' || to_char(date '1950-01-01' + floor(u6 * 18000)::int, 'YYYYMMDD') || lpad((i % 1000)::text, 3, '0'))`;

  const outcome = `CASE WHEN d_dec IS NOT NULL THEN dtype WHEN d_term IS NOT NULL THEN 'TERMINATED'
      WHEN d_dw IS NOT NULL THEN 'DEEMED_WITHDRAWN' WHEN d_wd IS NOT NULL THEN 'WITHDRAWN'
      WHEN d_na IS NOT NULL THEN 'NOT_ACCEPTED' WHEN d_tr IS NOT NULL THEN 'TRANSFERRED' END`;
  // Every applicant name (surname + two given characters) with its grams, joined instead of computed per case.
  await client.query('DROP TABLE IF EXISTS pg_temp.bench_names');
  await client.query(`
    CREATE TEMP TABLE bench_names AS
    SELECT n1, n2, n3, c1 || c2 || c3 AS aname,
           ARRAY(SELECT g FROM (SELECT DISTINCT g FROM unnest(ARRAY[c1, c2, c3, c1 || c2, c2 || c3]) g) z
                 ORDER BY g COLLATE "C") AS grams
      FROM (SELECT n1, n2, n3, (${sqlArray(SURNAMES)})[n1] AS c1, (${sqlArray(GIVEN)})[n2] AS c2, (${sqlArray(GIVEN)})[n3] AS c3
              FROM generate_series(1, ${SURNAMES.length}) n1, generate_series(1, ${GIVEN.length}) n2,
                   generate_series(1, ${GIVEN.length}) n3) x`);
  await client.query('DROP TABLE IF EXISTS public.bench_seed');
  const generateSql = `
    CREATE UNLOGGED TABLE public.bench_seed AS
    WITH base AS (
      SELECT i, gen_random_uuid() AS id, random() AS u1, random() AS u2, random() AS u3, random() AS u4,
             random() AS u5, random() AS u6, random() AS u7, random() AS u8, random() AS u9, random() AS u10,
             random() AS u11, random() AS u12
        FROM generate_series(1, ${options.count}) i
    ), b1 AS (
      SELECT *, ${receivedSql} AS r FROM base
    ), b2 AS (
      SELECT *, CASE WHEN r < '2024-01-01' THEN 'L2017' ELSE 'L2023' END AS regime, ${pathSql} AS path FROM b1
    ), a1 AS (
      SELECT *,
        CASE WHEN path IN ('TERMINATED','MEDIATED','SUSPENDED','STUCK','DECIDED') THEN r + 1 + floor(u8 * 4)::int END AS x_acc,
        CASE WHEN path = 'NOT_ACCEPTED' THEN r + 1 + floor(u9 * 5)::int END AS x_na,
        CASE WHEN path = 'WITHDRAWN' THEN r + 1 + floor(u9 * 4)::int END AS x_wd,
        CASE WHEN path = 'TRANSFERRED' THEN r + 1 + floor(u9 * 5)::int END AS x_tr,
        CASE WHEN path = 'DEEMED' THEN r + 1 + floor(u9 * 3)::int END AS x_rc
      FROM b2
    ), a2 AS (
      SELECT *, x_acc + 1 + floor(u9 * 5)::int AS x_copy, x_rc + 40 AS x_dw FROM a1
    ), a3 AS (
      SELECT *,
        CASE WHEN path IN ('SUSPENDED','STUCK','DECIDED') THEN x_copy + 3 + floor(u10 * 7)::int END AS x_reply,
        CASE WHEN path = 'MEDIATED' THEN x_copy + 5 + floor(u10 * 10)::int END AS x_med,
        CASE WHEN path = 'TERMINATED' THEN x_copy + 10 + floor(u11 * 40)::int END AS x_term
      FROM a2
    ), a4 AS (
      SELECT *,
        CASE WHEN path = 'SUSPENDED' THEN x_reply + 2 + floor(u11 * 10)::int END AS x_susp,
        CASE WHEN path = 'DECIDED' THEN x_acc + 20 + floor(u11 * 38)::int
             WHEN path = 'MEDIATED' THEN x_med + 5 + floor(u11 * 15)::int END AS x_dec,
        CASE WHEN path = 'MEDIATED' THEN 'MEDIATED'
             WHEN u3 < 0.36 THEN 'UPHELD' WHEN u3 < 0.60 THEN 'DISMISSED' WHEN u3 < 0.76 THEN 'REVOKED'
             WHEN u3 < 0.80 THEN 'VARIED' WHEN u3 < 0.90 THEN 'CONFIRMED_ILLEGAL'
             WHEN u3 < 0.97 OR regime = 'L2017' THEN 'ORDERED_TO_PERFORM' ELSE 'CONFIRMED_VOID' END AS dtype
      FROM a3
    ), a5 AS (
      SELECT *, x_dec + 1 + floor(u12 * 6)::int AS x_serve, (dtype = 'REVOKED' AND u12 < 0.5) AS remake FROM a4
    ), a6 AS (
      SELECT *, x_serve + CASE WHEN remake THEN 20 + floor(u8 * 40)::int ELSE 3 + floor(u8 * 15)::int END AS x_close
      FROM a5
    ), t AS MATERIALIZED (
      SELECT i, id, u3, u4, u5, u6, u7, u8, u12, r, regime, path, dtype, remake,
             ${until('x_rc')} AS d_rc, ${until('x_dw')} AS d_dw, ${until('x_na')} AS d_na, ${until('x_wd')} AS d_wd,
             ${until('x_tr')} AS d_tr, ${until('x_acc')} AS d_acc, ${until('x_acc')} AS d_hand,
             ${until('x_copy')} AS d_copy, ${until('x_reply')} AS d_reply, ${until('x_med')} AS d_med,
             ${until('x_susp')} AS d_susp, ${until('x_term')} AS d_term, ${until('x_dec')} AS d_dec,
             ${until('x_serve')} AS d_serve, ${until('x_close')} AS d_close,
             extract(year FROM r)::int AS y
        FROM a6
    ), numbered AS (
      SELECT t.*, coalesce(s.last_seq, 0) + row_number() OVER (PARTITION BY t.y ORDER BY t.r, t.i)::int AS seq
        FROM t LEFT JOIN case_number_sequence s ON s.organ_id = ${q(organ.id)}::uuid AND s.year = t.y
    ), named AS MATERIALIZED (
      SELECT n.*,
             1 + floor(u5 * ${SURNAMES.length})::int AS n1, 1 + floor(u6 * ${GIVEN.length})::int AS n2,
             1 + floor(u7 * ${GIVEN.length})::int AS n3,
             ${first17} AS id17,
             ${pick(CATEGORIES, 'u4')} AS category,
             CASE WHEN u8 < 0.18 THEN 'TOWNSHIP' ELSE ${pick(DOMAINS, 'u3')} END AS domain,
             ${pick(CHANNELS, 'u12')} AS channel,
             1 + floor(u7 * ${OFFICERS.length})::int AS h1
        FROM numbered n
    ), d1 AS (
    SELECT named.*,
           nm.aname, nm.grams,
           id17 || ${residentIdCheckSql('id17')} AS id_number,
           CASE WHEN substr(id17, 17, 1)::int % 2 = 1 THEN 'MALE' ELSE 'FEMALE' END AS sex,
           CASE WHEN domain = 'TOWNSHIP' THEN 'TOWNSHIP_GOVERNMENT' WHEN u4 < 0.06 THEN 'VERTICAL_AGENCY'
                WHEN u4 < 0.08 THEN 'OTHER' ELSE 'COUNTY_DEPARTMENT' END AS rkind,
           CASE WHEN domain = 'TOWNSHIP' THEN '台前县' || ${pick(TOWNS, 'u12')} || '人民政府'
                ELSE (${`CASE domain ${Object.entries(DEPARTMENTS)
                  .map(([k, v]) => `WHEN ${q(k)} THEN ${q(v)}`)
                  .join(' ')} END`}) END AS rname,
           (${sqlArray(OFFICERS)})[h1] AS hn1,
           (${sqlArray(OFFICERS)})[1 + (h1 + floor(u8 * ${OFFICERS.length - 1})::int) % ${OFFICERS.length}] AS hn2,
           ${caseNumberSql(organ.template)} AS case_number,
           '台政复决字〔' || y || '〕' || seq || '号' AS decision_number,
           CASE WHEN regime = 'L2017' THEN ${pick(naL17, 'u3')} ELSE ${pick(naL23, 'u3')} END AS na_ground,
           CASE WHEN u3 < 0.4 THEN 'SETTLED_BEFORE_ACCEPTANCE' ELSE 'VOLUNTARY' END AS wd_reason,
           CASE WHEN regime = 'L2017' THEN ${pick(termGrounds('L2017'), 'u3')} ELSE ${pick(termGrounds('L2023'), 'u3')} END AS term_ground,
           CASE WHEN regime = 'L2017' THEN 'R07_41_7_AWAITING_OTHER_CASE' ELSE 'L23_39_8_AWAITING_OTHER_CASE' END AS susp_ground
      FROM named JOIN bench_names nm ON nm.n1 = named.n1 AND nm.n2 = named.n2 AND nm.n3 = named.n3
    )
    SELECT d1.*,
           ${stateAfterPrefix(STEPS.length)} AS state,
           ${outcome} AS outcome,
           coalesce(d_dec, d_term, d_dw, d_wd, d_na, d_tr) AS concluded_on,
           greatest(r, ${DATE_COLS.filter((c) => c !== 'd_hand').join(', ')}) AS last_act_on,
           ${seqOf(STEPS.length - 1)} AS version,
           CASE WHEN d_hand IS NOT NULL THEN jsonb_build_array(jsonb_build_object('name', hn1), jsonb_build_object('name', hn2))
                ELSE '[]'::jsonb END AS handlers,
           jsonb_build_object(
             'channel', channel,
             'applicants', jsonb_build_array(jsonb_build_object(
                'kind', 'NATURAL_PERSON', 'name', aname, 'sex', sex, 'idNumber', id_number,
                'address', '台前县' || ${pick(TOWNS, 'u5')}, 'phone', '138' || lpad(i::text, 8, '0'))),
             'thirdParties', '[]'::jsonb,
             'respondent', jsonb_build_object('name', rname, 'kind', rkind),
             'contestedAct', jsonb_build_object('title', '行政决定书', 'documentNumber', '台行决〔' || y || '〕' || (i % 997) || '号',
                'category', category, 'managementDomain', domain, 'madeOn', r - 30, 'knownOn', r - 25),
             'request', jsonb_build_object('codes', jsonb_build_array('REVOKE'), 'text', '请求撤销该行政行为')
           ) AS details
      FROM d1`;
  if (process.env.BENCH_SEED_EXPLAIN) {
    const plan = await client.query<Record<string, string>>(`EXPLAIN (ANALYZE, BUFFERS) ${generateSql}`);
    log(plan.rows.map((r) => Object.values(r)[0]).join('\n'));
    await client.query('DROP TABLE public.bench_seed');
  }
  await client.query(generateSql);
  phase('generate');

  const rebuild = options.rebuildIndexes ?? (!fresh && options.count >= 50_000);
  const indexes = rebuild ? await secondaryIndexes(client) : [];
  for (const ix of indexes) {
    await client.query(`DROP INDEX "public"."${ix.name}"`);
  }
  phase('drop indexes');

  const facts = `jsonb_build_object(
      'regime', regime, 'state', state, 'procedure', CASE WHEN d_acc IS NOT NULL THEN 'ORDINARY' END,
      'receivedOn', r, 'lastActOn', last_act_on,
      'correctionRequestCount', (d_rc IS NOT NULL)::int, 'correctionRequestedOn', d_rc, 'correctionDueOn', d_rc + 15,
      'correctionReceivedOn', NULL::date, 'acceptedOn', d_acc, 'copySentOn', d_copy, 'replyReceivedOn', d_reply,
      'hearingCount', 0,
      'suspensions', CASE WHEN d_susp IS NOT NULL
                          THEN jsonb_build_array(jsonb_build_object('from', d_susp, 'to', NULL::date, 'ground', susp_ground))
                          ELSE '[]'::jsonb END,
      'mediationKind', CASE WHEN d_med IS NOT NULL THEN 'MEDIATION' END,
      'extensionDays', NULL::int, 'extendedOn', NULL::date, 'convertedToOrdinaryOn', NULL::date,
      'decisionType', CASE WHEN d_dec IS NOT NULL THEN dtype END, 'decidedOn', d_dec,
      'decisionDocumentNumber', CASE WHEN d_dec IS NOT NULL THEN decision_number END,
      'remakeDeadlineDays', CASE WHEN d_dec IS NOT NULL AND remake THEN 60 END,
      'servedOn', d_serve, 'closedOn', d_close, 'outcome', outcome, 'concludedOn', concluded_on,
      'notAcceptGround', CASE WHEN d_na IS NOT NULL THEN na_ground END,
      'terminationGround', CASE WHEN d_term IS NOT NULL THEN term_ground END,
      'withdrawalReason', CASE WHEN d_wd IS NOT NULL THEN wd_reason END,
      'handlerCount', CASE WHEN d_hand IS NOT NULL THEN 2 ELSE 0 END)`;
  const casesSql = `
    INSERT INTO reconsideration_case (id, organ_id, case_number, received_year, sequence, legal_regime, state, outcome,
        procedure, received_on, accepted_on, decided_on, concluded_on, channel, respondent_kind, respondent_name,
        act_category, management_domain, applicant_names, applicant_name_grams, handler_names, handlers, details, facts,
        version, created_at, updated_at, termination_ground, withdrawal_reason)
    SELECT id, ${q(organ.id)}::uuid, case_number, y, seq, regime, state, outcome,
           CASE WHEN d_acc IS NOT NULL THEN 'ORDINARY' END, r, d_acc, d_dec, concluded_on, channel, rkind, rname,
           category, domain, aname, grams,
           CASE WHEN d_hand IS NOT NULL THEN ARRAY[hn1, hn2] ELSE '{}'::text[] END, handlers, details, ${facts},
           version, r + time '09:30', last_act_on + time '16:00',
           CASE WHEN d_term IS NOT NULL THEN term_ground END, CASE WHEN d_wd IS NOT NULL THEN wd_reason END
      FROM bench_seed ORDER BY r, i`;
  const loadCases = async (): Promise<void> => {
    const t = Date.now();
    await client.query(casesSql);
    phases['load: cases'] = Date.now() - t;
  };
  const loadEvents = async (): Promise<number> => {
    const t = Date.now();
    let n = 0;
    for (const [k, step] of STEPS.entries()) {
      const before = k === 0 ? 'NULL' : stateAfterPrefix(k);
      const after = step.after === 'SAME' ? before : q(step.after);
      const res = await eventsClient.query(`
        INSERT INTO case_event (case_id, organ_id, seq, action, occurred_on, recorded_at, actor_key_id, actor_name,
            actor_roles, state_before, state_after, legal_basis, payload, undoes_seq)
        SELECT id, ${q(organ.id)}::uuid, ${seqOf(k)}, ${q(step.action)}, ${step.col}, ${step.col} + time '10:00', NULL,
               'bench-seed', ${q(step.roles)}, ${before}, ${after}, ${step.basis ?? transitionBasis(step.action)}, ${step.payload}, NULL
          FROM bench_seed WHERE ${step.col} IS NOT NULL`);
      n += res.rowCount ?? 0;
    }
    phases['load: events'] = Date.now() - t;
    return n;
  };
  const loadDeadlines = async (): Promise<number> => {
    const t = Date.now();
    const n = await insertDeadlines(deadlinesClient, organ.id, lastYear);
    phases['load: deadlines'] = Date.now() - t;
    return n;
  };
  // The statistics rollup is rebuilt set-based after the load (below) rather than by its per-row trigger. Under
  // session_replication_role = replica the trigger does not fire anyway; otherwise switch it off for the load.
  const rollupTrigger = 'case_statistics_rollup_insert';
  if (!fkTriggersOff) {
    await client.query(`ALTER TABLE reconsideration_case DISABLE TRIGGER ${rollupTrigger}`);
  }
  let events: number;
  let deadlines: number;
  if (fkTriggersOff) {
    [, events, deadlines] = await Promise.all([loadCases(), loadEvents(), loadDeadlines()]);
  } else {
    await loadCases();
    [events, deadlines] = await Promise.all([loadEvents(), loadDeadlines()]);
  }
  phase('load (3 sessions)');

  await client.query(
    `INSERT INTO case_number_sequence (organ_id, year, last_seq)
     SELECT ${q(organ.id)}::uuid, y, max(seq) FROM bench_seed GROUP BY y
     ON CONFLICT (organ_id, year) DO UPDATE SET last_seq = GREATEST(case_number_sequence.last_seq, EXCLUDED.last_seq)`,
  );
  await client.query('DROP TABLE bench_seed');
  phase('sequences');

  if (options.rebuildRollup !== false) {
    await client.query('SELECT statistics_rollup_rebuild()');
  }
  if (!fkTriggersOff) {
    await client.query(`ALTER TABLE reconsideration_case ENABLE TRIGGER ${rollupTrigger}`);
  }
  phase('statistics rollup');

  // The index builds, spread over the three sessions.
  const queue = [...indexes];
  await Promise.all(
    clients.map(async (c) => {
      for (let ix = queue.shift(); ix; ix = queue.shift()) {
        await c.query(ix.def);
      }
    }),
  );
  phase('rebuild indexes');
  const ms = Date.now() - started;
  log(`seed: ${options.count} ${options.kind} cases, ${events} events, ${deadlines} deadlines in ${ms} ms`);
  return { count: options.count, events, deadlines, ms, phases };
}

/**
 * The clocks of clocks.ts for the paths above, stored as recomputeForCase stores them: only started clocks; due_on
 * NULL when paused or when the calendar does not reach the due date (calendar_missing); open when awaiting its act.
 * Working days: the k-th working day after the start via bench_wd; calendar days: start + n rolled forward to the
 * next working day when it is a rest day.
 */
async function insertDeadlines(client: ClientBase, organId: string, lastLoadedYear: number): Promise<number> {
  const waiting = `(d_rc IS NOT NULL AND d_dw IS NULL)`;
  const legalAcceptance = `CASE WHEN d_acc IS NULL THEN NULL WHEN regime = 'L2017' THEN r ELSE d_acc END`;
  interface ClockDef {
    clock: string;
    start: string;
    /** Due date given the aliases wd (working-day result) and cd (calendar-day result). */
    due: string;
    wd: number;
    cd: number;
    met: string;
    paused: string;
    remake?: boolean;
    basis: string;
  }
  const clocks: ClockDef[] = [
    {
      clock: 'ACCEPTANCE_REVIEW',
      start: 'r',
      due: 'wd',
      wd: 5,
      cd: 0,
      met: `CASE WHEN ${waiting} THEN NULL WHEN d_rc IS NOT NULL THEN d_rc
                 ELSE coalesce(d_acc, CASE WHEN outcome IN ('NOT_ACCEPTED','TRANSFERRED','WITHDRAWN','DEEMED_WITHDRAWN') THEN concluded_on END) END`,
      paused: waiting,
      basis: `CASE WHEN regime = 'L2017' THEN 'L17 17, 40' ELSE 'L23 30, 31 ¶3, 88' END`,
    },
    {
      clock: 'CORRECTION',
      start: 'd_rc',
      due: `CASE WHEN regime = 'L2017' THEN x.d_rc + 15 WHEN wd IS NULL THEN NULL ELSE greatest(wd, x.d_rc + 15) END`,
      wd: 10,
      cd: 0,
      met: 'NULL::date',
      paused: 'false',
      basis: `CASE WHEN regime = 'L2017' THEN 'R07 29' ELSE 'L23 31, 88' END`,
    },
    {
      clock: 'COPY_TO_RESPONDENT',
      start: legalAcceptance,
      due: 'wd',
      wd: 7,
      cd: 0,
      met: 'd_copy',
      paused: 'false',
      basis: `CASE WHEN regime = 'L2017' THEN 'L17 23, 40' ELSE 'L23 48, 88' END`,
    },
    {
      clock: 'DECISION',
      start: legalAcceptance,
      due: 'cd',
      wd: 0,
      cd: 60,
      met: 'd_dec',
      paused: 'd_susp IS NOT NULL',
      basis: `CASE WHEN regime = 'L2017' THEN 'L17 31' ELSE 'L23 62 ¶1' END`,
    },
    {
      clock: 'RESPONDENT_REPLY',
      start: 'd_copy',
      due: `CASE WHEN regime = 'L2017' THEN cd ELSE wd END`,
      wd: 10,
      cd: 10,
      met: 'd_reply',
      paused: 'false',
      basis: `CASE WHEN regime = 'L2017' THEN 'L17 23' ELSE 'L23 48, 88' END`,
    },
    {
      clock: 'REMAKE',
      start: `CASE WHEN d_dec IS NOT NULL AND remake THEN d_serve END`,
      due: 'cd',
      wd: 0,
      cd: 60,
      met: 'd_close',
      paused: 'false',
      remake: true,
      basis: `'R07 49'`,
    },
  ];
  let total = 0;
  for (const c of clocks) {
    const res = await client.query(`
      INSERT INTO case_deadline (case_id, clock, organ_id, due_on, met_on, open, calendar_missing, provisional, legal_basis, computed_at)
      SELECT id, ${q(c.clock)}, ${q(organId)}::uuid,
             CASE WHEN due IS NULL OR (met IS NULL AND paused) THEN NULL ELSE due END,
             met,
             due IS NOT NULL AND met IS NULL AND NOT paused AND ${c.remake ? 'true' : 'concluded_on IS NULL'},
             due IS NULL,
             coalesce(extract(year FROM due) > ${lastLoadedYear}, false),
             basis, last_act_on + time '16:00'
        FROM (
          SELECT x.id, x.concluded_on, x.last_act_on, ${c.basis} AS basis, ${c.met} AS met, ${c.paused} AS paused,
                 ${c.due} AS due
            FROM (SELECT s.*, ${c.start} AS c_start FROM public.bench_seed s) x
            LEFT JOIN bench_cal a ON a.day = x.c_start
            LEFT JOIN bench_wd aw ON aw.k = a.k + ${c.wd}
            LEFT JOIN bench_cal b ON b.day = x.c_start + ${c.cd}
            LEFT JOIN bench_wd bw ON bw.k = b.k + 1
            CROSS JOIN LATERAL (SELECT aw.day AS wd,
                                       CASE WHEN b.day IS NULL THEN NULL WHEN b.working THEN b.day ELSE bw.day END AS cd) d
           WHERE x.c_start IS NOT NULL
        ) y`);
    total += res.rowCount ?? 0;
  }
  return total;
}

export interface VerifyResult {
  checked: number;
  mismatches: number;
  messages: string[];
}

/**
 * Proves a sample of seeded cases consistent with the service's own code: the facts are the reducer's fold of the
 * events, the projection columns and version match them, the stored clocks are what computeClocks gives, the case
 * number and name grams are rendered as the service renders them, and the identity numbers are valid.
 */
export async function verifySeed(client: ClientBase, sample: number): Promise<VerifyResult> {
  const years = await client.query<{
    year: number;
    notice: string;
    amendments: CalendarYear['amendments'];
    rest_days: CalendarYear['restDays'];
    make_up_workdays: CalendarYear['makeUpWorkdays'];
  }>('SELECT year, notice, amendments, rest_days, make_up_workdays FROM calendar_year');
  const calendar = new WorkingDayCalendar(
    years.rows.map((y) => ({
      year: y.year,
      notice: y.notice,
      amendments: y.amendments,
      restDays: y.rest_days,
      makeUpWorkdays: y.make_up_workdays,
    })),
    {
      makeUpDaysAreWorkingDays: process.env.MAKE_UP_DAYS_ARE_WORKING_DAYS !== 'false',
      provisionalYears: process.env.PROVISIONAL_CALENDAR !== 'false',
    },
  );
  const cases = await client.query<{
    id: string;
    case_number: string;
    received_year: number;
    sequence: number;
    template: string;
    state: string;
    outcome: string | null;
    accepted_on: string | null;
    decided_on: string | null;
    concluded_on: string | null;
    version: number;
    applicant_names: string;
    applicant_name_grams: string[];
    facts: Record<string, unknown> & { lastActOn: string };
    details: { applicants: Array<{ idNumber?: string }> };
  }>(
    `SELECT c.id, c.case_number, c.received_year, c.sequence, o.case_number_template AS template, c.state, c.outcome,
            c.accepted_on::text, c.decided_on::text, c.concluded_on::text, c.version, c.applicant_names,
            c.applicant_name_grams, c.facts, c.details
       FROM reconsideration_case c JOIN organ o ON o.id = c.organ_id
      ORDER BY random() LIMIT $1`,
    [sample],
  );
  const messages: string[] = [];
  let mismatches = 0;
  const fail = (id: string, what: string): void => {
    mismatches += 1;
    if (messages.length < 20) {
      messages.push(`${id}: ${what}`);
    }
  };
  const canonical = (v: unknown): string =>
    JSON.stringify(v, (_k, value: unknown) =>
      value && typeof value === 'object' && !Array.isArray(value)
        ? Object.fromEntries(Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
        : value,
    );
  for (const c of cases.rows) {
    const events = await client.query<{
      seq: number;
      action: string;
      occurred_on: string;
      payload: Record<string, unknown>;
      undoes_seq: number | null;
      state_before: string | null;
      state_after: string;
    }>(
      `SELECT seq, action, occurred_on::text, payload, undoes_seq, state_before, state_after
         FROM case_event WHERE case_id = $1 ORDER BY seq`,
      [c.id],
    );
    const evs = events.rows;
    if (evs.length !== c.version || evs.some((e, i) => e.seq !== i + 1)) {
      fail(c.id, `version ${c.version} vs ${evs.length} events`);
      continue;
    }
    evs.forEach((e, i) => {
      if (i > 0 && e.state_before !== evs[i - 1]!.state_after) {
        fail(c.id, `event ${e.seq} state_before ${e.state_before} ≠ ${evs[i - 1]!.state_after}`);
      }
    });
    const reg = evs[0]!.payload as { legalRegime: 'L2017' | 'L2023'; receivedOn: string };
    const facts = replay(
      { legalRegime: reg.legalRegime, receivedOn: reg.receivedOn },
      evs.map((e) => ({
        seq: e.seq,
        action: e.action as Parameters<typeof replay>[1][number]['action'],
        occurredOn: e.occurred_on,
        payload: e.payload,
        undoesSeq: e.undoes_seq,
      })),
    );
    if (canonical(facts) !== canonical(c.facts)) {
      fail(
        c.id,
        `facts differ from the fold of the events:\n  fold   ${canonical(facts)}\n  stored ${canonical(c.facts)}`,
      );
    }
    const cols: Array<[string, unknown, unknown]> = [
      ['state', c.state, facts.state],
      ['state_after', evs[evs.length - 1]!.state_after, facts.state],
      ['outcome', c.outcome, facts.outcome],
      ['accepted_on', c.accepted_on, facts.acceptedOn],
      ['decided_on', c.decided_on, facts.decidedOn],
      ['concluded_on', c.concluded_on, facts.concludedOn],
      ['case_number', c.case_number, renderCaseNumber(c.template, c.received_year, c.sequence)],
      ['applicant_name_grams', c.applicant_name_grams.join(','), nameGrams(c.applicant_names.split('、')).join(',')],
    ];
    for (const [name, stored, expected] of cols) {
      if (stored !== expected) {
        fail(c.id, `${name}: stored ${String(stored)}, expected ${String(expected)}`);
      }
    }
    for (const a of c.details.applicants) {
      if (a.idNumber && !isValidResidentId(a.idNumber)) {
        fail(c.id, `invalid resident ID ${a.idNumber}`);
      }
    }
    const expected = computeClocks(facts, calendar, facts.lastActOn, {
      l2017AcceptanceFromReceipt: process.env.L2017_ACCEPTANCE_FROM_RECEIPT !== 'false',
    })
      .filter((k) => k.status !== 'NOT_STARTED')
      .map((k) => ({
        clock: k.clock,
        dueOn: k.status === 'PAUSED' ? null : k.dueOn,
        metOn: k.metOn,
        open: k.open,
        calendarMissing: k.status === 'CALENDAR_MISSING',
        provisional: k.provisional,
        legalBasis: k.legalBasis,
      }))
      .sort((a, b) => (a.clock < b.clock ? -1 : 1));
    const stored = await client.query<{
      clock: string;
      due_on: string | null;
      met_on: string | null;
      open: boolean;
      calendar_missing: boolean;
      provisional: boolean;
      legal_basis: string;
    }>(
      `SELECT clock, due_on::text, met_on::text, open, calendar_missing, provisional, legal_basis
         FROM case_deadline WHERE case_id = $1 ORDER BY clock`,
      [c.id],
    );
    const got = stored.rows
      .map((d) => ({
        clock: d.clock,
        dueOn: d.due_on,
        metOn: d.met_on,
        open: d.open,
        calendarMissing: d.calendar_missing,
        provisional: d.provisional,
        legalBasis: d.legal_basis,
      }))
      .sort((a, b) => (a.clock < b.clock ? -1 : 1));
    if (canonical(got) !== canonical(expected)) {
      fail(c.id, `deadlines differ:\n  computed ${canonical(expected)}\n  stored   ${canonical(got)}`);
    }
  }
  return { checked: cases.rows.length, mismatches, messages };
}

/**
 * What the benchmarks send: the service's endpoints with their headers and bodies, the baseline's equivalents, and
 * the one-shot pools of fresh RECEIVED cases (version 1) that the ACCEPT runs consume.
 */
import { Client } from 'pg';
import { residentIdCheckCharacter } from '../src/cases/domain/identifiers';
import type { RequestSpec } from './load';
import { seedCases } from './seed';

export interface WorkloadContext {
  serviceUrl: string;
  key: string;
  today: string;
  year: number;
  asOf: string;
  caseIds: string[];
  categories: string[];
}

const SURNAMES = [...'王李张刘陈杨赵黄周吴'];
const GIVEN = [...'伟芳娜敏静丽强磊军洋勇艳杰娟涛'];

/** Valid registration bodies (the resident ID check characters are computed, not invented). */
export function registrationBodies(count: number, receivedOn: string): string[] {
  const bodies: string[] = [];
  for (let i = 0; i < count; i++) {
    const first17 = `410927${1950 + (i % 50)}0${1 + (i % 9)}1${i % 10}${String(i % 1000).padStart(3, '0')}`;
    bodies.push(
      JSON.stringify({
        receivedOn,
        channel: 'IN_PERSON',
        applicants: [
          {
            kind: 'NATURAL_PERSON',
            name: `${SURNAMES[i % SURNAMES.length]}${GIVEN[(i * 7) % GIVEN.length]}${GIVEN[(i * 3) % GIVEN.length]}`,
            sex: 'MALE',
            idNumber: first17 + residentIdCheckCharacter(first17),
            address: '台前县城关镇',
            phone: '13800000000',
          },
        ],
        respondent: { name: '台前县市场监督管理局', kind: 'COUNTY_DEPARTMENT' },
        contestedAct: {
          title: '行政处罚决定书',
          documentNumber: `台市监罚〔${receivedOn.slice(0, 4)}〕${i + 1}号`,
          category: 'ADMINISTRATIVE_PENALTY',
          managementDomain: 'MARKET_REGULATION',
          amountInvolvedYuan: 5000,
        },
        request: { codes: ['REVOKE'], text: '请求撤销该行政处罚决定。' },
      }),
    );
  }
  return bodies;
}

export function cycle<T>(items: readonly T[]): () => T {
  let i = 0;
  return () => items[i++ % items.length]!;
}

export function randomPick<T>(items: readonly T[]): () => T {
  return () => items[Math.floor(Math.random() * items.length)]!;
}

/** One-shot: each item is handed out once; undefined when used up. */
export function oneShot<T>(items: readonly T[]): { next: () => T | undefined; used: () => number } {
  let i = 0;
  return { next: () => (i < items.length ? items[i++] : undefined), used: () => i };
}

export function statisticsPath(year: number, asOf: string): string {
  return `/v1/statistics/reconsideration?from=${year}-01-01&to=${year}-12-31&asOf=${asOf}`;
}

/** The service's read scenarios, each a request generator. */
export function serviceReads(ctx: WorkloadContext): Record<string, { title: string; next: () => RequestSpec }> {
  const auth = { authorization: `Bearer ${ctx.key}` };
  const id = randomPick(ctx.caseIds);
  const category = cycle(ctx.categories);
  return {
    get: {
      title: 'GET a case (random ids)',
      next: () => ({ method: 'GET', path: `/v1/cases/${id()}`, headers: auth }),
    },
    list: {
      title: 'List: state=UNDER_REVIEW&actCategory=…&limit=20',
      next: () => ({
        method: 'GET',
        path: `/v1/cases?state=UNDER_REVIEW&actCategory=${category()}&limit=20`,
        headers: auth,
      }),
    },
    statsYear: {
      title: `A year's tallies (${ctx.year}, asOf ${ctx.year}-12-31)`,
      next: () => ({ method: 'GET', path: statisticsPath(ctx.year, `${ctx.year}-12-31`), headers: auth }),
    },
    statsAsOf: {
      title: `As-of tallies (${ctx.year}, asOf ${ctx.asOf})`,
      next: () => ({ method: 'GET', path: statisticsPath(ctx.year, ctx.asOf), headers: auth }),
    },
    dueSoon: {
      title: 'Queue: DUE_SOON within 5 working days',
      next: () => ({ method: 'GET', path: '/v1/deadlines?status=DUE_SOON&within=5&limit=20', headers: auth }),
    },
    overdue: {
      title: 'Queue: OVERDUE',
      next: () => ({ method: 'GET', path: '/v1/deadlines?status=OVERDUE&limit=20', headers: auth }),
    },
  };
}

/** RECEIVED cases at version 1 (never acted on): what an ACCEPT with If-Match "1" needs. */
export async function freshReceivedIds(databaseUrl: string, limit: number, exclude: Set<string>): Promise<string[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string }>(
      `SELECT id FROM reconsideration_case WHERE state = 'RECEIVED' AND version = 1 ORDER BY received_on DESC LIMIT $1`,
      [limit + exclude.size],
    );
    return rows.map((r) => r.id).filter((id) => !exclude.has(id));
  } finally {
    await client.end();
  }
}

/**
 * A pool of `target` fresh cases for one ACCEPT run: the given ids (registered during the run), topped up with
 * RECEIVED cases registered today by the set-based seeder (as a clerk registering the morning's post would).
 */
export async function actionPool(
  databaseUrl: string,
  today: string,
  registered: string[],
  target: number,
  reserved: Set<string>,
): Promise<{ ids: string[]; toppedUp: number }> {
  const ids = registered.filter((id) => !reserved.has(id)).slice(0, target);
  let toppedUp = 0;
  if (ids.length < target) {
    const existing = await freshReceivedIds(databaseUrl, target - ids.length, new Set([...reserved, ...ids]));
    ids.push(...existing);
  }
  if (ids.length < target) {
    toppedUp = target - ids.length;
    const taken = new Set([...reserved, ...ids]);
    await seedCases(databaseUrl, { count: toppedUp, kind: 'fresh', today, rebuildIndexes: false });
    ids.push(...(await freshReceivedIds(databaseUrl, toppedUp, taken)));
  }
  for (const id of ids) {
    reserved.add(id);
  }
  return { ids, toppedUp };
}

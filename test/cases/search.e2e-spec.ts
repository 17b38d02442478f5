import request from 'supertest';
import { CaseClient } from '../support/case-client';
import { creditCode, registration, residentId } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

type Json = Record<string, unknown>;

/** The label → expected facts of one seeded case. */
interface Seed {
  label: string;
  receivedOn: string;
  legalRegime?: 'L2017' | 'L2023';
  applicant: Json;
  respondent: { name: string; kind: string };
  category: string;
  domain: string;
  /** Actions after registration, in order; 'HANDLERS' assigns the given handlers. */
  steps: Array<[string, Json] | ['HANDLERS', string[]]>;
}

const person = (name: string, extra: Json = {}): Json => ({
  kind: 'NATURAL_PERSON',
  name,
  sex: 'MALE',
  idNumber: residentId(),
  ...extra,
});

const decide = (occurredOn: string, decisionType: string, n: number): [string, Json] => [
  'DECIDE',
  {
    occurredOn,
    decisionType,
    documentNumber: `台政复决字〔2021〕${n}号`,
    legalBasis: '行政复议法第二十八条第一款',
    reasons: '经审查',
    approval: { kind: 'ORGAN_HEAD_APPROVAL', approverName: '张县长', approvedOn: occurredOn }, // L17 28
    ...(decisionType === 'ORDERED_TO_PERFORM' ? { performanceDeadlineDays: 30 } : {}), // L17 28(1)(2)
  },
];

const SEEDS: Seed[] = [
  {
    label: 'A',
    receivedOn: '2021-01-10',
    applicant: person('张三', {
      agents: [{ name: '赵律师', kind: 'LAWYER', idNumber: residentId('19750505') }],
    }),
    respondent: { name: '台前县市场监督管理局', kind: 'COUNTY_DEPARTMENT' },
    category: 'ADMINISTRATIVE_PENALTY',
    domain: 'MARKET_REGULATION',
    steps: [
      ['ACCEPT', { occurredOn: '2021-01-12' }],
      ['SEND_COPY', { occurredOn: '2021-01-13' }],
      ['HANDLERS', ['王明', '李华']],
      decide('2021-03-15', 'REVOKED', 1),
    ],
  },
  {
    label: 'B',
    receivedOn: '2021-02-05',
    applicant: person('李张伟'),
    respondent: { name: '台前县公安局', kind: 'COUNTY_DEPARTMENT' },
    category: 'ADMINISTRATIVE_PENALTY',
    domain: 'PUBLIC_SECURITY',
    steps: [
      ['ACCEPT', { occurredOn: '2021-02-06' }],
      ['SEND_COPY', { occurredOn: '2021-02-07' }],
      ['HANDLERS', ['王明', '赵强']],
      decide('2021-05-20', 'UPHELD', 2),
    ],
  },
  {
    label: 'C',
    receivedOn: '2021-03-20',
    applicant: person('王五'),
    respondent: { name: '城关镇人民政府', kind: 'TOWNSHIP_GOVERNMENT' },
    category: 'EXPROPRIATION',
    domain: 'TOWNSHIP',
    steps: [['ACCEPT', { occurredOn: '2021-03-22' }]],
  },
  {
    label: 'D',
    receivedOn: '2021-04-02',
    applicant: {
      kind: 'ORGANIZATION',
      name: '台前县某某有限公司',
      unifiedSocialCreditCode: creditCode(),
      legalRepresentative: '刘某',
    },
    respondent: { name: '台前县自然资源局', kind: 'COUNTY_DEPARTMENT' },
    category: 'ADMINISTRATIVE_LICENSING',
    domain: 'NATURAL_RESOURCES',
    steps: [],
  },
  {
    label: 'E',
    receivedOn: '2021-05-15',
    applicant: person('赵六'),
    respondent: { name: '台前县人力资源和社会保障局', kind: 'COUNTY_DEPARTMENT' },
    category: 'WORK_INJURY',
    domain: 'HUMAN_RESOURCES_SOCIAL_SECURITY',
    steps: [['WITHDRAW', { occurredOn: '2021-05-20', reason: 'VOLUNTARY' }]],
  },
  {
    label: 'F',
    receivedOn: '2022-01-08',
    applicant: person('张小明'),
    respondent: { name: '国家税务总局台前县税务局', kind: 'VERTICAL_AGENCY' },
    category: 'ADMINISTRATIVE_PENALTY',
    domain: 'TAXATION',
    steps: [],
  },
  {
    label: 'G',
    receivedOn: '2022-06-30',
    applicant: person('孙七'),
    respondent: { name: '台前县市场监督管理局', kind: 'COUNTY_DEPARTMENT' },
    category: 'INFORMATION_DISCLOSURE',
    domain: 'MARKET_REGULATION',
    steps: [
      ['ACCEPT', { occurredOn: '2022-07-01' }],
      ['SEND_COPY', { occurredOn: '2022-07-02' }],
      ['HANDLERS', ['李华', '赵强']],
    ],
  },
  {
    label: 'H',
    receivedOn: '2024-03-01',
    legalRegime: 'L2023',
    applicant: person('周八'),
    respondent: { name: '夹河乡人民政府', kind: 'TOWNSHIP_GOVERNMENT' },
    category: 'ADMINISTRATIVE_COMPULSION',
    domain: 'TOWNSHIP',
    steps: [],
  },
  {
    label: 'I',
    receivedOn: '2021-01-10', // same day as A: ties are broken by id
    applicant: person('钱九'),
    respondent: { name: '台前县公安局', kind: 'COUNTY_DEPARTMENT' },
    category: 'ADMINISTRATIVE_PENALTY',
    domain: 'PUBLIC_SECURITY',
    steps: [],
  },
  {
    label: 'J',
    receivedOn: '2023-12-31',
    applicant: person('吴十'),
    respondent: { name: '台前县住房和城乡建设局', kind: 'OTHER' },
    category: 'FAILURE_TO_PERFORM',
    domain: 'HOUSING_URBAN_RURAL',
    steps: [],
  },
];

describe('cases: search, pagination and masking of personal data', () => {
  let t: TestApp;
  let sup: CaseClient;
  const keys: Record<string, string> = {};
  /** case id → seed label, and label → case as registered */
  const labelOf = new Map<string, string>();
  const byLabel = new Map<string, { id: string; caseNumber: string; idNumber: string | undefined }>();

  beforeAll(async () => {
    t = await startTestApp();
    keys.SUPERVISOR = await t.createKey(['SUPERVISOR']);
    keys.OFFICER = await t.createKey(['OFFICER']);
    keys.CLERK = await t.createKey(['CLERK']);
    keys.REPORTER = await t.createKey(['REPORTER']);
    keys.INTEGRATION_READ = await t.createKey(['INTEGRATION'], { scopes: ['cases:read'] });
    keys.INTEGRATION_PERSONAL = await t.createKey(['INTEGRATION'], { scopes: ['cases:read', 'personal-data:read'] });
    keys.INTEGRATION_STATS = await t.createKey(['INTEGRATION'], { scopes: ['statistics:read'] });
    sup = new CaseClient(t.http, keys.SUPERVISOR);

    for (const seed of SEEDS) {
      const reg = await sup.register(
        registration({
          receivedOn: seed.receivedOn,
          ...(seed.legalRegime ? { legalRegime: seed.legalRegime } : {}),
          applicants: [seed.applicant],
          respondent: seed.respondent,
          contestedAct: { title: '被申请行政行为', category: seed.category, managementDomain: seed.domain },
        }),
      );
      expect({ seed: seed.label, status: reg.status, body: reg.body }).toMatchObject({ status: 201 });
      const id = reg.body.id as string;
      labelOf.set(id, seed.label);
      byLabel.set(seed.label, {
        id,
        caseNumber: reg.body.caseNumber as string,
        idNumber: seed.applicant.idNumber as string | undefined,
      });
      for (const [action, arg] of seed.steps) {
        const res =
          action === 'HANDLERS'
            ? await sup.assignHandlers(id, arg as string[])
            : await sup.act(id, action, arg as Json);
        expect({ seed: seed.label, action, status: res.status, body: res.body }).toMatchObject({ status: 200 });
      }
    }
  });
  afterAll(async () => {
    await t.close();
  });

  const client = (role: string) => new CaseClient(t.http, keys[role]!);

  /** All matching seed labels (one page of up to 200), sorted. */
  async function find(query: string, role = 'SUPERVISOR'): Promise<string[]> {
    const res = await client(role).list(`${query}&limit=200`);
    expect({ query, status: res.status, body: res.status === 200 ? undefined : res.body }).toEqual({
      query,
      status: 200,
      body: undefined,
    });
    expect(res.body.nextCursor).toBeNull();
    return (res.body.items as Array<{ id: string }>).map((c) => labelOf.get(c.id) ?? `?${c.id}`).sort();
  }

  /** Walks every page with nextCursor and returns the ids in the order served. */
  async function walk(query: string, limit: number): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 50; page += 1) {
      const res = await sup.list(`${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(res.status).toBe(200);
      const items = res.body.items as Array<{ id: string }>;
      expect(items.length).toBeLessThanOrEqual(limit);
      ids.push(...items.map((c) => c.id));
      cursor = res.body.nextCursor as string | null;
      if (cursor === null) {
        return ids;
      }
      expect(items).toHaveLength(limit);
    }
    throw new Error('pagination did not end');
  }

  const masked = (id: string) => `${id.slice(0, 6)}***********${id.slice(17)}`;

  // ── Filters ─────────────────────────────────────────────────────────────────────────────────────────────────

  describe('filters', () => {
    it('no filter lists all seeded cases', async () => {
      expect(await find('')).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J']);
    });

    it.each([
      ['state=RECEIVED', ['D', 'F', 'H', 'I', 'J']],
      ['state=ACCEPTED', ['C']],
      ['state=UNDER_REVIEW', ['G']],
      ['state=DECIDED', ['A', 'B']],
      ['state=WITHDRAWN', ['E']],
      ['state=CLOSED', []],
    ])('state: %s', async (query, expected) => {
      expect(await find(query)).toEqual(expected);
    });

    it.each([
      ['outcome=REVOKED', ['A']],
      ['outcome=UPHELD', ['B']],
      ['outcome=WITHDRAWN', ['E']],
      ['outcome=DISMISSED', []],
    ])('outcome: %s', async (query, expected) => {
      expect(await find(query)).toEqual(expected);
    });

    it('legalRegime: L2023 (received from 2024-01-01) and L2017', async () => {
      expect(await find('legalRegime=L2023')).toEqual(['H']);
      expect(await find('legalRegime=L2017')).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'I', 'J']);
    });

    it.each([
      ['respondentKind=TOWNSHIP_GOVERNMENT', ['C', 'H']],
      ['respondentKind=VERTICAL_AGENCY', ['F']],
      ['respondentKind=OTHER', ['J']],
      ['respondentKind=COUNTY_DEPARTMENT', ['A', 'B', 'D', 'E', 'G', 'I']],
    ])('respondentKind: %s', async (query, expected) => {
      expect(await find(query)).toEqual(expected);
    });

    it('respondentName is an exact match', async () => {
      expect(await find(`respondentName=${encodeURIComponent('台前县公安局')}`)).toEqual(['B', 'I']);
      expect(await find(`respondentName=${encodeURIComponent('台前县市场监督管理局')}`)).toEqual(['A', 'G']);
      expect(await find(`respondentName=${encodeURIComponent('公安局')}`)).toEqual([]);
    });

    it.each([
      ['actCategory=ADMINISTRATIVE_PENALTY', ['A', 'B', 'F', 'I']],
      ['actCategory=INFORMATION_DISCLOSURE', ['G']],
      ['actCategory=WORK_INJURY', ['E']],
      ['managementDomain=TOWNSHIP', ['C', 'H']],
      ['managementDomain=MARKET_REGULATION', ['A', 'G']],
      ['managementDomain=TAXATION', ['F']],
    ])('act category and management domain: %s', async (query, expected) => {
      expect(await find(query)).toEqual(expected);
    });

    it('filters combine with AND', async () => {
      expect(await find('actCategory=ADMINISTRATIVE_PENALTY&managementDomain=MARKET_REGULATION')).toEqual(['A']);
      expect(await find('state=RECEIVED&respondentKind=TOWNSHIP_GOVERNMENT')).toEqual(['H']);
      expect(await find('state=DECIDED&outcome=UPHELD&managementDomain=PUBLIC_SECURITY')).toEqual(['B']);
    });

    it('receivedFrom / receivedTo are inclusive calendar dates', async () => {
      expect(await find('receivedFrom=2021-03-20&receivedTo=2022-01-08')).toEqual(['C', 'D', 'E', 'F']);
      expect(await find('receivedFrom=2024-01-01')).toEqual(['H']);
      expect(await find('receivedTo=2021-01-10')).toEqual(['A', 'I']);
      expect(await find('receivedFrom=2021-01-11&receivedTo=2021-02-04')).toEqual([]);
    });

    it('decidedFrom / decidedTo select on the decision date', async () => {
      expect(await find('decidedFrom=2021-04-01')).toEqual(['B']);
      expect(await find('decidedTo=2021-04-01')).toEqual(['A']);
      expect(await find('decidedFrom=2021-03-15&decidedTo=2021-03-15')).toEqual(['A']);
      expect(await find('decidedFrom=2021-01-01&decidedTo=2021-12-31')).toEqual(['A', 'B']);
      expect(await find('decidedFrom=2022-01-01')).toEqual([]);
    });

    it('caseNumber is an exact match', async () => {
      const a = byLabel.get('A')!;
      expect(await find(`caseNumber=${encodeURIComponent(a.caseNumber)}`)).toEqual(['A']);
      expect(await find(`caseNumber=${encodeURIComponent('台政复〔2021〕')}`)).toEqual([]);
    });

    it.each([
      ['张', ['A', 'B', 'F']], // 1 character: 张三, 李张伟, 张小明
      ['张伟', ['B']], // 2 characters inside a name: only 李张伟
      ['李张伟', ['B']],
      ['张三', ['A']],
      ['三', ['A']],
      ['五', ['C']],
      ['某某', ['D']],
      ['有限公司', ['D']],
      ['台前县某某有限公司', ['D']],
      ['张五', []], // both characters occur, but not together
      ['伟张', []],
      ['%', []], // no LIKE wildcards
    ])('applicantName partial match: %s', async (name, expected) => {
      expect(await find(`applicantName=${encodeURIComponent(name)}`)).toEqual(expected);
    });

    it('handler is an exact name from PUT /handlers (R07 32 handlers)', async () => {
      expect(await find(`handler=${encodeURIComponent('王明')}`)).toEqual(['A', 'B']);
      expect(await find(`handler=${encodeURIComponent('赵强')}`)).toEqual(['B', 'G']);
      expect(await find(`handler=${encodeURIComponent('李华')}`)).toEqual(['A', 'G']);
      expect(await find(`handler=${encodeURIComponent('王')}`)).toEqual([]);
    });

    it('organId: the default organ holds every seeded case', async () => {
      const organs = await request(t.http).get('/v1/organs').set('authorization', `Bearer ${keys.SUPERVISOR}`);
      const taiqian = (organs.body as Array<{ id: string; code: string }>).find((o) => o.code === 'TAIQIAN')!;
      expect((await find(`organId=${taiqian.id}`)).length).toBe(10);
      expect(await find('organId=00000000-0000-4000-8000-000000000000')).toEqual([]);
    });
  });

  // ── Pagination ──────────────────────────────────────────────────────────────────────────────────────────────

  describe('cursor pagination', () => {
    async function singlePage(query: string): Promise<Array<{ id: string; receivedOn: string }>> {
      const res = await sup.list(`${query}&limit=200`);
      expect(res.status).toBe(200);
      return res.body.items;
    }

    it('limit=3 walks every page of the default order (-receivedOn): no duplicates, no gaps, stable', async () => {
      const all = await singlePage('');
      expect(all).toHaveLength(10);
      const dates = all.map((c) => c.receivedOn);
      expect(dates).toEqual([...dates].sort().reverse());
      const walked = await walk('', 3);
      expect(new Set(walked).size).toBe(walked.length);
      expect(walked).toEqual(all.map((c) => c.id));
      expect(await walk('', 3)).toEqual(walked);
      expect(await walk('sort=-receivedOn', 3)).toEqual(walked);
    });

    it('sort=receivedOn walks in ascending order with the same guarantees', async () => {
      const all = await singlePage('sort=receivedOn');
      const dates = all.map((c) => c.receivedOn);
      expect(dates).toEqual([...dates].sort());
      expect(dates[0]).toBe('2021-01-10');
      const walked = await walk('sort=receivedOn', 3);
      expect(new Set(walked).size).toBe(10);
      expect(walked).toEqual(all.map((c) => c.id));
    });

    it('ties on the sort date (A and I) never straddle a page badly: limit=1 and limit=2 give the same order', async () => {
      for (const sort of ['-receivedOn', 'receivedOn']) {
        const expected = (await singlePage(`sort=${sort}`)).map((c) => c.id);
        expect(await walk(`sort=${sort}`, 1)).toEqual(expected);
        expect(await walk(`sort=${sort}`, 2)).toEqual(expected);
      }
    });

    it('sort=-updatedAt and sort=updatedAt walk completely too', async () => {
      for (const sort of ['-updatedAt', 'updatedAt']) {
        const expected = (await singlePage(`sort=${sort}`)).map((c) => c.id);
        const walked = await walk(`sort=${sort}`, 3);
        expect(new Set(walked).size).toBe(10);
        expect(walked).toEqual(expected);
      }
    });

    it('pagination respects filters', async () => {
      const walked = await walk('state=RECEIVED', 2);
      expect(walked.map((id) => labelOf.get(id)).sort()).toEqual(['D', 'F', 'H', 'I', 'J']);
    });

    it('the last page has nextCursor null', async () => {
      const res = await sup.list('limit=10');
      expect(res.body.items).toHaveLength(10);
      expect(res.body.nextCursor).toBeNull();
    });

    it('an invalid cursor is 400', async () => {
      const res = await sup.list('cursor=not-a-cursor');
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'cursor' })]));
    });

    it('a tampered cursor (well-formed, but not a position this API issued) is 400, not 500', async () => {
      const forged = [
        ['yesterday', 'not-a-uuid'],
        ['2021-01-10', 'not-a-uuid'],
        ['not-a-date', '00000000-0000-4000-8000-000000000000'],
      ];
      for (const position of forged) {
        const cursor = Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
        const res = await sup.list(`limit=3&cursor=${cursor}`);
        expect({ position, status: res.status, code: res.body.code }).toEqual({
          position,
          status: 400,
          code: 'VALIDATION_FAILED',
        });
      }
    });
  });

  // ── Invalid parameters ──────────────────────────────────────────────────────────────────────────────────────

  describe('invalid filter values are 400 naming the parameter', () => {
    it.each([
      ['state=FOO', 'state'],
      ['outcome=MAYBE', 'outcome'],
      ['legalRegime=L1999', 'legalRegime'],
      ['respondentKind=ALIEN', 'respondentKind'],
      ['actCategory=NOPE', 'actCategory'],
      ['managementDomain=SPACE', 'managementDomain'],
      ['receivedFrom=2021-13-01', 'receivedFrom'],
      ['receivedTo=2021-02-30', 'receivedTo'],
      ['decidedFrom=20210101', 'decidedFrom'],
      ['decidedTo=yesterday', 'decidedTo'],
      ['organId=123', 'organId'],
      ['limit=0', 'limit'],
      ['limit=201', 'limit'],
      ['limit=abc', 'limit'],
      ['sort=name', 'sort'],
      ['bogus=1', 'bogus'],
    ])('%s', async (query, param) => {
      const res = await sup.list(query);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      const paths = (res.body.errors as Array<{ path: string }>).map((e) => e.path);
      expect(paths.some((p) => p === param || p === `query.${param}`)).toBe(true);
      expect(res.body.detail).toContain(param);
    });
  });

  // ── Masking ─────────────────────────────────────────────────────────────────────────────────────────────────

  describe('masking of identity numbers (个人信息保护法)', () => {
    async function applicantOfA(role: string): Promise<{ list: Json; get: Json }> {
      const a = byLabel.get('A')!;
      const list = await client(role).list(`caseNumber=${encodeURIComponent(a.caseNumber)}`);
      expect(list.status).toBe(200);
      const get = await client(role).get(a.id);
      expect(get.status).toBe(200);
      return { list: list.body.items[0].applicants[0], get: get.body.applicants[0] };
    }

    it.each(['REPORTER', 'INTEGRATION_READ'])(
      '%s sees idNumber masked as 6 digits + 11 stars + the check character (the sex digit hidden) (list and read, agents too)',
      async (role) => {
        const full = byLabel.get('A')!.idNumber!;
        const { list, get } = await applicantOfA(role);
        for (const applicant of [list, get]) {
          expect(applicant.idNumber).toBe(masked(full));
          expect(applicant.idNumber).toMatch(/^410927\*{11}[0-9X]$/);
          const agent = (applicant.agents as Json[])[0]!;
          expect(agent.idNumber).toMatch(/^410927\*{11}[0-9X]$/);
        }
        // nowhere in the list response does a full number appear
        const res = await client(role).list('limit=200');
        const text = JSON.stringify(res.body);
        for (const seed of byLabel.values()) {
          if (seed.idNumber) {
            expect(text).not.toContain(seed.idNumber);
          }
        }
      },
    );

    it.each(['OFFICER', 'SUPERVISOR', 'CLERK', 'INTEGRATION_PERSONAL'])('%s sees idNumber in full', async (role) => {
      const full = byLabel.get('A')!.idNumber!;
      const { list, get } = await applicantOfA(role);
      expect(list.idNumber).toBe(full);
      expect(get.idNumber).toBe(full);
    });

    it('GET /history payloads are masked for REPORTER (and INTEGRATION without personal-data:read), full for OFFICER', async () => {
      const a = byLabel.get('A')!;
      const full = a.idNumber!;
      for (const role of ['REPORTER', 'INTEGRATION_READ']) {
        const res = await client(role).history(a.id);
        expect(res.status).toBe(200);
        const register = (res.body.events as Array<{ action: string; payload: Json }>)[0]!;
        expect(register.action).toBe('REGISTER');
        const applicant = (register.payload.applicants as Json[])[0]!;
        expect(applicant.idNumber).toBe(masked(full));
        expect(JSON.stringify(res.body)).not.toContain(full);
      }
      const officer = await client('OFFICER').history(a.id);
      expect(((officer.body.events[0].payload as Json).applicants as Json[])[0]!.idNumber).toBe(full);
    });

    it('an organisation’s unified social credit code is not personal data and is not masked', async () => {
      const d = byLabel.get('D')!;
      const res = await client('REPORTER').get(d.id);
      expect(res.body.applicants[0].unifiedSocialCreditCode).toMatch(/^[0-9A-HJ-NPQRTUWXY]{18}$/);
    });

    it('an INTEGRATION key without the cases:read scope gets 403 on GET /v1/cases (and on one case)', async () => {
      const list = await client('INTEGRATION_STATS').list('limit=1');
      expect(list.status).toBe(403);
      expect(list.body.code).toBe('FORBIDDEN');
      const one = await client('INTEGRATION_STATS').get(byLabel.get('A')!.id);
      expect(one.status).toBe(403);
    });

    it('a REPORTER may read but not register (403)', async () => {
      const res = await client('REPORTER').register(registration());
      expect(res.status).toBe(403);
    });
  });
});

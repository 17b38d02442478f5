import request from 'supertest';
import { DataSource } from 'typeorm';
import { FieldSpec, PARTY_FIELDS } from '../../src/cases/case-field-classes';
import type { Role, Scope } from '../../src/auth/roles';
import { SCOPES } from '../../src/auth/roles';
import {
  isPersonalValueKind,
  maskValue,
  mayReadPersonalData,
  PersonalValueKind,
} from '../../src/personal-data/personal-values';
import { creditCode, registration, residentId } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Issue 13 (PIPL 6, 51): every route with every role and scope. From the field classes (case-field-classes.ts), the
 * personal values of a case are listed; no response to a caller not entitled to them (mayReadPersonalData) may hold
 * one in clear, the entitled get them in clear, and an audit row exists for each response that disclosed them and for
 * none that did not.
 * PIPL 6:「采取对个人权益影响最小的方式」; 51(二)「对个人信息实行分类管理」, 51(四)「合理确定个人信息处理的操作权限」.
 */

interface Profile {
  label: string;
  roles: Role[];
  scopes: Scope[];
}

const PROFILES: Profile[] = [
  ...(['ADMIN', 'SUPERVISOR', 'OFFICER', 'CLERK', 'REPORTER', 'AUDITOR'] as Role[]).map((r) => ({
    label: r,
    roles: [r],
    scopes: [] as Scope[],
  })),
  { label: 'INTEGRATION cases:read', roles: ['INTEGRATION'], scopes: ['cases:read'] },
  {
    label: 'INTEGRATION cases:read personal-data:read',
    roles: ['INTEGRATION'],
    scopes: ['cases:read', 'personal-data:read'],
  },
  { label: 'INTEGRATION statistics:read', roles: ['INTEGRATION'], scopes: ['statistics:read'] },
  { label: 'INTEGRATION cases:write', roles: ['INTEGRATION'], scopes: ['cases:read', 'cases:write'] },
  { label: 'INTEGRATION all scopes', roles: ['INTEGRATION'], scopes: [...SCOPES] },
];

const entitled = (p: Profile): boolean =>
  mayReadPersonalData({ keyId: null, keyName: p.label, roles: p.roles, scopes: p.scopes, organIds: null });

interface Secret {
  path: string;
  kind: PersonalValueKind;
  value: string;
}

/** The personal values of parties, found through the field classes (an organisation's own name is public). */
function secretsOf(parties: Array<Record<string, unknown>>, list: string): Secret[] {
  const found: Secret[] = [];
  const walk = (
    obj: Record<string, unknown>,
    spec: Readonly<Record<string, FieldSpec>>,
    path: string,
    org: boolean,
  ) => {
    for (const [key, value] of Object.entries(obj)) {
      const s = spec[key];
      if (s === undefined) {
        continue;
      }
      if (typeof s === 'object' && Array.isArray(value)) {
        value.forEach((v, i) => walk(v as Record<string, unknown>, s.each, `${path}.${key}[${i}]`, false));
      } else if (
        typeof s === 'string' &&
        isPersonalValueKind(s) &&
        typeof value === 'string' &&
        !(org && key === 'name')
      ) {
        found.push({ path: `${path}.${key}`, kind: s, value });
      }
    }
  };
  parties.forEach((p, i) => walk(p, PARTY_FIELDS, `${list}[${i}]`, p.kind === 'ORGANIZATION'));
  return found;
}

function at(body: unknown, path: string): unknown {
  return path
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), body);
}

const applicant = {
  kind: 'NATURAL_PERSON',
  name: '欧阳明辉',
  sex: 'MALE',
  idNumber: residentId('19750304'),
  address: '河南省濮阳市台前县城关镇幸福路12号',
  phone: '13912345678',
  agents: [{ name: '赵律师甲', kind: 'LAWYER', idNumber: residentId('19800505'), phone: '13698765432' }],
};
const thirdParty = {
  kind: 'ORGANIZATION',
  name: '台前县某某商贸有限公司',
  unifiedSocialCreditCode: creditCode(),
  legalRepresentative: '钱法人乙',
  address: '台前县产业园区8号楼',
  phone: '0393-5551234',
  interest: '与被诉处罚有利害关系',
};
const SECRETS = [...secretsOf([applicant], 'applicants'), ...secretsOf([thirdParty], 'thirdParties')];
// What no unentitled response may contain in clear. SEX is a code (MALE) that code lists print: checked by path below.
const CLEAR_VALUES = SECRETS.filter((s) => s.kind !== 'SEX').map((s) => s.value);

describe('personal data by field class: every route, every role and scope (issue 13; PIPL 6, 51)', () => {
  let t: TestApp;
  const keys = new Map<string, string>();
  let caseId: string;
  let requestCounter = 0;
  /** Request ids of responses that did / did not disclose personal values in clear. */
  const disclosed: string[] = [];
  const notDisclosed: string[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    for (const p of PROFILES) {
      keys.set(p.label, await t.createKey(p.roles, p.scopes.length ? { scopes: p.scopes } : {}));
    }
    const res = await request(t.http)
      .post('/v1/cases')
      .set('authorization', `Bearer ${keys.get('CLERK')}`)
      .send(registration({ applicants: [applicant], thirdParties: [thirdParty] }));
    expect(res.status).toBe(201);
    caseId = res.body.id as string;
    // An edit puts parties into history a second time (EDIT before/after).
    const edit = await request(t.http)
      .patch(`/v1/cases/${caseId}`)
      .set('authorization', `Bearer ${keys.get('CLERK')}`)
      .set('if-match', res.headers.etag as string)
      .send({ thirdParties: [thirdParty] });
    expect(edit.status).toBe(200);
  });
  afterAll(async () => {
    await t.close();
  });

  function call(method: string, url: string, profile: Profile) {
    requestCounter += 1;
    const requestId = `pd-walk-${requestCounter}`;
    const agent = request(t.http);
    const r = agent[method.toLowerCase() as 'get'](url)
      .set('authorization', `Bearer ${keys.get(profile.label)}`)
      .set('x-request-id', requestId);
    return { requestId, r };
  }

  /** The GET routes and the query each needs to answer 200. */
  const QUERIES: Record<string, string> = {
    '/v1/statistics/reconsideration': '?from=2021-01-01&to=2021-12-31',
    '/v1/statistics/reconsideration/report': '?year=2021',
    '/v1/statistics/reconsideration/export': '?from=2021-01-01&to=2021-12-31&format=csv',
    '/v1/statistics/cases/export': '?from=2021-01-01&to=2021-12-31&format=csv',
  };

  it('no GET response holds a personal value in clear for a caller not entitled to it; the entitled read them', async () => {
    const gets = t.routes.filter(
      (r) => r.method === 'GET' && r.url.startsWith('/v1/') && !r.url.includes('*') && !r.url.includes(':year'),
    );
    expect(gets.length).toBeGreaterThan(10);
    const leaks: string[] = [];
    let okResponses = 0;
    for (const route of gets) {
      const url = route.url.replace(/:id\b/, caseId).replace(/:[A-Za-z]+/g, '00000000-0000-4000-8000-000000000000');
      for (const profile of PROFILES) {
        const { requestId, r } = call('GET', url + (QUERIES[route.url] ?? ''), profile);
        const res = await r.buffer(true);
        const text = Buffer.isBuffer(res.body) ? res.body.toString('utf8') : res.text || JSON.stringify(res.body);
        if (res.status !== 200) {
          notDisclosed.push(requestId);
          continue;
        }
        okResponses += 1;
        const clear = CLEAR_VALUES.filter((v) => text.includes(v));
        if (entitled(profile)) {
          (clear.length > 0 ? disclosed : notDisclosed).push(requestId);
        } else {
          notDisclosed.push(requestId);
          if (clear.length > 0) {
            leaks.push(`${profile.label} GET ${route.url}: ${clear.length} value(s) in clear`);
          }
        }
      }
    }
    expect(leaks).toEqual([]);
    expect(okResponses).toBeGreaterThan(PROFILES.length * 4);
    expect(disclosed.length).toBeGreaterThan(0);
  });

  it('no write response holds a personal value in clear for a caller not entitled to it (every non-GET route)', async () => {
    const writes = t.routes.filter((r) => r.method !== 'GET' && r.url.startsWith('/v1/') && !r.url.includes('*'));
    expect(writes.length).toBeGreaterThan(8);
    const clerk = PROFILES.find((p) => p.label === 'CLERK')!;
    const freshCase = async (): Promise<{ id: string; etag: string }> => {
      const res = await call('POST', '/v1/cases', clerk).r.send(registration({ applicants: [applicant] }));
      return { id: res.body.id as string, etag: res.headers.etag as string };
    };
    const leaks: string[] = [];
    let served = 0;
    for (const route of writes) {
      for (const profile of PROFILES) {
        const c = await freshCase();
        const url = route.url
          .replace(':id', c.id)
          .replace(':action', 'ACCEPT')
          .replace(':year', '2031')
          .replace(/:[A-Za-z]+/g, '00000000-0000-4000-8000-000000000000');
        const body: Record<string, unknown> =
          route.url === '/v1/cases'
            ? registration({ applicants: [applicant], thirdParties: [thirdParty] })
            : route.url === '/v1/cases/:id'
              ? { channel: 'POST' }
              : route.url === '/v1/cases/:id/handlers'
                ? { handlers: [{ name: '王明' }, { name: '李华' }] }
                : route.url === '/v1/cases/:id/actions/:action'
                  ? { occurredOn: '2021-03-03' }
                  : {};
        const { requestId, r } = call(route.method, url, profile);
        const res = await r.set('if-match', c.etag).send(body);
        const text = JSON.stringify(res.body ?? '');
        const clear = CLEAR_VALUES.filter((v) => text.includes(v));
        if (res.status < 300) {
          served += 1;
        }
        if (entitled(profile) && clear.length > 0) {
          disclosed.push(requestId);
        } else {
          notDisclosed.push(requestId);
          if (clear.length > 0) {
            leaks.push(
              `${profile.label} ${route.method} ${route.url} → ${res.status}: ${clear.length} value(s) in clear`,
            );
          }
        }
      }
    }
    expect(leaks).toEqual([]);
    expect(served).toBeGreaterThan(10);
  });

  it('the case shows every personal field masked by its kind to the unentitled, and in clear to the entitled', async () => {
    for (const profile of PROFILES) {
      const { requestId, r } = call('GET', `/v1/cases/${caseId}`, profile);
      const res = await r;
      if (res.status !== 200) {
        expect([403]).toContain(res.status);
        notDisclosed.push(requestId);
        continue;
      }
      for (const s of SECRETS) {
        const shown = at(res.body, s.path);
        if (entitled(profile)) {
          expect({ profile: profile.label, path: s.path, shown }).toEqual({
            profile: profile.label,
            path: s.path,
            shown: s.value,
          });
        } else {
          const masked = maskValue(s.kind, s.value);
          expect({ profile: profile.label, path: s.path, shown }).toEqual({
            profile: profile.label,
            path: s.path,
            shown: masked,
          });
        }
      }
      // The organisation's own name is public (PARTY_FIELDS note): shown to every reader.
      expect(at(res.body, 'thirdParties[0].name')).toBe(thirdParty.name);
      (entitled(profile) ? disclosed : notDisclosed).push(requestId);
    }
  });

  it('write responses and idempotent replays are masked for an integration without personal-data:read', async () => {
    const writer = PROFILES.find((p) => p.label === 'INTEGRATION cases:write')!;
    const body = registration({ applicants: [applicant] });
    const first = call('POST', '/v1/cases', writer);
    const res = await first.r.set('idempotency-key', 'pd-replay-1').send(body);
    expect(res.status).toBe(201);
    const replay = call('POST', '/v1/cases', writer);
    const again = await replay.r.set('idempotency-key', 'pd-replay-1').send(body);
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    for (const r of [res, again]) {
      expect(CLEAR_VALUES.filter((v) => JSON.stringify(r.body).includes(v))).toEqual([]);
      expect(r.body.applicants[0].name).toBe('欧*');
      expect(r.body.applicants[0].idNumber).toBe(maskValue('ID_NUMBER', applicant.idNumber));
    }
    notDisclosed.push(first.requestId, replay.requestId);
    // The same replay for a clerk's key shows the values, and is audited.
    const clerk = PROFILES.find((p) => p.label === 'CLERK')!;
    const c1 = call('POST', '/v1/cases', clerk);
    expect((await c1.r.set('idempotency-key', 'pd-replay-2').send(body)).body.applicants[0].name).toBe('欧阳明辉');
    const c2 = call('POST', '/v1/cases', clerk);
    const clerkReplay = await c2.r.set('idempotency-key', 'pd-replay-2').send(body);
    expect(clerkReplay.headers['idempotent-replayed']).toBe('true');
    expect(clerkReplay.body.applicants[0].idNumber).toBe(applicant.idNumber);
    disclosed.push(c1.requestId, c2.requestId);
  });

  it('the case-list export masks applicants’ names for REPORTER and statistics-only keys', async () => {
    for (const label of ['REPORTER', 'INTEGRATION statistics:read', 'ADMIN']) {
      const profile = PROFILES.find((p) => p.label === label)!;
      const { requestId, r } = call(
        'GET',
        `/v1/statistics/cases/export${QUERIES['/v1/statistics/cases/export']}`,
        profile,
      );
      const res = await r.buffer(true);
      expect(res.status).toBe(200);
      const csv = Buffer.isBuffer(res.body) ? res.body.toString('utf8') : res.text;
      expect(csv).toContain('欧*');
      expect(csv).not.toContain('欧阳明辉');
      notDisclosed.push(requestId);
    }
  });

  it('an audit row exists for each response that disclosed personal values, and for none that did not', async () => {
    const rows: Array<{ request_id: string; kind: string; case_id: string | null; fields: string[] }> = await t.app
      .get(DataSource)
      .query(`SELECT request_id, kind, case_id, fields FROM personal_data_read`);
    // Disclosures only: an AUDIT_EXPORT row records the auditor's export of the audit, which discloses no one.
    const audited = new Set(rows.filter((r) => r.kind === 'READ' || r.kind === 'EXPORT').map((r) => r.request_id));
    expect(rows.some((r) => r.kind === 'AUDIT_EXPORT')).toBe(true);
    expect(disclosed.filter((id) => !audited.has(id))).toEqual([]);
    expect(notDisclosed.filter((id) => audited.has(id))).toEqual([]);
    const caseRead = rows.find((r) => r.kind === 'READ' && r.case_id === caseId);
    expect(caseRead?.fields).toEqual(expect.arrayContaining(['applicants[].idNumber', 'applicants[].name']));
  });

  it('the audit rows are append-only: the database refuses UPDATE and DELETE', async () => {
    await expect(t.app.get(DataSource).query(`UPDATE personal_data_read SET reason = 'x'`)).rejects.toThrow(
      /append-only/,
    );
    await expect(t.app.get(DataSource).query(`DELETE FROM personal_data_read`)).rejects.toThrow(/append-only/);
  });
});

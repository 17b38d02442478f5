import request from 'supertest';
import type { App } from 'supertest/types';
import { addDays } from '../../src/common/local-date';
import { registration } from './factories';
import { expectStatus } from './lifecycle-steps';
import { type GeneratedHistory, requestBody } from './random-histories';

/** The codes a generated case is registered with (its breakdown keys). */
export interface HistoryDimensions {
  respondentKind: string;
  actCategory: string;
  managementDomain: string;
}

/**
 * Registers a generated history's case through the HTTP API (with the dimensions given, and in `organId` if named)
 * and performs every later event of it in order, each with the If-Match of the previous answer; returns the case id.
 * `label` names the case in a failure.
 */
export async function performHistory(
  http: App,
  key: string,
  h: GeneratedHistory,
  dims: HistoryDimensions & { respondentName: string; organId?: string },
  label: string,
): Promise<string> {
  const auth = { authorization: `Bearer ${key}` };
  const base = registration({ receivedOn: h.receivedOn });
  const res = await request(http)
    .post('/v1/cases')
    .set(auth)
    .send({
      ...base,
      ...(dims.organId ? { organId: dims.organId } : {}),
      respondent: { name: dims.respondentName, kind: dims.respondentKind },
      contestedAct: {
        ...(base.contestedAct as Record<string, unknown>),
        category: dims.actCategory,
        managementDomain: dims.managementDomain,
        madeOn: addDays(h.receivedOn, -40),
        knownOn: addDays(h.receivedOn, -35),
      },
    });
  expectStatus(res, 201, `REGISTER ${label}`);
  const id = (res.body as { id: string }).id;
  let etag = res.headers.etag as string;
  for (const e of h.events.slice(1)) {
    const call =
      e.action === 'ASSIGN_HANDLERS'
        ? request(http).put(`/v1/cases/${id}/handlers`).send(e.payload)
        : e.action === 'UNDO'
          ? request(http).post(`/v1/cases/${id}/actions/UNDO`).send(e.payload)
          : request(http).post(`/v1/cases/${id}/actions/${e.action}`).send(requestBody(e));
    const r = await call.set(auth).set('if-match', etag);
    expectStatus(r, 200, `${e.action} (seq ${e.seq}) on ${label} received ${h.receivedOn}`);
    etag = r.headers.etag as string;
  }
  return id;
}

import request from 'supertest';
import { registration } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * A registration names the respondent, the contested act and the request (R07 19; L23 22 ¶1): without one of them
 * it is the client's mistake, a 400 naming the section — never a 500 further on (found by the fuzzer, seed 7).
 */
describe('registration without a required section (R07 19; L23 22)', () => {
  let t: TestApp;
  let clerk: string;
  beforeAll(async () => {
    t = await startTestApp();
    clerk = await t.createKey(['CLERK']);
  });
  afterAll(async () => {
    await t?.close();
  });

  it.each(['respondent', 'contestedAct', 'request'])('without %s: 400 VALIDATION_FAILED naming it', async (section) => {
    const body = registration({}) as Record<string, unknown>;
    delete body[section];
    const res = await request(t.http).post('/v1/cases').set('authorization', `Bearer ${clerk}`).send(body);
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    expect((res.body.errors as Array<{ path: string }>).map((e) => e.path)).toContain(section);
  });
});

import request from 'supertest';
import { registration } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Issue 13 point 8: scopes mean what they say. `cases:write` lets an integration register applications and record
 * the acts a clerk may record (workflowRolesOf in transition-table.ts, listed in the README); never an officer's or a
 * supervisor's act, and nothing at all without the scope.
 */
describe('INTEGRATION cases:write acts as a clerk, no more (issue 13 pt 8)', () => {
  let t: TestApp;
  let writer: string;
  let reader: string;
  let officer: string;
  const auth = (key: string) => ({ authorization: `Bearer ${key}` });

  beforeAll(async () => {
    t = await startTestApp();
    writer = await t.createKey(['INTEGRATION'], { scopes: ['cases:read', 'cases:write'] });
    reader = await t.createKey(['INTEGRATION'], { scopes: ['cases:read'] });
    officer = await t.createKey(['OFFICER']);
  });
  afterAll(async () => {
    await t.close();
  });

  const etagOf = async (id: string) =>
    (await request(t.http).get(`/v1/cases/${id}`).set(auth(writer))).headers.etag as string;

  it('registers, edits, assigns handlers and records a clerk’s act (送达 of the copy: L23 48)', async () => {
    const reg = await request(t.http).post('/v1/cases').set(auth(writer)).send(registration());
    expect(reg.status).toBe(201);
    const id = reg.body.id as string;
    const edit = await request(t.http)
      .patch(`/v1/cases/${id}`)
      .set(auth(writer))
      .set('if-match', await etagOf(id))
      .send({ channel: 'POST' });
    expect(edit.status).toBe(200);
    const handlers = await request(t.http)
      .put(`/v1/cases/${id}/handlers`)
      .set(auth(writer))
      .set('if-match', await etagOf(id))
      .send({ handlers: [{ name: '王明' }, { name: '李华' }] });
    expect(handlers.status).toBe(200);
    // ACCEPT is an officer's act: refused to the integration, then done by an officer.
    const accept = await request(t.http)
      .post(`/v1/cases/${id}/actions/ACCEPT`)
      .set(auth(writer))
      .set('if-match', await etagOf(id))
      .send({ occurredOn: '2021-03-03' });
    expect(accept.status).toBe(403);
    const accepted = await request(t.http)
      .post(`/v1/cases/${id}/actions/ACCEPT`)
      .set(auth(officer))
      .set('if-match', await etagOf(id))
      .send({ occurredOn: '2021-03-03' });
    expect(accepted.status).toBe(200);
    const actions = await request(t.http).get(`/v1/cases/${id}/actions`).set(auth(writer));
    const offered = (actions.body.actions as Array<{ action: string }>).map((a) => a.action);
    expect(offered).toContain('SEND_COPY');
    expect(offered).not.toContain('DECIDE');
    expect(offered).not.toContain('UNDO');
    const copy = await request(t.http)
      .post(`/v1/cases/${id}/actions/SEND_COPY`)
      .set(auth(writer))
      .set('if-match', await etagOf(id))
      .send({ occurredOn: '2021-03-04' });
    expect(copy.status).toBe(200);
    const history = await request(t.http).get(`/v1/cases/${id}/history`).set(auth(writer));
    expect((history.body.events as Array<{ action: string }>).map((e) => e.action)).toEqual([
      'REGISTER',
      'EDIT',
      'ASSIGN_HANDLERS',
      'ACCEPT',
      'SEND_COPY',
    ]);
  });

  it('without cases:write an integration writes nothing (403, and no case is created)', async () => {
    const before = await request(t.http).get('/v1/cases?limit=200').set(auth(writer));
    const res = await request(t.http).post('/v1/cases').set(auth(reader)).send(registration());
    expect(res.status).toBe(403);
    const after = await request(t.http).get('/v1/cases?limit=200').set(auth(writer));
    expect(after.body.items).toHaveLength((before.body.items as unknown[]).length);
  });
});

import request from 'supertest';
import { DataSource } from 'typeorm';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Organs in a hierarchy (issue 11 pt 8): an organ may have a parent (a city above its districts and counties).
 * parentId on create, update and the views; an unknown parent is 422 UNKNOWN_ORGAN, the organ itself or one below
 * it is 422 ORGAN_HIERARCHY_CYCLE, and a refused change leaves nothing. The trigger organ_hierarchy_acyclic makes a
 * cycle impossible even when the service's check is bypassed or raced (two concurrent changes A → B and B → A).
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

const MISSING = '00000000-0000-4000-8000-000000000000';
const auth = (key: string) => ({ authorization: `Bearer ${key}` });

describe('organs in a hierarchy: parentId, no cycles (issue 11 pt 8)', () => {
  let t: TestApp;
  let ds: DataSource;
  let counter = 0;

  const admin = {
    post: (body: Json, key = t.adminKey) => request(t.http).post('/v1/organs').set(auth(key)).send(body),
    patch: (id: string, body: Json, key = t.adminKey) =>
      request(t.http).patch(`/v1/organs/${id}`).set(auth(key)).send(body),
    list: async (key = t.adminKey) => (await request(t.http).get('/v1/organs').set(auth(key))).body as Json[],
  };

  async function organ(parentId?: string | null): Promise<Json> {
    counter += 1;
    const res = await admin.post({
      code: `ORGAN_${counter}`,
      name: `某机关${counter}`,
      officeName: `某机关${counter}行政复议办公室`,
      caseNumberTemplate: `某复〔{year}〕{seq}号`,
      ...(parentId !== undefined ? { parentId } : {}),
    });
    expect(res.status).toBe(201);
    return res.body as Json;
  }

  /** Every organ's parent, as stored: what a refused change must leave as it was. */
  const parents = async (): Promise<Record<string, string | null>> =>
    Object.fromEntries(
      (await ds.query<Array<{ id: string; parent_id: string | null }>>('SELECT id, parent_id FROM organ')).map((r) => [
        r.id,
        r.parent_id,
      ]),
    );

  /** True when walking up from some organ comes back to it. */
  async function hasCycle(): Promise<boolean> {
    const rows = await ds.query<Array<{ n: string }>>(
      `WITH RECURSIVE up(start, id, depth) AS (
         SELECT id, parent_id, 1 FROM organ WHERE parent_id IS NOT NULL
         UNION ALL
         SELECT up.start, o.parent_id, up.depth + 1 FROM organ o JOIN up ON o.id = up.id
          WHERE o.parent_id IS NOT NULL AND up.depth < 100 AND up.id <> up.start
       )
       SELECT count(*) AS n FROM up WHERE id = start`,
    );
    return Number(rows[0]!.n) > 0;
  }

  beforeAll(async () => {
    t = await startTestApp();
    ds = t.app.get(DataSource);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('parentId on create, update and in the views; null makes an organ a top one again', async () => {
    const city = await organ();
    expect(city.parentId).toBeNull();
    const county = await organ(city.id as string);
    expect(county.parentId).toBe(city.id);
    expect((await admin.list()).find((o) => o.id === county.id)).toMatchObject({ parentId: city.id });
    const moved = await admin.patch(county.id as string, { parentId: null });
    expect(moved.status).toBe(200);
    expect(moved.body.parentId).toBeNull();
    const back = await admin.patch(county.id as string, { parentId: city.id, name: '某县人民政府' });
    expect(back.status).toBe(200);
    expect(back.body).toMatchObject({ parentId: city.id, name: '某县人民政府' });
    // A PATCH without parentId leaves the parent as it is.
    expect((await admin.patch(county.id as string, { officeName: '某县司法局' })).body.parentId).toBe(city.id);
  });

  it('an unknown parent is 422 UNKNOWN_ORGAN naming parentId, on create and update, and nothing is stored', async () => {
    const before = await parents();
    const created = await admin.post({
      code: 'ORPHAN',
      name: '某机关',
      officeName: '某机关行政复议办公室',
      caseNumberTemplate: '某复〔{year}〕{seq}号',
      parentId: MISSING,
    });
    expect(created.status).toBe(422);
    expect(created.body.errors).toEqual([expect.objectContaining({ path: 'parentId', code: 'UNKNOWN_ORGAN' })]);
    expect((await admin.list()).some((o) => o.code === 'ORPHAN')).toBe(false);
    const some = await organ();
    const patched = await admin.patch(some.id as string, { parentId: MISSING, name: '改名' });
    expect(patched.status).toBe(422);
    expect(patched.body.errors).toEqual([expect.objectContaining({ path: 'parentId', code: 'UNKNOWN_ORGAN' })]);
    expect((await admin.list()).find((o) => o.id === some.id)).toMatchObject({ name: some.name, parentId: null });
    expect(await parents()).toEqual({ ...before, [some.id as string]: null });
  });

  it('a parentId that is not a uuid is 400 naming it', async () => {
    const some = await organ();
    const res = await admin.patch(some.id as string, { parentId: 'city' });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'parentId' })]);
  });

  it('null is a parent (none), but no value for a name, template or level: 400 naming the field, never 500', async () => {
    const some = await organ();
    for (const field of ['name', 'officeName', 'caseNumberTemplate', 'level']) {
      const res = await admin.patch(some.id as string, { [field]: null });
      expect({ field, status: res.status }).toEqual({ field, status: 400 });
      expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: field })]));
    }
  });

  it('the organ itself, its child or its grandchild as parent: 422 ORGAN_HIERARCHY_CYCLE, and nothing changes', async () => {
    const top = await organ();
    const child = await organ(top.id as string);
    const grandchild = await organ(child.id as string);
    const before = await parents();
    for (const parent of [top, child, grandchild]) {
      const res = await admin.patch(top.id as string, { parentId: parent.id, name: '不应保存' });
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 422, code: 'ORGAN_HIERARCHY_CYCLE' });
      expect(res.body.errors).toEqual([expect.objectContaining({ path: 'parentId', code: 'ORGAN_HIERARCHY_CYCLE' })]);
    }
    expect(await parents()).toEqual(before);
    expect((await admin.list()).find((o) => o.id === top.id)).toMatchObject({ name: top.name, parentId: null });
    // Moving a subtree elsewhere is fine: the grandchild's branch under another top organ.
    const other = await organ();
    expect((await admin.patch(child.id as string, { parentId: other.id })).status).toBe(200);
  });

  it('the database refuses a cycle written past the service (the trigger), leaving the row as it was', async () => {
    const a = await organ();
    const b = await organ(a.id as string);
    await expect(ds.query('UPDATE organ SET parent_id = $1 WHERE id = $2', [b.id, a.id])).rejects.toMatchObject({
      code: '23514',
      constraint: 'organ_hierarchy_acyclic',
    });
    await expect(ds.query('UPDATE organ SET parent_id = id WHERE id = $1', [a.id])).rejects.toMatchObject({
      code: '23514',
    });
    // One statement swapping two parents at once: the AFTER trigger sees both rows changed.
    const c = await organ();
    const d = await organ();
    await expect(
      ds.query(
        `UPDATE organ SET parent_id = CASE id WHEN $1::uuid THEN $2::uuid ELSE $1::uuid END WHERE id IN ($1, $2)`,
        [c.id, d.id],
      ),
    ).rejects.toMatchObject({ code: '23514' });
    expect(await hasCycle()).toBe(false);
    expect((await parents())[a.id as string]).toBeNull();
  });

  it('two concurrent transactions A → B and B → A: the second waits for the first and is refused (advisory lock)', async () => {
    const a = await organ();
    const b = await organ();
    const first = ds.createQueryRunner();
    const second = ds.createQueryRunner();
    await first.connect();
    await second.connect();
    try {
      await first.startTransaction('READ COMMITTED');
      await second.startTransaction('READ COMMITTED');
      await first.query('UPDATE organ SET parent_id = $1 WHERE id = $2', [b.id, a.id]);
      // Without the lock the second would see B above nothing and A still without a parent, and both would commit.
      const racing = second.query('UPDATE organ SET parent_id = $1 WHERE id = $2', [a.id, b.id]).then(
        () => 'committed-ok',
        (e: { code?: string; constraint?: string }) => `${e.code}:${e.constraint}`,
      );
      // The second is waiting for the lock, not finished.
      const waiting = await Promise.race([racing, new Promise((r) => setTimeout(() => r('waiting'), 300))]);
      expect(waiting).toBe('waiting');
      await first.commitTransaction();
      expect(await racing).toBe('23514:organ_hierarchy_acyclic');
      await second.rollbackTransaction();
    } finally {
      await first.release();
      await second.release();
    }
    expect((await parents())[a.id as string]).toBe(b.id);
    expect((await parents())[b.id as string]).toBeNull();
    expect(await hasCycle()).toBe(false);
  });

  it('a change of parent under REPEATABLE READ is refused (its snapshot would predate the lock)', async () => {
    const a = await organ();
    const b = await organ();
    const runner = ds.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction('REPEATABLE READ');
      await expect(runner.query('UPDATE organ SET parent_id = $1 WHERE id = $2', [b.id, a.id])).rejects.toMatchObject({
        code: '25000',
      });
      await runner.rollbackTransaction();
    } finally {
      await runner.release();
    }
  });

  it('through the API, concurrent PATCHes A → B and B → A never both succeed (422 ORGAN_HIERARCHY_CYCLE)', async () => {
    for (let round = 0; round < 8; round += 1) {
      const a = await organ();
      const b = await organ();
      const [x, y] = await Promise.all([
        admin.patch(a.id as string, { parentId: b.id }),
        admin.patch(b.id as string, { parentId: a.id }),
      ]);
      const statuses = [x.status, y.status].sort();
      expect(statuses).toEqual([200, 422]);
      expect([x, y].find((r) => r.status === 422)!.body.code).toBe('ORGAN_HIERARCHY_CYCLE');
    }
    expect(await hasCycle()).toBe(false);
  });

  it('a key limited to organs: a parent outside its organs is answered as an unknown one (422 UNKNOWN_ORGAN)', async () => {
    const mine = await organ();
    const mineToo = await organ();
    const notMine = await organ();
    const key = await t.createKey(['ADMIN'], { organIds: [mine.id as string, mineToo.id as string] });
    const other = await admin.patch(mine.id as string, { parentId: notMine.id }, key);
    const missing = await admin.patch(mine.id as string, { parentId: MISSING }, key);
    expect({ status: other.status, code: other.body.code }).toEqual({ status: 422, code: 'UNPROCESSABLE' });
    expect(other.body.errors).toEqual([expect.objectContaining({ path: 'parentId', code: 'UNKNOWN_ORGAN' })]);
    const strip = (r: request.Response, id: string) =>
      JSON.parse(
        JSON.stringify({ ...r.body, requestId: undefined })
          .split(id)
          .join('<id>'),
      ) as Json;
    expect(strip(other, notMine.id as string)).toEqual(strip(missing, MISSING));
    expect((await parents())[mine.id as string]).toBeNull();
    // Within its own organs it may arrange them; another organ's row stays 404 as before.
    expect((await admin.patch(mine.id as string, { parentId: mineToo.id }, key)).status).toBe(200);
    const foreign = await admin.patch(notMine.id as string, { parentId: mine.id }, key);
    expect({ status: foreign.status, code: foreign.body.code }).toEqual({ status: 404, code: 'ORGAN_NOT_FOUND' });
  });
});

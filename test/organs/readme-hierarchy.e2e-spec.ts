import { listen, readmeBashBlock, runReadmeExample } from '../support/readme-example';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * The README's example under "### Organs in a hierarchy" runs as written (with `set -euo pipefail`), given what a
 * reader has: API and the admin key as API_KEY. Its answers are what the comments in it say.
 */

const HEADING = '### Organs in a hierarchy';

describe('README: the organ hierarchy example runs as written (issue 11 pt 8)', () => {
  let t: TestApp;
  let api: string;

  beforeAll(async () => {
    t = await startTestApp();
    api = await listen(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('creates the city, puts the county below it, refuses the cycle and counts the tree', async () => {
    const script = readmeBashBlock(HEADING);
    const run = await runReadmeExample(script, { API: api, API_KEY: t.adminKey });
    expect({ code: run.code, stderr: run.code === 0 ? '' : run.stderr }).toEqual({ code: 0, stderr: '' });
    const lines = run.stdout.split('\n').filter((l) => l !== '');
    const [moved, refused, status, stats] = [
      JSON.parse(lines[0]!),
      JSON.parse(lines[1]!),
      lines[2],
      JSON.parse(lines[3]!),
    ] as [Record<string, unknown>, Record<string, unknown>, string, Record<string, any>]; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(moved).toMatchObject({ code: 'TAIQIAN', parentId: expect.any(String) });
    expect(refused).toMatchObject({
      code: 'ORGAN_HIERARCHY_CYCLE',
      errors: [expect.objectContaining({ path: 'parentId' })],
    });
    expect(status).toBe('422');
    expect(stats.figures).toMatchObject({ organ: { code: 'PUYANG' }, scope: 'DESCENDANTS' });
    expect(stats.figures.organIds).toEqual([moved.parentId, moved.id]);
    expect(stats.breakdowns.organ.map((e: { code: string }) => e.code).sort()).toEqual(['PUYANG', 'TAIQIAN']);
  });
});

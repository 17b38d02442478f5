import { listen, readmeBashBlock, runReadmeExample } from '../support/readme-example';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * The README's example under "### Declared baselines …" runs as written (with `set -euo pipefail`), given what a
 * reader has: API and the admin key as API_KEY. Its answers are what the comments in it say.
 */

const HEADING = '### Declared baselines (同比 where the case data is incomplete)';

describe('README: the declared baselines example runs as written (issue 11 pt 5)', () => {
  let t: TestApp;
  let api: string;

  beforeAll(async () => {
    t = await startTestApp();
    api = await listen(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('is INCOMPLETE without a baseline, then DECLARED with it', async () => {
    const script = readmeBashBlock(HEADING);
    const run = await runReadmeExample(script, { API: api, API_KEY: t.adminKey });
    expect({ code: run.code, stderr: run.code === 0 ? '' : run.stderr }).toEqual({ code: 0, stderr: '' });
    const lines = run.stdout.split('\n').filter((l) => l !== '');
    expect(lines[0]).toBe('INCOMPLETE');
    expect(JSON.parse(lines[1]!)).toMatchObject({ from: '2020-01-01', figures: { received: 20 }, supersededBy: null });
    expect(lines[2]).toBe('DECLARED 20 -100');
  });
});

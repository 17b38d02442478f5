import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { listen, readmeBashBlock, runReadmeExample } from '../support/readme-example';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * The README's example under "### The import job" runs as written (with `set -euo pipefail`), given what a reader
 * has: API and the admin key as API_KEY. It imports a one-row ledger and finds the historical case (issue 12).
 */

const HEADING = '### The import job';

describe('README: the ledger import example runs as written (issue 12)', () => {
  let t: TestApp;
  let api: string;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'readme-import-'));

  beforeAll(async () => {
    t = await startTestApp();
    api = await listen(t);
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('validates the one-row ledger and commits it', async () => {
    const script = readmeBashBlock(HEADING);
    const run = await runReadmeExample(script, { API: api, API_KEY: t.adminKey }, dir);
    expect({ code: run.code, stderr: run.code === 0 ? '' : run.stderr }).toEqual({ code: 0, stderr: '' });
    expect(run.stdout.trim().split('\n')).toEqual(['1', 'COMMITTED', '1']);
  }, 90_000);
});

import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * The README's example under "### The import job" runs as written (with `set -euo pipefail`), given what a reader
 * has: API and the admin key as API_KEY. It imports a one-row ledger and finds the historical case (issue 12).
 */

const HEADING = '### The import job';

function block(readme: string): string {
  const at = readme.indexOf(`\n${HEADING}\n`);
  const open = readme.indexOf('\n```bash\n', at);
  const next = readme.indexOf('\n### ', at + HEADING.length + 1);
  if (at < 0 || open < 0 || (next >= 0 && open > next)) {
    throw new Error(`README.md has no bash block under "${HEADING}"`);
  }
  const start = open + '\n```bash\n'.length;
  return readme.slice(start, readme.indexOf('\n```\n', start) + 1);
}

describe('README: the ledger import example runs as written (issue 12)', () => {
  let t: TestApp;
  let api: string;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'readme-import-'));

  beforeAll(async () => {
    t = await startTestApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    api = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('validates the one-row ledger and commits it', async () => {
    const script = block(readFileSync(path.join(__dirname, '../../README.md'), 'utf8'));
    const run = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        'bash',
        ['-c', `set -euo pipefail\n${script}`],
        { cwd: dir, env: { ...process.env, API: api, API_KEY: t.adminKey }, timeout: 60_000 },
        (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      );
    });
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    expect(run.stdout.trim().split('\n')).toEqual(['1', 'COMMITTED', '1']);
  }, 90_000);
});

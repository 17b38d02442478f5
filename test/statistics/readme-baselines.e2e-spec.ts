import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * The README's example under "### Declared baselines …" runs as written (with `set -euo pipefail`), given what a
 * reader has: API and the admin key as API_KEY. Its answers are what the comments in it say.
 */

const HEADING = '### Declared baselines (同比 where the case data is incomplete)';

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

describe('README: the declared baselines example runs as written (issue 11 pt 5)', () => {
  let t: TestApp;
  let api: string;

  beforeAll(async () => {
    t = await startTestApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    api = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('is INCOMPLETE without a baseline, then DECLARED with it', async () => {
    const script = block(readFileSync(path.join(__dirname, '../../README.md'), 'utf8'));
    const run = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        'bash',
        ['-c', `set -euo pipefail\n${script}`],
        { env: { PATH: process.env.PATH ?? '', API: api, API_KEY: t.adminKey }, timeout: 60_000, encoding: 'utf8' },
        (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      );
    });
    expect({ code: run.code, stderr: run.code === 0 ? '' : run.stderr }).toEqual({ code: 0, stderr: '' });
    const lines = run.stdout.split('\n').filter((l) => l !== '');
    expect(lines[0]).toBe('INCOMPLETE');
    expect(JSON.parse(lines[1]!)).toMatchObject({ from: '2020-01-01', figures: { received: 20 }, supersededBy: null });
    expect(lines[2]).toBe('DECLARED 20 -100');
  });
});

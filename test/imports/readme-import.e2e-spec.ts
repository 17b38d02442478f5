import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { listen, readmeBashBlock, runReadmeExample } from '../support/readme-example';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * The README's example under "### The import job" runs as written (with `set -euo pipefail`), given what a reader
 * has: API and the admin key as API_KEY. It imports a one-row ledger and finds the historical case (issue 12).
 * And the command-line tool (`npm run import`, src/bin/import-ledger.ts) against the same running service: a dry run,
 * a blocked import, and the import (issue 12 pt 4).
 */

/** Runs the CLI from its source (as `npm run import` runs its build) with API_URL and API_KEY. */
function runCli(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', path.resolve(__dirname, '../../src/bin/import-ledger.ts'), ...args],
      { env: { ...process.env, ...env }, timeout: 60_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

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

  it('npm run import: a dry run reports, an invalid row blocks (exit 2), --skip-invalid imports the rest', async () => {
    const env = { API_URL: api, API_KEY: t.adminKey };
    const file = path.join(dir, '台账.csv');
    writeFileSync(
      file,
      [
        '案号,收到申请日期,申请人,被申请人,被申请人类型,行为类别,管理领域,受理日期,结案日期,结案方式',
        '台政复〔2018〕1号,2018/3/1,张三,县市场监督管理局,县政府工作部门,行政处罚,市场监管,2018/3/5,2018年4月20日,维持',
        '台政复〔2018〕2号,2018/3/2,李四,县市场监督管理局,县政府工作部门,行政处罚,市场监管,2018/3/6,2018-02-01,撤销',
        '',
      ].join('\r\n'),
    );
    const dry = await runCli([file, '--dry-run', '--organ', 'TAIQIAN'], env);
    expect(dry.code).toBe(2);
    expect(dry.stdout).toMatch(/DATES_OUT_OF_ORDER/);
    const blocked = await runCli([file, '--organ', 'TAIQIAN'], env);
    expect(blocked.code).toBe(2);
    const imported = await runCli([file, '--organ', 'TAIQIAN', '--skip-invalid'], env);
    expect({ code: imported.code, stderr: imported.code === 0 ? '' : imported.stderr }).toEqual({
      code: 0,
      stderr: '',
    });
    expect(imported.stdout).toMatch(/imported\D+1\b/);
    const again = await runCli([file, '--organ', 'TAIQIAN', '--skip-invalid'], env);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/already imported\D+1\b|alreadyImported\D+1\b/i);
  }, 120_000);
});

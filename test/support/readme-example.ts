import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import type { TestApp } from './test-app';

/** The first ```bash block under a README heading (up to the next ### heading): an example that must run as written. */
export function readmeBashBlock(heading: string): string {
  const readme = readFileSync(path.join(__dirname, '../../README.md'), 'utf8');
  const at = readme.indexOf(`\n${heading}\n`);
  const open = readme.indexOf('\n```bash\n', at);
  const next = readme.indexOf('\n### ', at + heading.length + 1);
  if (at < 0 || open < 0 || (next >= 0 && open > next)) {
    throw new Error(`README.md has no bash block under "${heading}"`);
  }
  const start = open + '\n```bash\n'.length;
  return readme.slice(start, readme.indexOf('\n```\n', start) + 1);
}

/** Makes the test app listen on a free local port (the README's examples call it with curl); returns its URL. */
export async function listen(t: TestApp): Promise<string> {
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
}

/** Runs a README example with `set -euo pipefail`, given what a reader has: PATH, API and the key as API_KEY. */
export function runReadmeExample(
  script: string,
  env: { API: string; API_KEY: string },
  cwd?: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      'bash',
      ['-c', `set -euo pipefail\n${script}`],
      { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 60_000, encoding: 'utf8', ...(cwd ? { cwd } : {}) },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

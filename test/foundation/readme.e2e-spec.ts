import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describeEnvironment } from '../../src/config/env';

describe('README stays true', () => {
  const readme = readFileSync(path.join(__dirname, '../../README.md'), 'utf8');

  it('documents every environment variable with its default', () => {
    for (const v of describeEnvironment()) {
      const row = readme.split('\n').find((line) => line.startsWith(`| \`${v.name}\` |`));
      expect({ name: v.name, row }).toEqual({
        name: v.name,
        row: expect.stringContaining(v.default === '' ? '—' : `\`${v.default}\``),
      });
    }
  });

  it('gives the two commands', () => {
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toContain('npm test');
  });
});

import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describeEnvironment } from '../../src/config/env';
import { INTEGRATION_WRITE_ROLE, TRANSITIONS } from '../../src/workflow/transition-table';

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

  it('lists exactly the acts an integration with cases:write may record (issue 13 pt 8: scopes mean what they say)', () => {
    const fromTable = [
      ...new Set(TRANSITIONS.filter((t) => t.roles.includes(INTEGRATION_WRITE_ROLE)).map((t) => t.action)),
    ];
    const paragraph = readme.slice(readme.indexOf('may record: '));
    const listed = paragraph.slice(0, paragraph.indexOf('(`workflowRolesOf`')).match(/`([A-Z_]+)`/g) ?? [];
    expect(listed.map((a) => a.replace(/`/g, '')).sort()).toEqual(fromTable.sort());
  });
});

import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

/**
 * The dependency direction of DESIGN §7 / issue 15 pt 1, checked on the source: cases/ is the write side and knows
 * none of its subscribers; common/ imports no feature module (infrastructure only: config/, database/).
 */
const SRC = __dirname;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? sourceFiles(full) : name.endsWith('.ts') ? [full] : [];
  });
}

/** The top-level folders of src/ that each file imports (relative imports only; packages are not modules of ours). */
function importedModules(file: string): { target: string; file: string; line: string }[] {
  const text = readFileSync(file, 'utf8');
  const found: { target: string; file: string; line: string }[] = [];
  for (const match of text.matchAll(/(?:from|import)\s+'(\.[^']+)'/g)) {
    const resolved = path.relative(SRC, path.resolve(path.dirname(file), match[1] ?? ''));
    found.push({ target: resolved.split(path.sep)[0] ?? '', file: resolved, line: match[0] });
  }
  return found;
}

function violations(folder: string, forbidden: (target: string, file: string) => boolean): string[] {
  return sourceFiles(path.join(SRC, folder)).flatMap((file) =>
    importedModules(file)
      .filter((i) => i.target !== folder && forbidden(i.target, i.file))
      .map((i) => `${path.relative(SRC, file)}: ${i.line}`),
  );
}

describe('dependency direction (DESIGN §7; issue 15 pt 1)', () => {
  it('common/ imports no feature module, only infrastructure (config/, database/)', () => {
    expect(violations('common', (t) => !['config', 'database'].includes(t))).toEqual([]);
  });

  it('cases/ (the write side) imports none of its subscribers', () => {
    const subscribers = ['deadlines', 'events', 'webhooks', 'statistics'];
    expect(violations('cases', (t) => subscribers.includes(t))).toEqual([]);
  });

  it('webhooks/ reads the event feed; nothing depends on webhooks/', () => {
    const others = ['cases', 'events', 'deadlines', 'statistics', 'common', 'personal-data', 'auth', 'organs'];
    expect(others.flatMap((folder) => violations(folder, (t) => t === 'webhooks'))).toEqual([]);
  });

  it('the case history lives inside cases/', () => {
    expect(() => statSync(path.join(SRC, 'history'))).toThrow();
    expect(statSync(path.join(SRC, 'cases', 'history', 'case-event.entity.ts')).isFile()).toBe(true);
  });

  it('the pure rules (workflow/) import nothing with state: no database, service, repository or Nest module', () => {
    const stateful = (t: string, f: string) =>
      t === 'database' || /\.(service|repository|module|controller|entity)$/.test(f);
    expect(violations('workflow', stateful)).toEqual([]);
  });
});

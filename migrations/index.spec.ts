import { readdirSync } from 'node:fs';
import { ALL_MIGRATIONS } from './index';

describe('migrations/index.ts', () => {
  it('lists every migration file in this folder, in timestamp order', () => {
    const files = readdirSync(__dirname)
      .filter((f) => /^\d{13}-[A-Za-z0-9]+\.ts$/.test(f))
      .sort();
    const listed = ALL_MIGRATIONS.map((m) => m.name);
    const expected = files.map((f) => {
      const [timestamp, name] = f.replace(/\.ts$/, '').split('-');
      return `${name}${timestamp}`;
    });
    expect(listed).toEqual(expected);
  });
});

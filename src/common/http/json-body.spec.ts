import { loneSurrogatePaths } from '../validation/nul-character.pipe';
import { jsonDepthExceeds } from './json-body';

describe('JSON depth scan (issue 14 §1: deep bodies are 400, not a stack overflow)', () => {
  it('counts arrays and objects, not brackets inside strings or escaped quotes', () => {
    expect(jsonDepthExceeds('{"a":[[1]]}', 3)).toBe(false);
    expect(jsonDepthExceeds('{"a":[[[1]]]}', 3)).toBe(true);
    expect(jsonDepthExceeds('{"a":"[[[[[[\\"[[[["}', 1)).toBe(false);
    expect(jsonDepthExceeds(`${'['.repeat(100_000)}`, 32)).toBe(true);
  });
});

describe('lone surrogates (not Unicode text; jsonb refuses them)', () => {
  it('finds a lone high or low surrogate, in values and keys, and lets pairs through', () => {
    expect(loneSurrogatePaths({ a: 'x\ud800', b: ['\udc00y'], ok: '😀', ['k\ud83d']: 1 })).toEqual([
      'a',
      'b[0]',
      '(key)',
    ]);
    expect(loneSurrogatePaths({ ok: '行政复议 😀' })).toEqual([]);
  });
});

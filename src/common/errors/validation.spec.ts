import { IsString, Matches, validate } from 'class-validator';
import { nulCharacterPaths } from '../validation/nul-character.pipe';
import { validationProblem } from './validation';

class WithValueInMessage {
  @IsString()
  @Matches(/^\d{17}[\dX]$/, { message: 'idNumber $value is not a resident ID' })
  idNumber!: string;
}

describe('validation problems never echo the rejected value (PIPL 51; issue 13 §5)', () => {
  it('a message that quotes $value gets the value withheld', async () => {
    const dto = Object.assign(new WithValueInMessage(), { idNumber: '41092719800101001' });
    const problem = validationProblem(await validate(dto));
    const body = JSON.stringify({ detail: problem.detail, errors: problem.options.errors });
    expect(body).not.toContain('41092719800101001');
    expect(body).toContain('(value withheld)');
  });

  it('NUL characters are found by path, in values and keys, without quoting them', () => {
    expect(nulCharacterPaths({ a: [{ b: 'x\u0000' }], ['k\u0000']: 1, ok: 'fine' })).toEqual(['a[0].b', '(key)']);
    expect(nulCharacterPaths({ ok: 'fine', n: 1, z: null })).toEqual([]);
  });
});

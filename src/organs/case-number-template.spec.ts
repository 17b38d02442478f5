import { renderCaseNumber, validateCaseNumberTemplate } from './case-number-template';

describe('case number template (GB/T 9704 style, e.g. 台政复〔2021〕7号)', () => {
  describe('renderCaseNumber', () => {
    it('GB/T 9704: renders {year} and {seq}: 台政复〔{year}〕{seq}号 → 台政复〔2021〕7号', () => {
      expect(renderCaseNumber('台政复〔{year}〕{seq}号', 2021, 7)).toBe('台政复〔2021〕7号');
    });

    it('{seq:3} pads the sequence to 3 digits', () => {
      expect(renderCaseNumber('台政复〔{year}〕{seq:3}号', 2021, 7)).toBe('台政复〔2021〕007号');
      expect(renderCaseNumber('{seq:3}', 2021, 42)).toBe('042');
      expect(renderCaseNumber('{seq:3}', 2021, 123)).toBe('123');
    });

    it('{seq:N} never truncates a longer sequence', () => {
      expect(renderCaseNumber('{seq:3}', 2021, 1234)).toBe('1234');
    });

    it('{seq} is not padded', () => {
      expect(renderCaseNumber('台政复〔{year}〕{seq}号', 2024, 12)).toBe('台政复〔2024〕12号');
    });

    it('{year} is optional, and every occurrence of a placeholder is replaced', () => {
      expect(renderCaseNumber('台政复{seq}号', 2021, 3)).toBe('台政复3号');
      expect(renderCaseNumber('{year}-{seq}/{year}-{seq:2}', 2022, 5)).toBe('2022-5/2022-05');
    });

    it('renders the same way on repeated calls (no regex state carried over)', () => {
      const template = '台政复〔{year}〕{seq:3}号';
      expect(renderCaseNumber(template, 2021, 1)).toBe('台政复〔2021〕001号');
      expect(renderCaseNumber(template, 2021, 2)).toBe('台政复〔2021〕002号');
      expect(renderCaseNumber(template, 2022, 3)).toBe('台政复〔2022〕003号');
    });
  });

  describe('validateCaseNumberTemplate', () => {
    it.each(['台政复〔{year}〕{seq}号', '台政复〔{year}〕{seq:3}号', '{year}-{seq}', '{seq:1}/{year}'])(
      'accepts %s',
      (template) => {
        expect(validateCaseNumberTemplate(template)).toBeUndefined();
      },
    );

    it.each(['台政复〔{year}〕号', '台政复', '', '{year}'])(
      'rejects %p: {seq} is required (numbers must be unique)',
      (template) => {
        expect(validateCaseNumberTemplate(template)).toMatch(/\{seq\}/);
      },
    );

    it.each(['台政复{seq}号', '{seq}', '{seq:1}'])(
      'rejects %p: without {year} numbers would repeat every year',
      (template) => {
        expect(validateCaseNumberTemplate(template)).toMatch(/\{year\}/);
      },
    );

    it.each([
      ['台政复〔{year}〕{seq}号{month}', '{month}'],
      ['台政复〔{Year}〕{seq}号', '{Year}'],
      ['台政复〔{year}〕{SEQ}号', '{SEQ}'],
      ['{seq:10}', '{seq:10}'],
      ['{seq:}', '{seq:}'],
      ['{seq}{}', '{}'],
      ['{ year}{seq}', '{ year}'],
      ['{organ}{seq}', '{organ}'],
    ])('rejects %p: unknown placeholder %s', (template, placeholder) => {
      const message = validateCaseNumberTemplate(template);
      expect(message).toMatch(/Unknown placeholder/);
      expect(message).toContain(placeholder);
    });

    it('names every unknown placeholder', () => {
      const message = validateCaseNumberTemplate('{a}{seq}{b}');
      expect(message).toContain('{a}');
      expect(message).toContain('{b}');
    });
  });
});

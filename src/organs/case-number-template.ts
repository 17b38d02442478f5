/**
 * Case numbers in the GB/T 9704 style: {organ abbreviation}{document kind}〔{year}〕{seq}号, e.g. 台政复〔2021〕7号.
 * The template is data per organ; {year} and {seq} are both required (sequences restart each year), and {seq:3} pads
 * the sequence to 3 digits (007) for offices that number that way.
 */
const PLACEHOLDER = /\{(year|seq(?::(\d))?)\}/g;

export function validateCaseNumberTemplate(template: string): string | undefined {
  const unknown = template.match(/\{[^}]*\}/g)?.filter((p) => !/^\{(year|seq(:\d)?)\}$/.test(p));
  if (unknown && unknown.length > 0) {
    return `Unknown placeholder(s) ${unknown.join(', ')}; use {year} and {seq} (or {seq:N} to pad to N digits).`;
  }
  if (!/\{seq(:\d)?\}/.test(template)) {
    return 'The template must contain {seq}, the per-year sequence number.';
  }
  // Sequences restart every year, so without {year} two years would issue the same number.
  if (!template.includes('{year}')) {
    return 'The template must contain {year}: sequences restart each year, so numbers would repeat without it.';
  }
  return undefined;
}

export function renderCaseNumber(template: string, year: number, seq: number): string {
  return template.replace(PLACEHOLDER, (_m, name: string, pad?: string) =>
    name === 'year' ? String(year) : String(seq).padStart(pad ? Number(pad) : 0, '0'),
  );
}

/**
 * renderCaseNumber as an SQL expression, for the statement that takes the sequence and writes the case in one round
 * trip (issue 18 pt 1): `seq` is the SQL of the sequence (an integer), `param` adds a parameter and returns its
 * placeholder. lpad never truncates here, as padStart does not.
 */
export function caseNumberSql(template: string, year: number, seq: string, param: (value: unknown) => string): string {
  const parts: string[] = [];
  let last = 0;
  for (const m of template.matchAll(PLACEHOLDER)) {
    if (m.index > last) {
      parts.push(`${param(template.slice(last, m.index))}::text`);
    }
    if (m[1] === 'year') {
      parts.push(`${param(String(year))}::text`);
    } else {
      const pad = m[2] ? Number(m[2]) : 0;
      parts.push(`lpad((${seq})::text, greatest(${pad}, length((${seq})::text)), '0')`);
    }
    last = m.index + m[0].length;
  }
  if (last < template.length) {
    parts.push(`${param(template.slice(last))}::text`);
  }
  return parts.length > 0 ? parts.join(' || ') : `''`;
}

/**
 * The sequence of a case number that the template renders for `year` (a ledger's original number, issue 12), or null
 * when the number is not one the template makes (another numbering, another year): such a case takes a new sequence.
 */
export function parseCaseNumber(template: string, year: number, caseNumber: string): number | null {
  let source = '';
  let last = 0;
  for (const m of template.matchAll(PLACEHOLDER)) {
    source += escapeRegExp(template.slice(last, m.index));
    source += m[1] === 'year' ? String(year) : '(\\d+)';
    last = m.index + m[0].length;
  }
  source += escapeRegExp(template.slice(last));
  const match = new RegExp(`^${source}$`).exec(caseNumber.trim());
  const seq = match ? Number(match[1]) : NaN;
  return Number.isSafeInteger(seq) && seq > 0 && renderCaseNumber(template, year, seq) === caseNumber.trim()
    ? seq
    : null;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

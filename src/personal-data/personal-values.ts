import type { Actor } from '../auth/roles';

/**
 * PIPL 4:「个人信息是以电子或者其他方式记录的与已识别或者可识别的自然人有关的各种信息」; PIPL 51(二): the handler shall
 * 「对个人信息实行分类管理」; PIPL 28:「敏感个人信息是一旦泄露或者非法使用，容易导致自然人的人格尊严受到侵害或者人身、
 * 财产安全受到危害的个人信息」.
 * The four classes every field of every resource belongs to (issue 13; 个人信息保护法 PIPL 4, 28):
 * - public: anyone allowed to read the resource (case number, state, dates, respondent);
 * - internal: the office's own working data (handlers, reasons, the dispute's facts); readers of the resource;
 * - personal: information identifying a natural person (PIPL 4): name, sex, phone, address;
 * - sensitive: personal information whose leak easily harms the person (PIPL 28; GB/T 35273 lists the ID number).
 * Personal and sensitive values are shown in clear only to those entitled (mayReadPersonalData) and masked for all others.
 */
export type FieldClass = 'public' | 'internal' | 'personal' | 'sensitive';

/**
 * The kinds of personal value the service stores, each with its class and how it is shown to someone not entitled to
 * it. Values of these kinds never rest in a case row, an event or an idempotency record: those hold a reference
 * (`pd:<uuid>`) to the encrypted value in personal_datum (PIPL 51(3)), which is why history can be rectified
 * (PIPL 46) or erased (PIPL 47) without being rewritten.
 */
export const PERSONAL_VALUE_KINDS = {
  /** 张三 → 张*: the surname alone identifies no one (the form public registers such as 裁判文书网 use). */
  NAME: { class: 'personal', mask: maskName },
  /** 11010519491231002X → 110105***********X: region and check character only (maskIdNumber). */
  ID_NUMBER: { class: 'sensitive', mask: maskIdNumber },
  /** 13812345678 → 138****5678. */
  PHONE: { class: 'personal', mask: maskPhone },
  /** 河南省濮阳市台前县城关镇… → 河南省濮阳市****: no more than the city. */
  ADDRESS: { class: 'personal', mask: maskAddress },
  /** Absent when masked: nothing partial of it is harmless. */
  SEX: { class: 'personal', mask: () => null },
} as const satisfies Record<string, { class: FieldClass; mask: (value: string) => string | null }>;

export type PersonalValueKind = keyof typeof PERSONAL_VALUE_KINDS;

export function isPersonalValueKind(value: string): value is PersonalValueKind {
  return Object.prototype.hasOwnProperty.call(PERSONAL_VALUE_KINDS, value);
}

/** How stored data refers to a personal value: `pd:` and the personal_datum row id. */
export const REFERENCE_PREFIX = 'pd:';
const REFERENCE = /^pd:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

export function referenceTo(id: string): string {
  return `${REFERENCE_PREFIX}${id}`;
}

/** The personal_datum id a string refers to, or undefined when the string is not a reference. */
export function referencedId(value: string): string | undefined {
  return value.startsWith(REFERENCE_PREFIX) ? REFERENCE.exec(value)?.[1] : undefined;
}

/**
 * PIPL 6:「处理个人信息应当具有明确、合理的目的，并应当与处理目的直接相关，采取对个人权益影响最小的方式」; PIPL 51(四):
 * 「合理确定个人信息处理的操作权限」.
 * Who sees personal values in clear: the roles that handle cases (they register, serve and decide, and cannot do so
 * without the parties' identity: R07 19; L23 22, 41), and integrations granted `personal-data:read`. Everyone else
 * (REPORTER, ADMIN, AUDITOR, integrations without the scope) sees masked values (PIPL 6: no more than the purpose needs).
 */
export function mayReadPersonalData(actor: Actor): boolean {
  return (
    actor.roles.some((r) => r === 'CLERK' || r === 'OFFICER' || r === 'SUPERVISOR') ||
    (actor.roles.includes('INTEGRATION') && actor.scopes.includes('personal-data:read'))
  );
}

/** ID-number- and mobile-phone-shaped runs of text (GB 11643; 1[3-9] + 9 digits). */
const ID_OR_PHONE_TEXT = /(?<![0-9A-Za-z])(?:\d{17}[\dXx]|1[3-9]\d{9})(?![0-9A-Za-z])/;

/**
 * Whether free text holds something shaped like an ID number or a mobile phone: such text is refused where it would
 * be kept for ever in clear (the append-only audit's reasons), since the value belongs in the vault.
 */
export function holdsPersonalValue(text: string): boolean {
  return ID_OR_PHONE_TEXT.test(text);
}

/** Calls `visit` for every string in a JSON value with its path (`applicants[0].address`); stops when it returns true. */
export function someString(value: unknown, visit: (s: string, path: string) => boolean, path = ''): boolean {
  if (typeof value === 'string') {
    return visit(value, path);
  }
  if (Array.isArray(value)) {
    return value.some((v, i) => someString(v, visit, `${path}[${i}]`));
  }
  if (value && typeof value === 'object' && !(value instanceof Date) && !Buffer.isBuffer(value)) {
    return Object.entries(value as Record<string, unknown>).some(([k, v]) =>
      someString(v, visit, path ? `${path}.${k}` : k),
    );
  }
  return false;
}

/** The path of a `pd:` reference in client input, if any: refused, so that no one can make a response resolve another value. */
export function findReference(value: unknown): string | undefined {
  let found: string | undefined;
  someString(value, (s, path) => {
    if (s.startsWith(REFERENCE_PREFIX)) {
      found = path || '(body)';
      return true;
    }
    return false;
  });
  return found;
}

export function maskValue(kind: PersonalValueKind, value: string): string | null {
  return PERSONAL_VALUE_KINDS[kind].mask(value);
}

export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length === 0) {
    return '*';
  }
  return `${chars[0]}*`;
}

/**
 * An 18-character resident ID keeps its region code and check character: the birth date and the sequence (whose
 * 17th digit gives the sex, itself masked) are hidden. Anything else keeps at most its last four.
 */
export function maskIdNumber(id: string): string {
  if (id.length === 18) {
    return `${id.slice(0, 6)}${'*'.repeat(11)}${id.slice(17)}`;
  }
  const visible = id.length > 8 ? 4 : 0;
  return `${'*'.repeat(id.length - visible)}${id.slice(id.length - visible)}`;
}

export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 7) {
    return '****';
  }
  return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
}

export function maskAddress(address: string): string {
  // Up to the city (市/州/盟/地区) when the address names one within its first 10 characters; else its first 3.
  const city = /^.{0,9}?(市|自治州|州|盟|地区)/.exec(address);
  const kept = city ? city[0] : [...address].slice(0, 3).join('');
  return `${kept}****`;
}

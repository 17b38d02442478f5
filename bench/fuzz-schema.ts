/**
 * The OpenAPI 3.1 subset the service's document uses, read twice by the contract fuzzer (bench/fuzz.ts): a checker
 * (does a 2xx body match its documented schema?) and a generator (a plausible body or query value for a schema).
 * Keywords: $ref, allOf, oneOf, anyOf, type (a name or an array of names, 'null' among them), const, enum,
 * properties, required, items, additionalProperties, format (uuid, date, date-time), minimum, maximum, maxLength,
 * minItems, maxItems, examples; and OpenAPI 3.0's `nullable` and `example`, should a schema still use them. Written
 * here rather than taken from ajv, which is only a transitive dependency of Fastify.
 */

export interface Schema {
  $ref?: string;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  type?: string | string[];
  nullable?: boolean;
  const?: unknown;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  additionalProperties?: boolean | Schema;
  format?: string;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  minLength?: number;
  minItems?: number;
  maxItems?: number;
  example?: unknown;
  examples?: unknown[];
  default?: unknown;
}

/** The schema's types: 3.1's array or single name, with 'null' for 3.0's `nullable`. */
function typesOf(s: Schema): string[] {
  const types = s.type === undefined ? [] : Array.isArray(s.type) ? s.type : [s.type];
  return s.nullable ? [...types, 'null'] : types;
}

/** The type to check a non-null value against (the first that is not 'null'). */
function valueType(s: Schema): string | undefined {
  return typesOf(s).find((t) => t !== 'null');
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema?: Schema;
}

export interface Operation {
  operationId: string;
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function realDate(value: string): boolean {
  if (!DATE.test(value)) {
    return false;
  }
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  const date = new Date(0);
  date.setUTCFullYear(y, m - 1, d);
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

export class SchemaChecker {
  constructor(private readonly doc: OpenApiDocument) {}

  resolve(schema: Schema): Schema {
    let s = schema;
    for (let hops = 0; s.$ref && hops < 20; hops += 1) {
      const name = s.$ref.replace('#/components/schemas/', '');
      const target = this.doc.components.schemas[name];
      if (!target) {
        throw new Error(`unknown $ref ${s.$ref}`);
      }
      s = target;
    }
    return s;
  }

  /** Every way `value` breaks `schema`, as `path: problem` lines (empty when it matches). */
  check(schema: Schema, value: unknown, path = '$', out: string[] = []): string[] {
    const s = this.resolve(schema);
    if (out.length > 20) {
      return out;
    }
    if (value === null) {
      const types = typesOf(s);
      if (types.length > 0 && !types.includes('null')) {
        out.push(`${path}: null, but not nullable`);
      }
      if (!s.oneOf && !s.anyOf) {
        return out;
      }
    }
    if (s.allOf) {
      for (const part of s.allOf) {
        this.check(part, value, path, out);
      }
    }
    const alternatives = s.oneOf ?? s.anyOf;
    if (alternatives) {
      const results = alternatives.map((alt) => this.check(alt, value, path, []));
      if (!results.some((r) => r.length === 0)) {
        out.push(`${path}: matches none of ${alternatives.length} alternatives (${results[0]?.[0] ?? ''})`);
      }
    }
    if (value === null) {
      return out;
    }
    if (s.enum && !s.enum.includes(value)) {
      out.push(`${path}: ${JSON.stringify(value)} not in enum`);
    }
    if ('const' in s && s.const !== value) {
      out.push(`${path}: ${JSON.stringify(value)} is not ${JSON.stringify(s.const)}`);
    }
    switch (valueType(s)) {
      case 'object':
        if (typeof value !== 'object' || Array.isArray(value)) {
          out.push(`${path}: expected object, got ${Array.isArray(value) ? 'array' : typeof value}`);
          return out;
        }
        this.checkObject(s, value as Record<string, unknown>, path, out);
        break;
      case 'array':
        if (!Array.isArray(value)) {
          out.push(`${path}: expected array, got ${typeof value}`);
          return out;
        }
        if (s.items) {
          value.forEach((item, i) => this.check(s.items!, item, `${path}[${i}]`, out));
        }
        break;
      case 'string':
        if (typeof value !== 'string') {
          out.push(`${path}: expected string, got ${typeof value}`);
        } else if (s.format === 'uuid' && !UUID.test(value)) {
          out.push(`${path}: not a uuid`);
        } else if (s.format === 'date' && !realDate(value)) {
          out.push(`${path}: not a date`);
        } else if (s.format === 'date-time' && Number.isNaN(Date.parse(value))) {
          out.push(`${path}: not a date-time`);
        }
        break;
      case 'integer':
        if (typeof value !== 'number' || !Number.isInteger(value)) {
          out.push(`${path}: expected integer, got ${JSON.stringify(value)}`);
        }
        break;
      case 'number':
        if (typeof value !== 'number') {
          out.push(`${path}: expected number, got ${typeof value}`);
        }
        break;
      case 'boolean':
        if (typeof value !== 'boolean') {
          out.push(`${path}: expected boolean, got ${typeof value}`);
        }
        break;
      default:
        if (s.properties && typeof value === 'object' && !Array.isArray(value)) {
          this.checkObject(s, value as Record<string, unknown>, path, out);
        }
    }
    return out;
  }

  private checkObject(s: Schema, value: Record<string, unknown>, path: string, out: string[]): void {
    for (const name of s.required ?? []) {
      if (!(name in value)) {
        out.push(`${path}.${name}: required, missing`);
      }
    }
    for (const [name, item] of Object.entries(value)) {
      const property = s.properties?.[name];
      if (property) {
        this.check(property, item, `${path}.${name}`, out);
      } else if (s.additionalProperties === false) {
        out.push(`${path}.${name}: not documented`);
      } else if (typeof s.additionalProperties === 'object') {
        this.check(s.additionalProperties, item, `${path}.${name}`, out);
      }
    }
  }
}

/** Seeded PRNG (mulberry32): the same seed gives the same requests. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  uuid(): string {
    const hex = (n: number): string => Array.from({ length: n }, () => this.int(0, 15).toString(16)).join('');
    return `${hex(8)}-${hex(4)}-4${hex(3)}-${this.pick(['8', '9', 'a', 'b'])}${hex(3)}-${hex(12)}`;
  }

  date(fromYear = 2020, toYear = 2025): string {
    const y = this.int(fromYear, toYear);
    const m = this.int(1, 12);
    const d = this.int(1, 28);
    return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  }
}

/** Ids that exist in the fuzzed service, by what they name: used for uuid fields and path parameters. */
export interface IdPool {
  uuid(name: string): string;
}

const WORDS = ['张三', '台前县', 'officer-wang', '行政处罚决定书', 'abc', '2021', 'x', '李四 王五', 'note'];

/** A plausible value for a schema: the example when there is one (often), else one built from the keywords. */
export function generate(
  checker: SchemaChecker,
  schema: Schema,
  rng: Random,
  ids: IdPool,
  name = '',
  depth = 0,
): unknown {
  const s = checker.resolve(schema);
  const example = s.examples?.[0] ?? s.example;
  if (example !== undefined && rng.chance(0.6)) {
    return structuredClone(example);
  }
  if ('const' in s) {
    return s.const;
  }
  if (s.enum && s.enum.length > 0) {
    const values = s.enum.filter((v) => v !== null);
    return rng.pick(values.length ? values : s.enum);
  }
  if (s.allOf) {
    return Object.assign({}, ...(s.allOf.map((part) => generate(checker, part, rng, ids, name, depth)) as object[]));
  }
  const alternatives = s.oneOf ?? s.anyOf;
  if (alternatives) {
    // A valid body sets what it sets: the null alternative of an optional field is never needed to be valid.
    const nonNull = alternatives.filter((alt) => !(typesOf(alt).length === 1 && typesOf(alt)[0] === 'null'));
    return generate(checker, rng.pick(nonNull.length ? nonNull : alternatives), rng, ids, name, depth);
  }
  switch (valueType(s) ?? (typesOf(s).includes('null') ? 'null' : undefined)) {
    case 'null':
      return null;
    case 'string':
      if (s.format === 'uuid' || /Id$|^id$/.test(name)) {
        return ids.uuid(name);
      }
      if (s.format === 'date' || /On$|Date$|^from$|^to$|^asOf$|From$|To$/.test(name)) {
        return rng.date();
      }
      if (s.format === 'date-time' || /At$/.test(name)) {
        return `${rng.date(2026, 2030)}T00:00:00Z`;
      }
      return rng.pick(WORDS).slice(0, s.maxLength ?? 100);
    case 'integer':
    case 'number': {
      const min = s.minimum ?? 0;
      const max = s.maximum ?? Math.max(min + 100, 100);
      const n = rng.int(Math.ceil(min), Math.floor(max));
      return valueType(s) === 'number' && rng.chance(0.3) ? n + 0.5 : n;
    }
    case 'boolean':
      return rng.chance(0.5);
    case 'array': {
      if (depth > 6 || !s.items) {
        return [];
      }
      const count = rng.int(s.minItems ?? 0, Math.min(s.maxItems ?? 2, 2));
      return Array.from({ length: count }, () => generate(checker, s.items!, rng, ids, name, depth + 1));
    }
    default: {
      if (depth > 6) {
        return {};
      }
      const out: Record<string, unknown> = {};
      for (const [key, property] of Object.entries(s.properties ?? {})) {
        if ((s.required ?? []).includes(key) || rng.chance(0.5)) {
          out[key] = generate(checker, property, rng, ids, key, depth + 1);
        }
      }
      return out;
    }
  }
}

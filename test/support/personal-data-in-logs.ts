import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { residentIdCheckCharacter } from '../../src/cases/domain/identifiers';
import { registration } from './factories';
import { readTestState } from './test-state';

/**
 * The whole-suite log scan (issue 13 §5; PIPL 51): every e2e app logs at `trace` into one file per Jest worker; after
 * each test file (test/support/jest-setup.ts) and once more at the end of the run (global-teardown.ts) the log is
 * searched for the ID numbers, phones and addresses that the fixtures use, and for any valid resident ID number.
 */

export type PersonalKind = 'idNumber' | 'phone' | 'address';

export interface PersonalValue {
  kind: PersonalKind;
  value: string;
}

export interface LogHit {
  file: string;
  line: number;
  kind: PersonalKind;
  /** The value, masked (the report must not repeat it in full either). */
  masked: string;
}

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const FIXTURE_KEYS: Record<string, PersonalKind> = { idNumber: 'idNumber', phone: 'phone', address: 'address' };
const RESIDENT_ID_LITERAL = /(?<![0-9A-Za-z])\d{17}[\dX](?![0-9A-Za-z])/g;
const PHONE_LITERAL = /(?<!\d)1[3-9]\d{9}(?!\d)/g;
const ADDRESS_LITERAL = /\baddress:\s*'([^']{4,})'/g;
/** Addresses shorter than this are too generic to search for without false alarms. */
const MIN_ADDRESS_LENGTH = 4;

function walkJson(value: unknown, add: (kind: PersonalKind, v: string) => void): void {
  if (Array.isArray(value)) {
    value.forEach((item) => walkJson(item, add));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      const kind = FIXTURE_KEYS[key];
      if (kind && typeof item === 'string') {
        add(kind, item);
      } else {
        walkJson(item, add);
      }
    }
  }
}

function filesUnder(dir: string, suffixes: string[]): string[] {
  if (!existsSync(dir)) {
    return [];
  }
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') {
        out.push(...filesUnder(full, suffixes));
      }
    } else if (suffixes.some((s) => entry.name.endsWith(s))) {
      out.push(full);
    }
  }
  return out;
}

/**
 * Every ID number, phone and address the tests feed the service: the fixture JSON files (keys idNumber, phone,
 * address at any depth), the registration factory's defaults, and literals in the test sources.
 */
export function collectFixturePersonalData(root = REPO_ROOT): PersonalValue[] {
  const seen = new Map<string, PersonalValue>();
  const add = (kind: PersonalKind, raw: string): void => {
    const value = raw.trim();
    if (value === '' || (kind === 'address' && [...value].length < MIN_ADDRESS_LENGTH)) {
      return;
    }
    seen.set(`${kind}\u0001${value}`, { kind, value });
  };
  for (const file of filesUnder(path.join(root, 'test', 'fixtures'), ['.json'])) {
    walkJson(JSON.parse(readFileSync(file, 'utf8')), add);
  }
  walkJson(registration(), add);
  for (const file of [
    ...filesUnder(path.join(root, 'test'), ['.ts']),
    ...filesUnder(path.join(root, 'src'), ['.spec.ts']),
  ]) {
    if (file === __filename) {
      continue;
    }
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(RESIDENT_ID_LITERAL)) {
      add('idNumber', m[0]);
    }
    for (const m of text.matchAll(PHONE_LITERAL)) {
      add('phone', m[0]);
    }
    for (const m of text.matchAll(ADDRESS_LITERAL)) {
      add('address', m[1] ?? '');
    }
  }
  return [...seen.values()];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A GB 11643 resident ID with a plausible birth date and a correct check character, wherever it came from. */
function isValidResidentId(candidate: string): boolean {
  const birth = candidate.slice(6, 14);
  const month = Number(birth.slice(4, 6));
  const day = Number(birth.slice(6, 8));
  if (!/^(19|20)\d{6}$/.test(birth) || month < 1 || month > 12 || day < 1 || day > 31) {
    return false;
  }
  return residentIdCheckCharacter(candidate.slice(0, 17)) === candidate[17]?.toUpperCase();
}

export class PersonalDataScanner {
  private readonly pattern: RegExp;
  private readonly kinds = new Map<string, PersonalKind>();

  constructor(values: readonly PersonalValue[]) {
    const alternatives = [...values]
      .sort((a, b) => b.value.length - a.value.length)
      .map((v) => {
        this.kinds.set(v.value, v.kind);
        // Digits must stand alone: 13800000000 inside a longer number is not that phone.
        return /^\d/.test(v.value) ? `(?<!\\d)${escapeRegExp(v.value)}(?![0-9Xx])` : escapeRegExp(v.value);
      });
    this.pattern = new RegExp(alternatives.length > 0 ? alternatives.join('|') : '(?!)', 'g');
  }

  scanText(text: string, file = '(text)', firstLine = 1): LogHit[] {
    const hits: LogHit[] = [];
    const lines = text.split('\n');
    lines.forEach((line, index) => {
      const found = new Map<string, PersonalKind>();
      for (const m of line.matchAll(this.pattern)) {
        found.set(m[0], this.kinds.get(m[0]) ?? 'idNumber');
      }
      for (const m of line.matchAll(RESIDENT_ID_LITERAL)) {
        if (isValidResidentId(m[0])) {
          found.set(m[0], 'idNumber');
        }
      }
      for (const [value, kind] of found) {
        hits.push({ file, line: firstLine + index, kind, masked: mask(value) });
      }
    });
    return hits;
  }

  /** Scans `file` from byte `from` to its end; returns the hits and the offset scanned up to. */
  scanFile(file: string, from = 0): { hits: LogHit[]; end: number } {
    if (!existsSync(file)) {
      return { hits: [], end: 0 };
    }
    const buffer = readFileSync(file);
    const start = from <= buffer.length ? from : 0;
    const firstLine = buffer.subarray(0, start).toString('utf8').split('\n').length;
    return { hits: this.scanText(buffer.subarray(start).toString('utf8'), file, firstLine), end: buffer.length };
  }
}

function mask(value: string): string {
  const chars = [...value];
  return `${chars.slice(0, 3).join('')}${'*'.repeat(Math.max(chars.length - 3, 1))}`;
}

export function formatHits(hits: readonly LogHit[]): string {
  const shown = hits.slice(0, 20).map((h) => `  ${h.file}:${h.line}: ${h.kind} ${h.masked}`);
  return [
    `${hits.length} log line(s) hold personal data from the test fixtures (issue 13 §5: no personal data in any log line):`,
    ...shown,
    ...(hits.length > shown.length ? [`  … and ${hits.length - shown.length} more`] : []),
  ].join('\n');
}

const VALUES_FILE = 'personal-values.json';

/** The log directory of this run (created by global-setup.ts), or undefined outside a Jest run. */
export function testLogDir(): string | undefined {
  try {
    return readTestState().logDir;
  } catch {
    return undefined;
  }
}

/** This Jest worker's log file: every test app of the worker appends to it. */
export function workerLogFile(): string | undefined {
  const dir = testLogDir();
  return dir ? path.join(dir, `${process.env.JEST_WORKER_ID ?? '0'}-${process.pid}.log`) : undefined;
}

/** Collected once per run by the global setup; collected again here if the file is missing. */
export function loadPersonalValues(): PersonalValue[] {
  const dir = testLogDir();
  const file = dir ? path.join(dir, VALUES_FILE) : undefined;
  if (file && existsSync(file)) {
    return JSON.parse(readFileSync(file, 'utf8')) as PersonalValue[];
  }
  return collectFixturePersonalData();
}

export function writePersonalValues(dir: string): PersonalValue[] {
  const values = collectFixturePersonalData();
  writeFileSync(path.join(dir, VALUES_FILE), JSON.stringify(values));
  return values;
}

/**
 * After each test file: scans what this worker's log gained since the last scan (the offset is kept beside the log,
 * because each test file gets fresh modules). Lines a file writes after this hook (a top-level afterAll closing its
 * app) are scanned by the next file's hook and by the global teardown.
 */
export function scanWorkerLogSinceLastScan(): LogHit[] {
  const file = workerLogFile();
  if (!file || !existsSync(file)) {
    return [];
  }
  const offsetFile = `${file}.scanned`;
  const from = existsSync(offsetFile) ? Number(readFileSync(offsetFile, 'utf8')) || 0 : 0;
  const { hits, end } = new PersonalDataScanner(loadPersonalValues()).scanFile(file, from);
  writeFileSync(offsetFile, String(end));
  return hits;
}

/** The end of the run: every line of every worker's log, from the start. */
export function scanAllLogs(dir: string): LogHit[] {
  if (!existsSync(dir)) {
    return [];
  }
  const scanner = new PersonalDataScanner(loadPersonalValues());
  return readdirSync(dir)
    .filter((name) => name.endsWith('.log') && statSync(path.join(dir, name)).isFile())
    .flatMap((name) => scanner.scanFile(path.join(dir, name)).hits);
}

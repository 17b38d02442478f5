import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import type { ErrorCode } from '../errors/error-codes';
import { ProblemException } from '../errors/problem.exception';

const MAX_REPORTED = 10;

/** A high surrogate not followed by a low one, or a low one not preceded by a high one: not Unicode text at all. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What text PostgreSQL (text, jsonb) cannot store, with the code a client gets for it. */
interface TextFault {
  code: Extract<ErrorCode, 'NUL_CHARACTER' | 'INVALID_UNICODE'>;
  test(text: string): boolean;
  describe: string;
  fix: string;
}

const NUL: TextFault = {
  code: 'NUL_CHARACTER',
  test: (text) => text.includes('\u0000'),
  describe: 'the NUL character (U+0000), which text fields cannot hold',
  fix: 'Remove the NUL character (U+0000).',
};

const SURROGATE: TextFault = {
  code: 'INVALID_UNICODE',
  test: (text) => LONE_SURROGATE.test(text),
  describe: 'a lone UTF-16 surrogate (e.g. \\ud800 without its pair), which is not Unicode text',
  fix: 'Send well-formed Unicode: surrogates only in pairs.',
};

/** Paths (like `applicants[0].address`) of the strings and keys in `value` with the fault. */
function faultPaths(fault: TextFault, value: unknown, path = '', out: string[] = [], depth = 0): string[] {
  if (out.length >= MAX_REPORTED || depth > 64) {
    return out;
  }
  if (typeof value === 'string') {
    if (fault.test(value)) {
      out.push(path || '(value)');
    }
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => faultPaths(fault, item, `${path}[${index}]`, out, depth + 1));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      // The key is not echoed when it is the culprit: only where it sits.
      const culprit = fault.test(key);
      if (culprit) {
        out.push(path ? `${path}.(key)` : '(key)');
      }
      const safeKey = culprit ? '(key)' : key;
      faultPaths(fault, item, path ? `${path}.${safeKey}` : safeKey, out, depth + 1);
    }
  }
  return out;
}

/** Paths (like `applicants[0].address`) of the strings and keys in `value` that contain U+0000. */
export function nulCharacterPaths(value: unknown): string[] {
  return faultPaths(NUL, value);
}

/** Paths of the strings and keys in `value` that hold a lone UTF-16 surrogate. */
export function loneSurrogatePaths(value: unknown): string[] {
  return faultPaths(SURROGATE, value);
}

/** 400 NUL_CHARACTER or INVALID_UNICODE naming the fields, never their values. */
export function rejectUnstorableText(value: unknown, where: string): void {
  for (const fault of [NUL, SURROGATE]) {
    const paths = faultPaths(fault, value);
    if (paths.length > 0) {
      throw new ProblemException(fault.code, `The ${where} contains ${fault.describe}: ${paths.join(', ')}.`, {
        errors: paths.map((p) => ({ path: p, code: fault.code, message: fault.fix })),
      });
    }
  }
}

/**
 * PostgreSQL text and jsonb cannot hold U+0000 (SQLSTATE 22021 / 22P05), and jsonb refuses a lone surrogate escape
 * (`"\ud800"`, 22P05) while text would silently turn it into U+FFFD: a body, query or path parameter with either would
 * fail in the database as a 500 (or be stored altered), after its values had been sent there. Refused first, as the
 * client's error.
 */
@Injectable()
export class NulCharacterPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'body' || metadata.type === 'query' || metadata.type === 'param') {
      rejectUnstorableText(value, metadata.type === 'body' ? 'request body' : `${metadata.type} string`);
    }
    return value;
  }
}

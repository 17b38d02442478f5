import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { ProblemException } from '../errors/problem.exception';

const MAX_REPORTED = 10;

/** Paths (like `applicants[0].address`) of the strings and keys in `value` that contain U+0000. */
export function nulCharacterPaths(value: unknown, path = '', out: string[] = [], depth = 0): string[] {
  if (out.length >= MAX_REPORTED || depth > 64) {
    return out;
  }
  if (typeof value === 'string') {
    if (value.includes('\u0000')) {
      out.push(path || '(value)');
    }
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => nulCharacterPaths(item, `${path}[${index}]`, out, depth + 1));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      // The key is not echoed when it is the culprit: only where it sits.
      const safeKey = key.includes('\u0000') ? '(key)' : key;
      if (safeKey === '(key)') {
        out.push(path ? `${path}.(key)` : '(key)');
      }
      nulCharacterPaths(item, path ? `${path}.${safeKey}` : safeKey, out, depth + 1);
    }
  }
  return out;
}

/** 400 NUL_CHARACTER naming the fields, never their values. */
export function rejectNulCharacters(value: unknown, where: string): void {
  const paths = nulCharacterPaths(value);
  if (paths.length > 0) {
    throw new ProblemException(
      'NUL_CHARACTER',
      `The ${where} contains the NUL character (U+0000), which text fields cannot hold: ${paths.join(', ')}.`,
      {
        errors: paths.map((p) => ({ path: p, code: 'NUL_CHARACTER', message: 'Remove the NUL character (U+0000).' })),
      },
    );
  }
}

/**
 * PostgreSQL text and jsonb cannot hold U+0000 (SQLSTATE 22021 / 22P05): a body, query or path parameter with it
 * would fail in the database as a 500, after its values had been sent there. Refused first, as the client's error.
 */
@Injectable()
export class NulCharacterPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'body' || metadata.type === 'query' || metadata.type === 'param') {
      rejectNulCharacters(value, metadata.type === 'body' ? 'request body' : `${metadata.type} string`);
    }
    return value;
  }
}

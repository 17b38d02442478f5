import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { isLocalDate } from '../local-date';
import { ProblemException } from '../errors/problem.exception';

/** `limit` + opaque `cursor` (keyset pagination: stable under inserts, index-friendly, no OFFSET scans). */
export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50, description: 'Page size.' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit = 50;

  @ApiPropertyOptional({ description: 'Opaque cursor from the previous page’s nextCursor.' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** A keyset position: the sort value and the id that breaks ties. */
export interface CursorPosition {
  sortValue: string;
  id: string;
}

/**
 * What a list's cursors look like: `key` names the list and its sort order, so a cursor from one sort order (or
 * another list) is refused instead of silently returning a wrong page; the patterns keep malformed values away from
 * SQL casts (a tampered cursor is a 400, never a 500).
 */
export interface CursorKind {
  key: string;
  sortValue: RegExp;
  id: RegExp;
}

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
export const INSTANT_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const BIGINT_MAX = 9_223_372_036_854_775_807n;
const UUID_PREFIX = /^[0-9a-f-]{36}/i;

/**
 * A value that matched its kind's pattern is also checked for what a pattern cannot see, because it goes into a SQL
 * cast (::date, ::timestamptz, ::uuid, ::bigint): a date that exists (not 2021-02-30), an instant that is its own
 * ISO form, a bigint in range, a UUID that is one. A cursor that fails is a 400, never a 500 from PostgreSQL.
 */
function castable(value: string): boolean {
  if (DATE_PATTERN.test(value)) {
    return isLocalDate(value);
  }
  if (INSTANT_PATTERN.test(value)) {
    const time = Date.parse(value);
    return !Number.isNaN(time) && new Date(time).toISOString() === value;
  }
  if (/^\d+$/.test(value)) {
    return BigInt(value) <= BIGINT_MAX;
  }
  const uuid = UUID_PREFIX.exec(value)?.[0];
  return uuid === undefined || UUID_PATTERN.test(uuid);
}

export function encodeCursor(kind: CursorKind, position: CursorPosition): string {
  return Buffer.from(JSON.stringify([kind.key, position.sortValue, position.id]), 'utf8').toString('base64url');
}

export function decodeCursor(kind: CursorKind, cursor: string | undefined): CursorPosition | undefined {
  if (cursor === undefined) {
    return undefined;
  }
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 3 && parsed.every((v) => typeof v === 'string')) {
      const [key, sortValue, id] = parsed as [string, string, string];
      if (
        key === kind.key &&
        kind.sortValue.test(sortValue) &&
        kind.id.test(id) &&
        castable(sortValue) &&
        castable(id)
      ) {
        return { sortValue, id };
      }
    }
  } catch {
    // fall through to the problem below
  }
  throw new ProblemException('VALIDATION_FAILED', 'The cursor is not one this list issued for this sort order.', {
    errors: [
      {
        path: 'cursor',
        code: 'INVALID_CURSOR',
        message: 'Pass nextCursor from the previous page unchanged, with the same sort.',
      },
    ],
  });
}

/** Builds a page from `limit + 1` fetched rows: the extra row only tells whether there is a next page. */
export function toPage<T>(rows: T[], limit: number, kind: CursorKind, positionOf: (row: T) => CursorPosition): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(kind, positionOf(last)) : null };
}

import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
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
  /** The sort value is a number (a row id), not a date or an instant. */
  numeric?: boolean;
}

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
export const INSTANT_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

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
        (kind.numeric === true || !Number.isNaN(Date.parse(sortValue)))
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

import { ProblemException } from '../errors/problem.exception';

/**
 * The deepest nesting of arrays and objects in a JSON text, found by one pass over its characters (strings skipped),
 * stopping as soon as `limit` is exceeded: a hostile body 100,000 levels deep costs one scan, not a recursion in the
 * parser, the NUL check or class-transformer (which overflow the stack and answered 500).
 */
export function jsonDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) {
        i += 1;
      } else if (c === 0x22 /* " */) {
        inString = false;
      }
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      depth += 1;
      if (depth > limit) {
        return true;
      }
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      depth -= 1;
    }
  }
  return false;
}

/** 400 JSON_TOO_DEEP, before anything walks the body. */
export function rejectDeepJson(text: string, limit: number): void {
  if (jsonDepthExceeds(text, limit)) {
    throw new ProblemException(
      'JSON_TOO_DEEP',
      `The request body nests arrays and objects more than ${limit} levels deep (JSON_MAX_DEPTH); no request of this API needs that.`,
      { extensions: { maxDepth: limit } },
    );
  }
}

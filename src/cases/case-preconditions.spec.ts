import { ProblemException } from '../common/errors/problem.exception';
import { caseEtag, requireCurrentVersion } from './case-preconditions';

/** The ProblemException thrown by `fn`, or undefined when it returns. */
function problemOf(fn: () => void): ProblemException | undefined {
  try {
    fn();
    return undefined;
  } catch (e) {
    if (e instanceof ProblemException) {
      return e;
    }
    throw e;
  }
}

describe('caseEtag', () => {
  it('RFC 9110 8.8.3: the ETag is the version as a quoted strong validator', () => {
    expect(caseEtag(1)).toBe('"1"');
    expect(caseEtag(42)).toBe('"42"');
    expect(caseEtag(0)).toBe('"0"');
  });
});

describe('requireCurrentVersion (DESIGN §4: If-Match on every change)', () => {
  it.each([undefined, '', '   '])('missing If-Match (%p) → IF_MATCH_REQUIRED (428)', (ifMatch) => {
    const p = problemOf(() => requireCurrentVersion(ifMatch, 3));
    expect(p?.code).toBe('IF_MATCH_REQUIRED');
    expect(p?.status).toBe(428);
  });

  it.each(['*', ' * ', '"3", *', '*, "3"'])(
    'If-Match %p → IF_MATCH_REQUIRED: * would turn off lost-update protection',
    (ifMatch) => {
      expect(problemOf(() => requireCurrentVersion(ifMatch, 3))?.code).toBe('IF_MATCH_REQUIRED');
    },
  );

  it.each(['"2"', '"30"', '"03"', '3', 'W/"2"', '"1", "2"', '"3'])(
    'stale or non-matching If-Match %p → PRECONDITION_FAILED (412) naming the current version',
    (ifMatch) => {
      const p = problemOf(() => requireCurrentVersion(ifMatch, 3));
      expect(p?.code).toBe('PRECONDITION_FAILED');
      expect(p?.status).toBe(412);
      expect(p?.options.extensions).toEqual({ currentVersion: 3 });
      expect(p?.detail).toContain('"3"');
    },
  );

  it('the current ETag is accepted', () => {
    expect(() => requireCurrentVersion('"3"', 3)).not.toThrow();
    expect(() => requireCurrentVersion(caseEtag(17), 17)).not.toThrow();
  });

  it('RFC 9110 §13.1.1: If-Match compares strongly, so a weak W/"n" tag never matches (412)', () => {
    expect(problemOf(() => requireCurrentVersion('W/"3"', 3))?.code).toBe('PRECONDITION_FAILED');
  });

  it.each(['"1", "3"', '"3","4"', '"1" , "3"', ' "3" '])(
    'a list of tags containing the current one (%p) is accepted',
    (ifMatch) => {
      expect(() => requireCurrentVersion(ifMatch, 3)).not.toThrow();
    },
  );
});

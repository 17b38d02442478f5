import { ProblemException } from '../common/errors/problem.exception';

/** ETag of a case: its version, quoted (strong validator). */
export function caseEtag(version: number): string {
  return `"${version}"`;
}

/**
 * If-Match is required on every change to a case (DESIGN §4): missing → 428, stale → 412. `*` is refused because it
 * would turn off the lost-update protection the header exists for.
 */
export function requireCurrentVersion(ifMatch: string | undefined, currentVersion: number): void {
  if (ifMatch === undefined || ifMatch.trim() === '') {
    throw new ProblemException('IF_MATCH_REQUIRED', 'Send If-Match with the ETag from your last read of the case.');
  }
  // RFC 9110 §13.1.1: If-Match uses the strong comparison, so a weak tag (W/"3") never matches.
  const tags = ifMatch.split(',').map((t) => t.trim());
  if (tags.includes('*')) {
    throw new ProblemException('IF_MATCH_REQUIRED', 'If-Match: * is not accepted; send the ETag you read.');
  }
  if (!tags.includes(caseEtag(currentVersion))) {
    throw new ProblemException(
      'PRECONDITION_FAILED',
      `The case has changed since you read it (current ETag ${caseEtag(currentVersion)}); read it again and retry.`,
      { extensions: { currentVersion } },
    );
  }
}

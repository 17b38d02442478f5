import { OUTCOME_DETAIL_CHECK_1796830000000 } from '../../migrations/1796830000000-OutcomeDetailsForEveryOutcome';
import { OUTCOME_DETAILS } from '../code-lists/code-lists';
import { OUTCOME_DETAIL_CHECK } from './case.entity';

describe('case_outcome_detail_valid', () => {
  it('the entity’s check (from OUTCOME_DETAILS) is the one the latest migration wrote: a new detail code needs a migration', () => {
    expect(OUTCOME_DETAIL_CHECK).toBe(OUTCOME_DETAIL_CHECK_1796830000000);
  });

  it('every detail belongs to exactly one outcome (the flat code scheme: codes unique across outcomes)', () => {
    const codes = OUTCOME_DETAILS.map((d) => d.code);
    expect(new Set(codes).size).toBe(codes.length);
  });
});

import { ProblemException } from '../common/errors/problem.exception';
import type { OrganEntity } from '../organs/organ.entity';
import {
  canSeeOrgan,
  coversOrgans,
  expandOrganScope,
  OrganLookup,
  organScopeCondition,
  resolveOrganInScope,
} from './organ-scope';

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const C = '00000000-0000-4000-8000-00000000000c';
const UNKNOWN = '00000000-0000-4000-8000-00000000000d';
const every = { organIds: null };
const onlyA = { organIds: [A] };
const aAndB = { organIds: [A, B] };

const organ = (id: string, code: string) => ({ id, code }) as OrganEntity;
const lookup: OrganLookup = {
  findById: (id) =>
    Promise.resolve([organ(A, 'TAIQIAN'), organ(B, 'PUYANG'), organ(C, 'HUAXIAN')].find((o) => o.id === id) ?? null),
  findByCode: (code) => Promise.resolve(code === 'TAIQIAN' ? organ(A, 'TAIQIAN') : null),
};

async function problemOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ProblemException) {
      return error.code;
    }
    throw error;
  }
  return 'no problem';
}

describe('organ scope (issue 13 point 6; PIPL 51(3))', () => {
  describe('expandOrganScope: a grant becomes Actor.organIds', () => {
    it('no list and an empty list mean every organ (null)', () => {
      expect(expandOrganScope(null)).toBeNull();
      expect(expandOrganScope(undefined)).toBeNull();
      expect(expandOrganScope([])).toBeNull();
    });
    it('without an organ hierarchy, the listed organs exactly (deduplicated)', () => {
      expect(expandOrganScope([A, B, A])).toEqual([A, B]);
    });
  });

  describe('canSeeOrgan', () => {
    it('an unscoped caller sees every organ; a scoped one only its own', () => {
      expect(canSeeOrgan(every, B)).toBe(true);
      expect(canSeeOrgan(onlyA, A)).toBe(true);
      expect(canSeeOrgan(onlyA, B)).toBe(false);
      expect(canSeeOrgan(aAndB, B)).toBe(true);
    });
  });

  describe('coversOrgans: a key may grant no more than its own scope', () => {
    it('an unscoped key covers any grant, a scoped one only grants within its organs and never "every organ"', () => {
      expect(coversOrgans(every, null)).toBe(true);
      expect(coversOrgans(every, [B])).toBe(true);
      expect(coversOrgans(aAndB, [A])).toBe(true);
      expect(coversOrgans(onlyA, [A, B])).toBe(false);
      expect(coversOrgans(onlyA, null)).toBe(false);
      expect(coversOrgans(onlyA, [])).toBe(false);
    });
  });

  describe('organScopeCondition: the rule as SQL', () => {
    it('TRUE for an unscoped caller, binding nothing', () => {
      const params: unknown[] = [];
      expect(organScopeCondition(every, 'c.organ_id', (v) => `$${params.push(v)}`)).toBe('TRUE');
      expect(params).toEqual([]);
    });
    it('= ANY of the bound organ ids for a scoped caller', () => {
      const params: unknown[] = [];
      expect(organScopeCondition(aAndB, 'c.organ_id', (v) => `$${params.push(v)}`)).toBe(
        'c.organ_id = ANY($1::uuid[])',
      );
      expect(params).toEqual([[A, B]]);
    });
  });

  describe('resolveOrganInScope: which organ a request works on', () => {
    it('a named organ in scope; a named organ outside the scope is not found, like one that does not exist', async () => {
      expect((await resolveOrganInScope(aAndB, B, lookup, 'TAIQIAN')).id).toBe(B);
      expect(await problemOf(resolveOrganInScope(onlyA, B, lookup, 'TAIQIAN'))).toBe('ORGAN_NOT_FOUND');
      expect(await problemOf(resolveOrganInScope(onlyA, UNKNOWN, lookup, 'TAIQIAN'))).toBe('ORGAN_NOT_FOUND');
    });
    it('none named: the default organ for an unscoped caller (404 when it does not exist)', async () => {
      expect((await resolveOrganInScope(every, undefined, lookup, 'TAIQIAN')).id).toBe(A);
      expect(await problemOf(resolveOrganInScope(every, undefined, lookup, 'NOWHERE'))).toBe('ORGAN_NOT_FOUND');
    });
    it('none named: a key of one organ works in it, whatever the default organ', async () => {
      expect((await resolveOrganInScope({ organIds: [B] }, undefined, lookup, 'TAIQIAN')).id).toBe(B);
    });
    it('none named, several organs: the default organ if it is one of them, else 422 ORGAN_REQUIRED', async () => {
      expect((await resolveOrganInScope(aAndB, undefined, lookup, 'TAIQIAN')).id).toBe(A);
      expect(await problemOf(resolveOrganInScope({ organIds: [B, C] }, undefined, lookup, 'TAIQIAN'))).toBe(
        'ORGAN_REQUIRED',
      );
    });
  });
});

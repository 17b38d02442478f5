import type { FieldClass, PersonalValueKind } from '../personal-data/personal-values';
import { PERSONAL_VALUE_KINDS } from '../personal-data/personal-values';
import { mapPersonalFields } from '../personal-data/personal-field-tree';
import type { Agent, Party } from './case-details';
import type { CaseEventView, CaseView } from './case.view';

/**
 * The class of every field of the case resources (issue 13; PIPL 4, 28) — the one table the rest derives from:
 * - which values are sealed into personal_datum on registration and edit (sealParties below), so that case rows,
 *   history and idempotency records hold references only;
 * - how the response serializer shows them (PersonalDataPresenter: in clear to the entitled, masked for others);
 * - what the access test (test/personal-data/field-classes.e2e-spec.ts) asserts for every route, role and scope.
 * A personal field names its kind of value (PERSONAL_VALUE_KINDS: its class and its mask); `each` a nested list.
 * The Records are exhaustive over the types' keys, so a field added to Party or CaseView without a class fails to compile.
 */
export type FieldSpec = FieldClass | PersonalValueKind | { each: Readonly<Record<string, FieldSpec>> };

export const AGENT_FIELDS = {
  name: 'NAME',
  kind: 'internal',
  idNumber: 'ID_NUMBER',
  phone: 'PHONE',
  authorityScope: 'internal',
  authorityUntil: 'internal',
} as const satisfies Record<keyof Agent, FieldSpec>;

/**
 * Applicants and third parties. An organisation's name and credit code are public registers' data, not personal
 * information (PIPL 4 protects natural persons); its legal representative's name is personal.
 */
export const PARTY_FIELDS = {
  kind: 'public',
  name: 'NAME',
  sex: 'SEX',
  idNumber: 'ID_NUMBER',
  address: 'ADDRESS',
  phone: 'PHONE',
  unifiedSocialCreditCode: 'public',
  legalRepresentative: 'NAME',
  agents: { each: AGENT_FIELDS },
  isRepresentative: 'internal',
  legalAid: 'internal',
  interest: 'internal',
} as const satisfies Record<keyof Party, FieldSpec>;

const ORGANISATION_PUBLIC: ReadonlySet<string> = new Set(['name']);

/** An organisation's own name is public (see PARTY_FIELDS); everything else of a party follows the table. */
export function partyPublicFields(party: { kind?: unknown }): ReadonlySet<string> | undefined {
  return party.kind === 'ORGANIZATION' ? ORGANISATION_PUBLIC : undefined;
}

export const CASE_VIEW_FIELDS = {
  id: 'public',
  caseNumber: 'public',
  organId: 'public',
  legalRegime: 'public',
  state: 'public',
  outcome: 'public',
  outcomeDetail: 'public',
  procedure: 'public',
  receivedOn: 'public',
  acceptedOn: 'public',
  decidedOn: 'public',
  concludedOn: 'public',
  channel: 'public',
  applicants: { each: PARTY_FIELDS },
  thirdParties: { each: PARTY_FIELDS },
  respondent: 'public',
  contestedAct: 'internal',
  request: 'internal',
  remedy: 'public',
  handlers: 'internal',
  facts: 'internal',
  // A historical case's ledger provenance (issue 12): which file and row, what the ledger lacked.
  imported: 'internal',
  version: 'public',
  createdAt: 'public',
  updatedAt: 'public',
} as const satisfies Record<keyof CaseView, FieldSpec>;

/**
 * History. A REGISTER payload holds the registered details and an EDIT payload the sections before and after, in
 * the shape of CaseView's (parties under `applicants` / `thirdParties`, references in place of personal values).
 */
export const CASE_EVENT_FIELDS = {
  seq: 'public',
  action: 'public',
  occurredOn: 'public',
  recordedAt: 'public',
  actorKeyId: 'internal',
  actorName: 'internal',
  stateBefore: 'public',
  stateAfter: 'public',
  legalBasis: 'public',
  payload: 'internal',
  undoesSeq: 'public',
  undone: 'public',
} as const satisfies Record<keyof CaseEventView, FieldSpec>;

/** The class a spec gives (a personal kind's own class; `each` lists are of their elements' classes). */
export function classOf(spec: FieldSpec): FieldClass | 'nested' {
  if (typeof spec === 'object') {
    return 'nested';
  }
  return spec in PERSONAL_VALUE_KINDS ? PERSONAL_VALUE_KINDS[spec as PersonalValueKind].class : (spec as FieldClass);
}

/** Hands out a reference for a personal value found at `path` (PersonalDataVault.newSeal / resealFor). */
export type Sealer = (kind: PersonalValueKind, value: string, path: string) => string;

/**
 * Parties with every personal value replaced by a reference (PARTY_FIELDS / AGENT_FIELDS). `list` names them
 * (`applicants`, `thirdParties`), so that each value's path (`applicants[0].address`) is known to the sealer.
 */
export function sealParties(parties: readonly Party[], seal: Sealer, list: string): Party[] {
  return parties.map(
    (party, i) =>
      mapPersonalFields(party, PARTY_FIELDS, seal, `${list}[${i}]`, partyPublicFields(party)) as unknown as Party,
  );
}

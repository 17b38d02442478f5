import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { OrganEntity } from '../organs/organ.entity';
import { OUTCOME_DETAILS } from '../code-lists/code-lists';
import type { CaseState, LegalRegime, Outcome, Procedure } from '../code-lists/code-lists';
import { CaseFacts, PriorConclusion, withFactDefaults } from '../workflow/case-facts';
import type { CaseDetails, Handler, ImportedRecord } from './case-details';

const STATES = `'RECEIVED','CORRECTION_REQUESTED','ACCEPTED','UNDER_REVIEW','SUSPENDED','MEDIATION','DECIDED','SERVED','CLOSED','NOT_ACCEPTED','DEEMED_WITHDRAWN','WITHDRAWN','TRANSFERRED','TERMINATED','INFORMED'`;
const OUTCOMES = `'NOT_ACCEPTED','DEEMED_WITHDRAWN','WITHDRAWN','TRANSFERRED','UPHELD','DISMISSED','REVOKED','VARIED','CONFIRMED_ILLEGAL','ORDERED_TO_PERFORM','CONFIRMED_VOID','MEDIATED','TERMINATED','INFORMED'`;

/**
 * case_outcome_detail_valid: a detail only with the outcome it belongs to (OUTCOME_DETAILS), computed from the code
 * list; the migration that wrote it (1796830000000) holds the same text (case.entity.spec.ts compares them).
 */
export const OUTCOME_DETAIL_CHECK = [
  'outcome_detail IS NULL',
  ...[...new Set(OUTCOME_DETAILS.map((d) => d.outcome))].map(
    (outcome) =>
      `(outcome = '${outcome}' AND outcome_detail IN (${OUTCOME_DETAILS.filter((d) => d.outcome === outcome)
        .map((d) => `'${d.code}'`)
        .join(',')}))`,
  ),
].join(' OR ');

/**
 * A reconsideration case: what was registered (details), and the current-state projection of its history (state,
 * outcome, key dates, facts). The projection is written in the same transaction as the event that changes it, and
 * can always be recomputed from case_event (src/workflow/case-reducer.ts).
 */
@Entity('reconsideration_case')
@Check('case_state_valid', `state IN (${STATES})`)
@Check('case_outcome_valid', `outcome IS NULL OR outcome IN (${OUTCOMES})`)
@Check('case_regime_valid', `legal_regime IN ('L2017','L2023')`)
@Check('case_version_positive', `version > 0`)
@Index('case_number_unique', ['organId', 'caseNumber'], { unique: true })
@Index('case_sequence_unique', ['organId', 'receivedYear', 'sequence'], { unique: true })
@Index('case_organ_received', ['organId', 'receivedOn', 'id'])
@Index('case_organ_state', ['organId', 'state'])
// The case list filtered by state in its default order (newest receipt first): a page is a top-N index scan.
@Index('case_state_received', ['state', 'receivedOn', 'id'])
@Index('case_organ_concluded', ['organId', 'concludedOn', 'outcome'])
@Index('case_organ_updated', ['organId', 'updatedAt', 'id'])
// Acts are recorded in date order from receipt (action-rules.ts), so these hold; the statistics rollup relies on them:
// a case concluded before a period began was received before it, and one accepted in a period and concluded is
// concluded in or after it (src/statistics/rollup.ts).
@Check(
  'case_dates_ordered',
  `accepted_on >= received_on AND concluded_on >= received_on AND concluded_on >= accepted_on`,
)
@Check('case_concluded_with_outcome', `(concluded_on IS NULL) = (outcome IS NULL)`)
@Check('case_outcome_detail_valid', OUTCOME_DETAIL_CHECK)
export class CaseEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  organId: string;

  @ManyToOne(() => OrganEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organ_id', foreignKeyConstraintName: 'case_organ_fk' })
  organ?: OrganEntity;

  @Column({ type: 'text' })
  caseNumber: string;

  @Column({ type: 'int' })
  receivedYear: number;

  @Column({ type: 'int' })
  sequence: number;

  @Column({ type: 'text' })
  legalRegime: LegalRegime;

  @Column({ type: 'text' })
  state: CaseState;

  @Column({ type: 'text', nullable: true })
  outcome: Outcome | null;

  @Column({ type: 'text', nullable: true })
  procedure: Procedure | null;

  /**
   * case_organ_received_crosstab: partial covering index (organ_id, received_on) INCLUDE (the columns a cross-tab
   * reads) of the cases never reopened, so that a cross-tab reads its period's cases index-only (migration
   * CrosstabCoveringIndex).
   */
  @Index('case_organ_received_crosstab', { synchronize: false })
  @Column({ type: 'date' })
  receivedOn: string;

  @Column({ type: 'date', nullable: true })
  acceptedOn: string | null;

  @Column({ type: 'date', nullable: true })
  decidedOn: string | null;

  /**
   * Legal date of the act that concluded the case (decision, 不予受理, termination …): statistics count by it.
   * case_open_interval (GiST on daterange(received_on, concluded_on, '(]'), in the StatisticsRollup migration) finds
   * the cases open on a given day — carried over into a period starting then — without scanning the concluded ones.
   */
  @Index('case_open_interval', { synchronize: false })
  @Column({ type: 'date', nullable: true })
  concludedOn: string | null;

  /**
   * The outcome's detail where the law has one (OUTCOME_DETAILS): which dismissal (R07 48 ¶1; L23 33 / 69), the
   * not-accept ground (R07 28 / L23 30), the termination ground (R07 42 / L23 41), the pre-acceptance withdrawal's
   * reason. Statistics count by it (breakdown outcomeDetail).
   */
  @Column({ type: 'text', nullable: true })
  outcomeDetail: string | null;

  /**
   * Conclusions that a superior organ's order reopened (facts.priorConclusions, copied out for the statistics rollup:
   * each still counts as concluded on its date, and the reopening as REOPENED on the order's date).
   */
  // case_organ_reopened: partial index (organ_id, received_on) of the reopened cases, for the cross-tabs (migration
  // CrosstabReopenedIndex).
  @Index('case_organ_reopened', { synchronize: false })
  @Column({ type: 'jsonb', default: () => "'[]'" })
  priorConclusions: PriorConclusion[];

  /** TERMINATED cases: the ground (改正后撤回 counts in the overall correction rate). */
  @Column({ type: 'text', nullable: true })
  terminationGround: string | null;

  /** WITHDRAWN cases: VOLUNTARY or SETTLED_BEFORE_ACCEPTANCE (受理前协商化解, counted in reports). */
  @Column({ type: 'text', nullable: true })
  withdrawalReason: string | null;

  /** Null only for a historical case whose ledger does not say how the application came in (issue 12). */
  @Column({ type: 'text', nullable: true })
  channel: string | null;

  // Filter columns copied out of `details`, so that list queries are served by indexes.
  @Index('case_respondent_kind')
  @Column({ type: 'text' })
  respondentKind: string;

  @Column({ type: 'text' })
  respondentName: string;

  @Index('case_act_category')
  @Column({ type: 'text' })
  actCategory: string;

  @Index('case_management_domain')
  @Column({ type: 'text' })
  managementDomain: string;

  /** All applicants' names, for display and as the recheck of a name search. */
  @Column({ type: 'text' })
  applicantNames: string;

  /**
   * Single characters and bigrams of the applicants' names (GIN-indexed). Chinese names have no word boundaries and
   * pg_trgm extracts nothing from CJK text under the C locale, so partial-name search uses these grams instead.
   */
  @Index('case_applicant_name_grams', { synchronize: false })
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  applicantNameGrams: string[];

  @Index('case_handler_names', { synchronize: false })
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  handlerNames: string[];

  @Column({ type: 'jsonb', default: () => "'[]'" })
  handlers: Handler[];

  @Column({ type: 'jsonb' })
  details: CaseDetails;

  /** Older rows lack the facts added since they were written: reading fills in their defaults. */
  @Column({
    type: 'jsonb',
    transformer: { from: (v: CaseFacts | null) => (v ? withFactDefaults(v) : v), to: (v: CaseFacts) => v },
  })
  facts: CaseFacts;

  /** The ledger import that brought the case in (issue 12); null for a case registered here. */
  @Index('case_import', { where: 'import_id IS NOT NULL' })
  @Column({ type: 'uuid', nullable: true })
  importId: string | null;

  /** A historical case: where it came from and what its ledger lacked (ImportedRecord); null otherwise. */
  @Column({ type: 'jsonb', nullable: true })
  imported: ImportedRecord | null;

  /** Optimistic concurrency: equals the seq of the case's latest event; the ETag is derived from it. */
  @Column({ type: 'int' })
  version: number;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}

import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { OrganEntity } from '../organs/organ.entity';

export const ROLLUP_GRAINS = ['DAY', 'MONTH', 'YEAR'] as const;
export type RollupGrain = (typeof ROLLUP_GRAINS)[number];

/**
 * REOPENED: a concluded case reopened by an order of the superior organ, on the order's date (tally.ts).
 * CONCLUDED_ACCEPTED: the conclusion of an accepted episode (审结); ACCEPTED_EPISODE: the acceptance of an episode (the
 * case's first acceptance, or a reopening). Both as tally.ts "ACCEPTED EPISODES" defines them (migration
 * StatisticsPopulations).
 */
export const ROLLUP_MEASURES = [
  'RECEIVED',
  'ACCEPTED',
  'CONCLUDED',
  'REOPENED',
  'CONCLUDED_ACCEPTED',
  'ACCEPTED_EPISODE',
] as const;
export type RollupMeasure = (typeof ROLLUP_MEASURES)[number];

/** `total` has the key ''; the others are keyed by the case's code in that code list. */
export const ROLLUP_DIMENSIONS = [
  'total',
  'respondentKind',
  'actCategory',
  'managementDomain',
  'outcome',
  'outcomeDetail',
  'terminationGround',
  'withdrawalReason',
] as const;
export type RollupDimension = (typeof ROLLUP_DIMENSIONS)[number];

/**
 * How many cases were received, accepted, concluded or reopened on a day (grain DAY), in a month (grain MONTH,
 * period_start the 1st) or in a year (grain YEAR, period_start 1 January; migration RollupYearGrain), by legal date, in
 * total and per code of each breakdown dimension.
 *
 * It is derived data: a deferred trigger on reconsideration_case (migration StatisticsRollup) applies each change of a
 * case's counted columns as −1 for its old contributions and +1 for its new ones, at commit, in the same transaction,
 * so the rollup always equals a recount of the projection (`statistics_rollup_recount()`; `SELECT
 * statistics_rollup_rebuild()` rewrites it from scratch). The statistics read it instead of the cases, so a year's
 * tallies cost a few hundred rows however many cases there are (src/statistics/rollup.ts).
 */
@Entity('statistics_rollup')
@Check('statistics_rollup_grain_valid', `grain IN ('DAY','MONTH','YEAR')`)
@Check(
  'statistics_rollup_measure_valid',
  `measure IN ('RECEIVED','ACCEPTED','CONCLUDED','REOPENED','CONCLUDED_ACCEPTED','ACCEPTED_EPISODE')`,
)
export class StatisticsRollupEntity {
  @PrimaryColumn({ type: 'uuid' })
  organId: string;

  @ManyToOne(() => OrganEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organ_id', foreignKeyConstraintName: 'statistics_rollup_organ_fk' })
  organ?: OrganEntity;

  @PrimaryColumn({ type: 'text' })
  grain: RollupGrain;

  @PrimaryColumn({ type: 'date' })
  periodStart: string;

  @PrimaryColumn({ type: 'text' })
  measure: RollupMeasure;

  @PrimaryColumn({ type: 'text' })
  dimension: RollupDimension;

  @PrimaryColumn({ type: 'text' })
  key: string;

  @Column({ type: 'integer' })
  cases: number;
}

import type { Counts } from './tally';

/** The figures that 同比 compares (every count of Counts but the per-code records). */
export const COMPARED_FIGURES = [
  'received',
  'reopened',
  'carriedOver',
  'handled',
  'accepted',
  'concluded',
  'pending',
  'concludedAfterAcceptance',
  'concludedBeforeAcceptance',
  'acceptedCarriedOver',
  'correctionCount',
  'overallCorrectionCount',
  'meritsDecisions',
  'correctedTerminations',
  'settledBeforeAcceptance',
] as const satisfies ReadonlyArray<keyof Counts>;
export type ComparedFigure = (typeof COMPARED_FIGURES)[number];
export const COMPARED_RATES = ['correctionRate', 'overallCorrectionRate', 'acceptanceRate', 'conclusionRate'] as const;
export type ComparedRate = (typeof COMPARED_RATES)[number];

import { FIGURES, type FigureName, RATES, type RateName } from './report-language';

/**
 * The figures and rates that 同比 compares and a declared baseline may give: every figure and rate the report template
 * language can print (report-language.ts), so that every printed figure has a previous value.
 */
export const COMPARED_FIGURES = FIGURES;
export type ComparedFigure = FigureName;
export const COMPARED_RATES = RATES;
export type ComparedRate = RateName;

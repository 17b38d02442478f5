import { ApiProperty } from '@nestjs/swagger';
import { CROSSTAB_DIMENSIONS, type CrosstabDimension } from './crosstab.repository';
import type { Crosstab, CrosstabHeader, CrosstabValue } from './crosstab.service';
import { STATISTICS_SCOPES, type StatisticsScope } from './statistics.dto';
import { OrganRefView, PeriodView } from './statistics.view';
import { type PercentMode, type Population, POPULATIONS } from './tally';

/** The cross-tab response, typed field by field for a generated client (implements the service's type). */

export class CrosstabValueView implements CrosstabValue {
  @ApiProperty({ minimum: 0 })
  count: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Percent of percentBase; null when it is 0.' })
  percent: number | null;
}

export class CrosstabHeaderView extends CrosstabValueView implements CrosstabHeader {
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The code (an organ’s id for organ); null: no value (no procedure yet, a conclusion without detail).',
  })
  code: string | null;
  @ApiProperty({ example: '县级政府部门' })
  labelZh: string;
}

export class CrosstabView implements Crosstab {
  @ApiProperty({ type: OrganRefView })
  organ: OrganRefView;
  @ApiProperty({ enum: STATISTICS_SCOPES })
  scope: StatisticsScope;
  @ApiProperty({ type: [String], format: 'uuid', description: 'The organs whose cases are counted.' })
  organIds: string[];
  @ApiProperty({ type: PeriodView })
  period: PeriodView;
  @ApiProperty({ enum: CROSSTAB_DIMENSIONS })
  rowDimension: CrosstabDimension;
  @ApiProperty({ enum: CROSSTAB_DIMENSIONS })
  columnDimension: CrosstabDimension;
  @ApiProperty({ enum: POPULATIONS, description: 'The population asked for.' })
  population: Population;
  @ApiProperty({
    enum: POPULATIONS,
    description:
      'What the cells count: the population, or with outcome / outcomeDetail its concluded members (HANDLED and CONCLUDED → CONCLUDED).',
  })
  countedPopulation: Population;
  @ApiProperty({ enum: POPULATIONS, description: 'The population the percentages are of (default countedPopulation).' })
  percentOf: Population;
  @ApiProperty({ description: 'The figure of percentOf: the percentages’ denominator.' })
  percentBase: number;
  @ApiProperty({ enum: ['ROUND_HALF_UP', 'TRUNCATE'] })
  percentMode: PercentMode;
  @ApiProperty({ minimum: 0, maximum: 4 })
  decimals: number;
  @ApiProperty({ type: [CrosstabHeaderView], description: 'The rows with their totals, largest first.' })
  rows: CrosstabHeaderView[];
  @ApiProperty({ type: [CrosstabHeaderView], description: 'The columns with their totals, largest first.' })
  columns: CrosstabHeaderView[];
  @ApiProperty({
    type: 'array',
    items: { type: 'array', items: { $ref: '#/components/schemas/CrosstabValueView' } },
    description: 'cells[i][j]: the members with the code of rows[i] and that of columns[j].',
  })
  cells: CrosstabValueView[][];
  @ApiProperty({
    type: CrosstabValueView,
    description: 'The grand total: the countedPopulation’s figure of GET /v1/statistics/reconsideration.',
  })
  total: CrosstabValueView;
}

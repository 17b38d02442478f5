import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { CROSSTAB_DIMENSIONS, type CrosstabDimension } from './crosstab.repository';
import { StatisticsQuery } from './statistics.dto';

const DIMENSION_DESCRIPTION =
  'respondentKind, actCategory, managementDomain (the deployment’s codes), outcome and outcomeDetail (of each conclusion: ' +
  'concluded members only), procedure (SIMPLIFIED/ORDINARY; "" = not yet determined), legalRegime (L2017/L2023), organ ' +
  '(the counted organs, with scope=DESCENDANTS).';

/** GET /v1/statistics/reconsideration/crosstab: the statistics parameters, and the two dimensions crossed. */
export class CrosstabQuery extends StatisticsQuery {
  @ApiProperty({ enum: CROSSTAB_DIMENSIONS, description: `The rows’ dimension: ${DIMENSION_DESCRIPTION}` })
  @IsIn(CROSSTAB_DIMENSIONS)
  rows: CrosstabDimension;

  @ApiProperty({
    enum: CROSSTAB_DIMENSIONS,
    description: `The columns’ dimension, another than rows (outcome and outcomeDetail do not cross: a detail refines its outcome).`,
  })
  @IsIn(CROSSTAB_DIMENSIONS)
  columns: CrosstabDimension;
}

export class CrosstabExportQuery extends CrosstabQuery {
  @ApiProperty({ enum: ['csv', 'xlsx'] })
  @IsIn(['csv', 'xlsx'])
  format: 'csv' | 'xlsx';
}

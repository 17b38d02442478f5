import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger';
import { CODE_LIST_NAMES } from './code-lists';

/** One code of a code list, as GET /v1/code-lists serves it (ExtendedCodeEntry in code-lists.ts). */
export class CodeEntryView {
  @ApiProperty({ description: 'Stable UPPER_SNAKE code.', example: 'NOT_ACCEPTED' })
  code: string;
  @ApiProperty({ description: 'zh-CN display label.', example: '不予受理' })
  labelZh: string;
  @ApiPropertyOptional({ description: 'Articles the code rests on (L17 / R07 / L23 notation).', example: 'L23 30' })
  legalBasis?: string;
  @ApiPropertyOptional({ description: 'zh-CN explanation for users.' })
  note?: string;
  @ApiPropertyOptional({
    enum: ['L2017', 'L2023'],
    isArray: true,
    description: 'The code applies only under these legal regimes; absent = all.',
  })
  regimes?: string[];
  @ApiPropertyOptional({ description: 'OUTCOMES / DECISION_TYPES: a correction (纠错) of the contested act.' })
  correction?: boolean;
  @ApiPropertyOptional({ description: 'OUTCOMES / DECISION_TYPES / OUTCOME_DETAILS: a decision on the merits.' })
  merits?: boolean;
  @ApiPropertyOptional({ description: 'SUSPENSION_GROUNDS: terminated after a 60-day suspension.' })
  terminatesAfter60Days?: boolean;
  @ApiPropertyOptional({ description: 'TERMINATION_GROUNDS: counts as a correction in the overall rate.' })
  countsAsCorrection?: boolean;
  @ApiPropertyOptional({ description: 'RESPONDENT_KINDS: its acts go to the upper department (L23 27).' })
  upperDepartment?: boolean;
  @ApiPropertyOptional({ description: 'STAY_OF_EXECUTION_GROUNDS: decided by the respondent itself.' })
  byRespondent?: boolean;
  @ApiPropertyOptional({
    description:
      'RESPONDENT_KINDS, ACT_CATEGORIES, MANAGEMENT_DOMAINS: true for a code of the release, false for one this deployment added.',
  })
  builtIn?: boolean;
  @ApiPropertyOptional({
    description:
      'RESPONDENT_KINDS, ACT_CATEGORIES, MANAGEMENT_DOMAINS: false when the code is no longer offered for new cases (cases that have it keep it and its label).',
  })
  active?: boolean;
  @ApiPropertyOptional({
    description: 'OUTCOME_DETAILS: the outcome (OUTCOMES code) this detail belongs to.',
    example: 'TERMINATED',
  })
  outcome?: string;
}

/** An error code of the problem documents, with its HTTP status and English title. */
export class ErrorCodeEntryView {
  @ApiProperty({ example: 'VALIDATION_FAILED' })
  code: string;
  @ApiProperty({ example: '请求参数不合法' })
  labelZh: string;
  @ApiProperty({ example: 400 })
  status: number;
  @ApiProperty({ example: 'The request is invalid' })
  title: string;
}

/** The response of GET /v1/code-lists: every code list by name (the names of CODE_LISTS), and ERROR_CODES. */
export function codeListsSchema(): SchemaObject {
  const list = { type: 'array', items: { $ref: getSchemaPath(CodeEntryView) } } as const;
  return {
    type: 'object',
    required: [...CODE_LIST_NAMES, 'ERROR_CODES'],
    properties: {
      ...Object.fromEntries(CODE_LIST_NAMES.map((name) => [name, list])),
      ERROR_CODES: { type: 'array', items: { $ref: getSchemaPath(ErrorCodeEntryView) } },
    },
    additionalProperties: false,
  };
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsString, Length, Matches } from 'class-validator';
import { CODE_PATTERN, EXTENSIBLE_CODE_LISTS, MAX_CODE_LENGTH } from './code-lists';
import type { ExtensibleCodeList } from './code-lists';
import { NotNullIfPresent } from '../common/validation/not-null-if-present';

/** The path of one code: `/v1/code-lists/{list}/codes/{code}`. */
export class CodeListCodeParams {
  @ApiProperty({ enum: EXTENSIBLE_CODE_LISTS, description: 'The lists a deployment may extend.' })
  @IsIn(EXTENSIBLE_CODE_LISTS, {
    message: `list must be one of the lists a deployment may extend: ${EXTENSIBLE_CODE_LISTS.join(', ')}`,
  })
  list: ExtensibleCodeList;

  @ApiProperty({
    pattern: CODE_PATTERN.source,
    maxLength: MAX_CODE_LENGTH,
    example: 'INVESTIGATION_TERMINATION',
    description: 'UPPER_SNAKE, a letter first, at most 64 characters: the format of every code.',
  })
  @Length(1, MAX_CODE_LENGTH)
  @Matches(CODE_PATTERN, { message: 'code must be UPPER_SNAKE (A–Z, 0–9 and single underscores, a letter first)' })
  code: string;
}

/**
 * PUT: creates or replaces the deployment's setting of a code. A code that is not built in needs `labelZh`; a built-in
 * code takes `active` only (its label is the release's: sending it unchanged is accepted, a different one is 409).
 */
export class PutCodeListCodeDto {
  @ApiPropertyOptional({
    example: '终止调查',
    description: 'zh-CN label (1–100 characters, with at least one Chinese character). Required for an added code.',
  })
  @NotNullIfPresent()
  @IsString()
  @Length(1, 100)
  @Matches(/\p{Script=Han}/u, { message: 'labelZh must be a zh-CN label (at least one Chinese character)' })
  labelZh?: string;

  @ApiPropertyOptional({
    description:
      'false: no longer offered for new cases and edits (cases that have it keep it). Default true. A built-in code is retired only while no case uses it.',
  })
  @NotNullIfPresent()
  @IsBoolean()
  active?: boolean;
}

/** One code as the deployment has it, after a change. */
export class CodeListCodeView {
  @ApiProperty({ enum: EXTENSIBLE_CODE_LISTS })
  list: ExtensibleCodeList;
  @ApiProperty({ example: 'INVESTIGATION_TERMINATION' })
  code: string;
  @ApiProperty({ example: '终止调查' })
  labelZh: string;
  @ApiProperty({ description: 'true for a code of the release, false for one this deployment added.' })
  builtIn: boolean;
  @ApiProperty({ description: 'false: not offered for new cases and edits.' })
  active: boolean;
  @ApiProperty({ description: 'The key (or officer) that last changed the setting.' })
  updatedBy: string;
  @ApiProperty({ format: 'date-time' })
  updatedAt: string;
}

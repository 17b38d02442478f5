import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Length, Matches, ValidateIf } from 'class-validator';
import { ORGAN_LEVELS, codesOf } from '../code-lists/code-lists';
import type { OrganLevel } from '../code-lists/code-lists';
import { IsLocalDate } from '../common/validation/local-date.validator';
import { OrganEntity } from './organ.entity';

const CASE_DATA_FROM =
  'The first day from which every case of the organ is in the service; null (the default): all of its history is. ' +
  '同比 whose comparison period starts before it uses the declared baseline of that period (POST /v1/statistics/baselines), or answers comparison.source INCOMPLETE with every previous value null.';

export class CreateOrganDto {
  @ApiProperty({ example: 'TAIQIAN', description: 'UPPER_SNAKE code, unique.' })
  @Matches(/^[A-Z][A-Z0-9_]{1,39}$/, { message: 'code must be UPPER_SNAKE, 2–40 characters' })
  code: string;

  @ApiProperty({ example: '台前县人民政府' })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiProperty({ example: '台前县人民政府行政复议办公室' })
  @IsString()
  @Length(1, 200)
  officeName: string;

  @ApiProperty({ example: '台政复〔{year}〕{seq}号', description: 'Placeholders: {year}, {seq} or {seq:N}.' })
  @IsString()
  @Length(3, 100)
  caseNumberTemplate: string;

  @ApiPropertyOptional({
    enum: codesOf(ORGAN_LEVELS),
    default: 'COUNTY',
    description: 'Level of the organ (L23 24–28): COUNTY, CITY or PROVINCE people’s government, or DEPARTMENT.',
  })
  @IsOptional()
  @IsIn(codesOf(ORGAN_LEVELS))
  level?: OrganLevel;

  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description:
      'The organ above this one (a city above its districts and counties), or null. Statistics can count an organ with every organ below it (scope=DESCENDANTS); case numbers, templates and calendars stay per organ. An unknown parent (or one outside a key’s organs) is 422 UNKNOWN_ORGAN.',
  })
  @IsOptional()
  @IsUUID()
  parentId?: string | null;

  @ApiPropertyOptional({
    type: String,
    format: 'date',
    nullable: true,
    description: CASE_DATA_FROM,
  })
  @IsOptional()
  @IsLocalDate()
  caseDataFrom?: string | null;
}

/** A PATCH leaves out what it does not change; null is no value for a field that cannot be empty (400, not 500). */
const present = (_o: object, v: unknown) => v !== undefined;

export class UpdateOrganDto {
  @ApiPropertyOptional()
  @ValidateIf(present)
  @IsString()
  @Length(1, 200)
  name?: string;

  @ApiPropertyOptional()
  @ValidateIf(present)
  @IsString()
  @Length(1, 200)
  officeName?: string;

  @ApiPropertyOptional({ description: 'Applies to cases registered from now on; existing numbers never change.' })
  @ValidateIf(present)
  @IsString()
  @Length(3, 100)
  caseNumberTemplate?: string;

  @ApiPropertyOptional({ enum: codesOf(ORGAN_LEVELS) })
  @ValidateIf(present)
  @IsIn(codesOf(ORGAN_LEVELS))
  level?: OrganLevel;

  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description:
      'The organ above this one; null makes it a top organ. The organ itself or one below it is 422 ORGAN_HIERARCHY_CYCLE; an unknown parent (or one outside a key’s organs) is 422 UNKNOWN_ORGAN.',
  })
  // IsOptional lets null through: null is a value here (no parent), which the service stores.
  @IsOptional()
  @IsUUID()
  parentId?: string | null;

  @ApiPropertyOptional({
    type: String,
    format: 'date',
    nullable: true,
    description: CASE_DATA_FROM,
  })
  @IsOptional()
  @IsLocalDate()
  caseDataFrom?: string | null;
}

export class OrganView {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty()
  code: string;
  @ApiProperty()
  name: string;
  @ApiProperty()
  officeName: string;
  @ApiProperty()
  caseNumberTemplate: string;
  @ApiProperty({ enum: codesOf(ORGAN_LEVELS) })
  level: OrganLevel;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The organ above this one, or null.' })
  parentId: string | null;

  @ApiProperty({ type: String, format: 'date', nullable: true, description: CASE_DATA_FROM })
  caseDataFrom: string | null;

  static of(e: OrganEntity): OrganView {
    return Object.assign(new OrganView(), {
      id: e.id,
      code: e.code,
      name: e.name,
      officeName: e.officeName,
      caseNumberTemplate: e.caseNumberTemplate,
      level: e.level,
      parentId: e.parentId,
      caseDataFrom: e.caseDataFrom,
    });
  }
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsDateString,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
} from 'class-validator';
import { IsDateInRange } from '../common/validation/local-date.validator';
import { PageQuery } from '../common/http/pagination';
import { ApiKeyEntity } from './api-key.entity';
import { Role, ROLES, Scope, SCOPES } from './roles';

export class CreateApiKeyDto {
  @ApiProperty({
    description: 'Who or what holds the key, e.g. "王科长" or "一张网 integration".',
    example: 'officer-wang',
  })
  @IsString()
  @Length(1, 100)
  name: string;

  @ApiProperty({ enum: ROLES, isArray: true, description: 'Roles granted to the key.', example: ['OFFICER'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ROLES.length)
  @ArrayUnique()
  @IsIn(ROLES, { each: true })
  roles: Role[];

  @ApiPropertyOptional({
    enum: SCOPES,
    isArray: true,
    description: 'For INTEGRATION keys: the parts of the API the key may use.',
    example: ['cases:read'],
  })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(SCOPES, { each: true })
  scopes?: Scope[];

  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    isArray: true,
    description:
      'Organ scope: the organs whose cases, deadlines, statistics and reports the key may see and change (ids of ' +
      'existing organs; an unknown one is 422). Omit for every organ. A key limited to organs may only create keys ' +
      'limited to some of its own organs.',
    example: ['6f1c2d3e-0000-4000-8000-000000000001'],
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  organIds?: string[];

  @ApiPropertyOptional({
    description: 'When the key stops working (ISO 8601 instant).',
    example: '2027-12-31T16:00:00Z',
  })
  @IsOptional()
  @IsDateString({ strict: true })
  @IsDateInRange()
  expiresAt?: string;
}

export class ListApiKeysQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Also list revoked keys.', default: false })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  includeRevoked = false;
}

export class ApiKeyView {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty()
  name: string;
  @ApiProperty({ description: 'First characters of the key, to tell keys apart.', example: 'rcs_Ab3dE9' })
  prefix: string;
  @ApiProperty({ enum: ROLES, isArray: true })
  roles: Role[];
  @ApiProperty({ enum: SCOPES, isArray: true })
  scopes: Scope[];
  @ApiProperty({
    type: String,
    format: 'uuid',
    isArray: true,
    nullable: true,
    description: 'Organ scope: the organs the key is limited to; null = every organ.',
  })
  organIds: string[] | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  expiresAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  revokedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: string;

  static of(entity: ApiKeyEntity): ApiKeyView {
    const view = new ApiKeyView();
    view.id = entity.id;
    view.name = entity.name;
    view.prefix = entity.prefix;
    view.roles = entity.roles;
    view.scopes = entity.scopes;
    view.organIds = entity.organIds ?? null;
    view.expiresAt = entity.expiresAt?.toISOString() ?? null;
    view.revokedAt = entity.revokedAt?.toISOString() ?? null;
    view.createdAt = entity.createdAt.toISOString();
    return view;
  }
}

export class CreatedApiKeyView extends ApiKeyView {
  @ApiProperty({ description: 'The key itself. Shown only in this response; store it now.' })
  key: string;
}

export class ApiKeyPage {
  @ApiProperty({ type: [ApiKeyView] })
  items: ApiKeyView[];
  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}

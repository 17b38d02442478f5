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
  Length,
} from 'class-validator';
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
    description: 'When the key stops working (ISO 8601 instant).',
    example: '2027-12-31T16:00:00Z',
  })
  @IsOptional()
  @IsDateString({ strict: true })
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

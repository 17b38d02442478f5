import { Body, Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';
import type { FastifyRequest } from 'fastify';
import { Access, CurrentActor } from '../auth/access.decorator';
import type { Actor } from '../auth/roles';
import { ApiOperationWithProblems } from '../common/http/api-operation.decorator';
import { uuidParam } from '../common/http/uuid-param.pipe';
import { auditOrigin } from '../personal-data/personal-data-presenter';
import { CasePersonalDataService } from './case-personal-data.service';

const NOT_BLANK = /\S/;

export class RectifyPersonalDataDto {
  @ApiProperty({ example: 'applicants[0].idNumber', description: 'A personal field of a party or an agent.' })
  @IsString()
  @Length(1, 100)
  field: string;

  @ApiProperty({ description: 'The correct value (validated as at registration).', example: '11010519491231002X' })
  @IsString()
  @Length(1, 500)
  value: string;

  @ApiProperty({ description: 'Why (PIPL 46: the person’s request, a document that shows the error …).' })
  @IsString()
  @Length(1, 1000)
  @Matches(NOT_BLANK, { message: 'reason must not be blank' })
  reason: string;
}

export class ErasePersonalDataDto {
  @ApiProperty({ description: 'Why (PIPL 47: retention period over, consent withdrawn …).' })
  @IsString()
  @Length(1, 1000)
  @Matches(NOT_BLANK, { message: 'reason must not be blank' })
  reason: string;
}

export class RectifiedView {
  @ApiProperty({ format: 'uuid' })
  caseId: string;
  @ApiProperty()
  field: string;
}

export class ErasedView {
  @ApiProperty({ description: 'How many personal values were crypto-shredded.' })
  erased: number;
}

/** PIPL 46–47 for ADMINs: rectify a wrong value, or erase a concluded case's personal data. Both are audited. */
@ApiTags('cases')
@Controller('cases/:id/personal-data')
export class CasePersonalDataController {
  constructor(private readonly personalData: CasePersonalDataService) {}

  @Post('rectify')
  @HttpCode(200)
  @Access(['ADMIN'])
  @ApiOperationWithProblems({
    operationId: 'rectifyPersonalData',
    summary: 'Rectify a wrong personal value (更正, PIPL 46), e.g. an ID number; history shows the new value',
    type: RectifiedView,
    problems: [400, 401, 403, 404, 422],
  })
  rectify(
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: RectifyPersonalDataDto,
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
  ): Promise<RectifiedView> {
    return this.personalData.rectify(id, dto, actor, auditOrigin(request));
  }

  @Post('erase')
  @HttpCode(200)
  @Access(['ADMIN'])
  @ApiOperationWithProblems({
    operationId: 'erasePersonalData',
    summary: 'Erase a concluded case’s personal values (删除, PIPL 47) by crypto-shredding; history keeps its shape',
    type: ErasedView,
    problems: [400, 401, 403, 404, 409],
  })
  erase(
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: ErasePersonalDataDto,
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
  ): Promise<ErasedView> {
    return this.personalData.erase(id, dto.reason, actor, auditOrigin(request));
  }
}

import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Access, CurrentActor } from '../auth/access.decorator';
import type { Actor } from '../auth/roles';
import { ApiOperationWithProblems } from '../common/http/api-operation.decorator';
import { uuidParam } from '../common/http/uuid-param.pipe';
import { CreateOrganDto, OrganView, UpdateOrganDto } from './organ.dto';
import { OrganService } from './organ.service';

@ApiTags('organs')
@Controller('organs')
export class OrganController {
  constructor(private readonly organs: OrganService) {}

  @Get()
  @Access(['ADMIN', 'SUPERVISOR', 'OFFICER', 'CLERK', 'REPORTER', 'INTEGRATION'], 'cases:read')
  @ApiOperationWithProblems({
    operationId: 'listOrgans',
    summary: 'List reconsideration organs (a key limited to organs sees only its own)',
    type: [OrganView],
    problems: [401, 403],
  })
  async list(@CurrentActor() actor: Actor): Promise<OrganView[]> {
    return (await this.organs.list(actor)).map((o) => OrganView.of(o));
  }

  @Post()
  @Access(['ADMIN'])
  @ApiOperationWithProblems({
    operationId: 'createOrgan',
    summary: 'Add a reconsideration organ',
    status: 201,
    type: OrganView,
    problems: [400, 401, 403, 409, 422],
  })
  async create(@Body() dto: CreateOrganDto, @CurrentActor() actor: Actor): Promise<OrganView> {
    return OrganView.of(await this.organs.create(dto, actor));
  }

  @Patch(':id')
  @Access(['ADMIN'])
  @ApiOperationWithProblems({
    operationId: 'updateOrgan',
    summary: 'Change an organ’s names, case number template, level or parent',
    type: OrganView,
    problems: [400, 401, 403, 404, 422],
  })
  async update(
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: UpdateOrganDto,
    @CurrentActor() actor: Actor,
  ): Promise<OrganView> {
    return OrganView.of(await this.organs.update(id, dto, actor));
  }
}

import { Body, Controller, Delete, HttpCode, Param, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Access, CurrentActor } from '../auth/access.decorator';
import type { Actor } from '../auth/roles';
import { CodeListCodeParams, CodeListCodeView, PutCodeListCodeDto } from '../code-lists/code-list.dto';
import { ApiOperationWithProblems } from '../common/http/api-operation.decorator';
import { CodeListCodesService } from './code-list-codes.service';

/** Issue 11 pt 9: an ADMIN extends RESPONDENT_KINDS, ACT_CATEGORIES and MANAGEMENT_DOMAINS without a release. */
@ApiTags('code-lists')
@Controller('code-lists')
@Access(['ADMIN'])
export class CodeListCodesController {
  constructor(private readonly codes: CodeListCodesService) {}

  @Put(':list/codes/:code')
  @ApiOperationWithProblems({
    operationId: 'putCodeListCode',
    summary:
      'Add a code with its zh-CN label, relabel or (de)activate an added code, or retire/reinstate a built-in one',
    description:
      'A code that is not built in needs labelZh (unique in its list); active: false stops offering it for new ' +
      'cases and edits, and the cases that have it keep it. A built-in code takes active only (another label is ' +
      '409 CODE_LIST_CODE_BUILT_IN), and is retired only while no case uses it (409 CODE_LIST_CODE_IN_USE). ' +
      'A key limited to organs is 403: the code lists are the same for every organ.',
    type: CodeListCodeView,
    problems: [400, 401, 403, 409],
  })
  put(
    @Param() params: CodeListCodeParams,
    @Body() dto: PutCodeListCodeDto,
    @CurrentActor() actor: Actor,
  ): Promise<CodeListCodeView> {
    return this.codes.put(params, dto, actor);
  }

  @Delete(':list/codes/:code')
  @HttpCode(204)
  @ApiOperationWithProblems({
    operationId: 'deleteCodeListCode',
    summary: 'Delete an added code that no case uses (409 CODE_LIST_CODE_IN_USE otherwise; built-in codes: 409)',
    status: 204,
    problems: [400, 401, 403, 404, 409],
  })
  async delete(@Param() params: CodeListCodeParams, @CurrentActor() actor: Actor): Promise<void> {
    await this.codes.delete(params, actor);
  }
}

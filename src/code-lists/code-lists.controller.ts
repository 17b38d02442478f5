import { Controller, Get } from '@nestjs/common';
import { ApiExtraModels, ApiTags } from '@nestjs/swagger';
import { Access } from '../auth/access.decorator';
import { ROLES } from '../auth/roles';
import { registeredErrorCodes } from '../common/errors/error-codes';
import { ApiOperationWithProblems } from '../common/http/api-operation.decorator';
import { codeListsResponse } from './code-lists';
import { CodeEntryView, codeListsSchema, ErrorCodeEntryView } from './code-lists.view';

/** Every code the API uses, with zh-CN labels, so that clients never hard-code Chinese text. */
@ApiTags('code-lists')
@Controller('code-lists')
export class CodeListsController {
  @Get()
  @Access(ROLES, 'cases:read')
  @ApiExtraModels(CodeEntryView, ErrorCodeEntryView)
  @ApiOperationWithProblems({
    operationId: 'getCodeLists',
    summary: 'All code lists with zh-CN labels (states, actions, outcomes, grounds, categories, error codes …)',
    schema: codeListsSchema(),
    problems: [401, 403],
  })
  get(): Record<string, Array<{ code: string; labelZh: string }>> {
    const errorCodes = registeredErrorCodes().map(([code, def]) => ({
      code,
      labelZh: def.labelZh,
      status: def.status,
      title: def.title,
    }));
    return { ...codeListsResponse(), ERROR_CODES: errorCodes };
  }
}

import { Controller, Get } from '@nestjs/common';
import { ApiExtraModels, ApiTags } from '@nestjs/swagger';
import { Access } from '../auth/access.decorator';
import { ROLES } from '../auth/roles';
import { registeredErrorCodes } from '../common/errors/error-codes';
import { ApiOperationWithProblems } from '../common/http/api-operation.decorator';
import { CodeListRegistry } from './code-list-registry.service';
import { codeListsResponse } from './code-lists';
import { CodeEntryView, codeListsSchema, ErrorCodeEntryView } from './code-lists.view';

/** Every code the API uses, with zh-CN labels, so that clients never hard-code Chinese text. */
@ApiTags('code-lists')
@Controller('code-lists')
export class CodeListsController {
  constructor(private readonly registry: CodeListRegistry) {}

  @Get()
  @Access(ROLES, 'cases:read')
  @ApiExtraModels(CodeEntryView, ErrorCodeEntryView)
  @ApiOperationWithProblems({
    operationId: 'getCodeLists',
    summary: 'All code lists with zh-CN labels (states, actions, outcomes, grounds, categories, error codes …)',
    description:
      'RESPONDENT_KINDS, ACT_CATEGORIES and MANAGEMENT_DOMAINS hold this deployment’s codes too: each of their entries ' +
      'says `builtIn` (false: added by an ADMIN) and `active` (false: not offered for new cases; old cases keep it).',
    schema: codeListsSchema(),
    problems: [401, 403],
  })
  async get(): Promise<Record<string, Array<{ code: string; labelZh: string }>>> {
    const errorCodes = registeredErrorCodes().map(([code, def]) => ({
      code,
      labelZh: def.labelZh,
      status: def.status,
      title: def.title,
    }));
    return { ...codeListsResponse(), ...(await this.registry.deploymentLists()), ERROR_CODES: errorCodes };
  }
}

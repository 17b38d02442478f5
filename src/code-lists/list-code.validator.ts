import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { registerDecorator } from 'class-validator';
import {
  CODE_LISTS,
  CODE_PATTERN,
  CodeEntry,
  codesOf,
  ExtensibleCodeList,
  hasCodeFormat,
  MAX_CODE_LENGTH,
} from './code-lists';

/**
 * A field holding a code of an extensible list (RESPONDENT_KINDS, ACT_CATEGORIES, MANAGEMENT_DOMAINS). Decorators
 * are static, and the deployment's codes are data: so this checks the code's format only, and the service checks that
 * it is an active code of the list (CodeListRegistry.requireUsable, in the write's own transaction). Both refusals
 * are the same 400: constraint name `isIn`, so `errors[].code` stays IS_IN, as when the field was `@IsIn` of the
 * release's codes.
 */
export function IsListCode(list: ExtensibleCodeList, options: { optional?: boolean } = {}): PropertyDecorator {
  const entries: readonly CodeEntry[] = CODE_LISTS[list];
  const builtIn = codesOf(entries);
  const doc = {
    type: String,
    pattern: CODE_PATTERN.source,
    maxLength: MAX_CODE_LENGTH,
    example: builtIn[0],
    description:
      `A code of ${list} in GET /v1/code-lists: built in (${builtIn.join(', ')}) or added by this deployment ` +
      '(builtIn: false). New cases and edits take active codes only.',
  };
  return applyDecorators(
    options.optional ? ApiPropertyOptional(doc) : ApiProperty(doc),
    (target: object, propertyName: string | symbol): void => {
      registerDecorator({
        name: 'isIn',
        target: target.constructor,
        propertyName: String(propertyName),
        options: { message: `$property must be a code of ${list} (GET /v1/code-lists)` },
        validator: { validate: (value: unknown) => hasCodeFormat(value) },
      });
    },
  );
}

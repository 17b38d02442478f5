import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isOrganScoped } from '../auth/organ-scope';
import type { Actor } from '../auth/roles';
import type { CodeListCodeRow } from '../code-lists/code-list.repository';
import { CodeListRepository } from '../code-lists/code-list.repository';
import type { CodeListCodeParams, CodeListCodeView, PutCodeListCodeDto } from '../code-lists/code-list.dto';
import { CODE_LISTS, ExtendedCodeEntry, findCodeEntry } from '../code-lists/code-lists';
import { ProblemException } from '../common/errors/problem.exception';
import { isUniqueViolation } from '../database/postgres-errors';
import { CaseRepository } from './case.repository';

/**
 * An ADMIN's changes to the deployment's code lists (issue 11 pt 9). They live on the write side because their rule
 * is about cases: a code that cases use is not deleted, and a built-in code is not retired while cases use it (so
 * that "retired" keeps meaning "on no case"; an added code may be deactivated at any time, and its cases keep it).
 * Each change is one transaction holding the code's lock (CodeListRepository) from its look at the cases to its
 * commit, so no case write can start using the code in between.
 */
@Injectable()
export class CodeListCodesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly codes: CodeListRepository,
    private readonly cases: CaseRepository,
  ) {}

  async put(key: CodeListCodeParams, dto: PutCodeListCodeDto, actor: Actor): Promise<CodeListCodeView> {
    refuseOrganScoped(actor);
    const builtIn = findCodeEntry(key.list, key.code);
    const labelZh = dto.labelZh?.trim();
    if (builtIn && labelZh !== undefined && labelZh !== builtIn.labelZh) {
      throw new ProblemException(
        'CODE_LIST_CODE_BUILT_IN',
        `${key.code} is a built-in code of ${key.list} (${builtIn.labelZh}): its label is the release's. ` +
          'Add a code of your own for another label.',
        { errors: [{ path: 'labelZh', code: 'CODE_LIST_CODE_BUILT_IN', message: 'a built-in code keeps its label' }] },
      );
    }
    if (!builtIn && labelZh === undefined) {
      throw new ProblemException('VALIDATION_FAILED', `labelZh is required to add ${key.code} to ${key.list}.`, {
        errors: [
          { path: 'labelZh', code: 'IS_DEFINED', message: 'labelZh is required for a code that is not built in' },
        ],
      });
    }
    if (!builtIn && labelZh !== undefined) {
      refuseBuiltInLabel(CODE_LISTS[key.list], key.code, labelZh);
    }
    try {
      return await this.dataSource.transaction(async (m) => {
        await this.codes.lockExclusive(m, key);
        const existing = await this.codes.find(m, key);
        // PUT replaces the setting: an absent `active` is true, as for a new code.
        const active = dto.active ?? true;
        if (builtIn && !active && (existing?.active ?? true)) {
          await this.refuseInUse(m, key, 'retired');
        }
        if (!builtIn && (await this.codes.labelTaken(m, key, labelZh!))) {
          throw labelTaken(key.list, labelZh!);
        }
        const row = await this.codes.upsert(m, {
          ...key,
          labelZh: builtIn ? null : labelZh!,
          active,
          actor: actor.keyName,
        });
        return view(row, builtIn);
      });
    } catch (error) {
      // Two admins giving two new codes one label at once: the unique index decides.
      if (isUniqueViolation(error, 'code_list_code_label_unique')) {
        throw labelTaken(key.list, labelZh ?? '');
      }
      throw error;
    }
  }

  async delete(key: CodeListCodeParams, actor: Actor): Promise<void> {
    refuseOrganScoped(actor);
    if (findCodeEntry(key.list, key.code)) {
      throw new ProblemException(
        'CODE_LIST_CODE_BUILT_IN',
        `${key.code} is a built-in code of ${key.list}: it cannot be deleted. PUT {"active": false} retires it.`,
      );
    }
    await this.dataSource.transaction(async (m) => {
      await this.codes.lockExclusive(m, key);
      if (!(await this.codes.find(m, key))) {
        throw new ProblemException('CODE_LIST_CODE_NOT_FOUND', `${key.list} has no code ${key.code}.`);
      }
      await this.refuseInUse(m, key, 'deleted');
      await this.codes.delete(m, key);
    });
  }

  private async refuseInUse(
    m: Parameters<CaseRepository['countUsingCode']>[0],
    key: CodeListCodeParams,
    what: 'deleted' | 'retired',
  ): Promise<void> {
    const cases = await this.cases.countUsingCode(m, key.list, key.code);
    if (cases > 0) {
      throw new ProblemException(
        'CODE_LIST_CODE_IN_USE',
        `${cases} case(s) use ${key.code} of ${key.list}: it cannot be ${what} while they do.` +
          (what === 'deleted' ? ' PUT {"active": false} stops offering it for new cases.' : ''),
        { extensions: { cases } },
      );
    }
  }
}

/** The code lists are the deployment's, the same for every organ: changing them is for an unscoped admin. */
function refuseOrganScoped(actor: Actor): void {
  if (isOrganScoped(actor)) {
    throw new ProblemException(
      'FORBIDDEN',
      'A key limited to organs cannot change the code lists: they are the same for every organ.',
    );
  }
}

function refuseBuiltInLabel(list: readonly ExtendedCodeEntry[], code: string, labelZh: string): void {
  const same = list.find((e) => e.labelZh === labelZh && e.code !== code);
  if (same) {
    throw new ProblemException(
      'CODE_LIST_LABEL_TAKEN',
      `The built-in code ${same.code} has the label ${labelZh}: use it (PUT {"active": true} if it is retired).`,
      { errors: [{ path: 'labelZh', code: 'CODE_LIST_LABEL_TAKEN', message: `the label of ${same.code}` }] },
    );
  }
}

function labelTaken(list: string, labelZh: string): ProblemException {
  return new ProblemException('CODE_LIST_LABEL_TAKEN', `Another code of ${list} has the label ${labelZh}.`, {
    errors: [{ path: 'labelZh', code: 'CODE_LIST_LABEL_TAKEN', message: 'another code of the list has this label' }],
  });
}

function view(row: CodeListCodeRow, builtIn: ExtendedCodeEntry | undefined): CodeListCodeView {
  return {
    list: row.list,
    code: row.code,
    labelZh: builtIn?.labelZh ?? row.label_zh ?? row.code,
    builtIn: builtIn !== undefined,
    active: row.active,
    updatedBy: row.updated_by,
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

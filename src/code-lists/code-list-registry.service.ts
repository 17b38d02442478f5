import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { FieldProblem, ProblemException } from '../common/errors/problem.exception';
import {
  CODE_LISTS,
  CodeLabelOf,
  EXTENSIBLE_CODE_LISTS,
  ExtendedCodeEntry,
  ExtensibleCodeList,
  findCodeEntry,
  isExtensibleCodeList,
} from './code-lists';
import { CodeListCodeRow, CodeListRepository, ListCode } from './code-list.repository';

/** One code of an extensible list as this deployment has it (GET /v1/code-lists). */
export type DeploymentCodeEntry = ExtendedCodeEntry & {
  /** false: added by this deployment (its label is the deployment's), not by the release. */
  builtIn: boolean;
  /** false: no longer offered for new cases or edits; cases that have it keep it, and its label. */
  active: boolean;
};

/** A value of a request that must be a code of a list: where it is (`respondent.kind`) and what it is. */
export interface CodeUse extends ListCode {
  path: string;
}

/**
 * The deployment's codes of the extensible lists: the release's codes (code-lists.ts), each of which an ADMIN may
 * retire, plus the codes an ADMIN added (table code_list_code). Read from the database on every use — one indexed
 * query — rather than cached, so that every instance sees a change at once, without an invalidation channel.
 */
@Injectable()
export class CodeListRegistry {
  constructor(private readonly codes: CodeListRepository) {}

  /** The three lists as GET /v1/code-lists serves them: the release's codes in its order, then the added ones. */
  async deploymentLists(): Promise<Record<ExtensibleCodeList, DeploymentCodeEntry[]>> {
    const rows = await this.codes.all();
    const lists = {} as Record<ExtensibleCodeList, DeploymentCodeEntry[]>;
    for (const list of EXTENSIBLE_CODE_LISTS) {
      const mine = new Map(rows.filter((r) => r.list === list).map((r) => [r.code, r]));
      const builtIn: readonly ExtendedCodeEntry[] = CODE_LISTS[list];
      lists[list] = [
        ...builtIn.map((entry) => ({ ...entry, builtIn: true, active: mine.get(entry.code)?.active ?? true })),
        ...[...mine.values()]
          .filter((r) => findCodeEntry(list, r.code) === undefined && r.label_zh !== null)
          .map((r) => ({ code: r.code, labelZh: r.label_zh!, builtIn: false, active: r.active })),
      ];
    }
    return lists;
  }

  /** The label lookup with this deployment's codes (statistics breakdowns, exports). */
  async labels(): Promise<CodeLabelOf> {
    const added = new Map<string, string>();
    for (const r of await this.codes.all()) {
      if (r.label_zh !== null) {
        added.set(`${r.list}:${r.code}`, r.label_zh);
      }
    }
    return (list, code) => findCodeEntry(list, code)?.labelZh ?? added.get(`${list}:${code}`) ?? code;
  }

  /**
   * A case write (registration, edit) may store only active codes: refuses anything else with the 400 the DTO's
   * validation gives (VALIDATION_FAILED, `errors[].path` the field, code IS_IN). Runs in the write's transaction and
   * holds the codes' locks to its end, so a concurrent deletion or retirement waits for it (CodeListRepository).
   */
  async requireUsable(m: EntityManager, uses: readonly CodeUse[]): Promise<void> {
    await this.codes.lockShared(m, uses);
    const rows = await this.codes.findMany(uses, m);
    const problems = uses.filter((use) => !usable(use, rowOf(rows, use))).map((use) => problem(use, 'an active'));
    refuseProblems(problems);
  }

  /** A filter (GET /v1/cases?actCategory=) may name any code the list has or had: retired and inactive ones too. */
  async requireKnown(uses: readonly CodeUse[]): Promise<void> {
    const unknown = uses.filter((use) => findCodeEntry(use.list, use.code) === undefined);
    if (unknown.length === 0) {
      return;
    }
    const rows = await this.codes.findMany(unknown);
    refuseProblems(
      unknown.filter((use) => (rowOf(rows, use)?.label_zh ?? null) === null).map((use) => problem(use, 'a')),
    );
  }
}

function rowOf(rows: readonly CodeListCodeRow[], key: ListCode): CodeListCodeRow | undefined {
  return rows.find((r) => r.list === key.list && r.code === key.code);
}

/** A built-in code unless retired; an added code while active. */
function usable(use: CodeUse, row: CodeListCodeRow | undefined): boolean {
  if (!isExtensibleCodeList(use.list)) {
    return false;
  }
  if (findCodeEntry(use.list, use.code) !== undefined) {
    return row?.active ?? true;
  }
  return row !== undefined && row.label_zh !== null && row.active;
}

function problem(use: CodeUse, which: string): FieldProblem {
  const field = use.path.split('.').at(-1) ?? use.path;
  // IS_IN, as class-validator's @IsIn answered before the lists could be extended: clients keep their handling.
  return {
    path: use.path,
    code: 'IS_IN',
    message: `${field} must be ${which} code of ${use.list} (GET /v1/code-lists)`,
  };
}

/** The same problem document as the validation pipe's (validationProblem in common/errors/validation.ts). */
function refuseProblems(problems: FieldProblem[]): void {
  if (problems.length === 0) {
    return;
  }
  const summary = problems
    .slice(0, 3)
    .map((p) => `${p.path}: ${p.message}`)
    .join('; ');
  throw new ProblemException('VALIDATION_FAILED', `The request has ${problems.length} invalid field(s): ${summary}`, {
    errors: problems,
  });
}

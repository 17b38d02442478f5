import { Injectable } from '@nestjs/common';
import { canSeeOrgan, resolveOrganInScope } from '../auth/organ-scope';
import type { Actor } from '../auth/roles';
import { CodeListRegistry } from '../code-lists/code-list-registry.service';
import { FieldProblem, ProblemException } from '../common/errors/problem.exception';
import { Env } from '../config/env';
import { OrganEntity } from '../organs/organ.entity';
import { OrganRepository } from '../organs/organ.repository';
import { type ComparisonBasis, parseDeclaredValues } from './baseline';
import type { DeclareBaselineDto } from './baseline.dto';
import { BaselineEntity } from './baseline.entity';
import { BaselineRepository, BaselineRow } from './baseline.repository';
import type { StatisticsScope } from './statistics.dto';

/** Declared baselines: storage, validation, and the choice of the comparison's basis (baseline.ts). */
@Injectable()
export class BaselineService {
  constructor(
    private readonly baselines: BaselineRepository,
    private readonly organs: OrganRepository,
    private readonly codeLists: CodeListRegistry,
    private readonly env: Env,
  ) {}

  /** Validates everything before storing anything: a refused declaration leaves no row. */
  async declare(dto: DeclareBaselineDto, actor: Actor): Promise<BaselineRow> {
    const organ = await resolveOrganInScope(actor, dto.organId, this.organs, this.env.DEFAULT_ORGAN_CODE);
    const problems: FieldProblem[] = [];
    if (dto.from > dto.to) {
      problems.push({ path: 'from', code: 'PERIOD_REVERSED', message: 'from must be on or before to' });
    }
    const parsed = parseDeclaredValues(dto);
    problems.push(...parsed.problems);
    refuse(problems);
    // Codes of the extensible lists: any the deployment has or had (a published report may name a retired one).
    await this.codeLists.requireKnown(parsed.codes);
    const saved = await this.baselines.declare({
      organId: organ.id,
      periodFrom: dto.from,
      periodTo: dto.to,
      ...parsed.values,
      source: dto.source,
      sourceUrl: dto.sourceUrl ?? null,
      createdByKeyId: actor.keyId,
      createdByName: actor.keyName,
    });
    return { baseline: saved, supersededBy: null };
  }

  /** Another organ's baseline is not found, like a missing one (organ scope). */
  async get(id: string, actor: Actor): Promise<BaselineRow> {
    const row = await this.baselines.findById(id);
    if (!row || !canSeeOrgan(actor, row.baseline.organId)) {
      throw new ProblemException('BASELINE_NOT_FOUND', `No statistics baseline ${id}.`);
    }
    return row;
  }

  /** organId narrows; another organ's id answers like an unknown one (ORGAN_NOT_FOUND), as the statistics do. */
  async list(organId: string | undefined, limit: number, actor: Actor): Promise<BaselineRow[]> {
    if (organId !== undefined) {
      await resolveOrganInScope(actor, organId, this.organs, this.env.DEFAULT_ORGAN_CODE);
    }
    return this.baselines.list(organId, limit, actor);
  }

  /**
   * What 同比 compares with (baseline.ts COMPLETENESS): the cases when every counted organ's case data covers the
   * comparison period, else the organ's declared baseline for exactly that period (own cases only), else nothing.
   */
  async comparisonBasis(
    organ: OrganEntity,
    counted: readonly OrganEntity[],
    previous: { from: string; to: string },
    scope: StatisticsScope,
  ): Promise<ComparisonBasis> {
    const late = counted.filter((o) => o.caseDataFrom !== null && o.caseDataFrom > previous.from);
    if (late.length === 0) {
      return { source: 'CASES' };
    }
    const incomplete = `case data of ${late.map((o) => `${o.code} starts on ${o.caseDataFrom}`).join(', ')}, after the comparison period starts (${previous.from})`;
    if (scope !== 'SELF') {
      return {
        source: 'INCOMPLETE',
        reason: `The ${incomplete}; declared baselines are of one organ's own cases (scope=SELF).`,
      };
    }
    const baseline = await this.baselines.active(organ.id, previous.from, previous.to);
    if (!baseline) {
      return {
        source: 'INCOMPLETE',
        reason: `The ${incomplete}, and no baseline is declared for ${previous.from}…${previous.to} (POST /v1/statistics/baselines).`,
      };
    }
    return { source: 'DECLARED', baseline: declared(baseline) };
  }
}

function declared(b: BaselineEntity): Extract<ComparisonBasis, { source: 'DECLARED' }>['baseline'] {
  return {
    id: b.id,
    source: b.source,
    sourceUrl: b.sourceUrl,
    figures: b.figures,
    rates: b.rates,
    rateBases: b.rateBases,
    breakdowns: b.breakdowns,
  };
}

/** The validation pipe's problem document (VALIDATION_FAILED, 400), each problem naming its path. */
function refuse(problems: FieldProblem[]): void {
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

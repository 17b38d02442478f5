import { Injectable } from '@nestjs/common';
import { canSeeOrgan, isOrganScoped } from '../auth/organ-scope';
import type { Actor } from '../auth/roles';
import { ProblemException } from '../common/errors/problem.exception';
import { isCheckViolation, isUniqueViolation } from '../database/postgres-errors';
import { validateCaseNumberTemplate } from './case-number-template';
import { CreateOrganDto, UpdateOrganDto } from './organ.dto';
import { OrganEntity } from './organ.entity';
import { OrganRepository } from './organ.repository';

@Injectable()
export class OrganService {
  constructor(private readonly organs: OrganRepository) {}

  /** Only the caller's organs (organ scope): a clerk of one county does not see which other organs are served. */
  list(actor: Actor): Promise<OrganEntity[]> {
    return this.organs.list(actor);
  }

  async create(dto: CreateOrganDto, actor: Actor): Promise<OrganEntity> {
    if (isOrganScoped(actor)) {
      // A new organ would be outside the creator's own scope at once: adding organs is for an unscoped admin.
      throw new ProblemException('FORBIDDEN', 'A key limited to organs cannot add organs.');
    }
    this.checkTemplate(dto.caseNumberTemplate);
    if (dto.parentId) {
      await this.checkParent(dto.parentId, actor);
    }
    try {
      return await this.organs.insert(dto);
    } catch (error) {
      if (isUniqueViolation(error, 'organ_code_unique')) {
        throw new ProblemException('ORGAN_CODE_TAKEN', `An organ with code ${dto.code} exists.`);
      }
      throw error;
    }
  }

  async update(id: string, dto: UpdateOrganDto, actor: Actor): Promise<OrganEntity> {
    if (dto.caseNumberTemplate !== undefined) {
      this.checkTemplate(dto.caseNumberTemplate);
    }
    const existing = await this.organs.findById(id);
    if (!existing || !canSeeOrgan(actor, existing.id)) {
      throw new ProblemException('ORGAN_NOT_FOUND', `No organ ${id}.`);
    }
    if (dto.parentId) {
      await this.checkParent(dto.parentId, actor, id);
    }
    // An empty PATCH changes nothing (TypeORM refuses an UPDATE without values, which answered 500).
    const changes = Object.fromEntries(Object.entries(dto).filter(([, v]) => v !== undefined));
    if (Object.keys(changes).length === 0) {
      return existing;
    }
    try {
      // One UPDATE: a refused parent leaves the other fields of the PATCH unchanged too.
      await this.organs.update(id, changes);
    } catch (error) {
      // A concurrent change made the check above stale (A → B and B → A at once): the trigger refused this one.
      if (isCheckViolation(error, 'organ_hierarchy_acyclic')) {
        throw cycle(id, dto.parentId as string);
      }
      throw error;
    }
    return (await this.organs.findById(id)) as OrganEntity;
  }

  /**
   * A parent must be an organ the caller can see (one outside a scoped key's organs is answered as unknown, so that
   * the answer does not reveal which organs exist: 422, as the body's organIds of a key are), and not the organ itself
   * or one below it. The check reads outside any lock; the trigger organ_hierarchy_acyclic is the guarantee.
   */
  private async checkParent(parentId: string, actor: Actor, organId?: string): Promise<void> {
    if (organId !== undefined && parentId === organId) {
      throw cycle(organId, parentId);
    }
    const parent = await this.organs.findById(parentId);
    if (!parent || !canSeeOrgan(actor, parent.id)) {
      throw new ProblemException('UNPROCESSABLE', `No reconsideration organ ${parentId}.`, {
        errors: [{ path: 'parentId', code: 'UNKNOWN_ORGAN', message: `No reconsideration organ ${parentId}.` }],
      });
    }
    if (organId !== undefined && (await this.organs.descendantIds(organId)).includes(parentId)) {
      throw cycle(organId, parentId);
    }
  }

  private checkTemplate(template: string): void {
    const problem = validateCaseNumberTemplate(template);
    if (problem) {
      throw new ProblemException('CASE_NUMBER_TEMPLATE_INVALID', problem, {
        errors: [{ path: 'caseNumberTemplate', code: 'CASE_NUMBER_TEMPLATE_INVALID', message: problem }],
      });
    }
  }
}

function cycle(organId: string, parentId: string): ProblemException {
  const message =
    organId === parentId
      ? 'An organ cannot be its own parent.'
      : `Organ ${parentId} is below organ ${organId}: it cannot be its parent (the hierarchy would have a cycle).`;
  return new ProblemException('ORGAN_HIERARCHY_CYCLE', message, {
    errors: [{ path: 'parentId', code: 'ORGAN_HIERARCHY_CYCLE', message }],
  });
}

import { Injectable } from '@nestjs/common';
import { canSeeOrgan, isOrganScoped } from '../auth/organ-scope';
import type { Actor } from '../auth/roles';
import { ProblemException } from '../common/errors/problem.exception';
import { isUniqueViolation } from '../database/postgres-errors';
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
    // An empty PATCH changes nothing (TypeORM refuses an UPDATE without values, which answered 500).
    const changes = Object.fromEntries(Object.entries(dto).filter(([, v]) => v !== undefined));
    if (Object.keys(changes).length === 0) {
      return existing;
    }
    await this.organs.update(id, changes);
    return (await this.organs.findById(id)) as OrganEntity;
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

import { Injectable } from '@nestjs/common';
import { ProblemException } from '../common/errors/problem.exception';
import { isUniqueViolation } from '../database/postgres-errors';
import { validateCaseNumberTemplate } from './case-number-template';
import { CreateOrganDto, UpdateOrganDto } from './organ.dto';
import { OrganEntity } from './organ.entity';
import { OrganRepository } from './organ.repository';

@Injectable()
export class OrganService {
  constructor(private readonly organs: OrganRepository) {}

  list(): Promise<OrganEntity[]> {
    return this.organs.list();
  }

  async create(dto: CreateOrganDto): Promise<OrganEntity> {
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

  async update(id: string, dto: UpdateOrganDto): Promise<OrganEntity> {
    if (dto.caseNumberTemplate !== undefined) {
      this.checkTemplate(dto.caseNumberTemplate);
    }
    if (!(await this.organs.findById(id))) {
      throw new ProblemException('ORGAN_NOT_FOUND', `No organ ${id}.`);
    }
    await this.organs.update(id, dto);
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

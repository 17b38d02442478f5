import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { canSeeOrgan } from '../auth/organ-scope';
import type { Actor } from '../auth/roles';
import { SEX, codesOf } from '../code-lists/code-lists';
import { ProblemException } from '../common/errors/problem.exception';
import { AuditOrigin, PersonalDataAudit } from '../personal-data/personal-data-audit';
import { PersonalDataVault } from '../personal-data/personal-data-vault';
import {
  holdsPersonalValue,
  isPersonalValueKind,
  PersonalValueKind,
  referencedId,
} from '../personal-data/personal-values';
import { AGENT_FIELDS, FieldSpec, PARTY_FIELDS } from './case-field-classes';
import type { Party } from './case-details';
import { CaseEntity } from './case.entity';
import { CaseRepository, nameGrams } from './case.repository';
import { isValidResidentId } from './domain/identifiers';

/** `applicants[0].idNumber`, `thirdParties[1].agents[0].phone`: a personal field of one party or agent. */
const FIELD_PATH = /^(applicants|thirdParties)\[(\d{1,3})\](?:\.agents\[(\d{1,2})\])?\.([A-Za-z]{1,40})$/;

/** What a rectified value must look like: the rules registration applies (case.dto.ts). */
const VALUE_RULES: Record<PersonalValueKind, { test: (v: string) => boolean; message: string }> = {
  NAME: { test: (v) => v.trim().length > 0 && [...v].length <= 200, message: 'a name of 1–200 characters' },
  ID_NUMBER: { test: isValidResidentId, message: 'an 18-character resident ID with a valid check character' },
  PHONE: { test: (v) => /^[0-9+\-() ]{5,30}$/.test(v), message: 'a telephone number' },
  ADDRESS: { test: (v) => v.trim().length > 0 && [...v].length <= 500, message: 'an address of 1–500 characters' },
  SEX: { test: (v) => codesOf(SEX).includes(v), message: `one of ${codesOf(SEX).join(', ')}` },
};

interface Located {
  party: Party;
  kind: PersonalValueKind;
  reference: string;
}

/**
 * PIPL 46:「个人发现其个人信息不准确或者不完整的，有权请求个人信息处理者更正、补充。……个人信息处理者应当对其个人信息
 * 予以核实，并及时更正、补充。」 PIPL 47 ¶1:「有下列情形之一的，个人信息处理者应当主动删除个人信息：（一）处理目的已实现、
 * 无法实现或者为实现处理目的不再必要；（二）……保存期限已届满」; ¶2:「法律、行政法规规定的保存期限未届满……应当停止除存储
 * 和采取必要的安全保护措施之外的处理」 — hence erasure only once the case is concluded.
 * Rectification (PIPL 46) and erasure (PIPL 47) of a case's personal values, by an ADMIN, with a reason, audited.
 * Both change the vault row a reference points to, never the append-only history: the case's REGISTER and EDIT
 * events keep their references and show the rectified value, or nothing once erased.
 */
@Injectable()
export class CasePersonalDataService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cases: CaseRepository,
    private readonly vault: PersonalDataVault,
    private readonly audit: PersonalDataAudit,
  ) {}

  async rectify(
    caseId: string,
    body: { field: string; value: string; reason: string },
    actor: Actor,
    origin: AuditOrigin,
  ): Promise<{ caseId: string; field: string }> {
    refuseValuesInReason(body.reason);
    return this.dataSource.transaction(async (m) => {
      const entity = await this.lockVisible(m, caseId, actor);
      const located = locate(entity, body.field);
      const rule = VALUE_RULES[located.kind];
      if (!rule.test(body.value)) {
        throw new ProblemException('VALIDATION_FAILED', `${body.field} must be ${rule.message}.`, {
          errors: [{ path: 'value', code: 'INVALID_VALUE', message: `must be ${rule.message}` }],
        });
      }
      const id = referencedId(located.reference);
      if (!id) {
        throw new Error(`case ${caseId}: ${body.field} is a reference without an id`);
      }
      await this.vault.rectify(m, id, located.kind, body.value);
      if (located.kind === 'NAME' && body.field.startsWith('applicants[') && !body.field.includes('.agents[')) {
        await this.refreshApplicantNames(m, entity);
      }
      await this.audit.record(m, actor, origin, [
        { kind: 'RECTIFY', caseId, organId: entity.organId, fields: [body.field], reason: body.reason },
      ]);
      return { caseId, field: body.field };
    });
  }

  /** Crypto-shreds every personal value of a concluded case, and the clear names its search columns hold. */
  async erase(caseId: string, reason: string, actor: Actor, origin: AuditOrigin): Promise<{ erased: number }> {
    refuseValuesInReason(reason);
    return this.dataSource.transaction(async (m) => {
      const entity = await this.lockVisible(m, caseId, actor);
      if (entity.concludedOn === null) {
        // An open case cannot be handled without its parties (R07 19; L23 22): erasure waits for its conclusion.
        throw new ProblemException('CASE_NOT_CONCLUDED', 'Only a concluded case’s personal data can be erased.');
      }
      const erased = await this.vault.eraseCase(m, caseId);
      await this.cases.setApplicantNameColumns(m, caseId, '', []);
      await this.audit.record(m, actor, origin, [
        { kind: 'ERASE', caseId, organId: entity.organId, fields: ['*'], reason },
      ]);
      return { erased };
    });
  }

  private async lockVisible(m: EntityManager, caseId: string, actor: Actor): Promise<CaseEntity> {
    const entity = await this.cases.lockById(m, caseId);
    // Another organ's case is answered as a missing one (issue 13 pt 6).
    if (!entity || !canSeeOrgan(actor, entity.organId)) {
      throw new ProblemException('CASE_NOT_FOUND', `No case ${caseId}.`);
    }
    return entity;
  }

  private async refreshApplicantNames(m: EntityManager, entity: CaseEntity): Promise<void> {
    const references = entity.details.applicants.map((a) => a.name);
    const opened = await this.vault.open(
      m,
      references.map((r) => referencedId(r)).filter((id): id is string => id !== undefined),
    );
    const names = references.map((r) => {
      const id = referencedId(r);
      return id ? (opened.get(id)?.value ?? '') : r;
    });
    await this.cases.setApplicantNameColumns(m, entity.id, names.join('、'), nameGrams(names));
  }
}

/** The audit keeps reasons for ever and in clear: a value quoted in one would escape the vault (PIPL 47, 51). */
function refuseValuesInReason(reason: string): void {
  if (holdsPersonalValue(reason)) {
    throw new ProblemException(
      'REASON_HOLDS_PERSONAL_DATA',
      'State the reason without quoting an ID or phone number.',
      {
        errors: [{ path: 'reason', code: 'REASON_HOLDS_PERSONAL_DATA', message: 'no ID or phone numbers in reasons' }],
      },
    );
  }
}

function locate(entity: CaseEntity, field: string): Located {
  const match = FIELD_PATH.exec(field);
  const notPersonal = (why: string) =>
    new ProblemException('FIELD_NOT_PERSONAL', `${field} ${why}; only personal fields are rectified here.`, {
      errors: [{ path: 'field', code: 'FIELD_NOT_PERSONAL', message: why }],
    });
  if (!match) {
    throw notPersonal('is not a field of a party or an agent (e.g. applicants[0].idNumber)');
  }
  const [, list, partyIndex, agentIndex, key] = match as unknown as [
    string,
    'applicants' | 'thirdParties',
    string,
    string | undefined,
    string,
  ];
  const party = entity.details[list][Number(partyIndex)];
  if (!party) {
    throw new ProblemException('FIELD_NOT_SET', `The case has no ${list}[${partyIndex}].`, {
      errors: [{ path: 'field', code: 'FIELD_NOT_SET', message: 'no such party' }],
    });
  }
  const holder: Record<string, unknown> | undefined =
    agentIndex === undefined
      ? (party as unknown as Record<string, unknown>)
      : (party.agents?.[Number(agentIndex)] as unknown as Record<string, unknown> | undefined);
  const specs: Readonly<Record<string, FieldSpec>> = agentIndex === undefined ? PARTY_FIELDS : AGENT_FIELDS;
  const spec = specs[key];
  if (holder === undefined) {
    throw new ProblemException('FIELD_NOT_SET', `The case has no such agent: ${field}.`, {
      errors: [{ path: 'field', code: 'FIELD_NOT_SET', message: 'no such agent' }],
    });
  }
  if (spec === undefined || typeof spec === 'object' || !isPersonalValueKind(spec)) {
    throw notPersonal(
      spec === undefined ? 'is not a field' : `is of class ${typeof spec === 'object' ? 'nested' : spec}`,
    );
  }
  const value = holder[key];
  if (typeof value !== 'string') {
    throw new ProblemException('FIELD_NOT_SET', `${field} was never recorded; correct the registration with PATCH.`, {
      errors: [{ path: 'field', code: 'FIELD_NOT_SET', message: 'no value to rectify' }],
    });
  }
  if (referencedId(value) === undefined) {
    // An organisation's own name is public (PARTY_FIELDS): it is corrected with PATCH.
    throw notPersonal('holds no personal value here (an organisation’s name is public)');
  }
  return { party, kind: spec, reference: value };
}

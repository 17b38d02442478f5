import { findCodeEntry } from '../../code-lists/code-lists';
import type {
  DeploymentCode,
  LegalRegime,
  OrganLevel,
  RegistrationWarningCode,
  RespondentKind,
} from '../../code-lists/code-lists';
import type { Clock } from '../../workflow/clocks';

/** A warning on a registration: the case is registered (201), and the organ decides what follows. */
export interface RegistrationWarning {
  code: RegistrationWarningCode;
  message: string;
  legalBasis: string;
}

/** Organ levels that are people's governments (L23 24 ¶1), as opposed to departments (L23 25, 27, 28). */
const GOVERNMENT_LEVELS: readonly OrganLevel[] = ['COUNTY', 'CITY', 'PROVINCE'];

/**
 * Warnings for a new application. Never a refusal: jurisdiction and the application period are conditions the organ
 * examines on acceptance (L23 30(4), (6); R07 28(4), (6)), and it may refuse with a reasoned NOT_ACCEPT.
 */
export function registrationWarnings(input: {
  regime: LegalRegime;
  organLevel: OrganLevel;
  /** An added code is never under an upper department: only built-in kinds carry the L23 27 flag. */
  respondentKind: DeploymentCode<RespondentKind>;
  applicationPeriod: Clock | null;
}): RegistrationWarning[] {
  const warnings: RegistrationWarning[] = [];
  // L23 27: 「对海关、金融、外汇管理等实行垂直领导的行政机关、税务和国家安全机关的行政行为不服的，向上一级主管部门申请
  // 行政复议」— a people's government is not the competent organ. (Under L2017, R07 24 lets the applicant choose
  // for organs vertically led below the province, so no warning there.)
  const kind = findCodeEntry('RESPONDENT_KINDS', input.respondentKind);
  if (input.regime === 'L2023' && kind?.upperDepartment === true && GOVERNMENT_LEVELS.includes(input.organLevel)) {
    warnings.push({
      code: 'RESPONDENT_UNDER_UPPER_DEPARTMENT',
      message: `被申请人为${kind.labelZh}：对其行政行为不服的，向上一级主管部门申请行政复议（L23 27），本机关（人民政府）可能无管辖权；如不予受理，应当告知有管辖权的行政复议机关（L23 30 ¶2）。`,
      legalBasis: 'L23 27',
    });
  }
  if (input.applicationPeriod?.status === 'MISSED') {
    warnings.push({
      code: 'APPLICATION_PERIOD_EXCEEDED',
      message: `申请于 ${input.applicationPeriod.metOn ?? ''} 收到，晚于申请期限届满日 ${input.applicationPeriod.dueOn ?? ''}；是否超过法定申请期限（含正当理由耽误的情形）由行政复议机关认定。`,
      legalBasis: input.applicationPeriod.legalBasis,
    });
  }
  return warnings;
}

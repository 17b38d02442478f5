import type {
  ActCategory,
  ApplicantKind,
  Channel,
  DeploymentCode,
  ManagementDomain,
  RequestCode,
  RespondentKind,
  Sex,
} from '../code-lists/code-lists';

/** What was registered about a case (the `details` jsonb column). Edited only through PATCH, which is recorded. */
export interface Agent {
  name: string;
  kind?: 'LAWYER' | 'RELATIVE' | 'COLLEAGUE' | 'OTHER';
  idNumber?: string;
  phone?: string;
  authorityScope?: string;
  authorityUntil?: string;
}

export interface Party {
  kind: ApplicantKind;
  name: string;
  sex?: Sex;
  idNumber?: string;
  address?: string;
  phone?: string;
  unifiedSocialCreditCode?: string;
  legalRepresentative?: string;
  agents?: Agent[];
  isRepresentative?: boolean;
  legalAid?: boolean;
  /** Third parties: their interest in the case (R07 9; L23 16). */
  interest?: string;
}

export interface Respondent {
  name: string;
  kind: DeploymentCode<RespondentKind>;
  coRespondents?: string[];
}

export interface ContestedAct {
  title: string;
  documentNumber?: string;
  category: DeploymentCode<ActCategory>;
  managementDomain: DeploymentCode<ManagementDomain>;
  madeOn?: string;
  knownOn?: string;
  // L17 9; R07 15–17; L23 20–21: what the application period is computed from.
  rightsNotified?: boolean;
  rightsKnownOn?: string;
  realProperty?: boolean;
  statutoryPeriodDays?: number;
  performanceRequestedOn?: string;
  performanceDueOn?: string;
  emergencyProtection?: boolean;
  /** 复议前置 (L23 23; L17 30 ¶1): sets the remedy wording (L23 34; L17 19). */
  compulsoryReconsideration?: boolean;
  compulsoryReconsiderationBasis?: string;
  // L23 53: what makes the simplified procedure available.
  onTheSpot?: boolean;
  warningOrReprimand?: boolean;
  amountInvolvedYuan?: number;
}

export interface ReconsiderationRequest {
  codes: RequestCode[];
  text: string;
  compensationClaim?: { amountYuan?: number; text: string };
  stayOfExecutionRequested?: boolean;
  normativeDocumentReview?: { document: string; issuer: string; clause?: string };
}

/**
 * A historical case's provenance (issue 12): the ledger file, its row and importer, and the registration fields the
 * ledger did not have (paths as in POST /v1/cases, e.g. `channel`, `applicants[0].idNumber`), left empty, not guessed.
 */
export interface ImportedRecord {
  importId: string;
  source: string;
  row: number;
  /** The ledger's case number, as written there (kept as the case number). */
  originalCaseNumber: string | null;
  missing: string[];
  /** SHA-256 of the row's normalised content: importing the same row again adds nothing. */
  rowHash: string;
}

export interface CaseDetails {
  /** Null only for a historical case whose ledger does not record it (ImportedRecord.missing names it). */
  channel: Channel | null;
  applicants: Party[];
  thirdParties: Party[];
  respondent: Respondent;
  contestedAct: ContestedAct;
  request: ReconsiderationRequest;
}

export interface Handler {
  name: string;
  keyId?: string;
}

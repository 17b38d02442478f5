import { isCodeForRegime, findCodeEntry } from '../code-lists/code-lists';
import { addDays } from '../common/local-date';
import type { LegalRegime } from '../code-lists/code-lists';
import type { CaseFacts } from './case-facts';
import { currentSuspension, openNotCountedPeriod } from './case-facts';
import type {
  AcceptPayload,
  ActionPayload,
  ApprovalRecord,
  DecidePayload,
  ExtendCorrectionPeriodPayload,
  ExtendPayload,
  DecideStayOfExecutionPayload,
  EndNotCountedPeriodPayload,
  HearOpinionsPayload,
  NotAcceptPayload,
  RecordCopyReceiptPayload,
  RecordCorrectionServicePayload,
  RequestCorrectionPayload,
  SendCopyPayload,
  StartNotCountedPeriodPayload,
  ScheduleHearingPayload,
  SuperviseCompliancePayload,
  SuspendPayload,
  TerminatePayload,
} from './action-payloads';
import { MAX_EXTENSION_DAYS } from './guards';
import type { ProceduralAction } from './transition-table';

/** The contested act's flags that make the simplified procedure available (L23 53). */
export interface SimplifiedEligibility {
  /** L23 53(1): 当场作出. */
  onTheSpot: boolean;
  /** L23 53(3): 「案件涉及款额三千元以下」 — any amount involved (fine, fee, compensation), not only a fine. */
  amountAtMost3000: boolean;
  /** L23 53(4): 政府信息公开案件. */
  informationDisclosure: boolean;
  /** L23 53(2): 警告或者通报批评. */
  warningOrReprimand: boolean;
}

export interface RuleContext {
  today: string;
  /** R07 32: review by at least two handlers; configurable because offices record handlers differently. */
  requireTwoHandlersToDecide: boolean;
  eligibility: SimplifiedEligibility;
  /**
   * Last day of the applicant's correction period as the CORRECTION clock computes it (the notice's date under R07 29;
   * under L23 31 the later of the notice's date and the statutory 10 working days), or null when unknown.
   */
  correctionPeriodEndsOn: string | null;
  /**
   * Last day of the acceptance review (5 working days from receipt, or from receipt of the corrected materials:
   * L17 17, 40; L23 30, 31 ¶3, 88) while the case awaits the review's outcome; null otherwise or when unknown.
   */
  acceptanceReviewEndsOn: string | null;
  /** The contested act's category (ACT_CATEGORIES): 驳回请求 needs a non-performance case (R07 48 ¶1(1); L23 69). */
  actCategory?: string;
  /**
   * SCHEDULE_HEARING: the 5th working day after the notice's date (L23 51 「五日前」, working days by L23 88), the
   * earliest lawful hearing date; computed by the caller with the calendar. Null or absent when the calendar is
   * missing: then the calendar-free lower bound (7 calendar days: 5 working days always include a weekend) applies.
   */
  hearingNoticeEndsOn?: string | null;
  /** L23 49: refuse DECIDE in ordinary L2023 procedure until opinions are heard (REQUIRE_OPINIONS_HEARD_TO_DECIDE). */
  requireOpinionsHeardToDecide?: boolean;
  /**
   * The act comes from a loaded paper file (npm run load): an approval the file does not record is accepted as
   * NOT_RECORDED, and a missing notice date of an extension is accepted.
   */
  recordedHistory?: boolean;
}

export type RuleCode =
  | 'DATE_IN_FUTURE'
  | 'DATE_OUT_OF_ORDER'
  | 'DECISION_BEFORE_ACCEPTANCE'
  | 'CODE_NOT_IN_REGIME'
  | 'FIELD_REQUIRED_BY_LAW'
  | 'SIMPLIFIED_PROCEDURE_NOT_ELIGIBLE'
  | 'CORRECTION_PERIOD_NOT_OVER'
  | 'SUSPENSION_NOT_YET_60_DAYS'
  | 'HANDLERS_REQUIRED'
  | 'DECISION_TYPE_NOT_ALLOWED_NOW'
  | 'REMAKE_ORDER_NOT_ALLOWED'
  | 'ACCEPTANCE_REVIEW_PERIOD_OVER'
  | 'SERVICE_DATE_UNKNOWN'
  | 'EXTENSION_CAP_EXCEEDED'
  | 'STAY_DECISION_INCONSISTENT'
  | 'DISMISSAL_NEEDS_NON_PERFORMANCE_CASE'
  | 'OUTCOME_DETAIL_NOT_ALLOWED'
  | 'NOT_COUNTED_PERIOD_INVALID'
  | 'LEGAL_BASIS_NOT_IN_REGIME'
  | 'APPROVAL_KIND_NOT_ALLOWED'
  | 'HEARING_NOTICE_TOO_SHORT'
  | 'HEARING_NOT_NOTIFIED'
  | 'OPINIONS_NOT_HEARD'
  | 'PERFORMANCE_DEADLINE_NOT_ALLOWED';

export interface RuleViolation {
  code: RuleCode;
  detail: string;
  path?: string;
}

const violation = (code: RuleCode, detail: string, path?: string): RuleViolation => ({
  code,
  detail,
  ...(path ? { path } : {}),
});

/**
 * Domain rules that need the case as well as the payload (422 when broken). Pure, so every rule is unit-tested with
 * the article it enforces.
 */
export function checkActionRules(
  facts: CaseFacts,
  action: ProceduralAction,
  payload: ActionPayload,
  ctx: RuleContext,
): RuleViolation | undefined {
  const on = payload.occurredOn;
  // Checked before the general date order so that the clearer message wins for a decision dated before acceptance.
  if (action === 'DECIDE' && facts.acceptedOn !== null && on < facts.acceptedOn) {
    return violation(
      'DECISION_BEFORE_ACCEPTANCE',
      `The decision date ${on} is before acceptance on ${facts.acceptedOn}.`,
      'occurredOn',
    );
  }
  if (on > ctx.today) {
    return violation('DATE_IN_FUTURE', `occurredOn ${on} is after today (${ctx.today}, China time).`, 'occurredOn');
  }
  if (on < facts.lastActOn) {
    return violation(
      'DATE_OUT_OF_ORDER',
      `occurredOn ${on} is before the case's previous act on ${facts.lastActOn}; acts must be recorded in date order.`,
      'occurredOn',
    );
  }
  const lateReview = reviewPeriodOver(facts, action, on, ctx);
  if (lateReview) {
    return lateReview;
  }
  const receipt = receiptDateRule(facts, action, payload, ctx);
  if (receipt) {
    return receipt;
  }
  switch (action) {
    case 'REQUEST_CORRECTION': {
      const due = (payload as RequestCorrectionPayload).correctionDueOn;
      // R07 29: the notice states what to supply *and a reasonable period*; L23 31 fixes 10 working days instead.
      if (due === undefined && facts.regime === 'L2017') {
        return violation(
          'FIELD_REQUIRED_BY_LAW',
          'R07 29: the correction notice must state a reasonable period (correctionDueOn).',
          'correctionDueOn',
        );
      }
      if (due !== undefined && due <= on) {
        return violation('DATE_OUT_OF_ORDER', 'correctionDueOn must be after the notice date.', 'correctionDueOn');
      }
      return undefined;
    }
    case 'DEEM_WITHDRAWN': {
      // R07 29 / L23 31 ¶2: only when the period for correction has passed without the materials. Under L23 the notice
      // may extend the statutory 10 working days but not shorten them; the caller computes the end with the calendar.
      // L23 31 ¶2: the 10 working days run 「自收到补正通知之日起」; without the date of receipt nobody can say they ran out.
      if (facts.regime === 'L2023' && facts.correctionServedOn === null) {
        return violation(
          'SERVICE_DATE_UNKNOWN',
          'L23 31 ¶2: the correction period runs from the applicant’s receipt of the notice; record it first (RECORD_CORRECTION_SERVICE, or servedOn on the notice).',
          'occurredOn',
        );
      }
      const due = ctx.correctionPeriodEndsOn ?? facts.correctionDueOn;
      if (due !== null && on <= due) {
        return violation(
          'CORRECTION_PERIOD_NOT_OVER',
          `The correction period runs until ${due}; the application can be deemed withdrawn only after it (R07 29 / L23 31).`,
          'occurredOn',
        );
      }
      return undefined;
    }
    case 'NOT_ACCEPT': {
      const p = payload as NotAcceptPayload;
      if (!isCodeForRegime('NOT_ACCEPT_GROUNDS', p.ground, facts.regime)) {
        return violation(
          'CODE_NOT_IN_REGIME',
          `Ground ${String(p.ground)} is not a ${facts.regime} ground (R07 28 / L23 30).`,
          'ground',
        );
      }
      // L23 30 ¶2: a refusal for lack of jurisdiction must tell the applicant which organ is competent.
      if (p.ground.endsWith('OUTSIDE_JURISDICTION') && !p.competentOrgan) {
        return violation(
          'FIELD_REQUIRED_BY_LAW',
          'Name the competent organ when refusing for lack of jurisdiction (L23 30 ¶2).',
          'competentOrgan',
        );
      }
      return undefined;
    }
    case 'EXTEND_CORRECTION_PERIOD': {
      // L23 31 ¶2 「可以延长合理的补正期限」: an extension lengthens the period; it cannot shorten or restate it.
      const newDue = (payload as ExtendCorrectionPeriodPayload).correctionDueOn;
      const current = ctx.correctionPeriodEndsOn ?? facts.correctionDueOn;
      if (newDue <= on || (current !== null && newDue <= current)) {
        return violation(
          'DATE_OUT_OF_ORDER',
          `The extended correction period must end after ${current !== null && current > on ? `the current end ${current}` : `the extension’s date ${on}`} (L23 31 ¶2).`,
          'correctionDueOn',
        );
      }
      return undefined;
    }
    case 'EXTEND': {
      // L17 31 ¶1 / L23 62 ¶1: 「延长期限最多不超过三十日」 — all extensions together.
      const days = (payload as ExtendPayload).days;
      const already = facts.extensionDays ?? 0;
      if (already + days > MAX_EXTENSION_DAYS) {
        return violation(
          'EXTENSION_CAP_EXCEEDED',
          `The decision period has been extended by ${already} days; ${days} more would exceed the 30 days in all that L17 31 / L23 62 allow (at most ${MAX_EXTENSION_DAYS - already} more).`,
          'days',
        );
      }
      return extendRules(facts, payload as ExtendPayload, ctx);
    }
    // L17 20 / L23 35: an ordered acceptance is an acceptance from the order's date, under the same rules (L23 36, 53).
    case 'ACCEPT':
    case 'ORDER_TO_ACCEPT':
      return acceptRules(facts, payload, ctx);
    case 'SUSPEND': {
      const p = payload as SuspendPayload;
      if (!isCodeForRegime('SUSPENSION_GROUNDS', p.ground, facts.regime)) {
        return violation(
          'CODE_NOT_IN_REGIME',
          `Ground ${String(p.ground)} is not a ${facts.regime} suspension ground (R07 41 / L23 39).`,
          'ground',
        );
      }
      return undefined;
    }
    case 'DECIDE_STAY_OF_EXECUTION':
      return stayOfExecutionRules(facts, payload as DecideStayOfExecutionPayload);
    case 'START_NOT_COUNTED_PERIOD': {
      const kind = (payload as StartNotCountedPeriodPayload).kind;
      // R07 34 ¶3 and 37 speak of inspection and appraisal 「行政复议期间」, i.e. after acceptance; determining the
      // competent organ (R07 30) happens while acceptance is open.
      if (facts.state === 'RECEIVED' && kind !== 'COMPETENT_ORGAN_DETERMINATION') {
        return violation(
          'NOT_COUNTED_PERIOD_INVALID',
          `${kind} is a step of the review (R07 34 ¶3, 37): record it after acceptance. Before acceptance only the determination of the competent organ (R07 30) is recorded.`,
          'kind',
        );
      }
      if (openNotCountedPeriod(facts, kind)) {
        return violation(
          'NOT_COUNTED_PERIOD_INVALID',
          `A ${kind} period is already open since ${openNotCountedPeriod(facts, kind)?.from}; end it (END_NOT_COUNTED_PERIOD) first.`,
          'kind',
        );
      }
      return undefined;
    }
    case 'END_NOT_COUNTED_PERIOD': {
      const kind = (payload as EndNotCountedPeriodPayload).kind;
      if (!openNotCountedPeriod(facts, kind)) {
        const open = (facts.notCountedPeriods ?? []).filter((i) => i.to === null).map((i) => i.kind);
        return violation(
          'NOT_COUNTED_PERIOD_INVALID',
          `No ${kind} period is open (open: ${open.join(', ') || 'none'}).`,
          'kind',
        );
      }
      return undefined;
    }
    case 'TERMINATE':
      return terminateRules(facts, payload as TerminatePayload);
    case 'DECIDE':
      return decideRules(facts, payload as DecidePayload, ctx);
    case 'SCHEDULE_HEARING':
      return scheduleHearingRules(facts, payload as ScheduleHearingPayload, ctx);
    case 'HOLD_HEARING':
      return holdHearingRules(facts, payload);
    case 'HEAR_OPINIONS': {
      const p = payload as HearOpinionsPayload;
      // L23 49: 「因当事人原因不能听取意见的，可以书面审理」 — the file must say what the parties' reason was.
      if (p.result === 'NOT_POSSIBLE_PARTIES_REASON' && !p.reasons) {
        return violation(
          'FIELD_REQUIRED_BY_LAW',
          'L23 49: state the parties’ reason why their opinions could not be heard (reasons).',
          'reasons',
        );
      }
      return undefined;
    }
    case 'SUPERVISE_COMPLIANCE':
      return superviseRules(facts, payload as SuperviseCompliancePayload);
    default:
      return undefined;
  }
}

/**
 * After the acceptance review has run out the application counts as accepted (L23 30 ¶3; L17 17 ¶2), so the acts of
 * the review are no longer open: a refusal must be made 「在审查期限内」 (L23 30 ¶2), a correction notice within the
 * five days (L23 31 ¶1; R07 29), and a withdrawal is then a withdrawal from review (termination, L23 41(1); R07 42(1)).
 */
function reviewPeriodOver(
  facts: CaseFacts,
  action: ProceduralAction,
  on: string,
  ctx: RuleContext,
): RuleViolation | undefined {
  const end = ctx.acceptanceReviewEndsOn;
  if (end === null || facts.state !== 'RECEIVED' || on <= end) {
    return undefined;
  }
  const l17 = facts.regime === 'L2017';
  const deemed = `the acceptance review ended on ${end}, so the application counts as accepted (${l17 ? 'L17 17 ¶2' : 'L23 30 ¶3'})`;
  const dismissal = `An application found not to meet the acceptance conditions after that is dismissed: ACCEPT, then DECIDE with decisionType DISMISSED (驳回行政复议申请, ${l17 ? 'R07 48 ¶1(2)' : 'L23 33; R07 48 ¶1(2)'}).`;
  switch (action) {
    case 'NOT_ACCEPT':
      return violation(
        'ACCEPTANCE_REVIEW_PERIOD_OVER',
        `不予受理 dated ${on} is too late: ${deemed}. ${dismissal}`,
        'occurredOn',
      );
    case 'INFORM':
      // L17 17 ¶1: the organ examines 「在五日内」 and then refuses or informs; after the five days it has accepted.
      return violation(
        'ACCEPTANCE_REVIEW_PERIOD_OVER',
        `告知 dated ${on} is too late: the application must be examined and the applicant told within five days (L17 17 ¶1), and ${deemed}.`,
        'occurredOn',
      );
    case 'REQUEST_CORRECTION':
      return violation(
        'ACCEPTANCE_REVIEW_PERIOD_OVER',
        `A correction notice dated ${on} is too late: it must be sent within five days of receipt (${l17 ? 'R07 29' : 'L23 31 ¶1'}), and ${deemed}. ${dismissal}`,
        'occurredOn',
      );
    case 'WITHDRAW':
      return violation(
        'ACCEPTANCE_REVIEW_PERIOD_OVER',
        `A withdrawal dated ${on} comes after acceptance: ${deemed}. ACCEPT, then TERMINATE with ground WITHDRAWAL_APPROVED (${l17 ? 'R07 38, 42(1)' : 'L23 41(1)'}).`,
        'occurredOn',
      );
    default:
      return undefined;
  }
}

/**
 * Dates of receipt carried by an act: the addressee cannot receive a document before it was sent, and the office
 * cannot record a receipt that has not happened yet.
 */
function receiptDateRule(
  facts: CaseFacts,
  action: ProceduralAction,
  payload: ActionPayload,
  ctx: RuleContext,
): RuleViolation | undefined {
  const on = payload.occurredOn;
  const check = (date: string | undefined, sentOn: string | null, latest: string, path: string, what: string) => {
    if (date === undefined) {
      return undefined;
    }
    if (sentOn !== null && date < sentOn) {
      return violation('DATE_OUT_OF_ORDER', `${what} ${date} is before the document was sent on ${sentOn}.`, path);
    }
    if (date > latest) {
      return violation('DATE_OUT_OF_ORDER', `${what} ${date} is after ${latest}.`, path);
    }
    return undefined;
  };
  switch (action) {
    case 'REQUEST_CORRECTION':
      return check((payload as RequestCorrectionPayload).servedOn, on, ctx.today, 'servedOn', 'servedOn');
    case 'RECORD_CORRECTION_SERVICE':
      return check(
        (payload as RecordCorrectionServicePayload).servedOn,
        facts.correctionRequestedOn,
        on,
        'servedOn',
        'servedOn',
      );
    case 'SEND_COPY':
      return check((payload as SendCopyPayload).receivedOn, on, ctx.today, 'receivedOn', 'receivedOn');
    case 'RECORD_COPY_RECEIPT':
      return check((payload as RecordCopyReceiptPayload).receivedOn, facts.copySentOn, on, 'receivedOn', 'receivedOn');
    case 'ACCEPT':
      return check((payload as AcceptPayload).noticeSentOn, on, ctx.today, 'noticeSentOn', 'noticeSentOn');
    default:
      return undefined;
  }
}

function acceptRules(facts: CaseFacts, p: AcceptPayload, ctx: RuleContext): RuleViolation | undefined {
  if (facts.regime === 'L2017') {
    if (p.procedure !== undefined && p.procedure !== 'ORDINARY') {
      return violation('CODE_NOT_IN_REGIME', 'The simplified procedure exists under L2023 only (L23 53).', 'procedure');
    }
    return undefined;
  }
  if (p.procedure === undefined) {
    return violation(
      'FIELD_REQUIRED_BY_LAW',
      'Under L2023 acceptance names the procedure: ORDINARY or SIMPLIFIED (L23 36).',
      'procedure',
    );
  }
  if (p.procedure === 'SIMPLIFIED') {
    const e = ctx.eligibility;
    const eligible =
      e.onTheSpot ||
      e.amountAtMost3000 ||
      e.informationDisclosure ||
      e.warningOrReprimand ||
      p.partiesConsentToSimplified === true;
    if (!eligible) {
      return violation(
        'SIMPLIFIED_PROCEDURE_NOT_ELIGIBLE',
        'L23 53: the simplified procedure needs an on-the-spot act (53(1)), a warning or public criticism (53(2)), an amount involved of at most 3,000 yuan (53(3)), an information-disclosure case (53(4)), or the parties’ consent (53 ¶2).',
        'procedure',
      );
    }
  }
  return undefined;
}

/**
 * L17 21 / L23 42: execution continues unless a ground (1)–(4) applies. A stay names its ground; a refusal names none
 * (and is the organ's: only the organ rules on a party's request, 42(3)). Under ground (1) the respondent itself
 * stops execution; under (2) and (3) the organ decides.
 */
function stayOfExecutionRules(facts: CaseFacts, p: DecideStayOfExecutionPayload): RuleViolation | undefined {
  const article = facts.regime === 'L2017' ? 'L17 21' : 'L23 42';
  if (p.ground !== undefined && !isCodeForRegime('STAY_OF_EXECUTION_GROUNDS', p.ground, facts.regime)) {
    return violation(
      'CODE_NOT_IN_REGIME',
      `Ground ${String(p.ground)} is not a ${facts.regime} ground for staying execution (${article}).`,
      'ground',
    );
  }
  if (p.granted && p.ground === undefined) {
    return violation(
      'FIELD_REQUIRED_BY_LAW',
      `${article}: execution is stayed only on one of the grounds (1)–(4); name it (ground).`,
      'ground',
    );
  }
  const decidedBy = p.decidedBy ?? 'ORGAN';
  if (!p.granted && (p.ground !== undefined || decidedBy !== 'ORGAN')) {
    return violation(
      'STAY_DECISION_INCONSISTENT',
      `${article}: a refusal to stay execution is the reconsideration organ’s decision and names no ground.`,
      p.ground !== undefined ? 'ground' : 'decidedBy',
    );
  }
  const byRespondent = p.ground !== undefined && findCodeEntry('STAY_OF_EXECUTION_GROUNDS', p.ground)?.byRespondent;
  if (p.granted && (byRespondent === true) !== (decidedBy === 'RESPONDENT')) {
    return violation(
      'STAY_DECISION_INCONSISTENT',
      byRespondent
        ? `${article}(1): under this ground the respondent itself stops execution (decidedBy: RESPONDENT).`
        : `${article}(2)–(4): the reconsideration organ decides the stay (decidedBy: ORGAN); only ground (1) is the respondent’s.`,
      'decidedBy',
    );
  }
  return undefined;
}

function terminateRules(facts: CaseFacts, p: TerminatePayload): RuleViolation | undefined {
  if (p.ground !== 'SUSPENSION_EXCEEDED_60_DAYS') {
    return undefined;
  }
  // R07 42 ¶2 / L23 41(5): only a suspension on a ground of R07 41(1)–(3) / L23 39(1),(2),(4) that lasted 60 days.
  const open = currentSuspension(facts);
  const qualifying = open && findCodeEntry('SUSPENSION_GROUNDS', open.ground)?.terminatesAfter60Days === true;
  if (!open || !qualifying) {
    return violation(
      'SUSPENSION_NOT_YET_60_DAYS',
      'Termination for a 60-day suspension needs a current suspension on a ground of R07 41(1)–(3) / L23 39(1),(2),(4).',
      'ground',
    );
  }
  if (p.occurredOn < addDays(open.from, 60)) {
    return violation(
      'SUSPENSION_NOT_YET_60_DAYS',
      `The suspension began on ${open.from}; it reaches 60 days on ${addDays(open.from, 60)} (R07 42 ¶2 / L23 41(5)).`,
      'occurredOn',
    );
  }
  return undefined;
}

function decideRules(facts: CaseFacts, p: DecidePayload, ctx: RuleContext): RuleViolation | undefined {
  if (facts.acceptedOn !== null && p.occurredOn < facts.acceptedOn) {
    return violation(
      'DECISION_BEFORE_ACCEPTANCE',
      `The decision date ${p.occurredOn} is before acceptance on ${facts.acceptedOn}.`,
      'occurredOn',
    );
  }
  if (!isCodeForRegime('DECISION_TYPES', p.decisionType, facts.regime)) {
    return violation(
      'CODE_NOT_IN_REGIME',
      `${String(p.decisionType)} is not a decision type under ${facts.regime} (confirming voidness is new in L23 67).`,
      'decisionType',
    );
  }
  // A mediation statement ends a mediation; any other decision is made in review (after MEDIATION_FAILED).
  // A settlement (和解) ends by withdrawal and termination instead (R07 40, 42(4); L23 74 ¶2), never a 调解书.
  if (p.decisionType === 'MEDIATED' && facts.state === 'MEDIATION' && facts.mediationKind !== 'MEDIATION') {
    return violation(
      'DECISION_TYPE_NOT_ALLOWED_NOW',
      'A settlement (和解) ends with withdrawal and TERMINATE (ground SETTLEMENT), not with a mediation statement (R07 40 / L23 74).',
      'decisionType',
    );
  }
  if ((p.decisionType === 'MEDIATED') !== (facts.state === 'MEDIATION')) {
    return violation(
      'DECISION_TYPE_NOT_ALLOWED_NOW',
      p.decisionType === 'MEDIATED'
        ? 'A mediation statement (MEDIATED) can only conclude a mediation: START_MEDIATION first (R07 50 / L23 73; under L2023 also possible while suspended on L23 39(6)).'
        : 'The case is in mediation: record MEDIATION_FAILED before deciding on the merits (R07 50 ¶3 / L23 73 ¶2).',
      'decisionType',
    );
  }
  const basisProblem = legalBasisRegimeProblem(p.legalBasis, facts.regime);
  if (basisProblem) {
    return violation('LEGAL_BASIS_NOT_IN_REGIME', basisProblem, 'legalBasis');
  }
  // L17 28(1)(3): revoking *or confirming illegal* may order the act remade; L23 64: only revocation does.
  const remakeAllowed =
    p.decisionType === 'REVOKED' || (facts.regime === 'L2017' && p.decisionType === 'CONFIRMED_ILLEGAL');
  if ((p.remakeOrdered || p.remakeDeadlineDays !== undefined) && !remakeAllowed) {
    return violation(
      'REMAKE_ORDER_NOT_ALLOWED',
      facts.regime === 'L2017'
        ? 'A remake order goes with revocation or confirmation of illegality only (L17 28(1)(3)).'
        : 'A remake order goes with revocation only (L23 64).',
      'remakeOrdered',
    );
  }
  if (p.remakeDeadlineDays !== undefined && !p.remakeOrdered) {
    return violation('REMAKE_ORDER_NOT_ALLOWED', 'remakeDeadlineDays needs remakeOrdered: true.', 'remakeDeadlineDays');
  }
  const dismissal = dismissalRules(p, ctx);
  if (dismissal) {
    return dismissal;
  }
  if (ctx.requireTwoHandlersToDecide && facts.handlerCount < 2) {
    return violation(
      'HANDLERS_REQUIRED',
      'Assign at least two handling officers before deciding (R07 32). PUT /v1/cases/{id}/handlers.',
      'handlers',
    );
  }
  // L17 28(1)(2) / L23 66: an order to perform sets the time limit (「在一定期限内履行」); no other decision has one.
  if (p.decisionType === 'ORDERED_TO_PERFORM' && p.performanceDeadlineDays === undefined) {
    return violation(
      'FIELD_REQUIRED_BY_LAW',
      `${facts.regime === 'L2017' ? 'L17 28(1)(2)' : 'L23 66'}: an order to perform states the time limit (performanceDeadlineDays).`,
      'performanceDeadlineDays',
    );
  }
  if (p.decisionType !== 'ORDERED_TO_PERFORM' && p.performanceDeadlineDays !== undefined) {
    return violation(
      'PERFORMANCE_DEADLINE_NOT_ALLOWED',
      'performanceDeadlineDays goes with ORDERED_TO_PERFORM only (L17 28(1)(2) / L23 66); a remade act has remakeDeadlineDays.',
      'performanceDeadlineDays',
    );
  }
  // A mediation statement (调解书) is signed by the parties (R07 50; L23 73), not approved under L17 28 / L23 61.
  if (p.decisionType !== 'MEDIATED' || p.approval !== undefined) {
    const approval = approvalRules(facts, 'DECIDE', p.approval, p.occurredOn, ctx);
    if (approval) {
      return approval;
    }
  }
  // L23 49: 「适用普通程序审理的行政复议案件，行政复议机构应当…听取当事人的意见，并将听取的意见记录在案」. A hearing
  // (听证) hears the parties too and keeps a record, so it also meets the rule; a mediation statement is not a review
  // decision. The exception 「因当事人原因不能听取意见的，可以书面审理」 is HEAR_OPINIONS with NOT_POSSIBLE_PARTIES_REASON.
  if (
    (ctx.requireOpinionsHeardToDecide ?? true) &&
    facts.regime === 'L2023' &&
    facts.procedure === 'ORDINARY' &&
    p.decisionType !== 'MEDIATED' &&
    (facts.opinionsHeardOn ?? null) === null &&
    (facts.lastHearingOn ?? null) === null
  ) {
    return violation(
      'OPINIONS_NOT_HEARD',
      'L23 49: in ordinary procedure the parties’ opinions must be heard and recorded before the decision: record HEAR_OPINIONS (or NOT_POSSIBLE_PARTIES_REASON when the parties’ reason prevents it).',
    );
  }
  return undefined;
}

/** The approval an act needs, by action and regime. */
const APPROVALS: Record<'DECIDE' | 'EXTEND', Record<'L2017' | 'L2023', { kinds: string[]; article: string }>> = {
  // L17 28 / L23 61: 「经行政复议机关的负责人同意或者集体讨论通过」.
  DECIDE: {
    L2017: { kinds: ['ORGAN_HEAD_APPROVAL', 'COLLECTIVE_DISCUSSION'], article: 'L17 28' },
    L2023: { kinds: ['ORGAN_HEAD_APPROVAL', 'COLLECTIVE_DISCUSSION'], article: 'L23 61' },
  },
  // L17 31: 「经行政复议机关的负责人批准」; L23 62: 「经行政复议机构的负责人批准」.
  EXTEND: {
    L2017: { kinds: ['ORGAN_HEAD_APPROVAL'], article: 'L17 31' },
    L2023: { kinds: ['OFFICE_HEAD_APPROVAL'], article: 'L23 62 ¶1' },
  },
};

function approvalRules(
  facts: CaseFacts,
  action: 'DECIDE' | 'EXTEND',
  approval: ApprovalRecord | undefined,
  on: string,
  ctx: RuleContext,
): RuleViolation | undefined {
  const { kinds, article } = APPROVALS[action][facts.regime];
  const what = action === 'DECIDE' ? 'A decision' : 'An extension';
  const needed =
    action === 'DECIDE'
      ? 'the organ head’s approval or its collective discussion (ORGAN_HEAD_APPROVAL | COLLECTIVE_DISCUSSION)'
      : facts.regime === 'L2017'
        ? 'the approval of the organ’s head (ORGAN_HEAD_APPROVAL, 行政复议机关的负责人)'
        : 'the approval of the office’s head (OFFICE_HEAD_APPROVAL, 行政复议机构的负责人)';
  if (approval === undefined) {
    return violation(
      'FIELD_REQUIRED_BY_LAW',
      `${article}: ${what} needs ${needed}: record it in approval.`,
      'approval',
    );
  }
  if (approval.kind === 'NOT_RECORDED') {
    return ctx.recordedHistory
      ? undefined
      : violation(
          'APPROVAL_KIND_NOT_ALLOWED',
          'NOT_RECORDED is only for historical paper files loaded with npm run load; name the approval.',
          'approval.kind',
        );
  }
  if (!kinds.includes(approval.kind)) {
    return violation(
      'APPROVAL_KIND_NOT_ALLOWED',
      `${article}: ${what} under ${facts.regime} needs ${needed}, not ${approval.kind}.`,
      'approval.kind',
    );
  }
  if (approval.approvedOn !== undefined && approval.approvedOn > on) {
    return violation(
      'DATE_OUT_OF_ORDER',
      `approval.approvedOn ${approval.approvedOn} is after the act it approves (${on}); ${article} requires the approval first.`,
      'approval.approvedOn',
    );
  }
  if (approval.approvedOn !== undefined && approval.approvedOn < facts.receivedOn) {
    return violation(
      'DATE_OUT_OF_ORDER',
      `approval.approvedOn ${approval.approvedOn} is before the application was received (${facts.receivedOn}).`,
      'approval.approvedOn',
    );
  }
  return undefined;
}

function extendRules(facts: CaseFacts, p: ExtendPayload, ctx: RuleContext): RuleViolation | undefined {
  const approval = approvalRules(facts, 'EXTEND', p.approval, p.occurredOn, ctx);
  if (approval) {
    return approval;
  }
  // L17 31 「并告知申请人和被申请人」; L23 62 「并书面告知当事人」.
  const article = facts.regime === 'L2017' ? 'L17 31' : 'L23 62 ¶1';
  if (p.partiesNotifiedOn === undefined) {
    return ctx.recordedHistory
      ? undefined
      : violation(
          'FIELD_REQUIRED_BY_LAW',
          `${article}: the parties are told of the extension${facts.regime === 'L2023' ? ' in writing' : ''}: record the date (partiesNotifiedOn).`,
          'partiesNotifiedOn',
        );
  }
  if (p.partiesNotifiedOn < p.occurredOn) {
    return violation(
      'DATE_OUT_OF_ORDER',
      `partiesNotifiedOn ${p.partiesNotifiedOn} is before the extension itself (${p.occurredOn}).`,
      'partiesNotifiedOn',
    );
  }
  if (p.partiesNotifiedOn > ctx.today) {
    return violation('DATE_IN_FUTURE', `partiesNotifiedOn ${p.partiesNotifiedOn} is after today.`, 'partiesNotifiedOn');
  }
  return undefined;
}

function scheduleHearingRules(
  facts: CaseFacts,
  p: ScheduleHearingPayload,
  ctx: RuleContext,
): RuleViolation | undefined {
  if (p.hearingOn <= p.occurredOn) {
    return violation('DATE_OUT_OF_ORDER', 'hearingOn must be after the date of the notice (occurredOn).', 'hearingOn');
  }
  if (facts.regime !== 'L2023') {
    return undefined; // R07 33 sets no notice period.
  }
  // L23 51: 「应当于举行听证的五日前将听证的时间、地点和拟听证事项书面通知当事人」; five days are working days (L23 88).
  const earliest = ctx.hearingNoticeEndsOn ?? addDays(p.occurredOn, 7);
  if (p.hearingOn < earliest) {
    return violation(
      'HEARING_NOTICE_TOO_SHORT',
      `L23 51, 88: the hearing must be at least 5 working days after the notice of ${p.occurredOn}: on ${earliest} or later, not ${p.hearingOn}.`,
      'hearingOn',
    );
  }
  return undefined;
}

function holdHearingRules(facts: CaseFacts, p: ActionPayload): RuleViolation | undefined {
  if (facts.regime !== 'L2023') {
    return undefined;
  }
  const scheduled = facts.hearingPending ? facts.hearingScheduledFor : null;
  if (scheduled === null) {
    return violation(
      'HEARING_NOT_NOTIFIED',
      'L23 51: the parties are notified in writing of the hearing’s time, place and matters 5 working days before it: record SCHEDULE_HEARING first.',
    );
  }
  if (p.occurredOn < scheduled) {
    return violation(
      'HEARING_NOT_NOTIFIED',
      `L23 51: the notice of ${String(facts.hearingNoticeOn)} set the hearing for ${scheduled}; it cannot be held earlier (${p.occurredOn}).`,
      'occurredOn',
    );
  }
  return undefined;
}

function superviseRules(facts: CaseFacts, p: SuperviseCompliancePayload): RuleViolation | undefined {
  if (!isCodeForRegime('COMPLIANCE_MEASURES', p.measure, facts.regime)) {
    return violation(
      'CODE_NOT_IN_REGIME',
      `${String(p.measure)} is not a measure under ${facts.regime}: L17 32 ¶2 knows only 责令限期履行; 约谈 and 通报批评 are L23 77 ¶2.`,
      'measure',
    );
  }
  if (p.measure === 'ORDER_TO_PERFORM_WITHIN_LIMIT') {
    // L17 32 ¶2 / L23 77 ¶2: 「责令其限期履行」 — the order states the time limit.
    if (p.dueOn === undefined) {
      return violation(
        'FIELD_REQUIRED_BY_LAW',
        `${facts.regime === 'L2017' ? 'L17 32 ¶2' : 'L23 77 ¶2'}: an order to perform within a time limit states the limit (dueOn).`,
        'dueOn',
      );
    }
    if (p.dueOn <= p.occurredOn) {
      return violation('DATE_OUT_OF_ORDER', 'dueOn must be after the date of the order (occurredOn).', 'dueOn');
    }
  }
  return undefined;
}

/**
 * The two dismissals (驳回). R07 48 ¶1 / L23 33, 69: a dismissal says which it is (`outcomeDetail`), and the dismissal
 * of the claim (R07 48 ¶1(1); L23 69 「认为被申请人不履行法定职责的行政复议申请」) exists for non-performance cases only.
 */
function dismissalRules(p: DecidePayload, ctx: RuleContext): RuleViolation | undefined {
  if (p.decisionType !== 'DISMISSED') {
    if (p.outcomeDetail !== undefined) {
      return violation(
        'OUTCOME_DETAIL_NOT_ALLOWED',
        `outcomeDetail ${p.outcomeDetail} goes with a dismissal (DISMISSED) only (R07 48 / L23 33, 69).`,
        'outcomeDetail',
      );
    }
    return undefined;
  }
  if (p.outcomeDetail === undefined) {
    return violation(
      'FIELD_REQUIRED_BY_LAW',
      'A dismissal must say which it is: DISMISSED_APPLICATION (驳回行政复议申请, R07 48 ¶1(2) / L23 33) or ' +
        'DISMISSED_CLAIM (驳回行政复议请求, R07 48 ¶1(1) / L23 69).',
      'outcomeDetail',
    );
  }
  if (p.outcomeDetail === 'DISMISSED_CLAIM' && ctx.actCategory !== 'FAILURE_TO_PERFORM') {
    return violation(
      'DISMISSAL_NEEDS_NON_PERFORMANCE_CASE',
      `R07 48 ¶1(1) / L23 69: the claim is dismissed only in a non-performance case (contested act of category FAILURE_TO_PERFORM); this case's act is ${ctx.actCategory ?? 'unknown'}. ` +
        'An application that did not meet the acceptance conditions is dismissed as DISMISSED_APPLICATION (R07 48 ¶1(2) / L23 33).',
      'outcomeDetail',
    );
  }
  return undefined;
}

/** Number of articles of each statute: a citation beyond it cannot be right. */
const ARTICLE_COUNT = { L17: 43, L23: 90, R07: 66 } as const;
type Statute = keyof typeof ARTICLE_COUNT;

const DIGITS: Record<string, number> = {
  〇: 0,
  零: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/** 「二十八」 → 28, 「一百零二」 → 102; NaN for anything else. */
export function chineseNumber(text: string): number {
  let total = 0;
  let digit = 0;
  for (const ch of text) {
    if (ch in DIGITS) {
      digit = DIGITS[ch] ?? 0;
    } else if (ch === '十') {
      total += (digit || 1) * 10;
      digit = 0;
    } else if (ch === '百') {
      total += (digit || 1) * 100;
      digit = 0;
    } else {
      return Number.NaN;
    }
  }
  return total + digit;
}

/** The statutes a free-text legal basis cites, with their article numbers (null when only the statute is named). */
export function citedStatutes(text: string): Array<{ statute: Statute | 'LAW'; article: number | null }> {
  const cited: Array<{ statute: Statute | 'LAW'; article: number | null }> = [];
  // DOMAIN.md notation: "L23 64", "L17 28(1)(3)", "R07 48 ¶1(2)".
  for (const m of text.matchAll(/\b(L17|L23|R07)\b\s*(\d+)?/g)) {
    cited.push({ statute: m[1] as Statute, article: m[2] ? Number(m[2]) : null });
  }
  // Chinese: 《中华人民共和国行政复议法实施条例》第四十八条 (R07), 《…行政复议法》(2023年修订)第六十四条 (the law; its
  // version only when a year is written: 1999/2009/2017 → L17, 2023 → L23, else 'LAW', whichever regime applies).
  const chinese =
    /行政复议法(实施条例)?》?\s*(?:[（(]\s*(\d{4})[^）)]*[）)])?\s*(?:第([〇零一二两三四五六七八九十百]+)条)?/g;
  for (const m of text.matchAll(chinese)) {
    const year = m[2];
    const statute: Statute | 'LAW' = m[1] ? 'R07' : year === '2023' ? 'L23' : year ? 'L17' : 'LAW';
    cited.push({ statute, article: m[3] ? chineseNumber(m[3]) : null });
  }
  return cited;
}

/**
 * Whether a decision's legal basis fits the case's regime; the reason when it does not.
 * - L2017 cases (received before 2024-01-01, L23 90) rest on L17 and R07: citing L23 is refused, and so is an article
 *   of 行政复议法 beyond L17's 43 articles (e.g. 第六十四条 can only be L23).
 * - L2023 cases rest on L23 (decisions: L23 61–73): citing L17 is refused. R07 still applies where it does not
 *   conflict with L23 (DOMAIN.md), so it may be cited *alongside* L23, but not alone: the decision types and their
 *   conditions are now those of L23 63–73 (R07 43–48 implement L17 28).
 * - A citation of an article that a statute does not have (L17 > 43, L23 > 90, R07 > 66) is refused.
 * Text that names no statute is left alone (the office may cite other laws too).
 */
export function legalBasisRegimeProblem(text: string, regime: LegalRegime): string | undefined {
  const cited = citedStatutes(text);
  for (const c of cited) {
    const max =
      c.statute === 'LAW' ? (regime === 'L2017' ? ARTICLE_COUNT.L17 : ARTICLE_COUNT.L23) : ARTICLE_COUNT[c.statute];
    if (c.article !== null && (Number.isNaN(c.article) || c.article < 1 || c.article > max)) {
      const name = c.statute === 'LAW' ? (regime === 'L2017' ? 'L17' : 'L23') : c.statute;
      return c.statute === 'LAW' && regime === 'L2017' && c.article > ARTICLE_COUNT.L17
        ? `行政复议法 (2017) has ${ARTICLE_COUNT.L17} articles: article ${c.article} is of the 2023 revision, which does not govern an L2017 case (L23 90).`
        : `${name} has no article ${c.article} (it has ${max}).`;
    }
  }
  if (regime === 'L2017' && cited.some((c) => c.statute === 'L23')) {
    return 'This case is governed by the 2017 law (application received before 2024-01-01, L23 90): cite L17 / R07, not L23.';
  }
  if (regime === 'L2023') {
    if (cited.some((c) => c.statute === 'L17')) {
      return 'This case is governed by the 2023 revision (L23 90): cite L23, not the 2017 law.';
    }
    const citesLaw = cited.some((c) => c.statute === 'L23' || c.statute === 'LAW');
    if (cited.some((c) => c.statute === 'R07') && !citesLaw) {
      return 'Under L2023 a decision rests on L23 (61–73); R07 applies only where it does not conflict with L23, so cite it alongside the L23 article, not alone.';
    }
  }
  return undefined;
}

import { isCodeForRegime, findCodeEntry } from '../code-lists/code-lists';
import { addDays } from '../calendar/local-date';
import type { CaseFacts } from './case-facts';
import { currentSuspension } from './case-facts';
import type {
  AcceptPayload,
  ActionPayload,
  ApprovalRecord,
  DecidePayload,
  ExtendPayload,
  HearOpinionsPayload,
  NotAcceptPayload,
  RequestCorrectionPayload,
  ScheduleHearingPayload,
  SuperviseCompliancePayload,
  SuspendPayload,
  TerminatePayload,
} from './action-payloads';
import type { ProceduralAction } from './transition-table';

/** The contested act's flags that make the simplified procedure available (L23 53). */
export interface SimplifiedEligibility {
  onTheSpot: boolean;
  amountAtMost3000: boolean;
  informationDisclosure: boolean;
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
    case 'ACCEPT':
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
    case 'TERMINATE':
      return terminateRules(facts, payload as TerminatePayload);
    case 'DECIDE':
      return decideRules(facts, payload as DecidePayload, ctx);
    case 'EXTEND':
      return extendRules(facts, payload as ExtendPayload, ctx);
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
        'L23 53: the simplified procedure needs an on-the-spot act, a fine of at most 3,000 yuan or a warning, an information-disclosure case, or the parties’ consent.',
        'procedure',
      );
    }
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
        ? 'A mediation statement (MEDIATED) can only conclude a mediation: START_MEDIATION first (R07 50 / L23 73).'
        : 'The case is in mediation: record MEDIATION_FAILED before deciding on the merits (R07 50 ¶3 / L23 73 ¶2).',
      'decisionType',
    );
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

/**
 * Code lists as data: every code the API accepts or returns, with its zh-CN label, so that clients never hard-code
 * Chinese (DESIGN.md §4) and `GET /v1/code-lists` can serve them.
 *
 * Codes are UPPER_SNAKE English and stable: they are stored in the database and in case events, so never rename
 * one; add a new code and stop offering the old one instead. Labels may be reworded freely.
 *
 * `legalBasis` uses the abbreviations of DOMAIN.md: L17 = 行政复议法(2017修正), L23 = 行政复议法(2023修订),
 * R07 = 行政复议法实施条例(2007). "R07 41(1)" is 第四十一条第一款第(一)项; "¶2" is the second paragraph (第二款).
 * Where the two regimes differ the L2017 basis comes first, then " / ", then the L2023 basis.
 * The texts quoted in labels and notes were checked against the published statutes.
 */

/** One code of a code list. */
export interface CodeEntry {
  /** Stable UPPER_SNAKE code, e.g. `NOT_ACCEPTED`. */
  code: string;
  /** zh-CN display label. */
  labelZh: string;
  /** Articles the code rests on, in DOMAIN.md notation. */
  legalBasis?: string;
  /** zh-CN explanation for users (statutory wording, how statistics count it). */
  note?: string;
}

/**
 * Optional flags that some lists carry. Kept as named optional fields (no index signature) so that a typo in a flag
 * name is a compile error.
 */
export interface ExtendedCodeEntry extends CodeEntry {
  /** The entry applies only under these legal regimes; absent = all regimes. */
  regimes?: readonly LegalRegime[];
  /** OUTCOMES / DECISION_TYPES: a correction (纠错) of the contested act — numerator of the correction rate. */
  correction?: boolean;
  /**
   * OUTCOMES / DECISION_TYPES / OUTCOME_DETAILS: a decision on the merits (实体决定) — denominator of the correction
   * rate. An outcome detail with `merits: false` takes its cases out of a merits outcome (a procedural dismissal).
   */
  merits?: boolean;
  /** SUSPENSION_GROUNDS: the case is terminated when the suspension lasts 60 days (R07 42 ¶2; L23 41(5)). */
  terminatesAfter60Days?: boolean;
  /** TERMINATION_GROUNDS: counts as a correction in the overall correction rate (综合纠错率). */
  countsAsCorrection?: boolean;
  /** RESPONDENT_KINDS: its acts go to the upper department, not to a people's government (L23 27). */
  upperDepartment?: boolean;
  /** STAY_OF_EXECUTION_GROUNDS: the stay is decided by the respondent itself (L17 21(1) / L23 42(1)). */
  byRespondent?: boolean;
}

// ---------------------------------------------------------------------------------------------------------------

export const LEGAL_REGIMES = [
  {
    code: 'L2017',
    labelZh: '行政复议法(2017修正)及实施条例',
    legalBasis: 'L17; R07',
    note: '2024年1月1日前收到的行政复议申请',
  },
  {
    code: 'L2023',
    labelZh: '行政复议法(2023修订)',
    legalBasis: 'L23 90',
    note: '2024年1月1日起施行；实施条例中与之不抵触的规定仍可参照适用(待确认)',
  },
] as const satisfies readonly CodeEntry[];
export type LegalRegime = (typeof LEGAL_REGIMES)[number]['code'];

export const CASE_STATES = [
  { code: 'RECEIVED', labelZh: '收到申请', legalBasis: 'R07 18, 19, 20 / L23 22' },
  { code: 'CORRECTION_REQUESTED', labelZh: '补正中', legalBasis: 'R07 29 / L23 31' },
  { code: 'ACCEPTED', labelZh: '已受理', legalBasis: 'L17 17 / L23 30' },
  { code: 'UNDER_REVIEW', labelZh: '审理中', legalBasis: 'L17 22, 23; R07 32 / L23 36, 48–55' },
  { code: 'SUSPENDED', labelZh: '中止', legalBasis: 'R07 41 / L23 39' },
  { code: 'MEDIATION', labelZh: '调解/和解中', legalBasis: 'R07 40, 50 / L23 73, 74' },
  { code: 'DECIDED', labelZh: '已作出决定', legalBasis: 'L17 28 / L23 61' },
  {
    code: 'SERVED',
    labelZh: '决定已送达',
    legalBasis: 'L17 31 / L23 75',
    note: '行政复议决定书一经送达即发生法律效力',
  },
  { code: 'CLOSED', labelZh: '已结案', legalBasis: 'L17 32 / L23 77' },
  { code: 'NOT_ACCEPTED', labelZh: '不予受理', legalBasis: 'L17 17; R07 28 / L23 30 ¶2' },
  {
    code: 'DEEMED_WITHDRAWN',
    labelZh: '视为放弃行政复议申请',
    legalBasis: 'R07 29 / L23 31 ¶2',
    note: '无正当理由逾期不补正，「视为申请人放弃行政复议申请」(R07 29; L23 31 ¶2)；统计报告中常写作“视为撤回”(报告模板可配置)',
  },
  { code: 'WITHDRAWN', labelZh: '撤回申请', note: '受理前申请人撤回申请' },
  { code: 'TRANSFERRED', labelZh: '已转送', legalBasis: 'L17 15 ¶2, 18' },
  { code: 'TERMINATED', labelZh: '终止', legalBasis: 'R07 42 / L23 41' },
  {
    code: 'INFORMED',
    labelZh: '已告知向有关行政复议机关提出',
    legalBasis: 'L17 17 ¶1',
    note: '符合法定条件但不属于本机关受理的申请，告知申请人向有关行政复议机关提出(L17 17 ¶1)；不是不予受理决定',
  },
] as const satisfies readonly CodeEntry[];
export type CaseState = (typeof CASE_STATES)[number]['code'];

export const ACTIONS = [
  { code: 'REGISTER', labelZh: '登记申请', legalBasis: 'R07 18, 19 / L23 22' },
  {
    code: 'IMPORT',
    labelZh: '从台账导入(历史案件)',
    note: '办结或结转的历史案件按原台账记载导入：保留原案号和已知日期，不补造程序行为(issue 12)',
  },
  { code: 'REQUEST_CORRECTION', labelZh: '通知补正', legalBasis: 'R07 29 / L23 31 ¶1' },
  {
    code: 'RECORD_CORRECTION_SERVICE',
    labelZh: '补正通知送达(申请人收到)',
    legalBasis: 'L23 31 ¶2; 民事诉讼法 87–95',
    note: '补正期限自申请人收到补正通知之日起计算',
  },
  { code: 'EXTEND_CORRECTION_PERIOD', labelZh: '延长补正期限', legalBasis: 'L23 31 ¶2 / R07 29' },
  { code: 'RECEIVE_CORRECTION', labelZh: '收到补正材料', legalBasis: 'L23 31 ¶3' },
  {
    code: 'DEEM_WITHDRAWN',
    labelZh: '视为放弃行政复议申请',
    legalBasis: 'R07 29 / L23 31 ¶2',
    note: '法条用语「视为申请人放弃行政复议申请」；报告中常写作“视为撤回”',
  },
  { code: 'WITHDRAW', labelZh: '撤回申请(受理前)' },
  { code: 'NOT_ACCEPT', labelZh: '不予受理', legalBasis: 'L17 17; R07 28 / L23 30 ¶2' },
  { code: 'ACCEPT', labelZh: '受理', legalBasis: 'L17 17 / L23 30' },
  {
    code: 'DEEM_ACCEPTED',
    labelZh: '视为受理',
    legalBasis: 'L17 17 ¶2 / L23 30 ¶3',
    note: '审查期限届满未作出不予受理决定，由系统自审查期限届满之日起记为受理（L2017：自收到申请之日起）',
  },
  { code: 'SEND_ACCEPTANCE_NOTICE', labelZh: '发送受理通知书', legalBasis: 'L17 17 / L23 30' },
  { code: 'TRANSFER', labelZh: '转送', legalBasis: 'L17 15 ¶2, 18', regimes: ['L2017'] },
  {
    code: 'INFORM',
    labelZh: '告知申请人向有关行政复议机关提出',
    legalBasis: 'L17 17 ¶1',
    regimes: ['L2017'],
    note: '「对符合本法规定，但是不属于本机关受理的行政复议申请，应当告知申请人向有关行政复议机关提出」；L23 无此程序：不属于本机关管辖的，依 L23 30(6) 决定不予受理并在决定中告知有管辖权的行政复议机关(L23 30 ¶2)',
  },
  { code: 'SEND_COPY', labelZh: '发送申请书副本', legalBasis: 'L17 23 / L23 48, 54' },
  {
    code: 'RECORD_COPY_RECEIPT',
    labelZh: '被申请人收到申请书副本',
    legalBasis: 'L17 23 / L23 48, 54; 民事诉讼法 87–95',
    note: '答复期限自被申请人收到申请书副本之日起计算',
  },
  { code: 'RECEIVE_REPLY', labelZh: '收到答复', legalBasis: 'L17 23 / L23 48, 54' },
  { code: 'HOLD_HEARING', labelZh: '举行听证', legalBasis: 'R07 33 / L23 50, 51' },
  {
    code: 'SCHEDULE_HEARING',
    labelZh: '发出听证通知',
    legalBasis: 'R07 33 / L23 51',
    note: '应当于举行听证的五日(工作日)前将听证的时间、地点和拟听证事项书面通知当事人',
  },
  {
    code: 'HEAR_OPINIONS',
    labelZh: '听取意见',
    legalBasis: 'L17 22 / L23 49',
    note: '普通程序应当听取当事人的意见并记录在案；因当事人原因不能听取意见的，可以书面审理',
  },
  { code: 'SUSPEND', labelZh: '中止审理', legalBasis: 'R07 41 / L23 39' },
  { code: 'RESUME', labelZh: '恢复审理', legalBasis: 'R07 41 ¶2 / L23 39 ¶2' },
  { code: 'START_MEDIATION', labelZh: '开始调解/和解', legalBasis: 'R07 40, 50 / L23 73, 74' },
  { code: 'MEDIATION_FAILED', labelZh: '调解不成', legalBasis: 'R07 50 ¶3 / L23 73 ¶2' },
  {
    code: 'START_NOT_COUNTED_PERIOD',
    labelZh: '开始不计入审理期限的期间',
    legalBasis: 'R07 30, 34 ¶3, 37',
    note: '确定受理机关、现场勘验、鉴定所用时间不计入行政复议审理期限；须以 END_NOT_COUNTED_PERIOD 记录结束',
  },
  {
    code: 'END_NOT_COUNTED_PERIOD',
    labelZh: '结束不计入审理期限的期间',
    legalBasis: 'R07 30, 34 ¶3, 37',
  },
  { code: 'EXTEND', labelZh: '延期', legalBasis: 'L17 31 / L23 62' },
  { code: 'CONVERT_TO_ORDINARY', labelZh: '简易程序转普通程序', legalBasis: 'L23 55', regimes: ['L2023'] },
  {
    code: 'DECIDE_STAY_OF_EXECUTION',
    labelZh: '决定停止执行/不停止执行',
    legalBasis: 'L17 21 / L23 42',
    note: '行政复议期间行政行为不停止执行；有法定情形之一的，应当(L17: 可以)停止执行',
  },
  { code: 'TERMINATE', labelZh: '终止', legalBasis: 'R07 42 / L23 41' },
  {
    code: 'ORDER_TO_ACCEPT',
    labelZh: '上级机关责令受理',
    legalBasis: 'L17 20; R07 31 / L23 35',
    note: '记录上级行政机关的责令受理(纠正)文书；自责令之日起受理，原不予受理决定保留在历史和统计中',
  },
  {
    code: 'ORDER_TO_RESUME',
    labelZh: '上级机关责令恢复审理',
    legalBasis: 'R07 48 ¶2 / L23 35, 40',
    note: '无正当理由中止(L23 40)或驳回申请理由不成立(R07 48 ¶2; L23 35)；自责令之日起恢复审理',
  },
  { code: 'DECIDE', labelZh: '作出复议决定', legalBasis: 'L17 28 / L23 61' },
  { code: 'SERVE_DECISION', labelZh: '送达决定', legalBasis: 'L17 31 / L23 75' },
  { code: 'CLOSE', labelZh: '结案', legalBasis: 'L17 32 / L23 77' },
  { code: 'UNDO', labelZh: '撤销上一操作(更正)', note: '追加一条更正记录，不删除历史' },
  { code: 'EDIT', labelZh: '修改案件信息' },
  {
    code: 'ASSIGN_HANDLERS',
    labelZh: '指定承办人',
    legalBasis: 'R07 32 / L23 36',
    note: '审理应当由2名以上行政复议人员参加',
  },
  {
    code: 'RECORD_REMADE_ACT',
    labelZh: '记录被申请人重新作出的行政行为',
    legalBasis: 'L17 28(1)(3); R07 49 / L23 64',
  },
  {
    code: 'RECORD_PERFORMANCE',
    labelZh: '记录被申请人履行复议决定',
    legalBasis: 'L17 28(1)(2), 32 / L23 66, 77',
  },
  { code: 'SUPERVISE_COMPLIANCE', labelZh: '督促履行(责令限期履行、约谈、通报批评)', legalBasis: 'L17 32 / L23 77' },
] as const satisfies readonly ExtendedCodeEntry[];
export type CaseAction = (typeof ACTIONS)[number]['code'];

/** Terminal outcomes that statistics count (DOMAIN.md §4). `correction` ⊂ `merits`. */
export const OUTCOMES = [
  {
    code: 'NOT_ACCEPTED',
    labelZh: '不予受理',
    legalBasis: 'L17 17; R07 28 / L23 30 ¶2',
    correction: false,
    merits: false,
  },
  {
    code: 'DEEMED_WITHDRAWN',
    labelZh: '视为放弃行政复议申请',
    legalBasis: 'R07 29 / L23 31 ¶2',
    note: '法条用语「视为申请人放弃行政复议申请」(R07 29; L23 31 ¶2)；台前县报告写作“视为撤回”，报告句式中的标签由报告模板配置',
    correction: false,
    merits: false,
  },
  { code: 'WITHDRAWN', labelZh: '撤回', note: '受理前撤回申请', correction: false, merits: false },
  { code: 'TRANSFERRED', labelZh: '转送', legalBasis: 'L17 15 ¶2, 18', correction: false, merits: false },
  {
    code: 'INFORMED',
    labelZh: '告知',
    legalBasis: 'L17 17 ¶1',
    note: '告知申请人向有关行政复议机关提出(受理前结案，区别于不予受理)',
    regimes: ['L2017'],
    correction: false,
    merits: false,
  },
  { code: 'UPHELD', labelZh: '维持', legalBasis: 'L17 28(1)(1); R07 43 / L23 68', correction: false, merits: true },
  { code: 'DISMISSED', labelZh: '驳回', legalBasis: 'R07 48 / L23 33, 69', correction: false, merits: true },
  { code: 'REVOKED', labelZh: '撤销', legalBasis: 'L17 28(1)(3); R07 45 / L23 64', correction: true, merits: true },
  { code: 'VARIED', labelZh: '变更', legalBasis: 'L17 28(1)(3); R07 47 / L23 63', correction: true, merits: true },
  {
    code: 'CONFIRMED_ILLEGAL',
    labelZh: '确认违法',
    legalBasis: 'L17 28(1)(3); R07 45 / L23 65',
    correction: true,
    merits: true,
  },
  {
    code: 'ORDERED_TO_PERFORM',
    labelZh: '责令履行',
    legalBasis: 'L17 28(1)(2); R07 44 / L23 66',
    correction: true,
    merits: true,
  },
  {
    code: 'CONFIRMED_VOID',
    labelZh: '确认无效',
    legalBasis: 'L23 67',
    regimes: ['L2023'],
    correction: true,
    merits: true,
  },
  { code: 'MEDIATED', labelZh: '调解', legalBasis: 'R07 50 / L23 73', correction: false, merits: false },
  {
    code: 'TERMINATED',
    labelZh: '终止',
    legalBasis: 'R07 42 / L23 41',
    note: '改正后撤回而终止的，计入综合纠错率(见终止情形)',
    correction: false,
    merits: false,
  },
] as const satisfies readonly ExtendedCodeEntry[];
export type Outcome = (typeof OUTCOMES)[number]['code'];

/** The DECIDE action's `decisionType`. */
export const DECISION_TYPES = [
  {
    code: 'UPHELD',
    labelZh: '维持',
    legalBasis: 'L17 28(1)(1); R07 43 / L23 68',
    correction: false,
    merits: true,
  },
  {
    code: 'DISMISSED',
    labelZh: '驳回',
    legalBasis: 'R07 48 / L23 33, 69',
    note: '受理后作出，区别于不予受理；L23 分为驳回申请(第33条)和驳回请求(第69条)',
    correction: false,
    merits: true,
  },
  {
    code: 'REVOKED',
    labelZh: '撤销',
    legalBasis: 'L17 28(1)(3); R07 45 / L23 64',
    note: '可以责令被申请人在一定期限内重新作出行政行为；未规定期限的为60日(R07 49)',
    correction: true,
    merits: true,
  },
  {
    code: 'VARIED',
    labelZh: '变更',
    legalBasis: 'L17 28(1)(3); R07 47 / L23 63',
    note: '不得作出对申请人更为不利的决定(R07 51; L23 63 ¶2)',
    correction: true,
    merits: true,
  },
  {
    code: 'CONFIRMED_ILLEGAL',
    labelZh: '确认违法',
    legalBasis: 'L17 28(1)(3); R07 45 / L23 65',
    correction: true,
    merits: true,
  },
  {
    code: 'ORDERED_TO_PERFORM',
    labelZh: '责令履行',
    legalBasis: 'L17 28(1)(2); R07 44 / L23 66',
    correction: true,
    merits: true,
  },
  {
    code: 'CONFIRMED_VOID',
    labelZh: '确认无效',
    legalBasis: 'L23 67',
    regimes: ['L2023'],
    correction: true,
    merits: true,
  },
  {
    code: 'MEDIATED',
    labelZh: '调解书',
    legalBasis: 'R07 50 / L23 73',
    note: '经各方当事人签字(签章)即具有法律效力',
    correction: false,
    merits: false,
  },
] as const satisfies readonly ExtendedCodeEntry[];
export type DecisionType = (typeof DECISION_TYPES)[number]['code'];

/**
 * The unmet acceptance condition of a NOT_ACCEPT decision. The label says what is wrong; the note quotes the
 * condition as the statute words it.
 */
export const NOT_ACCEPT_GROUNDS = [
  {
    code: 'L23_30_1_NO_PROPER_PARTIES',
    labelZh: '申请人不明确或者被申请人不符合规定',
    legalBasis: 'L23 30(1)',
    note: '受理条件：有明确的申请人和符合本法规定的被申请人',
    regimes: ['L2023'],
  },
  {
    code: 'L23_30_2_NO_LEGAL_INTEREST',
    labelZh: '申请人与被申请行政复议的行政行为没有利害关系',
    legalBasis: 'L23 30(2)',
    note: '受理条件：申请人与被申请行政复议的行政行为有利害关系',
    regimes: ['L2023'],
  },
  {
    code: 'L23_30_3_NO_SPECIFIC_REQUEST',
    labelZh: '没有具体的行政复议请求和理由',
    legalBasis: 'L23 30(3)',
    note: '受理条件：有具体的行政复议请求和理由',
    regimes: ['L2023'],
  },
  {
    code: 'L23_30_4_OUT_OF_TIME',
    labelZh: '超过法定申请期限',
    legalBasis: 'L23 30(4)',
    note: '受理条件：在法定申请期限内提出(申请期限见 L23 20、21)',
    regimes: ['L2023'],
  },
  {
    code: 'L23_30_5_OUTSIDE_SCOPE',
    labelZh: '不属于行政复议范围',
    legalBasis: 'L23 30(5)',
    note: '受理条件：属于本法规定的行政复议范围',
    regimes: ['L2023'],
  },
  {
    code: 'L23_30_6_OUTSIDE_JURISDICTION',
    labelZh: '不属于本机关管辖范围',
    legalBasis: 'L23 30(6), 30 ¶2',
    note: '受理条件：属于本机关的管辖范围。不予受理决定中应当告知有管辖权的行政复议机关',
    regimes: ['L2023'],
  },
  {
    code: 'L23_30_7_ALREADY_ACCEPTED',
    labelZh: '同一行政行为已被受理过行政复议申请或者行政诉讼',
    legalBasis: 'L23 30(7)',
    note: '受理条件：行政复议机关未受理过该申请人就同一行政行为提出的行政复议申请，并且人民法院未受理过该申请人就同一行政行为提起的行政诉讼',
    regimes: ['L2023'],
  },
  {
    code: 'R07_28_1_NO_PROPER_PARTIES',
    labelZh: '申请人不明确或者被申请人不符合规定',
    legalBasis: 'R07 28(1)',
    note: '受理条件：有明确的申请人和符合规定的被申请人',
    regimes: ['L2017'],
  },
  {
    code: 'R07_28_2_NO_LEGAL_INTEREST',
    labelZh: '申请人与具体行政行为没有利害关系',
    legalBasis: 'R07 28(2)',
    note: '受理条件：申请人与具体行政行为有利害关系',
    regimes: ['L2017'],
  },
  {
    code: 'R07_28_3_NO_SPECIFIC_REQUEST',
    labelZh: '没有具体的行政复议请求和理由',
    legalBasis: 'R07 28(3)',
    note: '受理条件：有具体的行政复议请求和理由',
    regimes: ['L2017'],
  },
  {
    code: 'R07_28_4_OUT_OF_TIME',
    labelZh: '超过法定申请期限',
    legalBasis: 'R07 28(4)',
    note: '受理条件：在法定申请期限内提出(申请期限见 L17 9；R07 15、16)',
    regimes: ['L2017'],
  },
  {
    code: 'R07_28_5_OUTSIDE_SCOPE',
    labelZh: '不属于行政复议范围',
    legalBasis: 'R07 28(5)',
    note: '受理条件：属于行政复议法规定的行政复议范围',
    regimes: ['L2017'],
  },
  {
    code: 'R07_28_6_OUTSIDE_JURISDICTION',
    labelZh: '不属于本行政复议机构的职责范围',
    legalBasis: 'R07 28(6)',
    note: '受理条件：属于收到行政复议申请的行政复议机构的职责范围',
    regimes: ['L2017'],
  },
  {
    code: 'R07_28_7_ALREADY_ACCEPTED',
    labelZh: '同一申请已被其他行政复议机关受理或者人民法院已受理行政诉讼',
    legalBasis: 'R07 28(7)',
    note: '受理条件：其他行政复议机关尚未受理同一行政复议申请，人民法院尚未受理同一主体就同一事实提起的行政诉讼',
    regimes: ['L2017'],
  },
] as const satisfies readonly ExtendedCodeEntry[];
export type NotAcceptGround = (typeof NOT_ACCEPT_GROUNDS)[number]['code'];

/** Grounds of SUSPEND; labels follow the statutory wording of R07 41 ¶1 and L23 39 ¶1. */
export const SUSPENSION_GROUNDS = [
  {
    code: 'R07_41_1_APPLICANT_DIED',
    labelZh: '作为申请人的自然人死亡，其近亲属尚未确定是否参加行政复议',
    legalBasis: 'R07 41(1)',
    regimes: ['L2017'],
    terminatesAfter60Days: true,
  },
  {
    code: 'R07_41_2_APPLICANT_INCAPACITATED',
    labelZh: '作为申请人的自然人丧失参加行政复议的能力，尚未确定法定代理人参加行政复议',
    legalBasis: 'R07 41(2)',
    regimes: ['L2017'],
    terminatesAfter60Days: true,
  },
  {
    code: 'R07_41_3_ORGANISATION_TERMINATED',
    labelZh: '作为申请人的法人或者其他组织终止，尚未确定权利义务承受人',
    legalBasis: 'R07 41(3)',
    regimes: ['L2017'],
    terminatesAfter60Days: true,
  },
  {
    code: 'R07_41_4_APPLICANT_MISSING',
    labelZh: '作为申请人的自然人下落不明或者被宣告失踪',
    legalBasis: 'R07 41(4)',
    regimes: ['L2017'],
    terminatesAfter60Days: false,
  },
  {
    code: 'R07_41_5_FORCE_MAJEURE',
    labelZh: '申请人、被申请人因不可抗力，不能参加行政复议',
    legalBasis: 'R07 41(5)',
    regimes: ['L2017'],
    terminatesAfter60Days: false,
  },
  {
    code: 'R07_41_6_LAW_INTERPRETATION_NEEDED',
    labelZh: '案件涉及法律适用问题，需要有权机关作出解释或者确认',
    legalBasis: 'R07 41(6)',
    regimes: ['L2017'],
    terminatesAfter60Days: false,
  },
  {
    code: 'R07_41_7_AWAITING_OTHER_CASE',
    labelZh: '案件审理需要以其他案件的审理结果为依据，而其他案件尚未审结',
    legalBasis: 'R07 41(7)',
    regimes: ['L2017'],
    terminatesAfter60Days: false,
  },
  {
    code: 'R07_41_8_OTHER',
    labelZh: '其他需要中止行政复议的情形',
    legalBasis: 'R07 41(8)',
    regimes: ['L2017'],
    terminatesAfter60Days: false,
  },
  {
    // L17 26, 27: 「处理期间，中止对具体行政行为的审查」 (the L2017 counterpart of L23 39(9)).
    code: 'L17_26_27_NORMATIVE_DOCUMENT_REVIEW',
    labelZh: '对有关规定或者具体行政行为的依据进行处理，处理期间中止对具体行政行为的审查',
    legalBasis: 'L17 26, 27',
    note: '一并提出的规范性文件审查申请(L17 26)或者行政复议机关认为依据不合法(L17 27)：三十日内处理或者七日内转送',
    regimes: ['L2017'],
    terminatesAfter60Days: false,
  },
  {
    code: 'L23_39_1_APPLICANT_DIED',
    labelZh: '作为申请人的公民死亡，其近亲属尚未确定是否参加行政复议',
    legalBasis: 'L23 39(1)',
    regimes: ['L2023'],
    terminatesAfter60Days: true,
  },
  {
    code: 'L23_39_2_APPLICANT_INCAPACITATED',
    labelZh: '作为申请人的公民丧失参加行政复议的行为能力，尚未确定法定代理人参加行政复议',
    legalBasis: 'L23 39(2)',
    regimes: ['L2023'],
    terminatesAfter60Days: true,
  },
  {
    code: 'L23_39_3_APPLICANT_MISSING',
    labelZh: '作为申请人的公民下落不明',
    legalBasis: 'L23 39(3)',
    regimes: ['L2023'],
    terminatesAfter60Days: false,
  },
  {
    code: 'L23_39_4_ORGANISATION_TERMINATED',
    labelZh: '作为申请人的法人或者其他组织终止，尚未确定权利义务承受人',
    legalBasis: 'L23 39(4)',
    regimes: ['L2023'],
    terminatesAfter60Days: true,
  },
  {
    code: 'L23_39_5_FORCE_MAJEURE_OR_GOOD_CAUSE',
    labelZh: '申请人、被申请人因不可抗力或者其他正当理由，不能参加行政复议',
    legalBasis: 'L23 39(5)',
    regimes: ['L2023'],
    terminatesAfter60Days: false,
  },
  {
    code: 'L23_39_6_MEDIATION_OR_SETTLEMENT',
    labelZh: '依照本法规定进行调解、和解，申请人和被申请人同意中止',
    legalBasis: 'L23 39(6)',
    regimes: ['L2023'],
    terminatesAfter60Days: false,
  },
  {
    code: 'L23_39_7_LAW_INTERPRETATION_NEEDED',
    labelZh: '行政复议案件涉及的法律适用问题需要有权机关作出解释或者确认',
    legalBasis: 'L23 39(7)',
    regimes: ['L2023'],
    terminatesAfter60Days: false,
  },
  {
    code: 'L23_39_8_AWAITING_OTHER_CASE',
    labelZh: '行政复议案件审理需要以其他案件的审理结果为依据，而其他案件尚未审结',
    legalBasis: 'L23 39(8)',
    regimes: ['L2023'],
    terminatesAfter60Days: false,
  },
  {
    code: 'L23_39_9_NORMATIVE_DOCUMENT_REVIEW',
    labelZh: '对规范性文件或者行政行为依据进行审查处理(本法第五十六条、第五十七条)',
    legalBasis: 'L23 39(9), 56, 57',
    regimes: ['L2023'],
    terminatesAfter60Days: false,
  },
  {
    code: 'L23_39_10_OTHER',
    labelZh: '需要中止行政复议的其他情形',
    legalBasis: 'L23 39(10)',
    regimes: ['L2023'],
    terminatesAfter60Days: false,
  },
] as const satisfies readonly ExtendedCodeEntry[];
export type SuspensionGround = (typeof SUSPENSION_GROUNDS)[number]['code'];

/**
 * Periods that are not counted towards the decision period (不计入行政复议审理期限), recorded as intervals by
 * START_NOT_COUNTED_PERIOD / END_NOT_COUNTED_PERIOD. R07 says so expressly; L23 has no such rule, and whether R07 still
 * applies under L2023 is configurable (R07_NOT_COUNTED_PERIODS_UNDER_L2023).
 */
export const NOT_COUNTED_PERIOD_KINDS = [
  {
    code: 'COMPETENT_ORGAN_DETERMINATION',
    labelZh: '协商确定或者指定受理机关',
    legalBasis: 'R07 30',
    note: '「协商确定或者指定受理机关所用时间不计入行政复议审理期限」',
  },
  {
    code: 'ON_SITE_INSPECTION',
    labelZh: '现场勘验',
    legalBasis: 'R07 34 ¶3',
    note: '「需要现场勘验的，现场勘验所用时间不计入行政复议审理期限」',
  },
  {
    code: 'EXPERT_APPRAISAL',
    labelZh: '鉴定',
    legalBasis: 'R07 37',
    note: '「鉴定所用时间不计入行政复议审理期限」',
  },
] as const satisfies readonly ExtendedCodeEntry[];
export type NotCountedPeriodKind = (typeof NOT_COUNTED_PERIOD_KINDS)[number]['code'];

/** Grounds of TERMINATE (R07 42; L23 41). */
export const TERMINATION_GROUNDS = [
  {
    code: 'WITHDRAWAL_APPROVED',
    labelZh: '申请人撤回申请，准予撤回',
    legalBasis: 'L17 25; R07 38, 42(1) / L23 41(1)',
    note: '撤回后不得再以同一事实和理由提出行政复议申请(R07 38 ¶2; L23 74 ¶2)',
    countsAsCorrection: false,
  },
  {
    code: 'WITHDRAWN_AFTER_RESPONDENT_CORRECTED',
    labelZh: '被申请人改变原行政行为后申请人撤回申请(改正后撤回)',
    legalBasis: 'L17 25; R07 39, 42(1) / L23 41(1)',
    note: '计入综合纠错率',
    countsAsCorrection: true,
  },
  {
    code: 'SETTLEMENT',
    labelZh: '达成和解',
    legalBasis: 'R07 40, 42(4) / L23 74, 41(1)',
    note: 'L23 下和解后由申请人撤回申请，准予撤回后终止',
    countsAsCorrection: false,
  },
  {
    code: 'APPLICANT_DIED_NO_SUCCESSOR',
    labelZh: '作为申请人的公民死亡，没有近亲属或者其近亲属放弃行政复议权利',
    legalBasis: 'R07 42(2) / L23 41(2)',
    countsAsCorrection: false,
  },
  {
    code: 'ORGANISATION_DISSOLVED_NO_SUCCESSOR',
    labelZh: '作为申请人的法人或者其他组织终止，没有权利义务承受人或者其承受人放弃行政复议权利',
    legalBasis: 'R07 42(3) / L23 41(3)',
    countsAsCorrection: false,
  },
  {
    code: 'CRIMINAL_MEASURES',
    labelZh: '申请人因同一违法行为涉嫌犯罪被采取刑事强制措施',
    legalBasis: 'R07 42(5) / L23 41(4)',
    note: '适用于对行政拘留或者限制人身自由的行政强制措施不服申请行政复议的案件；R07 为变更为刑事拘留',
    countsAsCorrection: false,
  },
  {
    code: 'SUSPENSION_EXCEEDED_60_DAYS',
    labelZh: '中止满60日，中止原因仍未消除',
    legalBasis: 'R07 42 ¶2 / L23 41(5)',
    note: '仅限 R07 41(1)–(3) / L23 39(1)、(2)、(4) 规定的中止情形',
    countsAsCorrection: false,
  },
] as const satisfies readonly ExtendedCodeEntry[];
export type TerminationGround = (typeof TERMINATION_GROUNDS)[number]['code'];

/** Reasons for WITHDRAW before acceptance. */
export const WITHDRAWAL_REASONS = [
  { code: 'VOLUNTARY', labelZh: '申请人主动撤回' },
  { code: 'SETTLED_BEFORE_ACCEPTANCE', labelZh: '受理前协商化解' },
] as const satisfies readonly CodeEntry[];
export type WithdrawalReason = (typeof WITHDRAWAL_REASONS)[number]['code'];

/**
 * THE OUTCOME DETAILS (结案情形): the detail of an outcome where the law has one, stored on the case as `outcome_detail`
 * and counted by the statistics (breakdown `outcomeDetail`, report template items' `details`). The scheme is flat: a
 * detail code is the code of the ground the concluding act recorded, unique across the lists it comes from, and each
 * entry names the one `outcome` it belongs to (the database's case_outcome_detail_valid holds the pairs):
 * - DISMISSED: which of the two dismissals (DISMISSAL_DETAILS below; required by DECIDE);
 * - NOT_ACCEPTED: the unmet acceptance condition, the NOT_ACCEPT_GROUNDS code (R07 28(1)–(7) / L23 30(1)–(7));
 * - TERMINATED: the TERMINATION_GROUNDS code (R07 42; L23 41: withdrawal, withdrawal after the respondent corrected
 *   its act, settlement, death or dissolution, criminal measures, the 60-day suspension);
 * - WITHDRAWN (before acceptance): the WITHDRAWAL_REASONS code (VOLUNTARY, or SETTLED_BEFORE_ACCEPTANCE 受理前协商化解).
 * DEEMED_WITHDRAWN (R07 29; L23 31 ¶2), TRANSFERRED (L17 15 ¶2, 18), INFORMED (L17 17 ¶1) and the other decisions
 * have no detail: the outcome says it all. Only a detail with `merits: false` (驳回行政复议申请) changes whether a case
 * is a decision on the merits (isMeritsDecision).
 */
export interface OutcomeDetailEntry<C extends string = string> extends ExtendedCodeEntry {
  code: C;
  /** The outcome this detail belongs to. */
  outcome: Outcome;
}

/**
 * The two dismissals (the DECIDE action's `outcomeDetail`). Required for DISMISSED: they differ in kind.
 * - 驳回行政复议申请 (R07 48 ¶1(2); L23 33) is procedural: the accepted application did not meet the acceptance
 *   conditions. It is not a decision on the merits (`merits: false`): it leaves the denominator of the correction rate.
 * - 驳回行政复议请求 (R07 48 ¶1(1); L23 69) answers a non-performance claim on its merits: no statutory duty, or the
 *   duty was performed before acceptance. Only for a contested act of category FAILURE_TO_PERFORM.
 */
export const DISMISSAL_DETAILS = [
  {
    code: 'DISMISSED_APPLICATION',
    labelZh: '驳回行政复议申请(受理后发现不符合受理条件)',
    legalBasis: 'R07 48 ¶1(2) / L23 33',
    note: '程序性驳回，不是实体决定，不计入纠错率的分母；上级行政机关认为理由不成立的，责令恢复审理(R07 48 ¶2; L23 35)',
    outcome: 'DISMISSED',
    merits: false,
  },
  {
    code: 'DISMISSED_CLAIM',
    labelZh: '驳回行政复议请求(没有相应法定职责或者受理前已经履行)',
    legalBasis: 'R07 48 ¶1(1) / L23 69',
    note: '仅适用于申请人认为被申请人不履行法定职责的案件；R07 48 称"驳回行政复议申请"，L23 69 称"驳回行政复议请求"',
    outcome: 'DISMISSED',
    merits: true,
  },
] as const satisfies readonly OutcomeDetailEntry[];
export type DismissalDetail = (typeof DISMISSAL_DETAILS)[number]['code'];

/** The details of one outcome taken from the list of its grounds: same code, label prefixed with the outcome. */
function detailsOf<C extends string>(
  outcome: Outcome,
  prefix: string,
  grounds: readonly (ExtendedCodeEntry & { code: C })[],
): OutcomeDetailEntry<C>[] {
  return grounds.map((g) => ({
    code: g.code,
    labelZh: `${prefix}${g.labelZh}`,
    ...(g.legalBasis !== undefined ? { legalBasis: g.legalBasis } : {}),
    ...(g.regimes !== undefined ? { regimes: g.regimes } : {}),
    outcome,
  }));
}

export type OutcomeDetail = DismissalDetail | NotAcceptGround | TerminationGround | WithdrawalReason;

export const OUTCOME_DETAILS: readonly OutcomeDetailEntry<OutcomeDetail>[] = [
  ...DISMISSAL_DETAILS,
  ...detailsOf('NOT_ACCEPTED', '不予受理：', NOT_ACCEPT_GROUNDS),
  ...detailsOf('TERMINATED', '终止：', TERMINATION_GROUNDS),
  ...detailsOf('WITHDRAWN', '撤回申请(受理前)：', WITHDRAWAL_REASONS),
];

/**
 * Kinds of respondent (被申请人), by their place in the hierarchy that decides jurisdiction (L17 12–15; L23 24–28).
 * The first four codes are the original ones (data and reports use them). TOWNSHIP_GOVERNMENT is the 乡镇(街道) kind:
 * a township government is the county's 下一级人民政府 (L23 24(2)) and a 街道办事处 its 派出机关 (L23 24(3)); both
 * go to the county government, so they share one code. `upperDepartment`: under L2023 the act goes to the upper
 * department, not to a people's government (L23 27) — registration warns when such a respondent is named for one.
 */
export const RESPONDENT_KINDS = [
  { code: 'COUNTY_DEPARTMENT', labelZh: '县政府工作部门', legalBasis: 'L17 12 ¶1 / L23 24(1)' },
  { code: 'TOWNSHIP_GOVERNMENT', labelZh: '乡镇人民政府(街道办事处)', legalBasis: 'L17 13, 15(1) / L23 24(2), 24(3)' },
  {
    code: 'VERTICAL_AGENCY',
    labelZh: '垂直管理部门',
    legalBasis: 'L17 12 ¶2; R07 24 / L23 27',
    note: '海关、金融、外汇管理等实行垂直领导的行政机关，向上一级主管部门申请行政复议(L23 27)；R07 24 的省以下垂直领导部门可以选择',
    upperDepartment: true,
  },
  { code: 'OTHER', labelZh: '其他' },
  {
    code: 'CITY_GOVERNMENT',
    labelZh: '设区的市级人民政府',
    legalBasis: 'L17 13 / L23 24(2)',
    note: '由上一级(省级)人民政府管辖',
  },
  {
    code: 'CITY_DEPARTMENT',
    labelZh: '市政府工作部门',
    legalBasis: 'L17 12 ¶1 / L23 24(1)',
    note: '由本级(市)人民政府管辖',
  },
  {
    code: 'COUNTY_GOVERNMENT',
    labelZh: '县级人民政府(区县政府)',
    legalBasis: 'L17 13 / L23 24(2)',
    note: '由上一级(市)人民政府管辖',
  },
  {
    code: 'DISPATCHED_BODY',
    labelZh: '政府工作部门的派出机构(派出所、市场监管所等)',
    legalBasis: 'L17 15(2) / L23 24 ¶4',
    note: '以派出机构的名义作出行政行为的，由设立该派出机构的部门的本级人民政府管辖(L23 24 ¶4)',
  },
  {
    code: 'AUTHORISED_ORGANISATION',
    labelZh: '法律、法规、规章授权的组织',
    legalBasis: 'L17 15(3) / L23 24(4)',
    note: '由管理该组织的本级人民政府或者其工作部门的本级人民政府管辖',
  },
  {
    code: 'TAX_AUTHORITY',
    labelZh: '税务机关',
    legalBasis: 'L17 12 ¶2 / L23 27',
    note: '向上一级主管部门申请行政复议(L23 27)',
    upperDepartment: true,
  },
  {
    code: 'STATE_SECURITY_ORGAN',
    labelZh: '国家安全机关',
    legalBasis: 'L17 12 ¶2 / L23 27',
    note: '向上一级主管部门申请行政复议(L23 27)',
    upperDepartment: true,
  },
] as const satisfies readonly ExtendedCodeEntry[];
export type RespondentKind = (typeof RESPONDENT_KINDS)[number]['code'];

/** Level of a reconsideration organ (organ.level): decides which respondents it is competent for (L23 24–28). */
export const ORGAN_LEVELS = [
  { code: 'COUNTY', labelZh: '县级人民政府', legalBasis: 'L17 12, 13 / L23 24 ¶1' },
  { code: 'CITY', labelZh: '设区的市级人民政府', legalBasis: 'L17 12, 13 / L23 24 ¶1' },
  { code: 'PROVINCE', labelZh: '省级人民政府', legalBasis: 'L17 12, 13, 14 / L23 24 ¶1, ¶2' },
  {
    code: 'DEPARTMENT',
    labelZh: '行政机关(上一级主管部门、国务院部门等)',
    legalBasis: 'L17 12 ¶2, 14 / L23 25, 27, 28',
    note: '不是人民政府的行政复议机关，如垂直领导机关、税务和国家安全机关的上一级主管部门',
  },
] as const satisfies readonly CodeEntry[];
export type OrganLevel = (typeof ORGAN_LEVELS)[number]['code'];

/** Warnings a registration may carry (HTTP 201 all the same: the organ decides, e.g. by NOT_ACCEPT). */
export const REGISTRATION_WARNINGS = [
  {
    code: 'RESPONDENT_UNDER_UPPER_DEPARTMENT',
    labelZh: '对垂直领导的行政机关、税务和国家安全机关的行政行为不服的，应当向上一级主管部门申请行政复议',
    legalBasis: 'L23 27',
    note: '人民政府对此类案件无管辖权，可以依 L23 30(6) 不予受理并告知有管辖权的行政复议机关(L23 30 ¶2)',
  },
  {
    code: 'APPLICATION_PERIOD_EXCEEDED',
    labelZh: '申请可能超过法定申请期限',
    legalBasis: 'L17 9; R07 15, 16 / L23 20, 21',
    note: '仅为提示，是否在法定申请期限内由行政复议机关认定(L23 30(4) / R07 28(4))；见申请期限(APPLICATION_PERIOD)的计算说明',
  },
] as const satisfies readonly CodeEntry[];
export type RegistrationWarningCode = (typeof REGISTRATION_WARNINGS)[number]['code'];

/** Grounds of a decision to stay execution of the contested act (L17 21; L23 42), statutory wording. */
export const STAY_OF_EXECUTION_GROUNDS = [
  {
    code: 'L17_21_1_RESPONDENT_DEEMS_NECESSARY',
    labelZh: '被申请人认为需要停止执行',
    legalBasis: 'L17 21(1)',
    regimes: ['L2017'],
    byRespondent: true,
  },
  {
    code: 'L17_21_2_ORGAN_DEEMS_NECESSARY',
    labelZh: '行政复议机关认为需要停止执行',
    legalBasis: 'L17 21(2)',
    regimes: ['L2017'],
  },
  {
    code: 'L17_21_3_APPLICANT_REQUEST_REASONABLE',
    labelZh: '申请人申请停止执行，行政复议机关认为其要求合理，决定停止执行',
    legalBasis: 'L17 21(3)',
    regimes: ['L2017'],
  },
  { code: 'L17_21_4_REQUIRED_BY_LAW', labelZh: '法律规定停止执行', legalBasis: 'L17 21(4)', regimes: ['L2017'] },
  {
    code: 'L23_42_1_RESPONDENT_DEEMS_NECESSARY',
    labelZh: '被申请人认为需要停止执行',
    legalBasis: 'L23 42(1)',
    regimes: ['L2023'],
    byRespondent: true,
  },
  {
    code: 'L23_42_2_ORGAN_DEEMS_NECESSARY',
    labelZh: '行政复议机关认为需要停止执行',
    legalBasis: 'L23 42(2)',
    regimes: ['L2023'],
  },
  {
    code: 'L23_42_3_PARTY_REQUEST_REASONABLE',
    labelZh: '申请人、第三人申请停止执行，行政复议机关认为其要求合理，决定停止执行',
    legalBasis: 'L23 42(3)',
    regimes: ['L2023'],
  },
  {
    code: 'L23_42_4_REQUIRED_BY_LAW',
    labelZh: '法律、法规、规章规定停止执行的其他情形',
    legalBasis: 'L23 42(4)',
    regimes: ['L2023'],
  },
] as const satisfies readonly ExtendedCodeEntry[];
export type StayOfExecutionGround = (typeof STAY_OF_EXECUTION_GROUNDS)[number]['code'];

/** Category of the contested act (被申请复议的行政行为类别). */
export const ACT_CATEGORIES = [
  { code: 'ADMINISTRATIVE_PENALTY', labelZh: '行政处罚' },
  { code: 'ADMINISTRATIVE_COMPULSION', labelZh: '行政强制' },
  { code: 'ADMINISTRATIVE_LICENSING', labelZh: '行政许可' },
  { code: 'ADMINISTRATIVE_CONFIRMATION', labelZh: '行政确认/确权' },
  { code: 'EXPROPRIATION', labelZh: '征收征用' },
  { code: 'FAILURE_TO_PERFORM', labelZh: '不履行法定职责' },
  {
    code: 'INFORMATION_DISCLOSURE',
    labelZh: '政府信息公开',
    note: '可以适用简易程序(L23 53(4))',
  },
  { code: 'COMPLAINT_HANDLING', labelZh: '举报投诉处理' },
  { code: 'WORK_INJURY', labelZh: '工伤认定' },
  { code: 'ADMINISTRATIVE_AGREEMENT', labelZh: '行政协议' },
  { code: 'ADMINISTRATIVE_COMPENSATION', labelZh: '行政赔偿' },
  { code: 'OTHER', labelZh: '其他' },
] as const satisfies readonly CodeEntry[];
export type ActCategory = (typeof ACT_CATEGORIES)[number]['code'];

/** Management domain of the respondent (行政管理类别). */
export const MANAGEMENT_DOMAINS = [
  { code: 'PUBLIC_SECURITY', labelZh: '公安' },
  { code: 'MARKET_REGULATION', labelZh: '市场监管' },
  { code: 'NATURAL_RESOURCES', labelZh: '自然资源' },
  { code: 'HUMAN_RESOURCES_SOCIAL_SECURITY', labelZh: '人力资源和社会保障' },
  { code: 'TOWNSHIP', labelZh: '乡镇(办)' },
  { code: 'AGRICULTURE_RURAL', labelZh: '农业农村' },
  { code: 'HOUSING_URBAN_RURAL', labelZh: '住房和城乡建设' },
  { code: 'ECOLOGY_ENVIRONMENT', labelZh: '生态环境' },
  { code: 'TRANSPORT', labelZh: '交通运输' },
  { code: 'EDUCATION', labelZh: '教育' },
  { code: 'HEALTH', labelZh: '卫生健康' },
  { code: 'CIVIL_AFFAIRS', labelZh: '民政' },
  { code: 'TAXATION', labelZh: '税务' },
  { code: 'EMERGENCY_MANAGEMENT', labelZh: '应急管理' },
  { code: 'URBAN_MANAGEMENT', labelZh: '城市管理' },
  { code: 'OTHER', labelZh: '其他' },
] as const satisfies readonly CodeEntry[];
export type ManagementDomain = (typeof MANAGEMENT_DOMAINS)[number]['code'];

/** How the application was made (R07 18, 20; L23 22). */
export const CHANNELS = [
  { code: 'IN_PERSON', labelZh: '当面递交', legalBasis: 'R07 18 / L23 22 ¶2' },
  { code: 'POST', labelZh: '邮寄', legalBasis: 'R07 18 / L23 22 ¶2' },
  { code: 'FAX', labelZh: '传真', legalBasis: 'R07 18' },
  { code: 'EMAIL', labelZh: '电子邮件', legalBasis: 'R07 18 ¶2' },
  { code: 'ONLINE', labelZh: '网上申请', legalBasis: 'L23 22 ¶2', note: '行政复议机关指定的互联网渠道' },
  { code: 'ORAL', labelZh: '口头申请(制作笔录)', legalBasis: 'R07 20 / L23 22 ¶3' },
] as const satisfies readonly CodeEntry[];
export type Channel = (typeof CHANNELS)[number]['code'];

/** Coded reconsideration requests (复议请求). */
export const REQUEST_CODES = [
  { code: 'REVOKE', labelZh: '撤销' },
  { code: 'VARY', labelZh: '变更' },
  { code: 'CONFIRM_ILLEGAL', labelZh: '确认违法' },
  { code: 'ORDER_PERFORMANCE', labelZh: '责令履行' },
  { code: 'CONFIRM_VOID', labelZh: '确认无效', legalBasis: 'L23 67', regimes: ['L2023'] },
] as const satisfies readonly ExtendedCodeEntry[];
export type RequestCode = (typeof REQUEST_CODES)[number]['code'];

/** Review procedure (L23 36). L2017 has only the ordinary procedure. */
export const PROCEDURES = [
  { code: 'ORDINARY', labelZh: '普通程序', legalBasis: 'L23 36, 48–52' },
  { code: 'SIMPLIFIED', labelZh: '简易程序', legalBasis: 'L23 36, 53–55', regimes: ['L2023'] },
] as const satisfies readonly ExtendedCodeEntry[];
export type Procedure = (typeof PROCEDURES)[number]['code'];

/**
 * The statutory clocks (期限) of a case, as GET /v1/cases/{id}/deadlines and the work queues name them: the single
 * list of clock codes (src/deadlines/clocks.ts derives its names and labels from it).
 */
export const CLOCKS = [
  { code: 'ACCEPTANCE_REVIEW', labelZh: '受理审查期限', legalBasis: 'L17 17, 40 / L23 30, 88' },
  { code: 'CORRECTION', labelZh: '申请人补正期限', legalBasis: 'R07 29 / L23 31 ¶2' },
  { code: 'COPY_TO_RESPONDENT', labelZh: '发送申请书副本期限', legalBasis: 'L17 23 / L23 48, 54' },
  { code: 'RESPONDENT_REPLY', labelZh: '被申请人答复期限', legalBasis: 'L17 23 / L23 48, 54' },
  { code: 'DECISION', labelZh: '复议决定期限', legalBasis: 'L17 31 / L23 62' },
  { code: 'REMAKE', labelZh: '重新作出行政行为期限', legalBasis: 'R07 49' },
  { code: 'TRANSFER', labelZh: '转送期限', legalBasis: 'L17 18, 40', regimes: ['L2017'] },
  {
    code: 'APPLICATION_PERIOD',
    labelZh: '行政复议申请期限',
    legalBasis: 'L17 9; R07 15, 16 / L23 20, 21',
    note: '仅为提示，由行政复议机关审查认定',
  },
  { code: 'SUSPENSION_60_DAYS', labelZh: '中止满60日(应当终止)提醒', legalBasis: 'R07 42 ¶2 / L23 41(5)' },
  { code: 'HEARING_NOTICE', labelZh: '听证通知期间', legalBasis: 'L23 51, 88', regimes: ['L2023'] },
  { code: 'PERFORMANCE', labelZh: '履行复议决定期限', legalBasis: 'L17 28(1)(2) / L23 66' },
  { code: 'COMPLIANCE_ORDER', labelZh: '责令限期履行期限', legalBasis: 'L17 32 / L23 77' },
] as const satisfies readonly ExtendedCodeEntry[];
export type ClockCode = (typeof CLOCKS)[number]['code'];

/** How a document is served (送达方式): L17 40 / L23 88 apply the Civil Procedure Law's rules on service. */
export const SERVICE_METHODS = [
  { code: 'DIRECT', labelZh: '直接送达', legalBasis: '民事诉讼法 88' },
  { code: 'LEFT_AT_RESIDENCE', labelZh: '留置送达', legalBasis: '民事诉讼法 89' },
  { code: 'ELECTRONIC', labelZh: '电子送达', legalBasis: '民事诉讼法 90' },
  { code: 'ENTRUSTED', labelZh: '委托送达', legalBasis: '民事诉讼法 91' },
  { code: 'POSTAL', labelZh: '邮寄送达', legalBasis: '民事诉讼法 91', note: '以回执上注明的收件日期为送达日期' },
  { code: 'FORWARDED', labelZh: '转交送达', legalBasis: '民事诉讼法 92–94' },
  {
    code: 'PUBLIC_NOTICE',
    labelZh: '公告送达',
    legalBasis: '民事诉讼法 95',
    note: '自发出公告之日起经过三十日视为送达',
  },
] as const satisfies readonly CodeEntry[];
export type ServiceMethod = (typeof SERVICE_METHODS)[number]['code'];

export const SEX = [
  { code: 'MALE', labelZh: '男' },
  { code: 'FEMALE', labelZh: '女' },
] as const satisfies readonly CodeEntry[];
export type Sex = (typeof SEX)[number]['code'];

export const APPLICANT_KINDS = [
  { code: 'NATURAL_PERSON', labelZh: '公民' },
  { code: 'ORGANIZATION', labelZh: '法人或其他组织' },
] as const satisfies readonly CodeEntry[];
export type ApplicantKind = (typeof APPLICANT_KINDS)[number]['code'];

export const ROLES = [
  { code: 'ADMIN', labelZh: '系统管理员' },
  { code: 'SUPERVISOR', labelZh: '复议机构负责人' },
  { code: 'OFFICER', labelZh: '承办人' },
  { code: 'CLERK', labelZh: '登记/送达人员' },
  { code: 'REPORTER', labelZh: '统计人员' },
  { code: 'INTEGRATION', labelZh: '外部系统' },
  { code: 'AUDITOR', labelZh: '个人信息审计人员' },
] as const satisfies readonly CodeEntry[];
export type Role = (typeof ROLES)[number]['code'];

/**
 * Who approved an extension or a decision (审批). A record of the approval, not a user role: the approver is named,
 * whoever records the act. L17 31: an L2017 extension by the organ's head (行政复议机关的负责人); L23 62: an L2023
 * extension by the office's head (行政复议机构的负责人); L17 28 / L23 61: a decision by the organ's head or its
 * collective discussion.
 */
export const APPROVAL_KINDS = [
  {
    code: 'ORGAN_HEAD_APPROVAL',
    labelZh: '经行政复议机关负责人批准(同意)',
    legalBasis: 'L17 28, 31 / L23 61',
  },
  { code: 'OFFICE_HEAD_APPROVAL', labelZh: '经行政复议机构负责人批准', legalBasis: 'L23 62 ¶1' },
  { code: 'COLLECTIVE_DISCUSSION', labelZh: '经集体讨论通过', legalBasis: 'L17 28 / L23 61' },
  {
    code: 'NOT_RECORDED',
    labelZh: '档案未载明审批情况',
    note: '仅用于导入历史纸质档案(npm run load)：原始档案未记录审批人和审批日期',
  },
] as const satisfies readonly CodeEntry[];
export type ApprovalKind = (typeof APPROVAL_KINDS)[number]['code'];

/** HEAR_OPINIONS: what came of hearing the parties (L23 49). */
export const OPINION_HEARING_RESULTS = [
  { code: 'HEARD', labelZh: '已听取当事人意见并记录在案', legalBasis: 'L17 22 / L23 49' },
  {
    code: 'NOT_POSSIBLE_PARTIES_REASON',
    labelZh: '因当事人原因不能听取意见，书面审理',
    legalBasis: 'L23 49',
  },
] as const satisfies readonly CodeEntry[];
export type OpinionHearingResult = (typeof OPINION_HEARING_RESULTS)[number]['code'];

/** HEAR_OPINIONS: how the opinions were heard (L23 49 「当面或者通过互联网、电话等方式」). */
export const OPINION_HEARING_METHODS = [
  { code: 'IN_PERSON', labelZh: '当面听取', legalBasis: 'L23 49' },
  { code: 'INTERNET', labelZh: '通过互联网听取', legalBasis: 'L23 49' },
  { code: 'TELEPHONE', labelZh: '通过电话听取', legalBasis: 'L23 49' },
  { code: 'OTHER', labelZh: '其他方式', legalBasis: 'L23 49' },
] as const satisfies readonly CodeEntry[];
export type OpinionHearingMethod = (typeof OPINION_HEARING_METHODS)[number]['code'];

/** SUPERVISE_COMPLIANCE: the measures against a respondent that does not perform the decision (L17 32; L23 77 ¶2). */
export const COMPLIANCE_MEASURES = [
  {
    code: 'ORDER_TO_PERFORM_WITHIN_LIMIT',
    labelZh: '责令限期履行',
    legalBasis: 'L17 32 ¶2 / L23 77 ¶2',
    note: '须载明履行期限',
  },
  {
    code: 'ADMONITORY_TALK',
    labelZh: '约谈被申请人有关负责人',
    legalBasis: 'L23 77 ¶2',
    regimes: ['L2023'],
  },
  { code: 'PUBLIC_CRITICISM', labelZh: '通报批评', legalBasis: 'L23 77 ¶2', regimes: ['L2023'] },
] as const satisfies readonly ExtendedCodeEntry[];
export type ComplianceMeasure = (typeof COMPLIANCE_MEASURES)[number]['code'];

// ---------------------------------------------------------------------------------------------------------------

/** All code lists by name. The names are the keys of the `GET /v1/code-lists` response. */
export const CODE_LISTS = {
  LEGAL_REGIMES,
  CASE_STATES,
  ACTIONS,
  OUTCOMES,
  DECISION_TYPES,
  OUTCOME_DETAILS,
  NOT_ACCEPT_GROUNDS,
  SUSPENSION_GROUNDS,
  TERMINATION_GROUNDS,
  WITHDRAWAL_REASONS,
  RESPONDENT_KINDS,
  ORGAN_LEVELS,
  REGISTRATION_WARNINGS,
  STAY_OF_EXECUTION_GROUNDS,
  ACT_CATEGORIES,
  MANAGEMENT_DOMAINS,
  CHANNELS,
  REQUEST_CODES,
  PROCEDURES,
  SERVICE_METHODS,
  CLOCKS,
  SEX,
  APPLICANT_KINDS,
  ROLES,
  NOT_COUNTED_PERIOD_KINDS,
  APPROVAL_KINDS,
  OPINION_HEARING_RESULTS,
  OPINION_HEARING_METHODS,
  COMPLIANCE_MEASURES,
} as const;

export type CodeListName = keyof typeof CODE_LISTS;
/** The union of codes of one list, e.g. `CodeOf<'SEX'>` = `'MALE' | 'FEMALE'`. */
export type CodeOf<N extends CodeListName> = (typeof CODE_LISTS)[N][number]['code'];

export const CODE_LIST_NAMES = Object.keys(CODE_LISTS) as CodeListName[];

// The lists are shared module state: freeze them so that no caller can change a label or flag at run time.
for (const name of CODE_LIST_NAMES) {
  const list: readonly ExtendedCodeEntry[] = CODE_LISTS[name];
  for (const entry of list) {
    if (entry.regimes) {
      Object.freeze(entry.regimes);
    }
    Object.freeze(entry);
  }
  Object.freeze(list);
}
Object.freeze(CODE_LISTS);

const CODE_INDEX: ReadonlyMap<string, ReadonlyMap<string, ExtendedCodeEntry>> = new Map(
  CODE_LIST_NAMES.map((name) => {
    const list: readonly ExtendedCodeEntry[] = CODE_LISTS[name];
    return [name, new Map(list.map((entry) => [entry.code, entry]))];
  }),
);

/** True when `code` is a code of the list `listName` (a type guard; false for unknown list names). */
export function isCode<N extends CodeListName>(listName: N, code: unknown): code is CodeOf<N> {
  return typeof code === 'string' && (CODE_INDEX.get(listName)?.has(code) ?? false);
}

/**
 * True when `code` is in `listName` and applies under `regime` (entries without `regimes` apply under every
 * regime). Use it to refuse, say, an L23 30 not-accept ground on an L2017 case.
 */
export function isCodeForRegime<N extends CodeListName>(
  listName: N,
  code: unknown,
  regime: LegalRegime,
): code is CodeOf<N> {
  if (typeof code !== 'string') {
    return false;
  }
  const entry = CODE_INDEX.get(listName)?.get(code);
  return entry !== undefined && (entry.regimes === undefined || entry.regimes.includes(regime));
}

/** The entry for `code` in `listName`, or undefined. */
/** The codes of a list, e.g. for class-validator's @IsIn and OpenAPI enums. */
export function codesOf<T extends { code: string }>(list: readonly T[]): string[] {
  return list.map((e) => e.code);
}

export function findCodeEntry(listName: CodeListName, code: string): ExtendedCodeEntry | undefined {
  return CODE_INDEX.get(listName)?.get(code);
}

/** Outcome codes that are corrections (纠错): the numerator of the correction rate. */
export const CORRECTION_OUTCOMES: readonly Outcome[] = Object.freeze(
  OUTCOMES.filter((o) => o.correction).map((o) => o.code),
);

/**
 * Outcome codes that are decisions on the merits: the denominator of the correction rate, less the cases whose outcome
 * detail is in NON_MERITS_OUTCOME_DETAILS.
 */
export const MERITS_OUTCOMES: readonly Outcome[] = Object.freeze(OUTCOMES.filter((o) => o.merits).map((o) => o.code));

/** Outcome details that make a merits outcome procedural (驳回行政复议申请, R07 48 ¶1(2); L23 33). */
export const NON_MERITS_OUTCOME_DETAILS: readonly OutcomeDetail[] = Object.freeze(
  OUTCOME_DETAILS.filter((d) => d.merits === false).map((d) => d.code),
);

/** True when a concluded case with this outcome and detail is a decision on the merits. */
export function isMeritsDecision(outcome: Outcome, detail: string | null | undefined): boolean {
  return MERITS_OUTCOMES.includes(outcome) && !(NON_MERITS_OUTCOME_DETAILS as readonly string[]).includes(detail ?? '');
}

/**
 * The body of `GET /v1/code-lists`: every list by name, as fresh copies (callers may mutate the result).
 * Flags (`regimes`, `correction`, `merits`, …) are included so clients can filter by the case's regime.
 */
export function codeListsResponse(): { [N in CodeListName]: ExtendedCodeEntry[] } {
  const response = {} as { [N in CodeListName]: ExtendedCodeEntry[] };
  for (const name of CODE_LIST_NAMES) {
    const list: readonly ExtendedCodeEntry[] = CODE_LISTS[name];
    response[name] = list.map((entry) => (entry.regimes ? { ...entry, regimes: [...entry.regimes] } : { ...entry }));
  }
  return response;
}

// ── Code lists per deployment (issue 11 pt 9) ─────────────────────────────────────────────────────────────────────

/**
 * The lists a deployment may extend with codes of its own, with zh-CN labels, without a release (an ADMIN's
 * `PUT /v1/code-lists/{list}/codes/{code}`): the categories offices count their cases by differ from report to
 * report. Every other list is the law's (states, outcomes, grounds …) and changes only with a release.
 */
export const EXTENSIBLE_CODE_LISTS = [
  'RESPONDENT_KINDS',
  'ACT_CATEGORIES',
  'MANAGEMENT_DOMAINS',
] as const satisfies readonly CodeListName[];
export type ExtensibleCodeList = (typeof EXTENSIBLE_CODE_LISTS)[number];

/** The format of every code, built-in or added: UPPER_SNAKE, a letter first (the migration's CHECK repeats it). */
export const CODE_PATTERN = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/;
export const MAX_CODE_LENGTH = 64;

export function isExtensibleCodeList(name: unknown): name is ExtensibleCodeList {
  return (EXTENSIBLE_CODE_LISTS as readonly unknown[]).includes(name);
}

/** True when `code` has the format of a code (it says nothing of whether any list has it). */
export function hasCodeFormat(code: unknown): code is string {
  return typeof code === 'string' && code.length <= MAX_CODE_LENGTH && CODE_PATTERN.test(code);
}

/**
 * A code of an extensible list as stored on a case: a built-in one, or one this deployment added. The built-in
 * union is kept for the editor's sake; any string that CodeListRegistry accepted is one.
 */
export type DeploymentCode<C extends string> = C | (string & { readonly __deploymentCode?: never });

/**
 * A code's zh-CN label. The built-in lookup knows the release's codes only; CodeListRegistry.labels() answers with the
 * deployment's codes as well. A code nobody knows is shown as itself, never as an empty cell.
 */
export type CodeLabelOf = (list: CodeListName, code: string) => string;

export const builtInLabelOf: CodeLabelOf = (list, code) => findCodeEntry(list, code)?.labelZh ?? code;

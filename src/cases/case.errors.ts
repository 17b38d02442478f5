import { ErrorCatalog } from '../common/errors/error-catalog';

export const CASE_ERRORS = {
  CASE_NOT_FOUND: { status: 404, title: 'No such case', labelZh: '案件不存在' },
  FIELD_NOT_PERSONAL: {
    status: 422,
    title: 'The field is not personal data and is not rectified here',
    labelZh: '该字段不属于个人信息',
  },
  FIELD_NOT_SET: { status: 422, title: 'The case has no value in this field', labelZh: '该字段没有记录' },
  CASE_NOT_CONCLUDED: {
    status: 409,
    title: 'Personal data of an open case cannot be erased',
    labelZh: '案件尚未办结,不能删除个人信息',
  },
  ORGAN_NOT_FOUND: { status: 404, title: 'No such reconsideration organ', labelZh: '复议机关不存在' },
  ORGAN_CODE_TAKEN: { status: 409, title: 'An organ already has this code', labelZh: '复议机关代码已存在' },
  ORGAN_HIERARCHY_CYCLE: {
    status: 422,
    title: 'The parent is the organ itself or an organ below it (the hierarchy would have a cycle)',
    labelZh: '上级机关不能是本机关或其下级机关',
  },
  ILLEGAL_TRANSITION: {
    status: 409,
    title: 'The action is not allowed in the case’s current state',
    labelZh: '当前案件状态不允许该操作',
  },
  ACTION_NOT_AVAILABLE: {
    status: 409,
    title: 'A legal condition of the action is not met',
    labelZh: '不满足该操作的法定条件',
  },
  NOTHING_TO_UNDO: { status: 409, title: 'There is no action to undo', labelZh: '没有可撤销的操作' },
  DECISION_TYPE_NOT_ALLOWED_NOW: {
    status: 409,
    title: 'This decision type is not possible in the case’s current state',
    labelZh: '当前状态下不能作出该类决定',
  },
  DATE_IN_FUTURE: { status: 422, title: 'The legal date is in the future', labelZh: '日期晚于今日' },
  DATE_OUT_OF_ORDER: {
    status: 422,
    title: 'The legal date is before the case’s previous act',
    labelZh: '日期早于上一程序行为',
  },
  DECISION_BEFORE_ACCEPTANCE: {
    status: 422,
    title: 'The decision is dated before acceptance',
    labelZh: '决定日期早于受理日期',
  },
  CODE_NOT_IN_REGIME: {
    status: 422,
    title: 'The code does not exist under the case’s legal regime',
    labelZh: '该代码不适用于本案适用的法律',
  },
  FIELD_REQUIRED_BY_LAW: { status: 422, title: 'The law requires this field here', labelZh: '法律要求填写此项' },
  SIMPLIFIED_PROCEDURE_NOT_ELIGIBLE: {
    status: 422,
    title: 'The case does not qualify for the simplified procedure',
    labelZh: '不符合适用简易程序的条件',
  },
  CORRECTION_PERIOD_NOT_OVER: {
    status: 422,
    title: 'The correction period has not ended',
    labelZh: '补正期限尚未届满',
  },
  SUSPENSION_NOT_YET_60_DAYS: {
    status: 422,
    title: 'The suspension does not allow termination (yet)',
    labelZh: '中止未满60日或中止事由不符',
  },
  REMAKE_ORDER_NOT_ALLOWED: {
    status: 422,
    title: 'A remake order does not go with this decision type',
    labelZh: '该决定类型不能责令重新作出',
  },
  ACCEPTANCE_REVIEW_PERIOD_OVER: {
    status: 422,
    title: 'The acceptance review period is over: the application counts as accepted',
    labelZh: '审查期限已届满，视为受理',
  },
  SERVICE_DATE_UNKNOWN: {
    status: 422,
    title: 'The period runs from a receipt that is not recorded',
    labelZh: '送达(收到)日期尚未录入，期限无法确定',
  },
  EXTENSION_CAP_EXCEEDED: {
    status: 422,
    title: 'The extensions would exceed the 30 days the law allows in all',
    labelZh: '延长期限合计超过三十日',
  },
  DISMISSAL_NEEDS_NON_PERFORMANCE_CASE: {
    status: 422,
    title: 'A dismissal of the claim needs a non-performance case',
    labelZh: '驳回行政复议请求仅适用于不履行法定职责案件',
  },
  OUTCOME_DETAIL_NOT_ALLOWED: {
    status: 422,
    title: 'The outcome detail does not go with this decision type',
    labelZh: '该决定类型不适用此结果细分',
  },
  NOT_COUNTED_PERIOD_INVALID: {
    status: 422,
    title: 'The period not counted towards the decision period cannot be started or ended so',
    labelZh: '不计入审理期限的期间记录有误',
  },
  LEGAL_BASIS_NOT_IN_REGIME: {
    status: 422,
    title: 'The legal basis cites a law that does not govern the case',
    labelZh: '法律依据与本案适用的法律不符',
  },
  APPROVAL_KIND_NOT_ALLOWED: {
    status: 422,
    title: 'The approval recorded is not the one the law requires for this act',
    labelZh: '审批主体或方式不符合法律规定',
  },
  HEARING_NOTICE_TOO_SHORT: {
    status: 422,
    title: 'The hearing is less than 5 working days after its notice',
    labelZh: '听证通知未提前五个工作日',
  },
  HEARING_NOT_NOTIFIED: {
    status: 422,
    title: 'The hearing was not notified to the parties in time',
    labelZh: '未依法通知听证',
  },
  OPINIONS_NOT_HEARD: {
    status: 422,
    title: 'The parties’ opinions must be heard before the decision',
    labelZh: '普通程序未听取当事人意见',
  },
  PERFORMANCE_DEADLINE_NOT_ALLOWED: {
    status: 422,
    title: 'A performance time limit goes with an order to perform only',
    labelZh: '仅责令履行决定可载明履行期限',
  },
  HANDLERS_REQUIRED: { status: 422, title: 'At least two handlers must be assigned', labelZh: '承办人不少于2名' },
  STAY_DECISION_INCONSISTENT: {
    status: 422,
    title: 'The stay-of-execution decision’s grant, ground and decider do not agree (L17 21 / L23 42)',
    labelZh: '停止执行决定的结论、情形与决定主体不一致',
  },
  CASE_NUMBER_TEMPLATE_INVALID: { status: 422, title: 'The case number template is invalid', labelZh: '案号模板无效' },
} as const satisfies ErrorCatalog<string>;

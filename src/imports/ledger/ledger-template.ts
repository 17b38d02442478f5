import ExcelJS from 'exceljs';
import { CODE_LISTS, type CodeEntry, type CodeLabelOf, type CodeListName } from '../../code-lists/code-lists';
import { LEDGER_REQUIRED_FIELDS, LEDGER_TEMPLATE_COLUMNS } from './ledger-mapping';
import type { LedgerField } from './ledger-record';

/**
 * The template ledger (GET /v1/imports/template.xlsx, issue 12): sheet 台账 with the default mapping's headers (the
 * case-list export's first, in its order) and one example row that imports as it is, and sheet 说明 explaining each
 * column: required or not, the format, and the codes and labels a coded column takes.
 */

/** The code list of each coded column. */
const CODED: Partial<Record<LedgerField, CodeListName>> = {
  legalRegime: 'LEGAL_REGIMES',
  channel: 'CHANNELS',
  applicantKind: 'APPLICANT_KINDS',
  applicantSex: 'SEX',
  respondentKind: 'RESPONDENT_KINDS',
  actCategory: 'ACT_CATEGORIES',
  managementDomain: 'MANAGEMENT_DOMAINS',
  requestCodes: 'REQUEST_CODES',
  outcome: 'OUTCOMES',
  outcomeDetail: 'OUTCOME_DETAILS',
};

const DATE_FIELDS: readonly LedgerField[] = ['receivedOn', 'acceptedOn', 'concludedOn', 'servedOn'];

/** What each column means and how to fill it in (zh-CN, for the 说明 sheet). */
const EXPLANATION: Record<LedgerField, string> = {
  caseNumber: '原案号；不填则导入时不带案号。同一文件中不得重复',
  receivedOn: '收到行政复议申请的日期',
  legalRegime: '不填则按收到申请日期确定：2024年1月1日前为行政复议法(2017修正)，之后为行政复议法(2023修订)',
  channel: '申请方式',
  applicants: '申请人姓名或名称；多个申请人用顿号(、)、逗号、分号或换行分隔',
  applicantKind:
    '与申请人逐一对应；只填一个时适用于全部申请人。不填的，有身份证号码视为公民，有统一社会信用代码视为法人或其他组织',
  applicantSex: '公民的性别，与申请人逐一对应；只填一个时适用于全部申请人',
  applicantIdNumber: '公民的18位身份证号码(校验位按GB 11643)，与申请人逐一对应；15位旧号码不予接受',
  applicantCreditCode: '法人或其他组织的18位统一社会信用代码(校验位按GB 32100)，与申请人逐一对应',
  applicantLegalRepresentative: '法人或其他组织的法定代表人或主要负责人，与申请人逐一对应',
  respondentName: '被申请人名称',
  respondentKind: '被申请人类型',
  actTitle: '被申请行政复议的行政行为(如“行政处罚决定书”)',
  actDocumentNumber: '行政行为的文号',
  actCategory: '行政行为类别',
  managementDomain: '行政管理领域',
  requestCodes: '复议请求的类型，可填多个(用顿号分隔)',
  requestText: '行政复议请求及理由',
  acceptedOn: '受理日期；不予受理、视为放弃、受理前撤回、转送、告知的案件不填',
  concludedOn: '结案日期；与结案方式同时填写，未结案件两者均不填(或结案方式填“办理中”)',
  outcome: '结案方式；未结案件填“办理中”或不填',
  outcomeDetail: '结案情形：不予受理的理由、终止的情形、驳回的种类、受理前撤回的原因；可带或不带“不予受理：”等前缀',
  decisionDocumentNumber: '行政复议决定书文号',
  servedOn: '决定书送达日期，不早于结案日期',
  handlers: '承办人，两名以上(R07 32 / L23 36)，用顿号分隔',
};

/** The example row: valid, complete, and it passes normaliseLedgerRow without a problem or a missing field. */
const EXAMPLE: Record<LedgerField, string | { list: CodeListName; code: string } | Date> = {
  caseNumber: '示例复〔2024〕1号',
  receivedOn: new Date(Date.UTC(2024, 2, 1)),
  legalRegime: { list: 'LEGAL_REGIMES', code: 'L2023' },
  channel: { list: 'CHANNELS', code: 'IN_PERSON' },
  applicants: '张三',
  applicantKind: { list: 'APPLICANT_KINDS', code: 'NATURAL_PERSON' },
  applicantSex: { list: 'SEX', code: 'MALE' },
  applicantIdNumber: '11010519491231002X',
  applicantCreditCode: '',
  applicantLegalRepresentative: '',
  respondentName: '示例县市场监督管理局',
  respondentKind: { list: 'RESPONDENT_KINDS', code: 'COUNTY_DEPARTMENT' },
  actTitle: '行政处罚决定书',
  actDocumentNumber: '示市监罚〔2024〕15号',
  actCategory: { list: 'ACT_CATEGORIES', code: 'ADMINISTRATIVE_PENALTY' },
  managementDomain: { list: 'MANAGEMENT_DOMAINS', code: 'MARKET_REGULATION' },
  requestCodes: { list: 'REQUEST_CODES', code: 'REVOKE' },
  requestText: '请求撤销示市监罚〔2024〕15号行政处罚决定书',
  acceptedOn: new Date(Date.UTC(2024, 2, 5)),
  concludedOn: new Date(Date.UTC(2024, 4, 10)),
  outcome: { list: 'OUTCOMES', code: 'UPHELD' },
  outcomeDetail: '',
  decisionDocumentNumber: '示政复决字〔2024〕1号',
  servedOn: new Date(Date.UTC(2024, 4, 13)),
  handlers: '李四、王五',
};

/** Text columns Excel must not turn into numbers (an 18-digit ID number loses its last digits as a number). */
const TEXT_FIELDS: readonly LedgerField[] = ['caseNumber', 'applicantIdNumber', 'applicantCreditCode'];

/**
 * The template workbook. `labels`: the deployment's labels (CodeListRegistry.labels()); `lists`: the deployment's
 * entries of the extensible lists (RESPONDENT_KINDS, ACT_CATEGORIES, MANAGEMENT_DOMAINS) for the 说明 sheet — the
 * built-in lists where absent.
 */
export async function ledgerTemplate(
  labels: CodeLabelOf,
  lists: Partial<Record<CodeListName, readonly Pick<CodeEntry, 'code' | 'labelZh'>[]>> = {},
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'reconsideration-service';

  const ledger = workbook.addWorksheet('台账');
  ledger.columns = LEDGER_TEMPLATE_COLUMNS.map((c) => ({
    header: c.header,
    key: c.field,
    width: DATE_FIELDS.includes(c.field) ? 14 : 20,
    style: DATE_FIELDS.includes(c.field)
      ? { numFmt: 'yyyy-mm-dd' }
      : TEXT_FIELDS.includes(c.field)
        ? { numFmt: '@' }
        : {},
  }));
  ledger.getRow(1).font = { bold: true };
  ledger.addRow(
    Object.fromEntries(
      LEDGER_TEMPLATE_COLUMNS.map(({ field }) => {
        const v = EXAMPLE[field];
        return [field, typeof v === 'string' || v instanceof Date ? v : labels(v.list, v.code)];
      }),
    ),
  );

  const notes = workbook.addWorksheet('说明');
  notes.columns = [
    { header: '列名', key: 'header', width: 18 },
    { header: '是否必填', key: 'required', width: 10 },
    { header: '格式', key: 'format', width: 36 },
    { header: '说明', key: 'explanation', width: 60 },
    { header: '可填写的代码或名称', key: 'codes', width: 70 },
  ];
  notes.getRow(1).font = { bold: true };
  for (const { header, field } of LEDGER_TEMPLATE_COLUMNS) {
    const list = CODED[field];
    const entries: readonly Pick<CodeEntry, 'code' | 'labelZh'>[] =
      list === undefined ? [] : (lists[list] ?? CODE_LISTS[list]);
    const row = notes.addRow({
      header,
      required: LEDGER_REQUIRED_FIELDS.includes(field) ? '必填' : '选填',
      format: DATE_FIELDS.includes(field)
        ? '日期：2021-03-01、2021/3/1、2021.3.1、2021年3月1日或Excel日期单元格'
        : list !== undefined
          ? '代码或名称(见右列)'
          : '文字，不超过2000字；不得使用公式或合并单元格',
      explanation: EXPLANATION[field],
      codes:
        field === 'outcome'
          ? ['办理中(未结案件)', ...entries.map((e) => `${e.code} ${labels(list ?? 'OUTCOMES', e.code)}`)].join('\n')
          : entries.map((e) => `${e.code} ${list === undefined ? e.labelZh : labels(list, e.code)}`).join('\n'),
    });
    row.alignment = { wrapText: true, vertical: 'top' };
  }
  const general = [
    '',
    '第一行为列名，之后每行一个案件；列的顺序不限，列名按本表(或本机关设定的列映射)识别，不认识的列被忽略。',
    '本系统导出的案件清单(CSV或XLSX)可以直接导入。文件可以是XLSX或CSV(UTF-8或GBK编码)。',
    '台账缺少的信息不要编造：留空即可，导入的案件会标明缺少哪些信息。',
  ];
  for (const line of general) {
    notes.addRow({ header: line });
  }

  const out = await workbook.xlsx.writeBuffer();
  return Buffer.from(out);
}

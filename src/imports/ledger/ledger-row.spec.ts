import ExcelJS from 'exceljs';
import { builtInLabelOf } from '../../code-lists/code-lists';
import { DEFAULT_LEDGER_MAPPING } from './ledger-mapping';
import { readLedger } from './ledger-reader';
import type { LedgerField, LedgerRow } from './ledger-record';
import { builtInCodeResolver, duplicateCaseNumbers, normaliseLedgerRow, parseLedgerDate } from './ledger-row';
import { ledgerTemplate } from './ledger-template';

const TODAY = '2025-06-30';

/** A complete concluded row (a decision); `over` replaces or removes (undefined) values. */
function row(over: Partial<Record<LedgerField, string | undefined>> = {}, n = 2): LedgerRow {
  const values: Partial<Record<LedgerField, string>> = {
    caseNumber: '台复〔2021〕1号',
    receivedOn: '2021-03-01',
    channel: '当面递交',
    applicants: '张三',
    applicantKind: '公民',
    applicantSex: '男',
    applicantIdNumber: '11010519491231002X',
    respondentName: '某县公安局',
    respondentKind: '县政府工作部门',
    actTitle: '行政处罚决定书',
    actCategory: '行政处罚',
    managementDomain: '公安',
    requestCodes: '撤销',
    requestText: '请求撤销处罚决定',
    acceptedOn: '2021-03-05',
    concludedOn: '2021-05-10',
    outcome: '维持',
    decisionDocumentNumber: '台政复决字〔2021〕1号',
    servedOn: '2021-05-12',
    handlers: '李四、王五',
  };
  const FULL_FIELDS = Object.keys(values);
  for (const [k, v] of Object.entries(over)) {
    if (v === undefined) {
      delete values[k as LedgerField];
    } else {
      values[k as LedgerField] = v;
    }
  }
  // Every column of the full row is in the file, also where a value is removed (an empty cell).
  const headers = Object.fromEntries([...new Set([...FULL_FIELDS, ...Object.keys(over)])].map((k) => [k, `H:${k}`]));
  return { row: n, values, headers };
}

const normalise = (r: LedgerRow) => normaliseLedgerRow(r, builtInCodeResolver, TODAY);
const codes = (r: LedgerRow) => normalise(r).problems.map((p) => [p.column, p.code]);

describe('normaliseLedgerRow', () => {
  it('a complete row: a record with nothing missing', () => {
    const { record, problems } = normalise(row());
    expect(problems).toEqual([]);
    expect(record).toMatchObject({
      row: 2,
      caseNumber: '台复〔2021〕1号',
      receivedOn: '2021-03-01',
      legalRegime: null,
      channel: 'IN_PERSON',
      applicants: [{ name: '张三', kind: 'NATURAL_PERSON', sex: 'MALE', idNumber: '11010519491231002X' }],
      respondent: { name: '某县公安局', kind: 'COUNTY_DEPARTMENT' },
      contestedAct: {
        title: '行政处罚决定书',
        category: 'ADMINISTRATIVE_PENALTY',
        managementDomain: 'PUBLIC_SECURITY',
      },
      requestCodes: ['REVOKE'],
      outcome: 'UPHELD',
      handlers: ['李四', '王五'],
      missing: [],
    });
  });

  describe('dates', () => {
    it.each([
      ['2021-03-01', '2021-03-01'],
      ['2021-3-1', '2021-03-01'],
      ['2021/3/1', '2021-03-01'],
      ['2021/03/01', '2021-03-01'],
      ['2021.3.1', '2021-03-01'],
      ['2021年3月1日', '2021-03-01'],
      ['2021年03月01日', '2021-03-01'],
      ['2024-02-29', '2024-02-29'],
    ])('%s → %s', (text, iso) => {
      expect(parseLedgerDate(text)).toBe(iso);
      expect(
        normalise(
          row({
            receivedOn: text,
            acceptedOn: undefined,
            concludedOn: undefined,
            outcome: undefined,
            servedOn: undefined,
          }),
        ).record?.receivedOn,
      ).toBe(iso);
    });
    it.each(['2021-02-30', '2023-02-29', '2021-13-01', '2021年3月1', '3/1/2021', '20210301', '昨天'])(
      '%s → INVALID_DATE',
      (text) => {
        expect(parseLedgerDate(text)).toBeNull();
        expect(codes(row({ receivedOn: text }))).toContainEqual(['H:receivedOn', 'INVALID_DATE']);
      },
    );
    it('a date after today: DATE_IN_FUTURE', () => {
      expect(codes(row({ servedOn: '2025-07-01' }))).toEqual([['H:servedOn', 'DATE_IN_FUTURE']]);
    });
    it('an Excel date cell read from XLSX normalises like a typed date', async () => {
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet('台账');
      sheet.addRow(['收到日期', '申请人', '被申请人', '被申请人类型', '行为类别', '管理领域']);
      sheet.addRow([new Date(Date.UTC(2021, 2, 1)), '张三', '某县公安局', 'COUNTY_DEPARTMENT', '行政处罚', '公安']);
      const read = await readLedger(Buffer.from(await workbook.xlsx.writeBuffer()), DEFAULT_LEDGER_MAPPING);
      const { record, problems } = normaliseLedgerRow(read.rows[0] as LedgerRow, builtInCodeResolver, TODAY);
      expect(problems).toEqual([]);
      expect(record?.receivedOn).toBe('2021-03-01');
    });
  });

  describe('date order (case_dates_ordered; R07 / L23 sequence receipt → acceptance → conclusion → service)', () => {
    it('a conclusion before receipt: DATES_OUT_OF_ORDER on 结案日期', () => {
      expect(codes(row({ acceptedOn: undefined, concludedOn: '2021-02-01', servedOn: undefined }))).toEqual([
        ['H:concludedOn', 'DATES_OUT_OF_ORDER'],
      ]);
    });
    it('acceptance before receipt, conclusion before acceptance, service before conclusion', () => {
      expect(codes(row({ acceptedOn: '2021-02-01' }))).toEqual([['H:acceptedOn', 'DATES_OUT_OF_ORDER']]);
      expect(codes(row({ concludedOn: '2021-03-03', servedOn: undefined }))).toEqual([
        ['H:concludedOn', 'DATES_OUT_OF_ORDER'],
      ]);
      expect(codes(row({ servedOn: '2021-05-01' }))).toEqual([['H:servedOn', 'DATES_OUT_OF_ORDER']]);
    });
  });

  describe('codes', () => {
    it('a code or its zh-CN label', () => {
      const byCode = normalise(
        row({
          channel: 'POST',
          respondentKind: 'COUNTY_DEPARTMENT',
          actCategory: 'ADMINISTRATIVE_PENALTY',
          outcome: 'UPHELD',
        }),
      );
      const byLabel = normalise(row({ channel: '邮寄' }));
      expect(byCode.problems).toEqual([]);
      expect(byCode.record?.channel).toBe('POST');
      expect(byLabel.record?.channel).toBe('POST');
      expect(byCode.record?.respondent.kind).toBe(byLabel.record?.respondent.kind);
      expect(normalise(row({ legalRegime: '行政复议法(2017修正)及实施条例' })).record?.legalRegime).toBe('L2017');
    });
    it('an unknown code: UNKNOWN_CODE on its column', () => {
      expect(codes(row({ managementDomain: '外星事务' }))).toEqual([['H:managementDomain', 'UNKNOWN_CODE']]);
      expect(codes(row({ outcome: '胜诉' }))).toEqual([['H:outcome', 'UNKNOWN_CODE']]);
    });
    it('办理中 in 结案方式 is an open case, not an unknown code', () => {
      const { record, problems } = normalise(
        row({ outcome: '办理中', concludedOn: undefined, servedOn: undefined, decisionDocumentNumber: undefined }),
      );
      expect(problems).toEqual([]);
      expect(record).toMatchObject({ outcome: null, concludedOn: null, acceptedOn: '2021-03-05' });
    });
    it('a detail label with or without its outcome prefix; by the regime where R07 28 and L23 30 share a label', () => {
      const refused = {
        acceptedOn: undefined,
        outcome: '不予受理',
        decisionDocumentNumber: undefined,
        servedOn: undefined,
      };
      expect(normalise(row({ ...refused, outcomeDetail: '不予受理：超过法定申请期限' })).record?.outcomeDetail).toBe(
        'R07_28_4_OUT_OF_TIME',
      );
      expect(
        normalise(
          row({ ...refused, receivedOn: '2024-03-01', concludedOn: '2024-03-04', outcomeDetail: '超过法定申请期限' }),
        ).record?.outcomeDetail,
      ).toBe('L23_30_4_OUT_OF_TIME');
      expect(normalise(row({ ...refused, outcomeDetail: 'R07_28_5_OUTSIDE_SCOPE' })).record?.outcomeDetail).toBe(
        'R07_28_5_OUTSIDE_SCOPE',
      );
    });
    it('a detail of another outcome: INCONSISTENT (case_outcome_detail_valid)', () => {
      expect(codes(row({ outcomeDetail: '终止：达成和解' }))).toEqual([['H:outcomeDetail', 'INCONSISTENT']]);
      expect(codes(row({ outcomeDetail: '不存在的情形' }))).toEqual([['H:outcomeDetail', 'UNKNOWN_CODE']]);
    });
    it('an outcome of the other regime: INCONSISTENT (INFORMED is L17 17 ¶1 only)', () => {
      expect(
        codes(
          row({
            receivedOn: '2024-03-01',
            acceptedOn: undefined,
            concludedOn: '2024-03-04',
            servedOn: undefined,
            outcome: '告知',
          }),
        ),
      ).toEqual([['H:outcome', 'INCONSISTENT']]);
    });
  });

  describe('outcome, conclusion and acceptance', () => {
    it('an outcome without a conclusion date, and a conclusion date without an outcome: INCONSISTENT (case_concluded_with_outcome)', () => {
      expect(codes(row({ concludedOn: undefined, servedOn: undefined }))).toEqual([['H:concludedOn', 'INCONSISTENT']]);
      expect(codes(row({ outcome: undefined, decisionDocumentNumber: undefined }))).toContainEqual([
        'H:outcome',
        'INCONSISTENT',
      ]);
    });
    it('a decision without an acceptance date: acceptedOn stays null and is missing (not invented)', () => {
      const { record, problems } = normalise(row({ acceptedOn: undefined }));
      expect(problems).toEqual([]);
      expect(record?.acceptedOn).toBeNull();
      expect(record?.missing).toEqual(['acceptedOn']);
    });
    it('不予受理 with an acceptance date: INCONSISTENT (L17 17; R07 28 / L23 30 — a refusal comes before acceptance)', () => {
      expect(codes(row({ outcome: '不予受理', decisionDocumentNumber: undefined, servedOn: undefined }))).toEqual([
        ['H:acceptedOn', 'INCONSISTENT'],
      ]);
    });
    it('a decision without its document number; a dismissal without which one', () => {
      expect(normalise(row({ decisionDocumentNumber: undefined })).record?.missing).toEqual(['decisionDocumentNumber']);
      expect(normalise(row({ outcome: '驳回' })).record?.missing).toEqual(['outcomeDetail']);
    });
  });

  describe('applicants', () => {
    it('several names aligned by position; one kind for all', () => {
      const { record, problems } = normalise(
        row({
          applicants: '张三、李某某公司',
          applicantKind: '公民,法人或其他组织',
          applicantSex: '男；',
          applicantIdNumber: '11010519491231002X、/',
          applicantCreditCode: '/、91350100M000100Y43',
          applicantLegalRepresentative: '/、赵六',
        }),
      );
      expect(problems).toEqual([]);
      expect(record?.applicants).toEqual([
        { name: '张三', kind: 'NATURAL_PERSON', sex: 'MALE', idNumber: '11010519491231002X' },
        {
          name: '李某某公司',
          kind: 'ORGANIZATION',
          sex: 'MALE',
          unifiedSocialCreditCode: '91350100M000100Y43',
          legalRepresentative: '赵六',
        },
      ]);
    });
    it('an ID number failing its check character (GB 11643): INVALID_ID_NUMBER; a 15-digit old ID too', () => {
      expect(codes(row({ applicantIdNumber: '110105194912310021' }))).toEqual([
        ['H:applicantIdNumber', 'INVALID_ID_NUMBER'],
      ]);
      expect(codes(row({ applicantIdNumber: '110105491231002' }))).toEqual([
        ['H:applicantIdNumber', 'INVALID_ID_NUMBER'],
      ]);
      expect(normalise(row({ applicantIdNumber: '11010519491231002x' })).record?.applicants[0]?.idNumber).toBe(
        '11010519491231002X',
      );
    });
    it('a credit code failing its check character (GB 32100): INVALID_CREDIT_CODE', () => {
      expect(
        codes(
          row({ applicantKind: undefined, applicantIdNumber: undefined, applicantCreditCode: '91350100M000100Y44' }),
        ),
      ).toEqual([['H:applicantCreditCode', 'INVALID_CREDIT_CODE']]);
    });
    it('no kind: nothing inferred but from an ID number or a credit code; what the kind needs is missing', () => {
      const bare = normalise(row({ applicantKind: undefined, applicantSex: undefined, applicantIdNumber: undefined }));
      expect(bare.record?.applicants).toEqual([{ name: '张三', kind: null }]);
      expect(bare.record?.missing).toEqual(['applicants[0].kind']);
      const byId = normalise(row({ applicantKind: undefined, applicantSex: undefined }));
      expect(byId.record?.applicants[0]?.kind).toBe('NATURAL_PERSON');
      expect(byId.record?.missing).toEqual(['applicants[0].sex']);
      const org = normalise(
        row({ applicantKind: '法人或其他组织', applicantSex: undefined, applicantIdNumber: undefined }),
      );
      expect(org.record?.missing).toEqual([
        'applicants[0].unifiedSocialCreditCode',
        'applicants[0].legalRepresentative',
      ]);
    });
    it('one ID number for two names is not spread: INCONSISTENT', () => {
      expect(codes(row({ applicants: '张三、李四' }))).toEqual([['H:applicantIdNumber', 'INCONSISTENT']]);
    });
  });

  describe('missing', () => {
    it('fewer than two handlers is missing (R07 32 / L23 36: two reconsideration officers at least)', () => {
      expect(normalise(row({ handlers: '李四' })).record?.missing).toEqual(['handlers']);
      expect(normalise(row({ handlers: undefined })).record?.missing).toEqual(['handlers']);
    });
    it('a bare ledger row: what registration requires is listed, nothing is guessed', () => {
      const { record, problems } = normalise({
        row: 3,
        values: {
          receivedOn: '2021/3/1',
          applicants: '张三',
          respondentName: '某县公安局',
          respondentKind: '县政府工作部门',
          actCategory: '行政处罚',
          managementDomain: '公安',
        },
        headers: {},
      });
      expect(problems).toEqual([]);
      expect(record?.missing).toEqual([
        'applicants[0].kind',
        'channel',
        'contestedAct.title',
        'request.codes',
        'request.text',
        'handlers',
      ]);
    });
  });

  it('required cells: REQUIRED; too long: TOO_LONG', () => {
    expect(codes(row({ respondentName: undefined }))).toEqual([['H:respondentName', 'REQUIRED']]);
    expect(codes(row({ caseNumber: '号'.repeat(101) }))).toEqual([['H:caseNumber', 'TOO_LONG']]);
    expect(codes(row({ applicants: '张'.repeat(201) }))).toEqual([['H:applicants', 'TOO_LONG']]);
  });

  it('a row with a cell the reader refused is not a record', () => {
    const r = row({ receivedOn: undefined });
    expect(normalise({ ...r, refused: ['receivedOn'] })).toEqual({ record: null, problems: [] });
  });
});

describe('duplicateCaseNumbers', () => {
  it('DUPLICATE_CASE_NUMBER for the second and later rows of a number', () => {
    const records = [2, 3, 4, 5].map((n) => normalise(row(n === 4 ? { caseNumber: '台复〔2021〕2号' } : {}, n)).record);
    const problems = duplicateCaseNumbers(
      records.filter((r) => r !== null),
      '案号',
    );
    expect(problems.map((p) => [p.row, p.column, p.code])).toEqual([
      [3, '案号', 'DUPLICATE_CASE_NUMBER'],
      [5, '案号', 'DUPLICATE_CASE_NUMBER'],
    ]);
  });
});

describe('round trips', () => {
  it('the template ledger reads back as one valid record with no problem and nothing missing', async () => {
    const read = await readLedger(await ledgerTemplate(builtInLabelOf), DEFAULT_LEDGER_MAPPING);
    expect(read.problems).toEqual([]);
    expect(read.sheet).toBe('台账');
    expect(read.rows).toHaveLength(1);
    const { record, problems } = normaliseLedgerRow(read.rows[0] as LedgerRow, builtInCodeResolver, TODAY);
    expect(problems).toEqual([]);
    expect(record?.missing).toEqual([]);
    expect(record).toMatchObject({ receivedOn: '2024-03-01', outcome: 'UPHELD', legalRegime: 'L2023' });
  });

  it('the template explains every column in 说明', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await ledgerTemplate(builtInLabelOf)) as unknown as ExcelJS.Buffer);
    const notes = workbook.getWorksheet('说明');
    const headers = workbook.getWorksheet('台账')?.getRow(1).values as unknown[];
    const explained = new Set<unknown>();
    notes?.eachRow((r) => explained.add(r.getCell(1).value));
    for (const h of headers.filter((v) => typeof v === 'string')) {
      expect(explained).toContain(h);
    }
    expect(notes?.getRow(7).getCell(5).text).toContain('COUNTY_DEPARTMENT 县政府工作部门');
  });

  it('an export-shaped CSV (the case-list export’s headers, 办理中, a detail label with its prefix) reads back', async () => {
    const headers = [
      '案号',
      '收到申请日期',
      '适用法律',
      '申请人',
      '被申请人',
      '被申请人类型',
      '行为类别',
      '管理领域',
      '受理日期',
      '结案日期',
      '结案方式',
      '结案情形',
    ];
    const lines = [
      headers,
      [
        '台复〔2021〕1号',
        '2021-03-01',
        '行政复议法(2017修正)及实施条例',
        '张三、李四',
        '某县公安局',
        '县政府工作部门',
        '行政处罚',
        '公安',
        '2021-03-05',
        '',
        '办理中',
        '',
      ],
      [
        '台复〔2021〕2号',
        '2021-03-02',
        '行政复议法(2017修正)及实施条例',
        '王*',
        '某县公安局',
        '县政府工作部门',
        '行政处罚',
        '公安',
        '',
        '2021-03-06',
        '不予受理',
        '不予受理：超过法定申请期限',
      ],
    ];
    const text = `\ufeff${lines.map((l) => l.join(',')).join('\r\n')}\r\n`;
    const read = await readLedger(Buffer.from(text, 'utf8'), DEFAULT_LEDGER_MAPPING);
    expect(read.problems).toEqual([]);
    const results = read.rows.map((r) => normaliseLedgerRow(r, builtInCodeResolver, TODAY));
    expect(results.flatMap((r) => r.problems)).toEqual([]);
    expect(results[0]?.record).toMatchObject({
      outcome: null,
      legalRegime: 'L2017',
      applicants: [{ name: '张三' }, { name: '李四' }],
    });
    expect(results[1]?.record).toMatchObject({
      outcome: 'NOT_ACCEPTED',
      outcomeDetail: 'R07_28_4_OUT_OF_TIME',
      acceptedOn: null,
    });
    expect(results[1]?.record?.missing).not.toContain('acceptedOn');
  });
});

import { deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { DEFAULT_LEDGER_MAPPING, normaliseHeader, validateLedgerMapping } from './ledger-mapping';
import { MAX_LEDGER_ROWS, readLedger } from './ledger-reader';
import { LEDGER_PROBLEM_CODES } from './ledger-record';

const HEADERS = ['案号', '收到日期', '申请人', '被申请人', '被申请人类型', '行为类别', '管理领域'];
const ROW = ['台复〔2021〕1号', '2021-03-01', '张三', '某县公安局', '县政府工作部门', '行政处罚', '公安'];

async function xlsx(fill: (sheet: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  fill(workbook.addWorksheet('Sheet1'));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const csv = (lines: string[][]): string =>
  lines.map((l) => l.map((c) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\r\n');

describe('readLedger: XLSX', () => {
  it('reads the first sheet: date cells as YYYY-MM-DD (UTC), numbers plain, rich text and hyperlinks as text', async () => {
    const buffer = await xlsx((s) => {
      s.addRow([...HEADERS, '受理日期', '复议请求', '承办人']);
      s.addRow([...ROW.slice(0, 1), new Date(Date.UTC(2021, 2, 1)), ...ROW.slice(2), new Date(Date.UTC(2021, 2, 5))]);
      s.getCell('A2').value = 1e21;
      s.getCell('C2').value = { richText: [{ text: '张' }, { text: '三' }] };
      s.getCell('D2').value = { text: '某县公安局', hyperlink: 'https://example.org' };
      s.getCell('I2').value = 12345;
    });
    const read = await readLedger(buffer, DEFAULT_LEDGER_MAPPING);
    expect(read.problems).toEqual([]);
    expect(read.format).toBe('XLSX');
    expect(read.sheet).toBe('Sheet1');
    expect(read.rows).toHaveLength(1);
    expect(read.rows[0]).toMatchObject({
      row: 2,
      values: {
        caseNumber: '1000000000000000000000',
        receivedOn: '2021-03-01',
        applicants: '张三',
        respondentName: '某县公安局',
        acceptedOn: '2021-03-05',
        requestText: '12345',
      },
      headers: { receivedOn: '收到日期' },
    });
  });

  it('finds the header row under a merged title row, and skips fully empty rows', async () => {
    const buffer = await xlsx((s) => {
      s.addRow(['某县行政复议案件台账']);
      s.mergeCells('A1:G1');
      s.addRow([]);
      s.addRow(HEADERS);
      s.addRow(ROW);
      s.addRow([]);
      s.addRow(ROW);
    });
    const read = await readLedger(buffer, DEFAULT_LEDGER_MAPPING);
    expect(read.problems).toEqual([]);
    expect(read.rows.map((r) => r.row)).toEqual([4, 6]);
  });

  it('refuses a formula cell (FORMULA_CELL), not its cached result', async () => {
    const buffer = await xlsx((s) => {
      s.addRow(HEADERS);
      s.addRow(ROW);
      s.getCell('B2').value = { formula: 'DATE(2021,3,1)', result: new Date(Date.UTC(2021, 2, 1)) };
    });
    const read = await readLedger(buffer, DEFAULT_LEDGER_MAPPING);
    expect(read.problems).toEqual([expect.objectContaining({ row: 2, column: '收到日期', code: 'FORMULA_CELL' })]);
    expect(read.rows[0]?.values.receivedOn).toBeUndefined();
    expect(read.rows[0]?.refused).toEqual(['receivedOn']);
  });

  it('refuses a merged cell in a data row (MERGED_CELL), in each row of the range', async () => {
    const buffer = await xlsx((s) => {
      s.addRow(HEADERS);
      s.addRow(ROW);
      s.addRow(ROW);
      s.mergeCells('D2:D3');
    });
    const read = await readLedger(buffer, DEFAULT_LEDGER_MAPPING);
    expect(read.problems.map((p) => [p.row, p.column, p.code])).toEqual([
      [2, '被申请人', 'MERGED_CELL'],
      [3, '被申请人', 'MERGED_CELL'],
    ]);
  });

  it('an empty sheet, or headers without data: EMPTY_SHEET', async () => {
    const empty = await readLedger(await xlsx(() => undefined), DEFAULT_LEDGER_MAPPING);
    expect(empty.problems.map((p) => p.code)).toEqual(['EMPTY_SHEET']);
    const headersOnly = await readLedger(await xlsx((s) => s.addRow(HEADERS)), DEFAULT_LEDGER_MAPPING);
    expect(headersOnly.problems.map((p) => p.code)).toEqual(['EMPTY_SHEET']);
    expect(headersOnly.headers).toEqual(HEADERS);
  });

  it('a cell of 1 MB: TOO_LONG, not a throw', async () => {
    const buffer = await xlsx((s) => {
      s.addRow([...HEADERS, '复议请求']);
      s.addRow([...ROW, 'x'.repeat(1024 * 1024)]);
    });
    const read = await readLedger(buffer, DEFAULT_LEDGER_MAPPING);
    expect(read.problems).toEqual([expect.objectContaining({ row: 2, column: '复议请求', code: 'TOO_LONG' })]);
    expect(read.rows[0]?.values.requestText).toBeUndefined();
  });
});

describe('readLedger: columns', () => {
  it('MISSING_COLUMN for each required field without a column; no rows', async () => {
    const read = await readLedger(
      Buffer.from(
        csv([
          ['案号', '申请人'],
          ['1', '张三'],
        ]),
      ),
      DEFAULT_LEDGER_MAPPING,
    );
    expect(read.rows).toEqual([]);
    expect(read.problems.map((p) => p.code)).toEqual(Array(5).fill('MISSING_COLUMN'));
  });

  it('DUPLICATE_COLUMN when two headers mean one field (收到日期 and 申请日期)', async () => {
    const read = await readLedger(
      Buffer.from(
        csv([
          [...HEADERS, '申请日期'],
          [...ROW, '2021-03-02'],
        ]),
      ),
      DEFAULT_LEDGER_MAPPING,
    );
    expect(read.problems).toEqual([expect.objectContaining({ row: 1, column: '申请日期', code: 'DUPLICATE_COLUMN' })]);
  });

  it('matches headers without their spaces, full-width ones included', async () => {
    const headers = HEADERS.map((h, i) => (i === 1 ? ' 收到\u3000日 期 ' : h));
    const read = await readLedger(Buffer.from(csv([headers, ROW])), DEFAULT_LEDGER_MAPPING);
    expect(read.problems).toEqual([]);
    expect(read.rows[0]?.values.receivedOn).toBe('2021-03-01');
  });
});

describe('readLedger: CSV', () => {
  it('UTF-8 with a BOM, quoted fields, doubled quotes, newlines inside quotes, LF or CRLF', async () => {
    const text = `${HEADERS.join(',')},复议请求\n${ROW.join(',')},"请求撤销""处罚""\r\n第二行"\r\n`;
    const read = await readLedger(
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]),
      DEFAULT_LEDGER_MAPPING,
    );
    expect(read.problems).toEqual([]);
    expect(read.format).toBe('CSV');
    expect(read.rows).toHaveLength(1);
    expect(read.rows[0]?.values.requestText).toBe('请求撤销"处罚"\r\n第二行');
    expect(read.rows[0]?.values.caseNumber).toBe('台复〔2021〕1号');
  });

  it('GBK (GB18030) as Excel on Chinese Windows saves it', async () => {
    // Encoded with iconv's GBK table by hand: 案号,申请人 … would need a table; use the decoder's inverse instead.
    const gbk = encodeGb18030(csv([HEADERS, ROW]));
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(gbk)).toThrow();
    const read = await readLedger(gbk, DEFAULT_LEDGER_MAPPING);
    expect(read.problems).toEqual([]);
    expect(read.rows[0]?.values).toMatchObject({ applicants: '张三', managementDomain: '公安' });
  });

  it('a cell beginning with = is text in a CSV; the export’s leading apostrophe is dropped', async () => {
    const read = await readLedger(
      Buffer.from(
        csv([
          [...HEADERS, '复议请求'],
          [...ROW, "'=SUM(A1)"],
        ]),
      ),
      DEFAULT_LEDGER_MAPPING,
    );
    expect(read.problems).toEqual([]);
    expect(read.rows[0]?.values.requestText).toBe('=SUM(A1)');
  });

  it(`more than ${MAX_LEDGER_ROWS} data rows: TOO_MANY_ROWS, no rows`, async () => {
    const line = `${ROW.join(',')}\n`;
    const read = await readLedger(
      Buffer.from(`${HEADERS.join(',')}\n${line.repeat(MAX_LEDGER_ROWS + 1)}`),
      DEFAULT_LEDGER_MAPPING,
    );
    expect(read.rows).toEqual([]);
    expect(read.problems.map((p) => p.code)).toEqual(['TOO_MANY_ROWS']);
  });
});

describe('readLedger: not a ledger → UNSUPPORTED_FILE, never a throw', () => {
  const cases: Array<[string, Buffer]> = [
    ['a PDF', Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n', 'latin1')],
    ['an XLS 97 file', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0])],
    ['random bytes', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256))],
    ['a truncated zip', Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5])],
    ['UTF-16 text', Buffer.from('\ufeff案号,申请人', 'utf16le')],
  ];
  it.each(cases)('%s', async (_, buffer) => {
    const read = await readLedger(buffer, DEFAULT_LEDGER_MAPPING);
    expect(read).toMatchObject({ format: null, rows: [] });
    expect(read.problems.map((p) => p.code)).toEqual(['UNSUPPORTED_FILE']);
  });

  it('a zip that is not a workbook', async () => {
    const read = await readLedger(zip([['readme.txt', Buffer.from('hello')]]), DEFAULT_LEDGER_MAPPING);
    expect(read.problems.map((p) => p.code)).toEqual(['UNSUPPORTED_FILE']);
  });

  it('a zip bomb whose directory lies about the size is refused before exceljs inflates it', async () => {
    const bomb = Buffer.alloc(64 * 1024 * 1024); // deflates to ~64 KB
    const read = await readLedger(
      zip([
        ['xl/workbook.xml', Buffer.from('<workbook/>')],
        ['xl/worksheets/sheet1.xml', bomb],
      ]),
      DEFAULT_LEDGER_MAPPING,
      { maxInflatedBytes: 16 * 1024 * 1024 },
    );
    expect(read.problems).toEqual([expect.objectContaining({ code: 'UNSUPPORTED_FILE' })]);
    expect(read.problems[0]?.message).toMatch(/zip bomb/);
  });

  it('a corrupt workbook (a sound zip, broken XML) becomes a problem', async () => {
    const read = await readLedger(
      zip([
        ['[Content_Types].xml', Buffer.from('<Types')],
        ['xl/workbook.xml', Buffer.from('<<<not xml')],
      ]),
      DEFAULT_LEDGER_MAPPING,
    );
    expect(read.problems.length).toBeGreaterThan(0);
    expect(read.rows).toEqual([]);
  });
});

describe('validateLedgerMapping (PUT /v1/organs/{id}/ledger-mapping)', () => {
  it('accepts header → field, normalising headers', () => {
    expect(validateLedgerMapping({ ' 收案 日期 ': 'receivedOn', 当事人: 'applicants' })).toEqual({
      mapping: { 收案日期: 'receivedOn', 当事人: 'applicants' },
      problems: [],
    });
  });
  it('names each bad entry', () => {
    const { mapping, problems } = validateLedgerMapping({
      ' ': 'receivedOn',
      案号: 'nope',
      收到日期: 'receivedOn',
      '收到 日期': 'receivedOn',
      __proto__: 'caseNumber',
    });
    expect(mapping).toBeNull();
    expect(problems.map((p) => p.code)).toEqual(['EMPTY_HEADER', 'UNKNOWN_FIELD', 'DUPLICATE_HEADER']);
    expect(validateLedgerMapping([]).problems.map((p) => p.code)).toEqual(['NOT_AN_OBJECT']);
  });
  it('the default mapping maps every header of the case-list export', () => {
    for (const h of [
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
    ]) {
      expect(DEFAULT_LEDGER_MAPPING[normaliseHeader(h)]).toBeDefined();
    }
    expect(LEDGER_PROBLEM_CODES).toContain('TOO_MANY_ROWS');
  });
});

// ── helpers ─────────────────────────────────────────────────────────────────────────────────────────────────────

/** GB18030 encoding by searching the decoder (Node has no GB18030 encoder): enough for the few characters here. */
function encodeGb18030(text: string): Buffer {
  const decoder = new TextDecoder('gb18030');
  const table = new Map<string, Buffer>();
  for (let hi = 0x81; hi <= 0xfe; hi++) {
    for (let lo = 0x40; lo <= 0xfe; lo++) {
      const bytes = Buffer.from([hi, lo]);
      const ch = decoder.decode(bytes);
      if (ch.length === 1 && !table.has(ch)) {
        table.set(ch, bytes);
      }
    }
  }
  return Buffer.concat(
    [...text].map((ch) => (ch.charCodeAt(0) < 0x80 ? Buffer.from(ch, 'latin1') : (table.get(ch) ?? Buffer.from('?')))),
  );
}

/** A minimal zip (deflated entries) whose sizes in the directory are written as 1 byte: a lying directory. */
function zip(entries: Array<[string, Buffer]>): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of entries) {
    const data = deflateRawSync(content);
    const nameBytes = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(1, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(8, 10);
    dir.writeUInt32LE(data.length, 20);
    dir.writeUInt32LE(1, 24);
    dir.writeUInt16LE(nameBytes.length, 28);
    dir.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    central.push(dir, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(central);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(directory.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, eocd]);
}

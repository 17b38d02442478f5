import { inflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { fieldOfHeader, LEDGER_REQUIRED_FIELDS } from './ledger-mapping';
import type { LedgerField, LedgerMapping, LedgerProblem, LedgerRow, ReadLedger } from './ledger-record';

/**
 * Reads a ledger file (issue 12) into rows of text: XLSX (the first worksheet) or CSV (UTF-8 with or without a BOM,
 * or GB18030/GBK as Excel on Chinese Windows saves it). The format is told by content, never by name. Pure: no
 * database, and it never throws — whatever the bytes, the answer is rows and problems.
 */

/** More data rows than this are refused as a whole (TOO_MANY_ROWS): one import job takes at most this many cases. */
export const MAX_LEDGER_ROWS = 200_000;
/** A cell longer than this is refused (TOO_LONG): no field of a case takes more. */
export const MAX_CELL_LENGTH = 2_000;
/** The header row is looked for among the first rows: offices put a title row (…台账) above the headers. */
const HEADER_SEARCH_ROWS = 10;
/** Zip-bomb guards for XLSX: the inflated size of the whole package and its number of entries. */
export const MAX_XLSX_INFLATED_BYTES = 512 * 1024 * 1024;
const MAX_XLSX_ENTRIES = 10_000;

const fileProblem = (code: LedgerProblem['code'], message: string): LedgerProblem => ({
  row: null,
  column: null,
  code,
  message,
});

const unsupported = (message: string): ReadLedger => ({
  format: null,
  sheet: null,
  headers: [],
  rows: [],
  problems: [fileProblem('UNSUPPORTED_FILE', message)],
});

export interface ReadLedgerOptions {
  /** The zip-bomb limit: what the XLSX package may inflate to in all (default MAX_XLSX_INFLATED_BYTES). */
  maxInflatedBytes?: number;
}

export async function readLedger(
  buffer: Buffer,
  mapping: LedgerMapping,
  options: ReadLedgerOptions = {},
): Promise<ReadLedger> {
  try {
    if (startsWith(buffer, [0x50, 0x4b, 0x03, 0x04])) {
      return await readXlsx(buffer, mapping, options.maxInflatedBytes ?? MAX_XLSX_INFLATED_BYTES);
    }
    if (startsWith(buffer, [0xd0, 0xcf, 0x11, 0xe0])) {
      return unsupported('An Excel 97–2003 workbook (.xls) cannot be read: save it as .xlsx or CSV.');
    }
    if (startsWith(buffer, [0x25, 0x50, 0x44, 0x46])) {
      return unsupported('A PDF cannot be read: upload the ledger as .xlsx or CSV.');
    }
    const text = decodeText(buffer);
    if (text === null) {
      return unsupported('The file is neither an XLSX workbook nor a CSV text (UTF-8 or GB18030).');
    }
    return await readCsv(text, mapping);
  } catch (error) {
    // Hostile input must end as a problem, never as a 500: whatever a library throws on it is reported here.
    return unsupported(`The file cannot be read: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function startsWith(buffer: Buffer, bytes: readonly number[]): boolean {
  return buffer.length >= bytes.length && bytes.every((b, i) => buffer[i] === b);
}

// ── CSV ─────────────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * The text of a CSV file, or null when it is not text. UTF-8 first (a BOM says so outright); failing that GB18030
 * (a superset of GBK, which Excel on Chinese Windows uses for "CSV"). Both decoders are fatal, so arbitrary bytes are
 * refused rather than decoded into mojibake; and text with control characters other than tab, CR and LF is binary.
 */
function decodeText(buffer: Buffer): string | null {
  if (buffer.length === 0) {
    return '';
  }
  if (startsWith(buffer, [0xff, 0xfe]) || startsWith(buffer, [0xfe, 0xff])) {
    return null; // UTF-16 ("Unicode text"): not a CSV that this reader takes
  }
  const body = startsWith(buffer, [0xef, 0xbb, 0xbf]) ? buffer.subarray(3) : buffer;
  let text: string | null = null;
  for (const encoding of ['utf-8', 'gb18030']) {
    try {
      text = new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(body);
      break;
    } catch {
      // try the next encoding
    }
  }
  // eslint-disable-next-line no-control-regex
  if (text === null || /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text)) {
    return null;
  }
  return text;
}

/** RFC 4180 records: quoted fields, doubled quotes, CRLF or LF, line breaks inside quotes. */
function* csvRecords(text: string): Generator<string[]> {
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field === '') {
      quoted = true;
      i++;
    } else if (ch === ',') {
      record.push(field);
      field = '';
      i++;
    } else if (ch === '\r' || ch === '\n') {
      record.push(field);
      yield record;
      record = [];
      field = '';
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else {
      field += ch;
      i++;
    }
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    yield record;
  }
}

/**
 * The project's CSV export writes a text cell beginning with = + - @ with a leading apostrophe (CSV injection
 * guard, src/common/export/exports.ts): the apostrophe is not part of the value. A CSV cell is always text, even one
 * beginning with =: only an XLSX formula cell is a formula.
 */
const csvValue = (cell: string): string => (/^'[=+\-@]/.test(cell) ? cell.slice(1) : cell);

/**
 * Rows between two yields to the event loop: reading a 100,000-row ledger takes seconds of CPU, and the service's
 * other requests are answered in between (issue 12 pt 5, "while the service keeps answering reads").
 */
export const LEDGER_ROWS_PER_YIELD = 500;

/** Lets the event loop answer what is waiting (I/O callbacks run before setImmediate's). */
export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

async function readCsv(text: string, mapping: LedgerMapping): Promise<ReadLedger> {
  const table: Array<{ row: number; cells: string[] }> = [];
  let rowNumber = 0;
  for (const record of csvRecords(text)) {
    rowNumber++;
    if (rowNumber % LEDGER_ROWS_PER_YIELD === 0) {
      await yieldToEventLoop();
    }
    if (record.every((c) => c.trim() === '')) {
      continue;
    }
    table.push({ row: rowNumber, cells: record.map(csvValue) });
    if (table.length > MAX_LEDGER_ROWS + HEADER_SEARCH_ROWS + 1) {
      break;
    }
  }
  return tableToLedger('CSV', null, table, mapping);
}

// ── XLSX ────────────────────────────────────────────────────────────────────────────────────────────────────────

/** A cell of a worksheet as this reader sees it. */
type SheetCell = string | { refused: 'FORMULA_CELL' | 'MERGED_CELL' };

async function readXlsx(buffer: Buffer, mapping: LedgerMapping, maxInflated: number): Promise<ReadLedger> {
  const refusal = checkZip(buffer, maxInflated);
  if (refusal !== null) {
    return unsupported(refusal);
  }
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ExcelJS.Buffer);
  const sheet = workbook.worksheets[0];
  if (sheet === undefined) {
    return { format: 'XLSX', sheet: null, headers: [], rows: [], problems: [emptySheet()] };
  }
  if (sheet.actualRowCount > MAX_LEDGER_ROWS + HEADER_SEARCH_ROWS + 1) {
    return {
      format: 'XLSX',
      sheet: sheet.name,
      headers: [],
      rows: [],
      problems: [tooManyRows(sheet.actualRowCount)],
    };
  }
  const table: Array<{ row: number; cells: SheetCell[] }> = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: SheetCell[] = [];
    let empty = true;
    row.eachCell({ includeEmpty: true }, (cell, column) => {
      const value = cellValue(cell);
      if (typeof value !== 'string' || value.trim() !== '') {
        empty = false;
      }
      cells[column - 1] = value;
    });
    if (!empty) {
      for (let c = 0; c < cells.length; c++) {
        cells[c] ??= '';
      }
      table.push({ row: rowNumber, cells });
    }
  });
  return tableToLedger('XLSX', sheet.name, table, mapping);
}

/**
 * A zip-bomb guard before exceljs (JSZip) inflates the package in memory: the central directory must be sound, the
 * package must be a workbook (xl/workbook.xml), and every entry is inflated here with a hard output limit, so that
 * a lying size in the directory cannot make the real inflation larger than `maxInflated` in all.
 * Returns why the file is refused, or null.
 */
function checkZip(buffer: Buffer, maxInflated: number): string | null {
  const notWorkbook = 'The file is a zip archive but not a readable XLSX workbook.';
  const eocd = buffer.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0 || eocd + 22 > buffer.length) {
    return notWorkbook;
  }
  const entries = buffer.readUInt16LE(eocd + 10);
  const directoryOffset = buffer.readUInt32LE(eocd + 16);
  if (entries === 0xffff || directoryOffset === 0xffffffff) {
    return 'The workbook is a ZIP64 archive, larger than an import takes.';
  }
  if (entries > MAX_XLSX_ENTRIES) {
    return notWorkbook;
  }
  let offset = directoryOffset;
  let inflatedTotal = 0;
  let workbookFound = false;
  for (let i = 0; i < entries; i++) {
    if (offset + 46 > buffer.length || buffer.readUInt32LE(offset) !== 0x02014b50) {
      return notWorkbook;
    }
    const flags = buffer.readUInt16LE(offset + 8);
    const method = buffer.readUInt16LE(offset + 10);
    const compressedSize = buffer.readUInt32LE(offset + 20);
    const nameLength = buffer.readUInt16LE(offset + 28);
    const extraLength = buffer.readUInt16LE(offset + 30);
    const commentLength = buffer.readUInt16LE(offset + 32);
    const localOffset = buffer.readUInt32LE(offset + 42);
    const name = buffer.toString('utf8', offset + 46, offset + 46 + nameLength);
    offset += 46 + nameLength + extraLength + commentLength;
    if ((flags & 1) !== 0) {
      return 'The workbook is encrypted (password-protected): save it without a password.';
    }
    if (name === 'xl/workbook.xml') {
      workbookFound = true;
    }
    if (localOffset + 30 > buffer.length || buffer.readUInt32LE(localOffset) !== 0x04034b50) {
      return notWorkbook;
    }
    const dataStart = localOffset + 30 + buffer.readUInt16LE(localOffset + 26) + buffer.readUInt16LE(localOffset + 28);
    if (dataStart + compressedSize > buffer.length) {
      return notWorkbook;
    }
    const remaining = maxInflated - inflatedTotal;
    if (method === 0) {
      inflatedTotal += compressedSize;
    } else if (method === 8) {
      try {
        // maxOutputLength makes zlib stop (RangeError) instead of inflating a bomb to its end.
        inflatedTotal += inflateRawSync(buffer.subarray(dataStart, dataStart + compressedSize), {
          maxOutputLength: Math.max(1, remaining),
        }).length;
      } catch (error) {
        // By code, not instanceof RangeError: the error may come from another realm (jest's vm, a worker).
        return (error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE'
          ? `The workbook inflates to more than ${maxInflated} bytes: it is refused as a zip bomb.`
          : notWorkbook;
      }
    } else {
      return notWorkbook;
    }
    if (inflatedTotal > maxInflated) {
      return `The workbook inflates to more than ${maxInflated} bytes: it is refused as a zip bomb.`;
    }
  }
  return workbookFound ? null : notWorkbook;
}

/** YYYY-MM-DD of a date cell: exceljs gives UTC midnight for a date-only cell, so the UTC parts are the sheet's date. */
function isoDate(date: Date): string {
  if (Number.isNaN(date.getTime())) {
    return '';
  }
  const y = String(date.getUTCFullYear()).padStart(4, '0');
  const m = String(date.getUTCMonth() + 1).padStart(2, '0');
  const d = String(date.getUTCDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

/** A number as written, never in exponent form and without a trailing .0 (1e21 → 1000000000000000000000). */
function plainNumber(n: number): string {
  if (!Number.isFinite(n)) {
    return String(n);
  }
  return n.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 20 });
}

function cellValue(cell: ExcelJS.Cell): SheetCell {
  if (cell.isMerged) {
    return { refused: 'MERGED_CELL' };
  }
  const value = cell.value as unknown;
  if (value === null || value === undefined) {
    return '';
  }
  if (typeof value === 'string') {
    return value;
  }
  if (typeof value === 'number') {
    return plainNumber(value);
  }
  if (typeof value === 'boolean') {
    return value ? 'TRUE' : 'FALSE';
  }
  if (value instanceof Date) {
    return isoDate(value);
  }
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if ('formula' in v || 'sharedFormula' in v) {
      // Its cached result is what a spreadsheet computed, not what the office recorded.
      return { refused: 'FORMULA_CELL' };
    }
    if (Array.isArray(v.richText)) {
      return (v.richText as Array<{ text?: unknown }>).map((r) => (typeof r.text === 'string' ? r.text : '')).join('');
    }
    if ('hyperlink' in v || 'text' in v) {
      const text = v.text;
      if (typeof text === 'string') {
        return text;
      }
      if (typeof text === 'object' && text !== null && Array.isArray((text as { richText?: unknown }).richText)) {
        return ((text as { richText: Array<{ text?: unknown }> }).richText ?? [])
          .map((r) => (typeof r.text === 'string' ? r.text : ''))
          .join('');
      }
      return '';
    }
    if (typeof v.error === 'string') {
      return v.error;
    }
  }
  // A value exceljs does not document (bigint, symbol, an unknown object): nothing the office wrote as text.
  return typeof value === 'bigint' ? value.toString() : '';
}

// ── From a table to rows ────────────────────────────────────────────────────────────────────────────────────────

const emptySheet = (): LedgerProblem =>
  fileProblem('EMPTY_SHEET', 'The sheet has no header row, or no data row under it.');

const tooManyRows = (count: number): LedgerProblem =>
  fileProblem(
    'TOO_MANY_ROWS',
    `The sheet has about ${count} rows; one import takes at most ${MAX_LEDGER_ROWS} data rows: split the ledger.`,
  );

/** The header row: the first of the first non-empty rows that has a mapped header, else the first non-empty row. */
function headerIndex(table: ReadonlyArray<{ cells: SheetCell[] }>, mapping: LedgerMapping): number {
  const limit = Math.min(table.length, HEADER_SEARCH_ROWS);
  for (let i = 0; i < limit; i++) {
    const cells = (table[i] as { cells: SheetCell[] }).cells;
    if (cells.some((c) => typeof c === 'string' && fieldOfHeader(mapping, c) !== undefined)) {
      return i;
    }
  }
  return 0;
}

function tableToLedger(
  format: 'XLSX' | 'CSV',
  sheet: string | null,
  table: ReadonlyArray<{ row: number; cells: SheetCell[] }>,
  mapping: LedgerMapping,
): ReadLedger {
  if (table.length === 0) {
    return { format, sheet, headers: [], rows: [], problems: [emptySheet()] };
  }
  const hi = headerIndex(table, mapping);
  const headerRow = table[hi] as { row: number; cells: SheetCell[] };
  const headers = headerRow.cells.map((c) => (typeof c === 'string' ? c.trim().slice(0, MAX_CELL_LENGTH) : ''));
  const data = table.slice(hi + 1);

  const problems: LedgerProblem[] = [];
  if (data.length === 0) {
    problems.push(emptySheet());
  }
  if (data.length > MAX_LEDGER_ROWS) {
    problems.push(tooManyRows(data.length));
  }
  // Mapped columns: field → its column index and header.
  const columns = new Map<LedgerField, { index: number; header: string }>();
  headers.forEach((header, index) => {
    const field = header === '' ? undefined : fieldOfHeader(mapping, header);
    if (field === undefined) {
      return;
    }
    const first = columns.get(field);
    if (first !== undefined) {
      problems.push({
        row: headerRow.row,
        column: header,
        code: 'DUPLICATE_COLUMN',
        message: `The columns "${first.header}" and "${header}" both mean ${field}: keep one.`,
      });
      return;
    }
    columns.set(field, { index, header });
  });
  for (const field of LEDGER_REQUIRED_FIELDS) {
    if (!columns.has(field)) {
      problems.push({
        row: null,
        column: null,
        code: 'MISSING_COLUMN',
        message: `No column means ${field} (e.g. "${exampleHeader(mapping, field)}"): every row needs it.`,
      });
    }
  }
  if (problems.length > 0) {
    return { format, sheet, headers, rows: [], problems };
  }

  const rows: LedgerRow[] = [];
  const headersOfRow: Partial<Record<LedgerField, string>> = Object.fromEntries(
    [...columns].map(([field, c]) => [field, c.header]),
  );
  for (const { row, cells } of data) {
    const values: Partial<Record<LedgerField, string>> = {};
    const refused: LedgerField[] = [];
    for (const [field, { index, header }] of columns) {
      const cell = cells[index] ?? '';
      if (typeof cell !== 'string') {
        refused.push(field);
        problems.push({
          row,
          column: header,
          code: cell.refused,
          message:
            cell.refused === 'FORMULA_CELL'
              ? 'The cell holds a formula: enter the value the office recorded.'
              : 'The cell is part of a merged range: unmerge it and fill in each row.',
        });
        continue;
      }
      const text = cell.trim();
      if (text.length > MAX_CELL_LENGTH) {
        refused.push(field);
        problems.push({
          row,
          column: header,
          code: 'TOO_LONG',
          message: `The cell has ${text.length} characters; at most ${MAX_CELL_LENGTH} are taken.`,
        });
        continue;
      }
      if (text !== '') {
        values[field] = text;
      }
    }
    if (Object.keys(values).length === 0 && refused.length === 0) {
      continue; // only unmapped columns are filled: nothing of a case
    }
    rows.push({ row, values, headers: headersOfRow, ...(refused.length > 0 ? { refused } : {}) });
  }
  if (rows.length === 0 && problems.length === 0) {
    return { format, sheet, headers, rows: [], problems: [emptySheet()] };
  }
  return { format, sheet, headers, rows, problems };
}

function exampleHeader(mapping: LedgerMapping, field: LedgerField): string {
  return Object.entries(mapping).find(([, f]) => f === field)?.[0] ?? field;
}

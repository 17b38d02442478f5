import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';

export type ExportRow = Array<string | number | null>;

/** A table to export: zh-CN headers and rows of plain values. */
export interface ExportTable {
  sheet: string;
  headers: string[];
  rows: ExportRow[];
}

/** A table too long to hold in memory: its rows arrive in batches (e.g. keyset pages from the database). */
export interface StreamedTable {
  sheet: string;
  headers: string[];
  batches: AsyncIterable<ExportRow[]>;
}

export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';
export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** UTF-8 byte-order mark: Excel on Chinese Windows then opens the CSV without garbling. */
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

const csvLine = (row: ExportRow): string => `${row.map(csvCell).join(',')}\r\n`;

function csvCell(value: string | number | null): string {
  if (value === null) {
    return '';
  }
  const text = String(value);
  // Quote when needed, and neutralise spreadsheet formulas (CSV injection) in text cells.
  const safe = typeof value === 'string' && /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * UTF-8 with a byte-order mark, so that Excel on Chinese Windows opens it without garbling. Several tables are
 * separated by a blank line and each is introduced by its title row (the XLSX sheet name), so that breakdowns with
 * the same columns stay distinguishable.
 */
export function toCsv(tables: ExportTable[]): Buffer {
  const titled = tables.length > 1;
  const body = tables
    .map((t) => [...(titled ? [[t.sheet]] : []), t.headers, ...t.rows].map(csvLine).join(''))
    .join('\r\n');
  return Buffer.concat([BOM, Buffer.from(body, 'utf8')]);
}

/** The CSV of `toCsv` for one table, produced batch by batch: memory holds one batch, whatever the row count. */
export function csvStream(table: StreamedTable): Readable {
  async function* lines(): AsyncGenerator<Buffer> {
    yield Buffer.concat([BOM, Buffer.from(csvLine(table.headers), 'utf8')]);
    for await (const batch of table.batches) {
      yield Buffer.from(batch.map(csvLine).join(''), 'utf8');
    }
  }
  return Readable.from(lines());
}

/**
 * The XLSX of `toXlsx` for one table, written row by row with ExcelJS's streaming writer. Rows are committed as
 * they come (no row objects are kept), but the writer buffers the sheet's XML until the sheet is committed (≈ 0.3 KB
 * per row), hence EXPORT_XLSX_MAX_ROWS. An error while reading a batch destroys the stream, so the client sees a
 * broken download rather than a well-formed but incomplete file.
 */
export function xlsxStream(table: StreamedTable): Readable {
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = 'reconsideration-service';
  const sheet = workbook.addWorksheet(table.sheet);
  sheet.columns = table.headers.map((header) => ({ header, width: 18 }));
  sheet.getRow(1).font = { bold: true };
  void (async () => {
    for await (const batch of table.batches) {
      for (const row of batch) {
        sheet.addRow(row).commit();
      }
    }
    sheet.commit();
    await workbook.commit();
  })().catch((error: unknown) => out.destroy(error instanceof Error ? error : new Error(String(error))));
  return out;
}

export async function toXlsx(tables: ExportTable[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'reconsideration-service';
  for (const t of tables) {
    const sheet = workbook.addWorksheet(t.sheet);
    sheet.addRow(t.headers).font = { bold: true };
    for (const row of t.rows) {
      sheet.addRow(row);
    }
    sheet.columns.forEach((column) => {
      column.width = 18;
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** attachment; filename="ascii fallback"; filename*=UTF-8''<percent-encoded zh name> (RFC 6266 / 5987). */
export function contentDisposition(asciiName: string, chineseName: string): string {
  return `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(chineseName)}`;
}

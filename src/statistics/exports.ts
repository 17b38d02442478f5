import ExcelJS from 'exceljs';

/** A table to export: zh-CN headers and rows of plain values. */
export interface ExportTable {
  sheet: string;
  headers: string[];
  rows: Array<Array<string | number | null>>;
}

export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';
export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

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
    .map((t) =>
      [...(titled ? [[t.sheet]] : []), t.headers, ...t.rows].map((row) => row.map(csvCell).join(',')).join('\r\n'),
    )
    .join('\r\n\r\n');
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${body}\r\n`, 'utf8')]);
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

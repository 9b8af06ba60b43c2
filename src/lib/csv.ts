// CSV files people open in a spreadsheet. csv-stringify quotes what needs quoting; this adds the one thing it
// cannot know: a cell a spreadsheet would run as a formula.
import { stringify } from "csv-stringify/sync";

/**
 * A cell starting with = + - @ (or a tab or carriage return, which some spreadsheets skip before reading one
 * of those) is a formula to Excel and LibreOffice: a client named "=HYPERLINK(…)" or a note typed "@SUM(…)"
 * would run when the file is opened. A leading apostrophe keeps it text (OWASP's advice for CSV injection).
 * Callers write numbers themselves, never negative, so no number is touched.
 */
export const spreadsheetSafe = (cell: string) => (/^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell);

/** A header row and the rows, every cell made spreadsheet-safe; with a BOM, so Excel reads it as UTF-8. */
export function toCsv(header: readonly string[], rows: readonly string[][]): string {
  return stringify([[...header], ...rows.map((row) => row.map(spreadsheetSafe))], { bom: true });
}

/**
 * A CSV cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, or a tab or CR before
 * one: OWASP's "CSV injection") is exported with a leading `'`, which spreadsheets read as "this
 * is text". A hand-written extension's caller ID is the PBX admin's free text, so an export must
 * never hand a formula to whoever opens it.
 *
 * The import strips that one `'` again, so an export reads back unchanged. To keep that exact, a
 * value that itself starts with `'`s before such a character gets one more on export: the two are
 * inverse for every string.
 */
const FORMULA_START = /^'*[=+\-@\t\r]/;

export function neutraliseFormula(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

export function restoreFormulaText(cell: string): string {
  return cell.startsWith("'") && FORMULA_START.test(cell) ? cell.slice(1) : cell;
}

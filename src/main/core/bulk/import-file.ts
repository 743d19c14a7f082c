/**
 * An import file (CSV or JSON, the export's own format) as rows of field values, still
 * unvalidated: the plan validates each row with the shared schemas. Cells are only converted
 * where the CSV cannot say the type (numbers, yes/no, the codec list); anything else is passed on
 * as written, so the schema, not this reader, decides and words the refusal.
 */
import { BULK_COLUMNS, type ImportRowError } from '../../../shared/types';
import { parseCsv } from './csv';
import { ImportFormatError } from './errors';
import { restoreFormulaText } from './spreadsheet-cell';

export interface ImportRecord {
  /** Spreadsheet row (the header is row 1) or JSON item (the first is 1). */
  row: number;
  values: Record<string, unknown>;
}

export interface ImportFile {
  format: 'csv' | 'json';
  records: ImportRecord[];
  /** Problems of the file itself (an unknown column), reported with the rows'. */
  errors: ImportRowError[];
}

/** The JSON export: `{ format, version, extensions: [...] }`; a bare array is read too. */
export const JSON_FORMAT_NAME = 'rayanpbx-extensions';
const MAX_BYTES = 64 * 1024 * 1024;

export function readImportFile(content: string): ImportFile {
  if (content.length > MAX_BYTES) throw new ImportFormatError('the file is larger than 64 MiB');
  const start = content.replace(/^\ufeff/, '').trimStart();
  if (start.startsWith('[') || start.startsWith('{')) return readJson(start);
  return readCsvRows(content);
}

function readJson(text: string): ImportFile {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    // JSON.parse names a position, never quotes the text around it in V8's message form we use.
    const where = /position (\d+)/.exec((err as Error).message)?.[1];
    throw new ImportFormatError(`not valid JSON${where ? ` (at character ${where})` : ''}`);
  }
  const items = Array.isArray(doc)
    ? doc
    : doc && typeof doc === 'object' && Array.isArray((doc as { extensions?: unknown }).extensions)
      ? (doc as { extensions: unknown[] }).extensions
      : null;
  if (!items)
    throw new ImportFormatError(
      `JSON must be a list of extensions or the export's { "format": "${JSON_FORMAT_NAME}", "extensions": [...] }`,
    );
  const errors: ImportRowError[] = [];
  const records: ImportRecord[] = [];
  items.forEach((item, i) => {
    if (!item || typeof item !== 'object' || Array.isArray(item)) {
      errors.push({ row: i + 1, column: '-', reason: 'must be an object of extension fields' });
      return;
    }
    records.push({ row: i + 1, values: { ...(item as Record<string, unknown>) } });
  });
  return { format: 'json', records, errors };
}

function readCsvRows(content: string): ImportFile {
  const all = parseCsv(content);
  if (all.length === 0) throw new ImportFormatError('the file is empty');
  const [header, ...rows] = all;
  const columns = header!.fields.map((c) => c.trim());
  const known = new Set<string>(BULK_COLUMNS);
  const errors: ImportRowError[] = [];
  columns.forEach((c) => {
    if (!known.has(c))
      errors.push({
        row: 1,
        column: c,
        reason: `not a column of the export (columns: ${BULK_COLUMNS.join(', ')})`,
      });
  });
  if (!columns.includes('number'))
    throw new ImportFormatError(
      'the CSV header has no "number" column (the first line must name the columns)',
    );
  const dup = columns.find((c, i) => columns.indexOf(c) !== i);
  if (dup) throw new ImportFormatError(`the CSV header names "${dup}" twice`);
  const records = rows.map((r, i) => {
    const values: Record<string, unknown> = {};
    if (r.fields.length !== columns.length)
      errors.push({
        row: i + 2,
        column: '-',
        reason: `has ${r.fields.length} cells, the header ${columns.length}`,
      });
    columns.forEach((c, j) => {
      const cell = r.fields[j];
      if (cell === undefined || cell === '' || !known.has(c)) return;
      values[c] = cellValue(c, restoreFormulaText(cell));
    });
    return { row: i + 2, values };
  });
  return { format: 'csv', records, errors };
}

const INT_COLUMNS = new Set(['maxContacts', 'qualifyFrequency']);
const BOOL_COLUMNS = new Set(['natFriendly', 'enabled']);
const TRUE = new Set(['yes', 'true', '1']);
const FALSE = new Set(['no', 'false', '0']);

function cellValue(column: string, cell: string): unknown {
  if (INT_COLUMNS.has(column)) return /^\d{1,9}$/.test(cell) ? Number(cell) : cell;
  if (BOOL_COLUMNS.has(column)) {
    const l = cell.toLowerCase();
    return TRUE.has(l) ? true : FALSE.has(l) ? false : cell;
  }
  if (column === 'codecs') return cell.split(',').map((c) => c.trim());
  return cell;
}

/**
 * RFC 4180 CSV, as spreadsheets write it: quoted fields may hold commas, quotes (doubled) and
 * line breaks; records end in LF or CRLF; a UTF-8 BOM (Excel's "CSV UTF-8") is not data.
 * Small enough to own: a dependency for this would be more code to trust than the parser.
 */
import { RayanError } from '../errors/rayan-error';

export class CsvSyntaxError extends RayanError {
  constructor(line: number, problem: string) {
    super('CSV_SYNTAX', `CSV line ${line}: ${problem}; nothing was imported`, { line });
  }
}

export interface CsvRecord {
  fields: string[];
  /** 1-based line of the file where the record starts (a quoted line break spans lines). */
  line: number;
}

/** Every record of `text`; blank lines (no field at all) are skipped. */
export function parseCsv(text: string): CsvRecord[] {
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const out: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  // Whether the current record has anything (a field separator or a character) yet.
  let started = false;
  let i = 0;
  const endRecord = () => {
    fields.push(field);
    if (started) out.push({ fields, line: recordLine });
    fields = [];
    field = '';
    started = false;
  };
  while (i < s.length) {
    const c = s[i]!;
    if (c === '"' && field === '') {
      // A quoted field: up to the closing quote, `""` standing for one quote.
      started = true;
      const open = line;
      i++;
      for (;;) {
        if (i >= s.length) throw new CsvSyntaxError(open, 'a quoted field is never closed');
        const q = s[i]!;
        if (q === '"') {
          if (s[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (q === '\n') line++;
        field += q;
        i++;
      }
      const next = s[i];
      if (
        next !== undefined &&
        next !== ',' &&
        next !== '\n' &&
        !(next === '\r' && s[i + 1] === '\n')
      )
        throw new CsvSyntaxError(
          line,
          'text after a closing quote (a quote inside a field must be doubled: "")',
        );
      continue;
    }
    if (c === ',') {
      started = true;
      fields.push(field);
      field = '';
      i++;
      continue;
    }
    if (c === '\n' || (c === '\r' && s[i + 1] === '\n')) {
      endRecord();
      i += c === '\r' ? 2 : 1;
      line++;
      recordLine = line;
      continue;
    }
    if (c === '"')
      throw new CsvSyntaxError(
        line,
        'a quote inside an unquoted field (quote the whole field and double the quote)',
      );
    started = true;
    field += c;
    i++;
  }
  if (started) endRecord();
  return out;
}

/** One CSV document: fields quoted only when they need it, CRLF after each record (RFC 4180). */
export function toCsv(records: readonly (readonly string[])[], eol = '\r\n'): string {
  // A record of one empty field is written `""`: bare, it would be a blank line, which is skipped.
  return records
    .map((r) => (r.length === 1 && r[0] === '' ? '""' : r.map(quoteField).join(',')) + eol)
    .join('');
}

function quoteField(f: string): string {
  if (!/[",\r\n\ufeff]/.test(f) && f.trim() === f) return f;
  return `"${f.replaceAll('"', '""')}"`;
}

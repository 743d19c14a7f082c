/**
 * Every extension of a host as the console sees it (managed and hand-written), in the format an
 * import reads back unchanged. Passwords only when asked for; where they go is the caller's
 * concern (a 0600 file, see secret-file.ts).
 */
import { BULK_COLUMNS, type ExportedExtension } from '../../../shared/types';
import { listManagedBlocks } from '../config/managed';
import { readExtensions } from '../pjsip/extension-read';
import { toCsv } from './csv';
import { JSON_FORMAT_NAME } from './import-file';
import { passwordOf } from './import-plan';
import { neutraliseFormula } from './spreadsheet-cell';

export function exportExtensions(pjsip: string, withPasswords: boolean): ExportedExtension[] {
  const rows: ExportedExtension[] = readExtensions(pjsip);
  if (!withPasswords) return rows;
  const blocks = new Map(listManagedBlocks(pjsip).map((b) => [b.id, b]));
  return rows.map((r) => {
    const password = passwordOf(pjsip, blocks, r.number);
    return password === null ? r : { ...r, password };
  });
}

export function exportCsv(rows: readonly ExportedExtension[], withPasswords: boolean): string {
  const columns = BULK_COLUMNS.filter((c) => withPasswords || c !== 'password');
  const cell = (r: ExportedExtension, c: (typeof BULK_COLUMNS)[number]): string => {
    const v = r[c];
    if (c === 'managed') return r.managed ? 'managed' : 'hand-written';
    if (Array.isArray(v)) return v.join(',');
    if (typeof v === 'boolean') return v ? 'yes' : 'no';
    return v === undefined ? '' : String(v);
  };
  return toCsv([columns, ...rows.map((r) => columns.map((c) => neutraliseFormula(cell(r, c))))]);
}

export function exportJson(host: string, rows: readonly ExportedExtension[], at: Date): string {
  return (
    JSON.stringify(
      {
        format: JSON_FORMAT_NAME,
        version: 1,
        host,
        exportedAt: at.toISOString(),
        extensions: rows,
      },
      null,
      2,
    ) + '\n'
  );
}

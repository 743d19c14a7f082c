/** Bulk export / import of extensions: the shapes the CLI prints and the Import page shows. */
import type { ApplyResult } from './apply';
import type { Extension } from './extension';
import type { ChangeOptions } from './fleet-api';

/** One extension as exported; `password` only in an export asked for with passwords. */
export interface ExportedExtension extends Extension {
  password?: string;
}

/** The columns of the CSV export, in order (the JSON export uses the same keys). */
export const BULK_COLUMNS = [
  'number',
  'displayName',
  'context',
  'codecs',
  'maxContacts',
  'transport',
  'natFriendly',
  'qualifyFrequency',
  'enabled',
  'managed',
  'password',
] as const;
export type BulkColumn = (typeof BULK_COLUMNS)[number];

/** A row the dry run refused: spreadsheet row (header = 1) or JSON item (first = 1). */
export interface ImportRowError {
  row: number;
  column: string;
  /** The schema's words; never the rejected value. */
  reason: string;
}

/** One field an update changes; a password change is said as such, never shown. */
export interface ImportFieldChange {
  field: string;
  from: string;
  to: string;
}

export interface ImportUpdate {
  number: string;
  row: number;
  changes: ImportFieldChange[];
}

export interface ImportConflict {
  number: string;
  row: number;
  /** hand-written: an endpoint written by hand; reserved: the name is something else's; exists: differs and --update not given. */
  kind: 'hand-written' | 'reserved' | 'exists';
  reason: string;
}

export interface ImportOptions {
  /** Change existing managed extensions whose row differs. */
  update?: boolean;
  /** Delete managed extensions the file does not list. */
  deleteMissing?: boolean;
}

export interface ImportPlan {
  rows: number;
  errors: ImportRowError[];
  create: string[];
  update: ImportUpdate[];
  delete: string[];
  unchanged: number;
  conflicts: ImportConflict[];
  /** Creates without a password: one is generated for each. */
  generatedPasswords: number;
  /** Nothing refused: the plan can be applied. */
  ok: boolean;
}

export interface ImportResult {
  plan: ImportPlan;
  /** Null for a dry run, or when there was nothing to change. */
  apply: ApplyResult | null;
}

/** Progress of a large import, for a bar: `done` of `total` in this phase. */
export interface BulkProgress {
  host: string;
  phase: 'read' | 'plan' | 'write' | 'reload' | 'verify' | 'done';
  done: number;
  total: number;
}

export interface BulkChangeOptions extends ChangeOptions {
  onBulkProgress?: (p: BulkProgress) => void;
}

export interface Credentials {
  number: string;
  password: string;
}

/** An import's outcome with the passwords it generated (for a 0600 file; never over IPC). */
export interface ImportOutcome extends ImportResult {
  generated: Credentials[];
}

export interface RotateOutcome {
  apply: ApplyResult;
  /** The new credentials; empty when the change was rolled back. */
  credentials: Credentials[];
}

/** The bulk part of the fleet facade (FleetApi extends it). */
export interface BulkApi {
  /** Every extension with the console's fields; passwords only when asked (never over IPC). */
  exportExtensions(host: string, opts?: { withPasswords?: boolean }): Promise<ExportedExtension[]>;
  /** The dry run: every row validated, the plan made on the PBX's current files. */
  planImport(host: string, content: string, opts?: ImportOptions): Promise<ImportPlan>;
  /** One write, one reload, every object verified; all or nothing. */
  importExtensions(
    host: string,
    content: string,
    opts?: ImportOptions & BulkChangeOptions,
  ): Promise<ImportOutcome>;
  rotatePasswords(
    host: string,
    numbers: string[] | 'all',
    opts?: BulkChangeOptions,
  ): Promise<RotateOutcome>;
}

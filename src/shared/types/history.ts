import type { ApplyResult } from './apply';
import type { AuditOutcome } from './audit';

/** The change that made a backup, as the audit log of this workstation recorded it. */
export interface HistoryChange {
  at: string;
  osUser: string;
  action: string;
  target: string;
  fieldsChanged: string[];
  outcome: AuditOutcome;
}

/**
 * One write's backups on the PBX: the files as they were just before that write. `id` is the
 * write's stamp and random part (`20261206T231500.123Z-Ab3dEf...`), `at` its ISO time.
 */
export interface HistoryEntry {
  id: string;
  at: string;
  /** The configuration files backed up (full paths on the PBX). */
  files: string[];
  /** Null when no audit record of this workstation names these backups. */
  change: HistoryChange | null;
}

export interface HistoryView {
  host: string;
  /** How many backups per file the host keeps (`rayanpbx host set <host> --backups N`). */
  backupsToKeep: number;
  /** Oldest first, newest last. */
  entries: HistoryEntry[];
}

/** `diff -u <backup> <current>` per file of one entry ('' when the file is unchanged since). */
export interface HistoryDiff {
  id: string;
  files: Array<{ path: string; backup: string; diff: string }>;
}

/** A restore is an ordinary change: its apply, and the entry it restored. */
export interface HistoryRestoreResult {
  apply: ApplyResult;
  id: string;
}

import type { HistoryEntry } from '../../../shared/types';
import { when } from './audit-format';

export const fileName = (p: string) => p.split('/').pop() ?? p;

/** What the History page asks before a restore, and what it then sends. */
export interface RestoreConfirmation {
  title: string;
  message: string;
  confirmLabel: string;
  /** `history/restore`'s input besides the host. */
  request: { id: string; unrecorded?: true };
}

/**
 * A backup this workstation's audit log records is restored as the change it undoes. One it does
 * not record (another workstation's, or a file planted in the config dir) is restored only after
 * the admin has been told exactly which files and which time, and then with `unrecorded`: the
 * core refuses it otherwise.
 */
export function restoreConfirmation(entry: HistoryEntry): RestoreConfirmation {
  const at = when.format(new Date(entry.at));
  if (entry.change)
    return {
      title: 'Restore this backup?',
      message: `Both files go back to how they were before ${entry.change.action} ${entry.change.target}, then Asterisk reloads and the console verifies what it loaded (rolled back if it does not). Anything changed since, by hand or here, is undone.`,
      confirmLabel: 'Restore',
      request: { id: entry.id },
    };
  const files = entry.files.map(fileName).join(' and ');
  return {
    title: 'Restore a backup this console did not record?',
    message: `${files} of ${at} (${entry.id}) is in no audit record of this workstation: another workstation made it, or anyone who can write the config dir put it there. Check the diff above first. Restored, ${files} ${entry.files.length === 1 ? 'becomes' : 'become'} exactly this backup, then Asterisk reloads and the console verifies what it loaded (rolled back if it does not).`,
    confirmLabel: `Restore ${files} of ${at}`,
    request: { id: entry.id, unrecorded: true },
  };
}

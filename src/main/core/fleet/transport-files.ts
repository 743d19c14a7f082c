import type { HostTransport } from '../ssh';
import type { ApplyFiles } from './apply-change';

/**
 * The apply pipeline's view of a host's files: both files in one read and one write, so a change
 * costs two SSH round trips however many files it touches (one when the connection already holds
 * the files' bytes: see applyChange).
 */
export function transportFiles(t: HostTransport, backupsToKeep: number): ApplyFiles {
  return {
    readFiles: (paths) => t.readFiles(paths),
    cachedFiles: (paths) => t.cachedFiles(paths),
    writeFiles: (files) => t.writeFilesAtomic(files, { backupsToKeep }),
    get roundTrips() {
      return t.roundTrips;
    },
  };
}

import type { HostTransport } from '../ssh';
import type { ApplyFiles } from './apply-change';

/** The apply pipeline's view of a host's files, over its SSH or local transport. */
export function transportFiles(t: HostTransport, backupsToKeep: number): ApplyFiles {
  return {
    readFiles: (paths) => Promise.all(paths.map((p) => t.readFile(p))),
    async writeFiles(files) {
      const out: Array<{ hash: string }> = [];
      for (const f of files)
        out.push(
          await t.writeFileAtomic(f.path, f.content, {
            expectedHash: f.expectedHash,
            backupsToKeep,
          }),
        );
      return out;
    },
    get roundTrips() {
      return t.roundTrips;
    },
  };
}

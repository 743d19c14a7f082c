import fs from 'node:fs';
import path from 'node:path';

/**
 * Calls `onChange` (debounced) whenever `file` is replaced or written. The directory is watched,
 * not the file: every writer replaces the file by a rename, which a watch on the file itself
 * would stop following after the first one.
 */
export function watchSettingsFile(
  file: string,
  onChange: () => void,
  debounceMs = 150,
): () => void {
  const dir = path.dirname(file);
  const base = path.basename(file);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  let timer: NodeJS.Timeout | null = null;
  const watcher = fs.watch(dir, (_event, name) => {
    // Some platforms do not say which file changed: then it may have been this one.
    if (name !== null && name !== base) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      onChange();
    }, debounceMs);
  });
  // A watch that fails (the folder removed) only stops following; the app keeps working.
  watcher.on('error', () => undefined);
  return () => {
    if (timer) clearTimeout(timer);
    watcher.close();
  };
}

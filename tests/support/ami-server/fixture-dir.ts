import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** The pjsip.conf and extensions.conf of the host the transcripts were recorded on. */
export const RECORDING_CONFIG_DIR = join(here, 'fixtures');

/**
 * A writable copy of the recording host's config dir (tests edit pjsip.conf and reload).
 * `cleanup()` removes it.
 */
export function tempConfigDir(files: Record<string, string> = {}): {
  dir: string;
  write: (name: string, text: string) => void;
  cleanup: () => void;
} {
  const dir = mkdtempSync(join(tmpdir(), 'rayan-ami-'));
  cpSync(RECORDING_CONFIG_DIR, dir, { recursive: true });
  const write = (name: string, text: string): void => writeFileSync(join(dir, name), text);
  for (const [name, text] of Object.entries(files)) write(name, text);
  return { dir, write, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

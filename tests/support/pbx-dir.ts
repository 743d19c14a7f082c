/**
 * A temp "PBX" configuration directory per test: pjsip.conf and extensions.conf with the
 * content the test gives, readable by the non-root test accounts, removed by cleanup().
 */
import { chmod, chown, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PbxFiles {
  'pjsip.conf'?: string;
  'extensions.conf'?: string;
  [name: string]: string | undefined;
}

export interface PbxDirOptions {
  /** Directory mode (default 0o755 so the test accounts can reach it). */
  mode?: number;
  /** chown the directory (and the files) to this uid/gid, e.g. a non-root test user. */
  owner?: { uid: number; gid: number };
  /** Mode of the files written (default 0o644). */
  fileMode?: number;
}

export interface PbxDir {
  readonly dir: string;
  path(name: string): string;
  read(name: string): Promise<string>;
  readBytes(name: string): Promise<Buffer>;
  exists(name: string): Promise<boolean>;
  write(name: string, content: string): Promise<void>;
  /** File names in the directory, sorted (temp and backup files included). */
  list(): Promise<string[]>;
  stat(name: string): Promise<{ uid: number; gid: number; mode: number; size: number }>;
  cleanup(): Promise<void>;
}

export async function createPbxDir(
  files: PbxFiles = {},
  options: PbxDirOptions = {},
): Promise<PbxDir> {
  const dir = await mkdtemp(join(tmpdir(), 'rayanpbx-pbx-'));
  await chmod(dir, options.mode ?? 0o755);
  if (options.owner) await chown(dir, options.owner.uid, options.owner.gid);

  const path = (name: string) => join(dir, name);
  const write = async (name: string, content: string) => {
    await writeFile(path(name), content);
    await chmod(path(name), options.fileMode ?? 0o644);
    if (options.owner) await chown(path(name), options.owner.uid, options.owner.gid);
  };
  for (const [name, content] of Object.entries(files)) {
    if (content !== undefined) await write(name, content);
  }

  return {
    dir,
    path,
    read: (name) => readFile(path(name), 'utf8'),
    readBytes: (name) => readFile(path(name)),
    exists: (name) =>
      stat(path(name)).then(
        () => true,
        () => false,
      ),
    write,
    list: async () => (await readdir(dir)).sort(),
    stat: async (name) => {
      const s = await stat(path(name));
      return { uid: s.uid, gid: s.gid, mode: s.mode & 0o7777, size: s.size };
    },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

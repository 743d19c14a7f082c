import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { withFileLock } from './file-lock';

/**
 * The settings file as key → JSON value. electron-store implements the same two calls over the
 * same file in the app; the CLI and tests use the plain-file backend below.
 */
export interface SettingsBackend {
  get<T>(key: string): T | undefined;
  set(key: string, value: unknown): void;
  /**
   * Read-modify-write of one key that no other writer can interleave with (several CLI processes
   * adding hosts at once must not lose one). Optional: a backend without it gets get + set.
   */
  update?<T>(key: string, fn: (current: T | undefined) => unknown): void;
}

/** `update` where the backend has it, else get then set (single-process backends). */
export function updateSetting<T>(
  s: SettingsBackend,
  key: string,
  fn: (current: T | undefined) => unknown,
): void {
  if (s.update) s.update<T>(key, fn);
  else s.set(key, fn(s.get<T>(key)));
}

export class JsonFileSettings implements SettingsBackend {
  constructor(private readonly file: string) {}

  private readAll(): Record<string, unknown> {
    try {
      return JSON.parse(fs.readFileSync(this.file, 'utf8')) as Record<string, unknown>;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw new Error(`Settings file ${this.file} is not valid JSON: fix or remove it.`);
    }
  }

  get<T>(key: string): T | undefined {
    return this.readAll()[key] as T | undefined;
  }

  set(key: string, value: unknown): void {
    this.update(key, () => value);
  }

  /**
   * Under `<file>.lock` (every process that writes the file takes it), re-reads the whole file,
   * changes `key`, writes a temp file and renames it over the file: readers see the old or the
   * new file, never a torn one, and concurrent writers never lose each other's keys.
   */
  update<T>(key: string, fn: (current: T | undefined) => unknown): void {
    fs.mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
    withFileLock(`${this.file}.lock`, () => {
      const all = this.readAll();
      all[key] = fn(all[key] as T | undefined);
      const tmp = `${this.file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
      try {
        fs.writeFileSync(tmp, JSON.stringify(all, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
        fs.renameSync(tmp, this.file);
      } catch (e) {
        fs.rmSync(tmp, { force: true });
        throw e;
      }
    });
  }
}

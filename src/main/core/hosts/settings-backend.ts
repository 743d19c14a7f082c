import fs from 'node:fs';
import path from 'node:path';

/**
 * The settings file as key → JSON value. electron-store implements the same two calls over the
 * same file in the app; the CLI and tests use the plain-file backend below.
 */
export interface SettingsBackend {
  get<T>(key: string): T | undefined;
  set(key: string, value: unknown): void;
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
    const all = this.readAll();
    all[key] = value;
    fs.mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
    // Atomic replace: a crash mid-write must not leave a truncated settings file.
    const tmp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(all, null, 2) + '\n', { mode: 0o600 });
    fs.renameSync(tmp, this.file);
  }
}

import { NotASmallFileError, readSmallRegularFile } from '../main/core/files/small-file';
import { UsageError } from './args';

/** Secrets come on stdin, never argv: argv is visible to every user through `ps`. */
export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** A secret file is a few bytes: anything bigger is the wrong file (or /dev/zero). */
const MAX_SECRET_FILE_BYTES = 4096;

/**
 * The secret in file `path`, one trailing newline dropped. A regular file of at most 4 KiB (see
 * readSmallRegularFile: a FIFO or a device is refused at once instead of hanging the CLI).
 */
export async function readSecretFile(path: string, option: string): Promise<string> {
  try {
    const buf = await readSmallRegularFile(path, MAX_SECRET_FILE_BYTES);
    return buf.toString('utf8').replace(/\r?\n$/, '');
  } catch (e) {
    if (e instanceof NotASmallFileError) throw new UsageError(`${option} ${e.message}`);
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`${option} ${path}: cannot read it (${code ?? String(e)})`);
  }
}

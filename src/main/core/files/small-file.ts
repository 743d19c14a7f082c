/**
 * Reading a file that should be small (a private key, a password file) from a path a user or a
 * config file named. Without checks, `/dev/zero` grows the process until it dies and a FIFO
 * blocks it forever; so the file must be a regular file no larger than the caller's bound.
 */
import { constants, type Stats } from 'node:fs';
import { open } from 'node:fs/promises';
import { RayanError } from '../errors/rayan-error';

/** The path names something that is not a small regular file; `why` says what it is. */
export class NotASmallFileError extends RayanError {
  constructor(
    readonly path: string,
    readonly why: string,
  ) {
    super('FILE_NOT_SMALL_REGULAR', `${path}: ${why}`, { path, why });
  }
}

function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

const kib = (n: number) => (n % 1024 === 0 ? `${n / 1024} KiB` : `${n} bytes`);

/**
 * The bytes of `path`, if it is a regular file of at most `maxBytes`. Opened with O_NONBLOCK so
 * that a FIFO is refused at once (a blocking open would wait for a writer), checked on the open
 * descriptor (no swap between check and read), and read at most `maxBytes + 1` bytes whatever the
 * size claimed. Errors of open(2) itself (ENOENT, EACCES) are passed through as they are.
 */
export async function readSmallRegularFile(path: string, maxBytes: number): Promise<Buffer> {
  const fh = await open(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  try {
    const st = await fh.stat();
    if (!st.isFile()) throw new NotASmallFileError(path, `${kindOf(st)}, not a regular file`);
    if (st.size > maxBytes)
      throw new NotASmallFileError(
        path,
        `${st.size} bytes, more than the ${kib(maxBytes)} allowed`,
      );
    const buf = Buffer.alloc(maxBytes + 1);
    let got = 0;
    for (;;) {
      const { bytesRead } = await fh.read(buf, got, buf.length - got, got);
      if (bytesRead === 0) break;
      got += bytesRead;
      if (got > maxBytes)
        throw new NotASmallFileError(path, `more than the ${kib(maxBytes)} allowed`);
    }
    return buf.subarray(0, got);
  } finally {
    await fh.close();
  }
}

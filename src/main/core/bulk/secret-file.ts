/**
 * Files that hold SIP passwords (an export with passwords, generated or rotated credentials):
 * created new (O_EXCL: never an existing file, never through a planted link) with mode 0600,
 * before the change is made, so a file that cannot be created stops the change instead of
 * losing the only copy of new passwords after it.
 */
import fs from 'node:fs';
import { SecretFileExistsError } from './errors';

export interface SecretFile {
  readonly path: string;
  write(content: string): void;
  /** Removes the (still empty) file: the change it was for did not happen. */
  discard(): void;
}

export function createSecretFile(path: string): SecretFile {
  let fd: number;
  try {
    fd = fs.openSync(
      path,
      fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL,
      0o600,
    );
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new SecretFileExistsError(path);
    throw err;
  }
  // The umask can only take bits away from 0600; this makes sure of the rest.
  fs.fchmodSync(fd, 0o600);
  let open = true;
  const close = () => {
    if (open) fs.closeSync(fd);
    open = false;
  };
  return {
    path,
    write(content) {
      fs.writeSync(fd, content);
      fs.fsyncSync(fd);
      close();
    },
    discard() {
      close();
      fs.rmSync(path, { force: true });
    },
  };
}

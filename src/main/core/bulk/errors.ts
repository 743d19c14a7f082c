import { RayanError } from '../errors/rayan-error';

/** The import file is not one this console reads (not CSV or JSON in the export's format). */
export class ImportFormatError extends RayanError {
  constructor(message: string) {
    super('IMPORT_FORMAT', `${message}; nothing was imported`);
  }
}

/** A real import whose plan refuses rows: nothing is written until the file is fixed. */
export class ImportRefusedError extends RayanError {
  constructor(errors: number, conflicts: number) {
    super(
      'IMPORT_REFUSED',
      `the import was not applied: ${errors} row error(s) and ${conflicts} conflict(s); run it with --dry-run (or the Import page's check) to see each one, fix the file and retry`,
      { errors, conflicts },
    );
  }
}

/** A credentials file that must not exist yet (it is created 0600, never overwritten). */
export class SecretFileExistsError extends RayanError {
  constructor(path: string) {
    super(
      'SECRET_FILE_EXISTS',
      `${path} already exists: credentials are only written to a new file (created 0600); name another or remove it first`,
      { path },
    );
  }
}

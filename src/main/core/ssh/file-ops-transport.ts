import type { FileOps } from './file-ops';
import type {
  BatchWriteFile,
  BatchWriteOptions,
  FileSnapshot,
  WriteOptions,
  WriteResult,
} from './types';

/**
 * The file half of a HostTransport, the same for ssh and local: both run the one FileOps
 * algorithm over their own way of starting a command.
 */
export abstract class FileOpsTransport {
  protected abstract readonly files: FileOps;

  readFile(path: string): Promise<FileSnapshot> {
    return this.files.readFile(path);
  }

  readFiles(paths: string[]): Promise<FileSnapshot[]> {
    return this.files.readFiles(paths);
  }

  cachedFiles(paths: string[]): FileSnapshot[] | null {
    return this.files.cachedFiles(paths);
  }

  writeFileAtomic(path: string, content: string, opts: WriteOptions): Promise<WriteResult> {
    return this.files.writeFileAtomic(path, content, opts);
  }

  writeFilesAtomic(files: BatchWriteFile[], opts?: BatchWriteOptions): Promise<WriteResult[]> {
    return this.files.writeFilesAtomic(files, opts);
  }
}

import type { Duplex } from 'node:stream';

export interface FileSnapshot {
  path: string;
  /**
   * The content as text ('' when the file does not exist): UTF-8, except that bytes which are
   * not valid UTF-8 appear as the lone surrogates U+DC80–U+DCFF, and writing turns them back
   * into the same bytes. Text copied unchanged from here is written back byte for byte.
   */
  content: string;
  /** sha256 hex of the bytes read, computed locally; '' when the file does not exist. */
  hash: string;
  exists: boolean;
}

/** Points of a safe write (one file or a batch: each phase happens once per batch), in order. Exposed for fault-injection tests (see WriteHooks). */
export type WritePhase =
  /** The temp-file upload started: the first chunk of the content is on the wire. */
  | 'temp-transfer'
  /** The temp files are complete on the host, which waits for the new contents' hashes. */
  | 'temp-written'
  /** The host has the hashes and is checking, backing up and renaming. */
  | 'commit-sent'
  /** Only with `pauseBeforeRename`: the commit waits just before the first `mv`. */
  | 'before-rename'
  /** The renames happened. */
  | 'committed';

/**
 * Test hooks for fault injection. Production callers leave them unset.
 * @internal
 */
export interface WriteHooks {
  /** Awaited at each phase; a test may drop the connection from here. */
  onPhase?: (phase: WritePhase) => void | Promise<void>;
  /**
   * Makes the commit stop right before the rename and wait for the client's go-ahead on
   * stdin; if the connection dies meanwhile, the rename does not happen. Lets a test kill the
   * connection at exactly that point instead of racing the remote shell.
   */
  pauseBeforeRename?: boolean;
  /**
   * With `pauseBeforeRename`: closes the command's channel (not the connection) right after the
   * go-ahead, so the host renames with nobody listening and the outcome is unknown.
   */
  dropChannelAfterGo?: boolean;
}

export interface WriteOptions {
  /** sha256 hex of the content the caller read; null = the file must not exist. */
  expectedHash: string | null;
  /** Timestamped backups kept beside the file (newest first). Default 10; 0 keeps none. */
  backupsToKeep?: number;
  /** @internal fault-injection hooks (tests only). */
  hooks?: WriteHooks;
}

/** One file of a batch write. */
export interface BatchWriteFile {
  path: string;
  content: string;
  /** sha256 hex of the content the caller read; null = the file must not exist. */
  expectedHash: string | null;
  /**
   * The content as read (hashing to expectedHash). Given, only the changed middle of the file is
   * uploaded and the host keeps the unchanged head and tail from its current copy.
   */
  previous?: string;
}

export interface BatchWriteOptions {
  /** Timestamped backups kept beside each file (newest first). Default 10; 0 keeps none. */
  backupsToKeep?: number;
  /** @internal fault-injection hooks (tests only). */
  hooks?: WriteHooks;
}

export interface WriteResult {
  path: string;
  /** sha256 hex of what was written. */
  hash: string;
  /** The backup of the previous content, or null (new file, or backupsToKeep 0). */
  backupPath: string | null;
  /** Bytes of this file that travelled to the host (less than its size when only a delta did). */
  sentBytes: number;
  /**
   * Written without the lock of its directory (write.sh: held by another account for its whole
   * wait, or a flock that cannot wait): a write made at the same moment elsewhere may have
   * passed its check too, and one of the two changes may be lost (a host without flock: every
   * write). Absent: written locked.
   */
  unlocked?: true;
}

export interface ExecResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface ExecOptions {
  stdin?: string;
  /** Run through `sudo -n`. Default: whether the host is marked sudo. */
  sudo?: boolean;
  timeoutMs?: number;
}

/**
 * A host's configuration files: reads, and safe writes checked against the hash they were made
 * on. The same for ssh and local (one FileOps over each one's way of starting a command).
 */
export interface HostFiles {
  readFile(path: string): Promise<FileSnapshot>;
  /** Several files in ONE round trip, in the order given (a missing file: exists false). */
  readFiles(paths: string[]): Promise<FileSnapshot[]>;
  /**
   * These files as this connection last read or wrote them, without a round trip; null unless
   * it holds all of them. Only for a write that names their hash (it is refused if stale).
   */
  cachedFiles(paths: string[]): FileSnapshot[] | null;
  writeFileAtomic(path: string, content: string, opts: WriteOptions): Promise<WriteResult>;
  /**
   * Several files in ONE round trip, results in the order given. Every
   * target's hash is checked before any is replaced: one changed file (ConcurrentModificationError
   * naming it) means none is written. Each file is replaced by its own atomic rename.
   */
  writeFilesAtomic(files: BatchWriteFile[], opts?: BatchWriteOptions): Promise<WriteResult[]>;
}

export interface HostTransport {
  readonly kind: 'ssh' | 'local';
  /** Name used in messages (alias or host). */
  readonly label: string;
  readonly files: HostFiles;
  exec(command: string, opts?: ExecOptions): Promise<ExecResult>;
  /** ssh: a `forwardOut` channel from the host; local: `net.connect`. */
  openTcpStream(host: string, port: number): Promise<Duplex>;
  /** Requests issued so far (exec, sftp, forward; a local process or fs call counts 1). */
  readonly roundTrips: number;
  /** Called once when the connection goes away (ssh only; never for local). */
  onDisconnect(listener: (reason: string) => void): () => void;
  close(): Promise<void>;
}

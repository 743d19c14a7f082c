import { posix } from 'node:path';
import type {
  AuditRecord,
  HistoryDiff,
  HistoryRestoreResult,
  HistoryView,
} from '../../../shared/types';
import { applyChange, type EditOutcome } from '../fleet/apply-change';
import type { HostSession } from '../fleet/host-session';
import { applyAmiOf, HostOperations } from '../fleet/host-operations';
import { transportFiles } from '../fleet/transport-files';
import { DEFAULT_BACKUPS_TO_KEEP } from '../ssh/file-ops';
import {
  BackupNotFoundError,
  historyEntries,
  isBackupId,
  listBackups,
  readBackups,
  type Backup,
} from './backups';
import { restoreVerifySteps } from './restore-plan';
import { unifiedDiff } from './unified-diff';

/**
 * The backups the console's writes left on one PBX: listed with what made them (the audit
 * log), compared with the files now, and restored through the same write → reload → verify
 * path as any change (so the restore is itself backed up, recorded and listed).
 */
export class HistoryOperations {
  constructor(
    private readonly session: HostSession,
    /** This workstation's audit records of the host (they say what each backup was for). */
    private readonly audit: () => Promise<AuditRecord[]>,
  ) {}

  private get targets(): string[] {
    return [this.session.pjsipPath, this.session.extensionsPath];
  }

  private async backups(): Promise<Backup[]> {
    return listBackups(await this.session.transport(), this.targets);
  }

  async list(): Promise<HistoryView> {
    const [backups, audit] = await Promise.all([this.backups(), this.audit()]);
    return {
      host: this.session.config.name,
      backupsToKeep: this.session.config.backupsToKeep ?? DEFAULT_BACKUPS_TO_KEEP,
      entries: historyEntries(backups, audit),
    };
  }

  /** The backups of one entry and their content, per file. */
  private async entry(id: string): Promise<Array<{ backup: Backup; content: string }>> {
    const name = this.session.config.name;
    if (!isBackupId(id)) throw new BackupNotFoundError(name, id);
    const backups = (await this.backups()).filter((b) => b.id === id);
    if (backups.length === 0) throw new BackupNotFoundError(name, id);
    const t = await this.session.transport();
    const out: Array<{ backup: Backup; content: string }> = [];
    for (const b of backups) {
      const [content] = await readBackups(t, b.target, [b.path]);
      out.push({ backup: b, content: content! });
    }
    return out;
  }

  async diff(id: string): Promise<HistoryDiff> {
    const files = await this.entry(id);
    const t = await this.session.transport();
    const now = await t.readFiles(files.map((f) => f.backup.target));
    return {
      id,
      files: files.map((f, i) => ({
        path: f.backup.target,
        backup: f.backup.path,
        diff: unifiedDiff(f.content, now[i]!.content, f.backup.path, f.backup.target),
      })),
    };
  }

  /** Both files back as the backup has them, as one verified change. */
  async restore(id: string): Promise<HistoryRestoreResult> {
    const files = await this.entry(id);
    const pjsip = files.find((f) => f.backup.target === this.session.pjsipPath)?.content;
    const extensions = files.find((f) => f.backup.target === this.session.extensionsPath)?.content;
    const ops = new HostOperations(this.session);
    const ami = await this.session.ami();
    const apply = await applyChange(
      transportFiles(await this.session.transport(), this.session.config.backupsToKeep),
      ami && applyAmiOf(ami),
      {
        pjsipPath: this.session.pjsipPath,
        extensionsPath: this.session.extensionsPath,
        needsDialplan: extensions !== undefined,
      },
      (cur): EditOutcome => ({
        pjsip,
        extensions,
        verify: pjsip === undefined ? [] : restoreVerifySteps(cur.pjsip, pjsip),
        dialplan:
          extensions !== undefined && extensions !== cur.extensions
            ? { diff: null, reloadReason: `extensions.conf restored from backup ${id}` }
            : undefined,
      }),
      ops.applyOptions(
        {},
        {
          action: 'history.restore',
          target: id,
          fieldsChanged: files.map((f) => `${posix.basename(f.backup.target)}: restored`),
        },
      ),
    );
    return { apply, id };
  }
}

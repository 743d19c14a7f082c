import { posix } from 'node:path';
import type {
  AuditRecord,
  HistoryDiff,
  HistoryRestoreResult,
  HistoryView,
} from '../../../shared/types';
import { maskSecretsPair } from '../config/mask-secrets';
import { applyChange, type EditOutcome } from '../fleet/apply-change';
import type { HostSession } from '../fleet/host-session';
import { applyAmiOf, HostOperations } from '../fleet/host-operations';
import { DEFAULT_BACKUPS_TO_KEEP } from '../ssh/file-ops';
import {
  BackupNotFoundError,
  UnrecordedBackupError,
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
    const now = await t.files.readFiles(files.map((f) => f.backup.target));
    return {
      id,
      files: files.map((f, i) => {
        // Neither side's credentials leave the core: a changed one reads `******** (changed)`.
        const [then, current] = maskSecretsPair(f.content, now[i]!.content);
        return {
          path: f.backup.target,
          backup: f.backup.path,
          diff: unifiedDiff(then, current, f.backup.path, f.backup.target),
        };
      }),
    };
  }

  /**
   * The files back as the backup has them, as one verified change. Only the backups this
   * workstation's audit record of that write lists: a file named and owned like a backup may
   * have been planted by whoever can write the config dir, so one no record lists is restored
   * only when asked (`unrecorded`).
   */
  async restore(id: string, opts: { unrecorded?: boolean } = {}): Promise<HistoryRestoreResult> {
    const recorded = new Set((await this.audit()).flatMap((r) => r.backups));
    const all = await this.entry(id);
    const files = opts.unrecorded ? all : all.filter((f) => recorded.has(f.backup.path));
    if (files.length === 0) throw new UnrecordedBackupError(this.session.config.name, id);
    const pjsip = files.find((f) => f.backup.target === this.session.pjsipPath)?.content;
    const extensions = files.find((f) => f.backup.target === this.session.extensionsPath)?.content;
    const ops = new HostOperations(this.session);
    const ami = await this.session.ami();
    const { apply } = await applyChange(
      await this.session.transport(),
      ami && applyAmiOf(ami),
      this.session.applyTarget(extensions !== undefined),
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

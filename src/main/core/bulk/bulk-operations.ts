/**
 * Bulk changes on one host: export, the import's dry run and real import, password rotation.
 * A real import or rotation is ONE change through the safe path (applyChange): one write of
 * pjsip.conf and extensions.conf, one res_pjsip reload, the dialplan lines applied live, every
 * object verified; any mismatch puts both files back, so it is all or nothing.
 */
import type {
  ApplyResult,
  BulkChangeOptions,
  BulkProgress,
  Credentials,
  ImportOutcome,
  RotateOutcome,
  ExportedExtension,
  ImportOptions,
  ImportPlan,
} from '../../../shared/types';
import { extensionNumberInput } from '../../../shared/schemas';
import { listManagedBlocks } from '../config/managed';
import { editManagedBlocks } from '../config/managed';
import { validateInput } from '../config/validate';
import { applyChange, type ApplyFiles, type VerifyStep } from '../fleet/apply-change';
import { applyAmiOf, type HostOperations } from '../fleet/host-operations';
import { withDialplan } from '../fleet/dialplan-outcome';
import type { HostSession } from '../fleet/host-session';
import type { AuditSubject } from '../fleet/audit-subject';
import { ExtensionNotFoundError, ReadOnlyExtensionError } from '../pjsip/errors';
import { extensionBlockId, readExtensions } from '../pjsip/extension-read';
import { generatePassword } from '../pjsip/password';
import { exportExtensions } from './export';
import { readImportFile } from './import-file';
import { planImport, updatedBody } from './import-plan';
import { ImportRefusedError } from './errors';
import { VerifyProgress } from './verify-progress';

/** A bulk change applies its dialplan live up to this many numbers (a reload beyond). */
export const BULK_MAX_LIVE_NUMBERS = 5_000;

export class BulkOperations {
  constructor(
    private readonly session: HostSession,
    private readonly ops: HostOperations,
  ) {}

  private get name(): string {
    return this.session.config.name;
  }

  private async readBoth(): Promise<{ pjsip: string; extensions: string | null }> {
    const transport = await this.session.transport();
    const [pj, ex] = await transport.files.readFiles([
      this.session.pjsipPath,
      this.session.extensionsPath,
    ]);
    return { pjsip: pj!.content, extensions: ex!.exists ? ex!.content : null };
  }

  async exportExtensions(withPasswords: boolean): Promise<ExportedExtension[]> {
    return exportExtensions((await this.readBoth()).pjsip, withPasswords);
  }

  async planImport(content: string, opts: ImportOptions = {}): Promise<ImportPlan> {
    const file = readImportFile(content);
    const cur = await this.readBoth();
    return planImport(cur.pjsip, cur.extensions, file, opts).plan;
  }

  async importExtensions(
    content: string,
    opts: ImportOptions & BulkChangeOptions = {},
  ): Promise<ImportOutcome> {
    const file = readImportFile(content);
    const progress = this.progress(opts);
    progress('read', 0, file.records.length);
    // Filled by the edit that is applied: the audit record says what the import did.
    const fieldsChanged: string[] = [];
    const what = { action: 'ext.import', target: `${file.records.length} row(s)`, fieldsChanged };
    const { apply, change } = await this.applyBulk(
      what,
      (cur) => {
        const planned = planImport(cur.pjsip, cur.extensions, file, opts);
        progress('plan', file.records.length, file.records.length);
        if (!planned.plan.ok)
          throw new ImportRefusedError(planned.plan.errors.length, planned.plan.conflicts.length);
        fieldsChanged.splice(0, fieldsChanged.length, ...importSummary(planned.plan));
        return { pjsip: planned.pjsip ?? cur.pjsip, verify: planned.verify, planned };
      },
      opts,
    );
    return {
      plan: change.planned.plan,
      apply,
      generated: apply.rolledBack ? [] : change.planned.generated,
    };
  }

  /**
   * New passwords for these managed extensions (or every managed one): one change, verified.
   * A hand-written or unknown number refuses the whole rotation before anything is written.
   */
  async rotatePasswords(
    numbers: string[] | 'all',
    opts: BulkChangeOptions = {},
  ): Promise<RotateOutcome> {
    const wanted =
      numbers === 'all' ? null : numbers.map((n) => validateInput(extensionNumberInput, n));
    const fieldsChanged: string[] = [];
    const target = numbers === 'all' ? 'all managed extensions' : numbers.join(',');
    const { apply, change } = await this.applyBulk(
      { action: 'ext.rotate-passwords', target, fieldsChanged },
      (cur) => {
        const all = readExtensions(cur.pjsip, this.session.memo);
        const byNumber = new Map(all.map((e) => [e.number, e]));
        const targets = wanted ?? all.filter((e) => e.managed).map((e) => e.number);
        for (const n of targets) {
          const e = byNumber.get(n);
          if (!e) throw new ExtensionNotFoundError(n);
          if (!e.managed) throw new ReadOnlyExtensionError(n);
        }
        const blocks = new Map(
          listManagedBlocks(cur.pjsip, this.session.memo).map((b) => [b.id, b]),
        );
        const replace = new Map<string, string>();
        const verify: VerifyStep[] = [];
        const credentials: Credentials[] = targets.map((number) => ({
          number,
          password: generatePassword(),
        }));
        fieldsChanged.splice(
          0,
          fieldsChanged.length,
          `password: changed (${targets.length} extension(s))`,
        );
        for (const { number, password } of credentials) {
          const block = blocks.get(extensionBlockId(number))!;
          const r = updatedBody(number, block, { password }, [
            { field: 'password', from: '', to: 'changed' },
          ]);
          replace.set(block.id, r.body);
          if (r.extension.enabled) verify.push({ kind: 'endpoint', expected: r.extension });
        }
        return {
          pjsip: editManagedBlocks(cur.pjsip, { replace }, this.session.memo),
          verify,
          credentials,
        };
      },
      opts,
    );
    return { apply, credentials: apply.rolledBack ? [] : change.credentials };
  }

  private progress(opts: BulkChangeOptions) {
    return (phase: BulkProgress['phase'], done: number, total: number) =>
      opts.onBulkProgress?.({ host: this.name, phase, done, total });
  }

  /**
   * One apply of a bulk edit of pjsip.conf, its dialplan regenerated and applied live; `change`
   * is what the applied run of the edit made (the last, when a refused write made it run again).
   */
  private async applyBulk<C extends { pjsip: string; verify: VerifyStep[] }>(
    what: AuditSubject,
    change: (cur: { pjsip: string; extensions: string | null }) => C,
    opts: BulkChangeOptions,
  ): Promise<{ apply: ApplyResult; change: C }> {
    const progress = this.progress(opts);
    const verifying = new VerifyProgress(progress);
    const edit = (cur: { pjsip: string; extensions: string | null }) => {
      const made = change(cur);
      verifying.expect(made.verify.length);
      return withDialplan(
        cur,
        { pjsip: made.pjsip, verify: made.verify, change: made },
        null,
        this.session.memo,
        BULK_MAX_LIVE_NUMBERS,
      );
    };
    const transport = await this.session.transport();
    const files = transport.files;
    const tracked: ApplyFiles = {
      files: {
        readFiles: (paths) => files.readFiles(paths),
        cachedFiles: (paths) => files.cachedFiles(paths),
        writeFilesAtomic: (w, o) => {
          progress('write', 0, w.length);
          return files.writeFilesAtomic(w, o);
        },
      },
      get roundTrips() {
        return transport.roundTrips;
      },
    };
    const amiRaw = await this.session.ami();
    const { apply, outcome } = await applyChange(
      tracked,
      amiRaw && verifying.track(applyAmiOf(amiRaw)),
      this.session.applyTarget(true),
      edit,
      this.ops.applyOptions(opts, what),
    );
    const total = outcome.change.verify.length;
    progress('done', total, total);
    return { apply, change: outcome.change };
  }
}

/** An import in the audit log: counts, and the fields updates change (a password only as changed). */
function importSummary(plan: ImportPlan): string[] {
  const fields = new Set(plan.update.flatMap((u) => u.changes.map((c) => c.field)));
  return [
    `create: ${plan.create.length}`,
    `update: ${plan.update.length}${fields.size ? ` (${[...fields].map((f) => (f === 'password' ? 'password: changed' : f)).join(', ')})` : ''}`,
    `delete: ${plan.delete.length}`,
    `unchanged: ${plan.unchanged}`,
  ];
}

import type { ExportedExtension, ImportOptions, ImportPlan } from '../../../shared/types';
import type { BulkChangeOptions, ImportOutcome, RotateOutcome } from './bulk-operations';

/** The bulk part of the fleet facade (FleetApi extends it). */
export interface BulkApi {
  /** Every extension with the console's fields; passwords only when asked (never over IPC). */
  exportExtensions(host: string, opts?: { withPasswords?: boolean }): Promise<ExportedExtension[]>;
  /** The dry run: every row validated, the plan made on the PBX's current files. */
  planImport(host: string, content: string, opts?: ImportOptions): Promise<ImportPlan>;
  /** One write, one reload, every object verified; all or nothing. */
  importExtensions(
    host: string,
    content: string,
    opts?: ImportOptions & BulkChangeOptions,
  ): Promise<ImportOutcome>;
  rotatePasswords(
    host: string,
    numbers: string[] | 'all',
    opts?: BulkChangeOptions,
  ): Promise<RotateOutcome>;
}

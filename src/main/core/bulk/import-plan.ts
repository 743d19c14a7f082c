/**
 * The plan of an import, made on the PBX's current pjsip.conf: every row validated with the
 * shared schemas (row, column, reason; never the value), then sorted into create / update
 * (field by field) / delete / unchanged / conflict. The same function makes the dry run and,
 * inside the apply's edit on freshly read files, the real import: what is applied is always the
 * plan of the files being replaced.
 */
import { BULK_COLUMNS } from '../../../shared/types';
import type {
  BulkColumn,
  Extension,
  ImportConflict,
  ImportFieldChange,
  ImportOptions,
  ImportPlan,
  ImportRowError,
  ImportUpdate,
} from '../../../shared/types';
import {
  extensionCreateInput,
  extensionNumberInput,
  extensionUpdateInput,
  type ExtensionUpdateInput,
} from '../../../shared/schemas';
import { InputValidationError, validateInput } from '../config/validate';
import { editManagedBlocks, listManagedBlocks, type ManagedBlock } from '../config/managed';
import { parseConfig } from '../config/parse';
import { handWrittenOwner, readHandWritten } from '../dialplan/collisions';
import {
  disableBody,
  editExtensionBody,
  enableBody,
  isDisabledBody,
  joinBody,
  readExtensionBody,
  renderExtensionBody,
  splitBody,
} from '../pjsip/extension-body';
import { extensionBlockId, readExtensions } from '../pjsip/extension-read';
import { getExtensionSecret } from '../pjsip/extensions';
import { generatePassword } from '../pjsip/password';
import type { VerifyStep } from '../fleet/apply-change';
import type { ImportFile, ImportRecord } from './import-file';

export interface PlannedImport {
  plan: ImportPlan;
  /** The new pjsip.conf; null when the plan refuses rows or changes nothing. */
  pjsip: string | null;
  verify: VerifyStep[];
  /** Passwords generated for creates without one (never in the plan itself). */
  generated: Array<{ number: string; password: string }>;
}

type Fields = Omit<Extension, 'number' | 'managed'> & { password?: string };
/** The fields a row can change (the export's columns but the key, the state and the secret). */
const COMPARED = BULK_COLUMNS.filter(
  (c): c is Exclude<BulkColumn, 'number' | 'managed' | 'password'> =>
    c !== 'number' && c !== 'managed' && c !== 'password',
);

export function planImport(
  pjsip: string,
  extensionsConf: string | null,
  file: ImportFile,
  opts: ImportOptions = {},
): PlannedImport {
  const errors: ImportRowError[] = [...file.errors];
  const conflicts: ImportConflict[] = [];
  const current = new Map(readExtensions(pjsip).map((e) => [e.number, e]));
  const blocks = new Map(listManagedBlocks(pjsip).map((b) => [b.id, b]));
  let sectionNames: Set<string> | null = null;
  const otherSection = (n: string) =>
    (sectionNames ??= new Set(
      parseConfig(pjsip)
        .sections.filter((s) => !s.template)
        .map((s) => s.name),
    )).has(n);
  let hand: ReturnType<typeof readHandWritten> | null = null;
  const handOwner = (context: string, n: string) =>
    handWrittenOwner((hand ??= readHandWritten(extensionsConf)), context, n);

  const seen = new Map<string, number>();
  const append: Array<{ id: string; body: string }> = [];
  const replace = new Map<string, string>();
  const create: string[] = [];
  const updates: ImportUpdate[] = [];
  const verify: VerifyStep[] = [];
  const generated: PlannedImport['generated'] = [];
  let unchanged = 0;

  for (const rec of file.records) {
    const values = withoutManagedColumn(rec, errors);
    if (!values) continue;
    let number: string;
    try {
      number = validateInput(extensionNumberInput, values.number);
    } catch (err) {
      rowErrors(rec.row, err, errors);
      continue;
    }
    const first = seen.get(number);
    if (first !== undefined) {
      errors.push({
        row: rec.row,
        column: 'number',
        reason: `${number} is listed already on row ${first}`,
      });
      continue;
    }
    seen.set(number, rec.row);
    const conflict = (kind: ImportConflict['kind'], reason: string) =>
      conflicts.push({ number, row: rec.row, kind, reason });
    const existing = current.get(number);
    if (!existing) {
      let v;
      try {
        v = validateInput(extensionCreateInput, values);
      } catch (err) {
        rowErrors(rec.row, err, errors);
        continue;
      }
      if (otherSection(number)) {
        conflict(
          'reserved',
          `pjsip.conf already has a section [${number}] that is not an extension`,
        );
        continue;
      }
      const owner = handOwner(v.context, number);
      if (owner.kind !== 'none') {
        conflict(
          'reserved',
          owner.kind === 'hand-written'
            ? `extensions.conf line ${owner.line} handles ${number} in [${v.context}] by hand`
            : `the hand-written pattern ${owner.pattern} (extensions.conf line ${owner.line}) handles ${number} in [${v.context}]: add it alone with ext add --dialplan take-over|leave-pattern`,
        );
        continue;
      }
      const password = v.password ?? generatePassword();
      if (v.password === undefined) generated.push({ number, password });
      const body = renderExtensionBody(v, password);
      append.push({
        id: extensionBlockId(number),
        body: joinBody(v.enabled ? body : disableBody(body)),
      });
      create.push(number);
      if (v.enabled)
        verify.push({ kind: 'endpoint', expected: { ...v, codecs: [...v.codecs], managed: true } });
      continue;
    }
    const { number: _n, ...rest } = values;
    // A row that says exactly what the PBX has changes nothing, whatever the schema thinks of a
    // hand-written value (an export imported back is "unchanged" in full).
    if (sameAsExisting(existing, rest, () => passwordOf(pjsip, blocks, number))) {
      unchanged++;
      continue;
    }
    let patch: ExtensionUpdateInput;
    try {
      patch = validateInput(extensionUpdateInput, rest);
    } catch (err) {
      rowErrors(rec.row, err, errors);
      continue;
    }
    const changes = fieldChanges(existing, patch, () => passwordOf(pjsip, blocks, number));
    if (changes.length === 0) {
      unchanged++;
      continue;
    }
    const fields = changes.map((c) => c.field).join(', ');
    if (!existing.managed) {
      conflict(
        'hand-written',
        `written by hand in pjsip.conf (read-only): adopt it first to change ${fields}`,
      );
      continue;
    }
    if (!opts.update) {
      conflict('exists', `exists with other ${fields}: import with --update to change it`);
      continue;
    }
    const block = blocks.get(extensionBlockId(number))!;
    const { body, extension } = updatedBody(number, block, patch, changes);
    replace.set(block.id, body);
    updates.push({ number, row: rec.row, changes });
    verify.push(
      extension.enabled ? { kind: 'endpoint', expected: extension } : { kind: 'gone', number },
    );
  }

  const remove = new Set<string>();
  const deleted: string[] = [];
  if (opts.deleteMissing) {
    for (const e of current.values()) {
      if (!e.managed || seen.has(e.number)) continue;
      remove.add(extensionBlockId(e.number));
      deleted.push(e.number);
      verify.push({ kind: 'gone', number: e.number });
    }
  }

  const ok = errors.length === 0 && conflicts.length === 0;
  const plan: ImportPlan = {
    rows: file.records.length,
    errors: errors.sort((a, b) => a.row - b.row),
    create,
    update: updates,
    delete: deleted,
    unchanged,
    conflicts,
    generatedPasswords: generated.length,
    ok,
  };
  const changes = append.length + replace.size + remove.size > 0;
  return {
    plan,
    pjsip: ok && changes ? editManagedBlocks(pjsip, { replace, remove, append }) : null,
    verify,
    generated: ok ? generated : [],
  };
}

/** The current password of an extension (its block's, or a hand-written auth's). */
export function passwordOf(
  pjsip: string,
  blocks: Map<string, ManagedBlock>,
  number: string,
): string | null {
  const block = blocks.get(extensionBlockId(number));
  if (block) return readExtensionBody(number, splitBody(block.body))?.password ?? null;
  return getExtensionSecret(pjsip, number);
}

/** The row's values without `managed`, which says what the export found and is not set by an import. */
function withoutManagedColumn(
  rec: ImportRecord,
  errors: ImportRowError[],
): Record<string, unknown> | null {
  const { managed, ...values } = rec.values;
  if (
    managed !== undefined &&
    ![true, false, 'managed', 'hand-written'].includes(managed as never)
  ) {
    errors.push({
      row: rec.row,
      column: 'managed',
      reason: 'must be "managed" or "hand-written" (it is only read back, never set)',
    });
    return null;
  }
  return values;
}

/** One error per problem the schema named: `column: reason`. */
function rowErrors(row: number, err: unknown, out: ImportRowError[]): void {
  if (!(err instanceof InputValidationError)) throw err;
  for (const part of err.message.split('; ')) {
    const colon = part.indexOf(':');
    const column = colon > 0 ? part.slice(0, colon) : (err.fields[0] ?? '-');
    const reason = colon > 0 ? part.slice(colon + 1).trim() : part;
    out.push({ row, column: column.split('.')[0]!, reason });
  }
}

const show = (v: unknown): string =>
  Array.isArray(v) ? v.join(',') : typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(v);

function sameAsExisting(
  existing: Extension,
  raw: Record<string, unknown>,
  currentPassword: () => string | null,
): boolean {
  for (const [k, v] of Object.entries(raw)) {
    if (k === 'password') {
      if (v !== currentPassword()) return false;
    } else if (!(COMPARED as readonly string[]).includes(k)) return false;
    else if (show(v) !== show(existing[k as (typeof COMPARED)[number]])) return false;
  }
  return true;
}

/** What the row changes, field by field; the password only as "changed". */
function fieldChanges(
  existing: Extension,
  patch: ExtensionUpdateInput,
  currentPassword: () => string | null,
): ImportFieldChange[] {
  const out: ImportFieldChange[] = [];
  for (const f of COMPARED) {
    const want = patch[f];
    if (want === undefined) continue;
    const have = existing[f];
    if (show(want) !== show(have)) out.push({ field: f, from: show(have), to: show(want) });
  }
  if (patch.password !== undefined && patch.password !== currentPassword())
    out.push({ field: 'password', from: '', to: 'changed' });
  return out;
}

export function updatedBody(
  number: string,
  block: ManagedBlock,
  patch: ExtensionUpdateInput,
  changes: ImportFieldChange[],
): { body: string; extension: Extension } {
  const changed = new Set(changes.map((c) => c.field));
  const only: Partial<Fields> = {};
  for (const [k, v] of Object.entries(patch))
    if (changed.has(k)) (only as Record<string, unknown>)[k] = v;
  const lines = splitBody(block.body);
  const wasDisabled = isDisabledBody(lines);
  const edited = editExtensionBody(number, wasDisabled ? enableBody(lines) : lines, only);
  const enabled = only.enabled ?? !wasDisabled;
  const final = enabled ? edited : disableBody(edited);
  return { body: joinBody(final), extension: readExtensionBody(number, final)!.extension };
}

/**
 * Extensions ⇄ pjsip.conf text. Pure functions: text in, text out; the caller does the I/O.
 *
 * Managed extensions live in `; BEGIN MANAGED - Extension <n>` blocks (endpoint + auth + aor).
 * Every endpoint written by hand elsewhere is reported too, flagged `managed: false`, and is
 * never edited.
 */
import type { Extension } from '../../../shared/types';
import {
  extensionCreateInput,
  extensionNumberInput,
  extensionUpdateInput,
  type ExtensionCreateRequest,
  type ExtensionUpdateInput,
} from '../../../shared/schemas';
import {
  blockAtOffset,
  listManagedBlocks,
  removeManagedBlock,
  upsertManagedBlock,
  type ManagedBlock,
} from '../config/managed';
import { parseConfig, parseSectionHeader, stripComments } from '../config/parse';
import { validateInput } from '../config/validate';
import { ExtensionExistsError, ExtensionNotFoundError, ReadOnlyExtensionError } from './errors';
import {
  disableBody,
  editExtensionBody,
  enableBody,
  isDisabledBody,
  joinBody,
  lastValue,
  readExtensionBody,
  renderExtensionBody,
  splitBody,
} from './extension-body';
import { extensionBlockId, unmanagedEndpoints } from './extension-read';
import type { ConfigMemo } from '../config/config-memo';
import { generatePassword } from './password';

export {
  dialplanEntries,
  EXTENSION_BLOCK_PREFIX,
  extensionBlockId,
  findExtension,
  readExtensions,
  readExtensionsResolved,
} from './extension-read';

export interface ExtensionWrite {
  text: string;
  extension: Extension;
  /** Set only when this call generated or set the password (show once, never store). */
  password: string | null;
}

/** Adds a managed extension at the end of the file. Generates a password when none is given. */
export function addExtension(
  text: string,
  input: ExtensionCreateRequest | unknown,
  memo?: ConfigMemo,
): {
  text: string;
  extension: Extension;
  password: string;
} {
  const v = validateInput(extensionCreateInput, input);
  const blocks = listManagedBlocks(text, memo);
  const id = extensionBlockId(v.number);
  if (blocks.some((b) => b.id === id)) throw new ExtensionExistsError(v.number, true);
  const taken = findSectionNamed(text, blocks, v.number);
  if (taken) throw new ExtensionExistsError(v.number, taken.managed);

  const password = v.password ?? generatePassword();
  let body = renderExtensionBody(v, password);
  if (!v.enabled) body = disableBody(body);
  const next = upsertManagedBlock(text, id, joinBody(body), blocks, memo);
  const extension: Extension = {
    number: v.number,
    displayName: v.displayName,
    context: v.context,
    codecs: [...v.codecs],
    maxContacts: v.maxContacts,
    transport: v.transport,
    natFriendly: v.natFriendly,
    qualifyFrequency: v.qualifyFrequency,
    enabled: v.enabled,
    managed: true,
  };
  return { text: next, extension, password };
}

/** Changes the given fields of a managed extension; other lines of its block stay as they are. */
export function updateExtension(
  text: string,
  number: string,
  patch: ExtensionUpdateInput | unknown,
  memo?: ConfigMemo,
): ExtensionWrite {
  const num = validateInput(extensionNumberInput, number);
  const p = validateInput(extensionUpdateInput, patch);
  const { blocks, block } = managedBlockOrThrow(text, num, memo);
  const lines = splitBody(block.body);
  const wasDisabled = isDisabledBody(lines);
  const plain = wasDisabled ? enableBody(lines) : lines;
  const edited = editExtensionBody(num, plain, p);
  const enabled = p.enabled ?? !wasDisabled;
  const finalBody = enabled ? edited : disableBody(edited);
  const next = upsertManagedBlock(text, block.id, joinBody(finalBody), blocks, memo);
  return {
    text: next,
    extension: readExtensionBody(num, finalBody)!.extension,
    password: p.password ?? null,
  };
}

export function removeExtension(text: string, number: string, memo?: ConfigMemo): string {
  const num = validateInput(extensionNumberInput, number);
  const { blocks, block } = managedBlockOrThrow(text, num, memo);
  return removeManagedBlock(text, block.id, blocks, memo);
}

/**
 * Disabled: the block stays, every line of its body commented out with a distinctive prefix so
 * Asterisk does not load it; enabling strips exactly that prefix again.
 */
export function setExtensionEnabled(
  text: string,
  number: string,
  enabled: boolean,
  memo?: ConfigMemo,
): string {
  const num = validateInput(extensionNumberInput, number);
  const { blocks, block } = managedBlockOrThrow(text, num, memo);
  const lines = splitBody(block.body);
  const disabled = isDisabledBody(lines);
  if (disabled === !enabled) return text;
  const body = enabled ? enableBody(lines) : disableBody(lines);
  return upsertManagedBlock(text, block.id, joinBody(body), blocks, memo);
}

/**
 * The SIP password of an extension (managed, or hand-written: reading is allowed), for the
 * softphone card. Null when its auth has no clear-text password.
 */
export function getExtensionSecret(text: string, number: string): string | null {
  const num = validateInput(extensionNumberInput, number);
  const blocks = listManagedBlocks(text);
  const block = blocks.find((b) => b.id === extensionBlockId(num));
  if (block) {
    const r = readExtensionBody(num, splitBody(block.body));
    if (!r) throw new ExtensionNotFoundError(num);
    return r.password;
  }
  const u = unmanagedEndpoints(text, blocks).find((e) => e.endpoint.name === num);
  if (!u) throw new ExtensionNotFoundError(num);
  return lastValue(u.auth, 'password');
}

// ---- helpers ----------------------------------------------------------------------------------

function managedBlockOrThrow(
  text: string,
  number: string,
  memo: ConfigMemo | undefined,
): { blocks: ManagedBlock[]; block: ManagedBlock } {
  const blocks = listManagedBlocks(text, memo);
  const block = blocks.find((b) => b.id === extensionBlockId(number));
  if (block) return { blocks, block };
  if (findSectionNamed(text, blocks, number)) throw new ReadOnlyExtensionError(number);
  throw new ExtensionNotFoundError(number);
}

/**
 * A non-template section named `name` anywhere; `managed` when it sits in a managed block.
 * Looks for the `[name]` header text directly (a few ms on a 4 MB file) instead of parsing the
 * file, unless the file has block comments, which only a full parse reads correctly.
 */
function findSectionNamed(
  text: string,
  blocks: ManagedBlock[],
  name: string,
): { managed: boolean } | null {
  if (text.includes(';--')) {
    const doc = parseConfig(text);
    for (const s of doc.sections) {
      if (s.name !== name || s.template) continue;
      return { managed: blockAtOffset(blocks, doc.starts[s.start]!) !== null };
    }
    return null;
  }
  // Searched as its last few characters and `]`, the rest checked on each hit: V8 searches a
  // needle of 7+ characters (`[10001]`) with Boyer-Moore, 8 times slower on this text than the
  // memchr-led search it uses for shorter ones.
  const full = `[${name}]`;
  const needle = full.slice(-6);
  const lead = full.length - needle.length;
  let from = lead;
  for (;;) {
    const tail = text.indexOf(needle, from);
    if (tail === -1) return null;
    from = tail + 1;
    const hit = tail - lead;
    if (lead > 0 && !text.startsWith(full, hit)) continue;
    const lineStart = text.lastIndexOf('\n', hit - 1) + 1;
    let onlySpace = true;
    for (let i = lineStart; i < hit; i++) {
      if (text.charCodeAt(i) > 32) {
        onlySpace = false;
        break;
      }
    }
    if (!onlySpace) continue;
    let lineEnd = text.indexOf('\n', hit);
    if (lineEnd === -1) lineEnd = text.length;
    const header = parseSectionHeader(stripComments(text.slice(lineStart, lineEnd), 0).content);
    if (!header || header.name !== name || header.template) continue;
    return { managed: blockAtOffset(blocks, lineStart) !== null };
  }
}

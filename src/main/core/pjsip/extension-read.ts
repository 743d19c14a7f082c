/**
 * Extensions read back from pjsip.conf, the way Asterisk would load them: through the fast
 * reader (extension-read-fast.ts) when it models the file, else the general one
 * (extension-read-general.ts), which is the specification. Both give the same answers (property
 * tests); the fast one reads a 10,000-extension file in a few milliseconds instead of a few
 * hundred, which matters because the dialplan is regenerated from the file on every change.
 * `memo`: the host's (see ConfigMemo); without one, everything is read afresh.
 */
import type { Extension } from '../../../shared/types';
import type { DialplanEntry } from '../dialplan/internal';
import type { ConfigMemo } from '../config/config-memo';
import { listManagedBlocks } from '../config/managed';
import { readFast } from './extension-read-fast';
import { readExtensionsResolved as readResolved } from './extension-read-general';

export { EXTENSION_BLOCK_PREFIX, extensionBlockId, numberOfBlock } from './extension-block-id';
export { unmanagedEndpoints, type UnmanagedEndpoint } from './extension-read-general';

/** Managed extensions (file order), then hand-written endpoints (read-only). */
export function readExtensions(pjsipText: string, memo?: ConfigMemo): Extension[] {
  const blocks = listManagedBlocks(pjsipText, memo);
  return readFast(pjsipText, blocks, 'extensions') ?? readResolved(pjsipText, blocks);
}

/**
 * What the dialplan needs of each managed extension (number, context, enabled), in file order:
 * exactly `readExtensions(text).filter(e => e.managed)` reduced to those three fields, read
 * without building the extensions (the endpoint's `type` and `context` lines are all it looks
 * at). Feed it to `applyInternalDialplan`.
 */
export function dialplanEntries(pjsipText: string, memo?: ConfigMemo): DialplanEntry[] {
  const blocks = listManagedBlocks(pjsipText, memo);
  const fast = readFast(pjsipText, blocks, 'entries', memo);
  if (fast) return fast;
  return readResolved(pjsipText, blocks)
    .filter((e) => e.managed)
    .map((e) => ({ number: e.number, context: e.context, enabled: e.enabled }));
}

/**
 * `readExtensions(text).find((e) => e.number === number) ?? null`, reading only the extension's
 * own block when the fast reader applies to it (a managed extension: ~1 ms at 10,000 instead of
 * reading them all).
 */
export function findExtension(
  pjsipText: string,
  number: string,
  memo?: ConfigMemo,
): Extension | null {
  const blocks = listManagedBlocks(pjsipText, memo);
  const fast = readFast(pjsipText, blocks, { number });
  if (fast !== undefined) return fast;
  return readExtensions(pjsipText, memo).find((e) => e.number === number) ?? null;
}

/** The general reader on its own: the reference the fast reader is tested against. */
export function readExtensionsResolved(pjsipText: string): Extension[] {
  return readResolved(pjsipText, listManagedBlocks(pjsipText));
}

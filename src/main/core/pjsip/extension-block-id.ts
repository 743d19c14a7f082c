import type { ManagedBlock } from '../config/managed';

export const EXTENSION_BLOCK_PREFIX = 'Extension ';

export function extensionBlockId(number: string): string {
  return EXTENSION_BLOCK_PREFIX + number;
}

/** The extension number of a managed block, or null when it is not an extension block. */
export function numberOfBlock(b: ManagedBlock): string | null {
  if (!b.id.startsWith(EXTENSION_BLOCK_PREFIX)) return null;
  const n = b.id.slice(EXTENSION_BLOCK_PREFIX.length);
  return n.length > 0 ? n : null;
}

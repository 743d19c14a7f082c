import { listManagedBlocks } from '../config/managed';
import { resolveSections } from '../config/resolve';
import { enableBody, isDisabledBody, splitBody } from '../pjsip/extension-body';
import { extensionBlockId } from '../pjsip/extension-read';
import { ExtensionNotFoundError } from '../pjsip/errors';
import { otherOptionsOf } from './adopt-block';

/**
 * What a managed extension's block holds beyond the form's fields (an adopted extension's
 * `dtmf_mode`, a template's `language`): the edit form lists them so that nobody wonders why a
 * phone behaves differently from what the form shows. Empty for a hand-written extension (its
 * sections are not the console's) and for a block the console wrote itself.
 */
export function extensionOtherOptions(pjsipText: string, number: string): string[] {
  const block = listManagedBlocks(pjsipText).find((b) => b.id === extensionBlockId(number));
  if (!block) throw new ExtensionNotFoundError(number);
  const lines = splitBody(block.body);
  const plain = isDisabledBody(lines) ? enableBody(lines) : lines;
  return resolveSections(plain.join('\n'))
    .filter((s) => ['endpoint', 'auth', 'aor'].includes((s.type ?? '').toLowerCase()))
    .flatMap(otherOptionsOf);
}

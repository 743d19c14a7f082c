import { applyInternalDialplan } from '../../src/main/core/dialplan';
import type { ApplyTarget, EditInput, EditOutcome } from '../../src/main/core/fleet/apply-change';
import { addExtension } from '../../src/main/core/pjsip/extensions';
import { dialplanEntries } from '../../src/main/core/pjsip/extension-read';
import type { PbxDir } from './pbx-dir';

/** What the console does for "add extension N" with nothing to verify: the block, then the dialplan. */
export const addExtensionEdit =
  (number: string, password: string) =>
  (cur: EditInput): EditOutcome => {
    const { text } = addExtension(cur.pjsip, { number, password });
    return {
      pjsip: text,
      extensions: applyInternalDialplan(cur.extensions ?? '', dialplanEntries(text)),
      verify: [],
    };
  };

/** pjsip.conf and extensions.conf of a test PBX dir, 5 backups kept. */
export const bothFilesOf = (pbx: PbxDir): ApplyTarget => ({
  pjsipPath: pbx.path('pjsip.conf'),
  extensionsPath: pbx.path('extensions.conf'),
  needsDialplan: true,
  backupsToKeep: 5,
});

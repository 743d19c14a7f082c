import type { DialplanView, Extension } from '../../../shared/types';
import type { LiveDialplanLine } from '../ami/actions/dialplan';
import {
  describeOwner,
  handWrittenOwner,
  readHandWritten,
  type DialplanOwner,
} from '../dialplan/collisions';
import { managedLines, readManagedDialplan } from '../dialplan/live';

/** Who handles each extension's number in its context, from extensions.conf. */
export function dialplanOwners(
  extensionsConf: string | null,
  extensions: readonly Pick<Extension, 'number' | 'context'>[],
): Map<string, DialplanOwner> {
  const managed = readManagedDialplan(extensionsConf);
  const hand = readHandWritten(extensionsConf);
  const out = new Map<string, DialplanOwner>();
  for (const e of extensions) {
    const own = handWrittenOwner(hand, e.context, e.number);
    // A hand-written exact line wins over managed ones in Asterisk (the first read is kept).
    if (own.kind === 'hand-written') out.set(e.number, own);
    else if (managed?.get(e.context)?.has(e.number)) out.set(e.number, { kind: 'managed' });
    else out.set(e.number, own);
  }
  return out;
}

export function formatLiveLine(l: Pick<LiveDialplanLine, 'priority' | 'application' | 'appData'>) {
  return l.priority === 'hint'
    ? `hint,${l.application}`
    : `${l.priority},${l.application}(${l.appData})`;
}

export function dialplanView(
  e: Pick<Extension, 'number' | 'context'>,
  owner: DialplanOwner,
  live: readonly LiveDialplanLine[],
): DialplanView {
  const files = owner.kind === 'managed' ? managedLines(e.number).map(formatLiveLine) : [];
  const liveText = live.map(formatLiveLine);
  return {
    number: e.number,
    context: e.context,
    handledBy: describeOwner(owner),
    files,
    live: liveText,
    same:
      owner.kind === 'managed'
        ? files.length === liveText.length && files.every((l, i) => l === liveText[i])
        : null,
  };
}

import type { AmiMessage } from '../message';
import { amiEventName } from '../message';
import { AmiActionError } from '../errors';
import type { AmiActions } from './types';
import { toDialplanEntry, type DialplanEntry } from './core';

/** One dialplan line as Asterisk holds it: the ShowDialPlan item core.ts already reads. */
export type LiveDialplanLine = DialplanEntry;

/** One line to add: what `exten => <extension>,<priority>,<application>(<appData>)` says. */
export interface DialplanLineInput {
  context: string;
  extension: string;
  priority: string;
  application: string;
  appData: string;
}

/**
 * `DialplanExtensionAdd` of one line, live (no reload). Asterisk refuses a priority that exists
 * ("That extension and priority already exist at that context") unless `replace`; a missing
 * context is created (transcript 45).
 */
export async function dialplanExtensionAdd(
  ami: AmiActions,
  line: DialplanLineInput,
  replace = false,
): Promise<void> {
  const fields: Record<string, string> = {
    Context: line.context,
    Extension: line.extension,
    Priority: line.priority,
    Application: line.application,
  };
  // Sent only when there is data: the recording adds `Hangup` without the field.
  if (line.appData !== '') fields['ApplicationData'] = line.appData;
  if (replace) fields['Replace'] = 'yes';
  await ami.action('DialplanExtensionAdd', fields);
}

/**
 * `DialplanExtensionRemove` of one priority, or of the whole extension (every priority and the
 * hint) when `priority` is omitted. False when Asterisk had nothing to remove ("Failed to remove
 * requested extension"), which a caller undoing its own work may treat as done.
 */
export async function dialplanExtensionRemove(
  ami: AmiActions,
  context: string,
  extension: string,
  priority?: string,
): Promise<boolean> {
  const fields: Record<string, string> = { Context: context, Extension: extension };
  if (priority !== undefined) fields['Priority'] = priority;
  try {
    await ami.action('DialplanExtensionRemove', fields);
    return true;
  } catch (err) {
    if (
      err instanceof AmiActionError &&
      err.serverMessage === 'Failed to remove requested extension'
    )
      return false;
    throw err;
  }
}

/**
 * What Asterisk runs for one extension name of one context (`ShowDialPlan` Context + Extension),
 * in its order: hint first, then priorities. Empty when it has none ("Did not find extension
 * ..." or "Did not find context ..."). Only lines of exactly that name are kept: Asterisk's
 * filter also lists patterns that match the number, which are not that extension's lines.
 */
export async function showDialplanExtension(
  ami: AmiActions,
  context: string,
  extension: string,
): Promise<LiveDialplanLine[]> {
  let items: AmiMessage[];
  try {
    items = await ami.listAction('ShowDialPlan', { Context: context, Extension: extension });
  } catch (err) {
    if (err instanceof AmiActionError && err.serverMessage.startsWith('Did not find ')) return [];
    throw err;
  }
  return items
    .filter((m) => amiEventName(m) === 'ListDialplan')
    .map(toDialplanEntry)
    .filter((l) => l.context === context && l.extension === extension);
}

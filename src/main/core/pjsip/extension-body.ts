/**
 * The body of one `Extension <n>` managed block: endpoint + auth + aor sections, written the way
 * RayanPBX writes them, edited option by option so that lines the console does not own (an
 * older RayanPBX's `mailboxes=`, `subscribe_context=`, a note an admin left) survive an update.
 */
import { getSectionOption, setSectionOption } from '../config/edit';
import { parseConfig, type ConfigSection } from '../config/parse';
import { resolveSections, type ResolvedSection } from '../config/resolve';
import type { Extension } from '../../../shared/types';
import { extensionFromValues, valuesOf } from './extension-values';

export { displayNameFromCallerId } from './extension-values';

/**
 * Disabled = every body line behind this prefix: a plain `;` comment to Asterisk (the first `;`
 * of a line always wins, so nothing after it can open a block comment), and removing the prefix
 * gives back the exact lines.
 */
export const DISABLED_PREFIX = ';rayanpbx-disabled:';

export const NAT_FLAGS: ReadonlyArray<[string, string]> = [
  ['rtp_symmetric', 'yes'],
  ['force_rport', 'yes'],
  ['rewrite_contact', 'yes'],
  ['direct_media', 'no'],
];

/** What a managed block's body is written from: an extension without its state flags. */
export type ExtensionSettings = Omit<Extension, 'enabled' | 'managed'>;

export function splitBody(body: string): string[] {
  if (body.length === 0) return [];
  const lines = body.split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export function joinBody(lines: string[]): string {
  return lines.length ? lines.join('\n') + '\n' : '';
}

export function isDisabledBody(lines: string[]): boolean {
  return lines.length > 0 && lines.every((l) => l.startsWith(DISABLED_PREFIX));
}

export function disableBody(lines: string[]): string[] {
  return lines.map((l) => DISABLED_PREFIX + l);
}

export function enableBody(lines: string[]): string[] {
  return lines.map((l) => (l.startsWith(DISABLED_PREFIX) ? l.slice(DISABLED_PREFIX.length) : l));
}

export function callerId(name: string, number: string): string {
  return `"${name}" <${number}>`;
}

export function renderExtensionBody(s: ExtensionSettings, password: string): string[] {
  const n = s.number;
  return [
    `[${n}]`,
    'type=endpoint',
    `context=${s.context}`,
    'disallow=all',
    ...s.codecs.map((c) => `allow=${c}`),
    `transport=${s.transport}`,
    `auth=${n}`,
    `aors=${n}`,
    `callerid=${callerId(s.displayName, n)}`,
    ...(s.natFriendly ? NAT_FLAGS.map(([k, v]) => `${k}=${v}`) : []),
    '',
    `[${n}]`,
    'type=auth',
    'auth_type=userpass',
    `username=${n}`,
    `password=${password}`,
    '',
    `[${n}]`,
    'type=aor',
    `max_contacts=${s.maxContacts}`,
    'remove_existing=yes',
    `qualify_frequency=${s.qualifyFrequency}`,
  ];
}

export interface BodyChanges {
  displayName?: string;
  context?: string;
  codecs?: string[];
  maxContacts?: number;
  transport?: string;
  natFriendly?: boolean;
  qualifyFrequency?: number;
  password?: string;
}

/** Applies changes to an (enabled-form) body, touching only the options concerned. */
export function editExtensionBody(number: string, input: string[], c: BodyChanges): string[] {
  let lines = [...input];
  const set = (type: string, key: string, values: string[] | null) => {
    lines = setOption(lines, type, key, values);
  };
  if (c.context !== undefined) set('endpoint', 'context', [c.context]);
  if (c.codecs !== undefined) {
    if (!hasOption(lines, 'endpoint', 'disallow')) set('endpoint', 'disallow', ['all']);
    set('endpoint', 'allow', c.codecs);
  }
  if (c.transport !== undefined) set('endpoint', 'transport', [c.transport]);
  if (c.displayName !== undefined) set('endpoint', 'callerid', [callerId(c.displayName, number)]);
  if (c.natFriendly !== undefined) {
    for (const [k, v] of NAT_FLAGS) set('endpoint', k, c.natFriendly ? [v] : null);
  }
  if (c.password !== undefined) set('auth', 'password', [c.password]);
  if (c.maxContacts !== undefined) set('aor', 'max_contacts', [String(c.maxContacts)]);
  if (c.qualifyFrequency !== undefined) {
    set('aor', 'qualify_frequency', [String(c.qualifyFrequency)]);
  }
  return lines;
}

function hasOption(lines: string[], type: string, key: string): boolean {
  return getSectionOption(lines, (s) => !s.template && s.type === type, key).length > 0;
}

/**
 * Sets (or removes, `null`) `key` in the body's section of `type`; a section that is missing is
 * appended (named after the block's first section) so the edit is never silently lost.
 */
function setOption(lines: string[], type: string, key: string, values: string[] | null): string[] {
  const pick = (s: ConfigSection) => !s.template && s.type === type;
  const edited = setSectionOption(lines, pick, key, values);
  if (edited) return edited;
  if (values === null || values.length === 0) return lines;
  const name = parseConfig(lines.join('\n')).sections[0]?.name ?? 'unnamed';
  const out = [...lines];
  if (out.length && out[out.length - 1]!.trim() !== '') out.push('');
  out.push(`[${name}]`, `type=${type}`);
  return setSectionOption(out, pick, key, values) ?? out;
}

export function lastValue(section: ResolvedSection | undefined, key: string): string | null {
  if (!section) return null;
  let out: string | null = null;
  for (const [k, v] of section.options) if (k.toLowerCase() === key) out = v;
  return out;
}

/** Builds an `Extension` from resolved endpoint (+ its aor, when found). */
export function extensionFrom(
  number: string,
  endpoint: ResolvedSection,
  aor: ResolvedSection | undefined,
  managed: boolean,
  enabled: boolean,
): Extension {
  return extensionFromValues(number, valuesOf(endpoint), aor && valuesOf(aor), managed, enabled);
}

export interface BodyReading {
  extension: Extension;
  password: string | null;
}

/** Reads a managed block body (enabled or disabled form). Null when it holds no endpoint. */
export function readExtensionBody(number: string, body: string[]): BodyReading | null {
  const disabled = isDisabledBody(body);
  const plain = disabled ? enableBody(body) : body;
  const sections = resolveSections(plain.join('\n'));
  const pick = (type: string) =>
    sections.find((s) => s.type === type && s.name === number) ??
    sections.find((s) => s.type === type);
  const endpoint = pick('endpoint');
  if (!endpoint) return null;
  const aorName = (lastValue(endpoint, 'aors') ?? number).split(',')[0]!.trim();
  const aor = sections.find((s) => s.type === 'aor' && s.name === aorName) ?? pick('aor');
  const authName = (lastValue(endpoint, 'auth') ?? number).split(',')[0]!.trim();
  const auth = sections.find((s) => s.type === 'auth' && s.name === authName) ?? pick('auth');
  return {
    extension: extensionFrom(number, endpoint, aor, true, !disabled),
    password: lastValue(auth, 'password'),
  };
}

/**
 * The body of one `Extension <n>` managed block: endpoint + auth + aor sections, written the way
 * RayanPBX writes them, edited option by option so that lines the console does not own (an
 * older RayanPBX's `mailboxes=`, `subscribe_context=`, a note an admin left) survive an update.
 */
import { getSectionOption, setSectionOption } from '../config/edit';
import { parseConfig, type ConfigSection } from '../config/parse';
import { resolveSections, type ResolvedSection } from '../config/resolve';
import type { Extension } from '../../../shared/types';

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

export interface ExtensionSettings {
  number: string;
  displayName: string;
  context: string;
  codecs: string[];
  maxContacts: number;
  transport: string;
  natFriendly: boolean;
  qualifyFrequency: number;
}

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

/** `"Name" <1001>`, `Name <1001>`, `"Name"` → `Name`. */
export function displayNameFromCallerId(value: string | null): string {
  if (!value) return '';
  const lt = value.lastIndexOf('<');
  let name = (lt === -1 ? value : value.slice(0, lt)).trim();
  if (name.length >= 2 && name.startsWith('"') && name.endsWith('"')) name = name.slice(1, -1);
  return name;
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

/** Codec list as Asterisk computes it from allow/disallow lines (`disallow=all` resets). */
export function codecsOf(endpoint: ResolvedSection): string[] {
  let codecs: string[] = [];
  for (const [k, v] of endpoint.options) {
    const key = k.toLowerCase();
    if (key !== 'allow' && key !== 'disallow') continue;
    for (const raw of v.split(',')) {
      const c = raw.trim();
      if (!c) continue;
      if (key === 'disallow') codecs = c === 'all' ? [] : codecs.filter((x) => x !== c);
      else if (!codecs.includes(c)) codecs.push(c);
    }
  }
  return codecs;
}

export function lastValue(section: ResolvedSection | undefined, key: string): string | null {
  if (!section) return null;
  let out: string | null = null;
  for (const [k, v] of section.options) if (k.toLowerCase() === key) out = v;
  return out;
}

/** Asterisk's ast_true, with Asterisk's default where the option is absent. */
function yes(v: string | null, dflt: boolean): boolean {
  if (v === null) return dflt;
  return /^(yes|true|y|t|1|on)$/i.test(v);
}

function intOr(v: string | null, dflt: number): number {
  if (v === null) return dflt;
  const n = Number.parseInt(v, 10);
  return Number.isFinite(n) ? n : dflt;
}

/** Last value of each wanted key, in one pass over the options. */
function lastValues(
  section: ResolvedSection | undefined,
  keys: readonly string[],
): Map<string, string> {
  const out = new Map<string, string>();
  if (!section) return out;
  for (const [k, v] of section.options) {
    if (keys.includes(k)) out.set(k, v);
    else {
      const lower = k.toLowerCase();
      if (lower !== k && keys.includes(lower)) out.set(lower, v);
    }
  }
  return out;
}

const ENDPOINT_KEYS = [
  'callerid',
  'context',
  'transport',
  'rtp_symmetric',
  'force_rport',
  'rewrite_contact',
  'direct_media',
] as const;
const AOR_KEYS = ['max_contacts', 'qualify_frequency'] as const;

/** Builds an `Extension` from resolved endpoint (+ its aor, when found). */
export function extensionFrom(
  number: string,
  endpoint: ResolvedSection,
  aor: ResolvedSection | undefined,
  managed: boolean,
  enabled: boolean,
): Extension {
  const e = lastValues(endpoint, ENDPOINT_KEYS);
  const a = lastValues(aor, AOR_KEYS);
  const get = (m: Map<string, string>, k: string) => m.get(k) ?? null;
  return {
    number,
    displayName: displayNameFromCallerId(get(e, 'callerid')),
    // Asterisk's defaults when the option is absent.
    context: get(e, 'context') ?? 'default',
    codecs: codecsOf(endpoint),
    maxContacts: intOr(get(a, 'max_contacts'), 0),
    transport: get(e, 'transport') ?? '',
    natFriendly:
      yes(get(e, 'rtp_symmetric'), false) &&
      yes(get(e, 'force_rport'), true) &&
      yes(get(e, 'rewrite_contact'), false) &&
      !yes(get(e, 'direct_media'), true),
    qualifyFrequency: intOr(get(a, 'qualify_frequency'), 0),
    enabled,
    managed,
  };
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

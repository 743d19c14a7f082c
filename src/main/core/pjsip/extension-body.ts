/**
 * The body of one `Extension <n>` managed block: endpoint + auth + aor sections, written the way
 * RayanPBX writes them, edited option by option so that lines the console does not own (an
 * older RayanPBX's `mailboxes=`, `subscribe_context=`, a note an admin left) survive an update.
 */
import { getLine, parseConfig, parseOption } from '../config/parse';
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

interface SectionSpan {
  start: number;
  end: number;
}

function findTyped(lines: string[], type: string): SectionSpan | null {
  const doc = parseConfig(lines.join('\n'));
  const sec = doc.sections.find((s) => !s.template && s.type === type);
  return sec ? { start: sec.start, end: sec.end } : null;
}

function optionLinesOf(lines: string[], span: SectionSpan, key: string): number[] {
  const doc = parseConfig(lines.join('\n'));
  const out: number[] = [];
  for (let i = span.start + 1; i < span.end; i++) {
    if (doc.kinds[i] !== 3) continue;
    const o = parseOption(getLine(doc, i).content);
    if (o && o.key.toLowerCase() === key) out.push(i);
  }
  return out;
}

function hasOption(lines: string[], type: string, key: string): boolean {
  const span = findTyped(lines, type);
  return span !== null && optionLinesOf(lines, span, key).length > 0;
}

/**
 * Sets `key` in the section of `type` to `values` (one line each, at the place of the first
 * existing occurrence, others removed), or removes it (`null`). A missing key goes after the
 * section's last option, before its trailing blank/comment lines. A missing section is appended.
 */
function setOption(lines: string[], type: string, key: string, values: string[] | null): string[] {
  let span = findTyped(lines, type);
  if (!span) {
    if (values === null) return lines;
    lines = [...lines];
    if (lines.length && lines[lines.length - 1]!.trim() !== '') lines.push('');
    lines.push(`[${sectionNameGuess(lines)}]`, `type=${type}`);
    span = { start: lines.length - 2, end: lines.length };
  }
  const found = optionLinesOf(lines, span, key);
  const newLines = (values ?? []).map((v) => `${key}=${v}`);
  if (found.length > 0) {
    const out: string[] = [];
    for (let i = 0; i < lines.length; i++) {
      if (i === found[0]) out.push(...newLines);
      else if (!found.includes(i)) out.push(lines[i]!);
    }
    return out;
  }
  if (newLines.length === 0) return lines;
  const doc = parseConfig(lines.join('\n'));
  let at = span.start + 1;
  for (let i = span.start + 1; i < span.end; i++) if (doc.kinds[i] === 3) at = i + 1;
  return [...lines.slice(0, at), ...newLines, ...lines.slice(at)];
}

function sectionNameGuess(lines: string[]): string {
  const doc = parseConfig(lines.join('\n'));
  return doc.sections[0]?.name ?? 'unnamed';
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

function yes(v: string | null, dflt: boolean): boolean {
  if (v === null) return dflt;
  return /^(yes|true|y|t|1|on)$/i.test(v);
}

/** NAT-friendly = all four flags as RayanPBX writes them (Asterisk's defaults where absent). */
export function natFriendlyOf(endpoint: ResolvedSection): boolean {
  return (
    yes(lastValue(endpoint, 'rtp_symmetric'), false) &&
    yes(lastValue(endpoint, 'force_rport'), true) &&
    yes(lastValue(endpoint, 'rewrite_contact'), false) &&
    !yes(lastValue(endpoint, 'direct_media'), true)
  );
}

function intOr(v: string | null, dflt: number): number {
  if (v === null) return dflt;
  const n = Number.parseInt(v, 10);
  return Number.isFinite(n) ? n : dflt;
}

/** Builds an `Extension` from resolved endpoint (+ its aor, when found). */
export function extensionFrom(
  number: string,
  endpoint: ResolvedSection,
  aor: ResolvedSection | undefined,
  managed: boolean,
  enabled: boolean,
): Extension {
  return {
    number,
    displayName: displayNameFromCallerId(lastValue(endpoint, 'callerid')),
    // Asterisk's defaults when the option is absent.
    context: lastValue(endpoint, 'context') ?? 'default',
    codecs: codecsOf(endpoint),
    maxContacts: intOr(lastValue(aor, 'max_contacts'), 0),
    transport: lastValue(endpoint, 'transport') ?? '',
    natFriendly: natFriendlyOf(endpoint),
    qualifyFrequency: intOr(lastValue(aor, 'qualify_frequency'), 0),
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
  const aor =
    sections.find((s) => s.type === 'aor' && s.name === aorName) ?? pick('aor');
  const authName = (lastValue(endpoint, 'auth') ?? number).split(',')[0]!.trim();
  const auth = sections.find((s) => s.type === 'auth' && s.name === authName) ?? pick('auth');
  return {
    extension: extensionFrom(number, endpoint, aor, true, !disabled),
    password: lastValue(auth, 'password'),
  };
}

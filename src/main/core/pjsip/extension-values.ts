/**
 * The few endpoint and aor options an `Extension` is made of, and how it is built from them.
 * Both readers share this: the general one (sections resolved as Asterisk loads them) and the
 * fast one that reads managed blocks straight from the text, so they cannot drift apart.
 */
import type { Extension } from '../../../shared/types';
import type { ResolvedSection } from '../config/resolve';

/** Option keys that matter, as small integers so the fast reader never cuts a key string. */
export const KEY_NONE = 0;
export const KEY_TYPE = 1;
export const KEY_CONTEXT = 2;
const KEY_CALLERID = 3;
const KEY_TRANSPORT = 4;
const KEY_RTP_SYMMETRIC = 5;
const KEY_FORCE_RPORT = 6;
const KEY_REWRITE_CONTACT = 7;
const KEY_DIRECT_MEDIA = 8;
const KEY_AORS = 9;
const KEY_MAX_CONTACTS = 10;
const KEY_QUALIFY_FREQUENCY = 11;
const KEY_ALLOW = 12;
const KEY_DISALLOW = 13;

/** `[key, id]` pairs indexed by key length: most keys are rejected on their length alone. */
const KEYS_BY_LENGTH: ReadonlyArray<ReadonlyArray<readonly [string, number]>> = (() => {
  const all: Array<[string, number]> = [
    ['type', KEY_TYPE],
    ['context', KEY_CONTEXT],
    ['callerid', KEY_CALLERID],
    ['transport', KEY_TRANSPORT],
    ['rtp_symmetric', KEY_RTP_SYMMETRIC],
    ['force_rport', KEY_FORCE_RPORT],
    ['rewrite_contact', KEY_REWRITE_CONTACT],
    ['direct_media', KEY_DIRECT_MEDIA],
    ['aors', KEY_AORS],
    ['max_contacts', KEY_MAX_CONTACTS],
    ['qualify_frequency', KEY_QUALIFY_FREQUENCY],
    ['allow', KEY_ALLOW],
    ['disallow', KEY_DISALLOW],
  ];
  const out: Array<Array<[string, number]>> = [];
  for (const e of all) (out[e[0].length] ??= []).push(e);
  return out;
})();

/**
 * Id of the option key `s[a, b)`, compared case-insensitively (the readers lower-case keys).
 * ASCII folding is exact here: the only non-ASCII characters whose `toLowerCase()` is ASCII are
 * U+0130 (to `i` plus a combining dot, so never equal) and the Kelvin sign (to `k`, which no key
 * above contains).
 */
export function keyIdOf(s: string, a: number, b: number): number {
  const candidates = KEYS_BY_LENGTH[b - a];
  if (candidates === undefined) return KEY_NONE;
  for (const [key, id] of candidates) if (equalsFolded(s, a, key)) return id;
  return KEY_NONE;
}

/** `s` at `a` equals the lower-case ASCII word `lower`, ignoring ASCII case. */
export function equalsFolded(s: string, a: number, lower: string): boolean {
  for (let i = 0; i < lower.length; i++) {
    let c = s.charCodeAt(a + i);
    if (c >= 65 && c <= 90) c += 32;
    if (c !== lower.charCodeAt(i)) return false;
  }
  return true;
}

/** What one section sets, as Asterisk keeps it: the first `type`, the last of the others. */
export class SectionValues {
  type: string | null = null;
  callerid: string | null = null;
  context: string | null = null;
  transport: string | null = null;
  rtpSymmetric: string | null = null;
  forceRport: string | null = null;
  rewriteContact: string | null = null;
  directMedia: string | null = null;
  aors: string | null = null;
  maxContacts: string | null = null;
  qualifyFrequency: string | null = null;
  /** From the allow/disallow lines in order; null until the first one. */
  codecs: string[] | null = null;

  constructor(readonly name: string) {}

  set(id: number, value: string): void {
    switch (id) {
      case KEY_TYPE:
        if (this.type === null) this.type = value;
        break;
      case KEY_CONTEXT:
        this.context = value;
        break;
      case KEY_CALLERID:
        this.callerid = value;
        break;
      case KEY_TRANSPORT:
        this.transport = value;
        break;
      case KEY_RTP_SYMMETRIC:
        this.rtpSymmetric = value;
        break;
      case KEY_FORCE_RPORT:
        this.forceRport = value;
        break;
      case KEY_REWRITE_CONTACT:
        this.rewriteContact = value;
        break;
      case KEY_DIRECT_MEDIA:
        this.directMedia = value;
        break;
      case KEY_AORS:
        this.aors = value;
        break;
      case KEY_MAX_CONTACTS:
        this.maxContacts = value;
        break;
      case KEY_QUALIFY_FREQUENCY:
        this.qualifyFrequency = value;
        break;
      case KEY_ALLOW:
      case KEY_DISALLOW:
        this.codecs = applyCodecOption(this.codecs ?? [], id === KEY_DISALLOW, value);
        break;
    }
  }
}

/** Values of a resolved section (its options in load order). */
export function valuesOf(section: ResolvedSection): SectionValues {
  const v = new SectionValues(section.name);
  for (const [k, value] of section.options) {
    const id = keyIdOf(k, 0, k.length);
    if (id !== KEY_NONE) v.set(id, value);
  }
  return v;
}

/** One allow/disallow line applied to the codec list, as Asterisk does (`disallow=all` resets). */
export function applyCodecOption(codecs: string[], disallow: boolean, value: string): string[] {
  if (value.indexOf(',') === -1) {
    // One codec per line is how pjsip.conf files are written: no split, no array.
    const c = value.trim();
    if (!c) return codecs;
    if (disallow) return c === 'all' ? [] : codecs.filter((x) => x !== c);
    if (!codecs.includes(c)) codecs.push(c);
    return codecs;
  }
  let out = codecs;
  for (const raw of value.split(',')) {
    const c = raw.trim();
    if (!c) continue;
    if (disallow) out = c === 'all' ? [] : out.filter((x) => x !== c);
    else if (!out.includes(c)) out.push(c);
  }
  return out;
}

/** `"Name" <1001>`, `Name <1001>`, `"Name"` → `Name`. */
export function displayNameFromCallerId(value: string | null): string {
  if (!value) return '';
  const lt = value.lastIndexOf('<');
  let name = (lt === -1 ? value : value.slice(0, lt)).trim();
  if (name.length >= 2 && name.startsWith('"') && name.endsWith('"')) name = name.slice(1, -1);
  return name;
}

/** Asterisk's ast_true, with Asterisk's default where the option is absent. */
function yes(v: string | null, dflt: boolean): boolean {
  if (v === null) return dflt;
  if (v === 'yes') return true;
  if (v === 'no') return false;
  return /^(yes|true|y|t|1|on)$/i.test(v);
}

function intOr(v: string | null, dflt: number): number {
  if (v === null) return dflt;
  const n = Number.parseInt(v, 10);
  return Number.isFinite(n) ? n : dflt;
}

/** Builds an `Extension` from an endpoint's values (+ its aor's, when found). */
export function extensionFromValues(
  number: string,
  e: SectionValues,
  a: SectionValues | undefined,
  managed: boolean,
  enabled: boolean,
): Extension {
  return {
    number,
    displayName: displayNameFromCallerId(e.callerid),
    // Asterisk's defaults when the option is absent.
    context: e.context ?? 'default',
    codecs: e.codecs ?? [],
    maxContacts: intOr(a?.maxContacts ?? null, 0),
    transport: e.transport ?? '',
    natFriendly:
      yes(e.rtpSymmetric, false) &&
      yes(e.forceRport, true) &&
      yes(e.rewriteContact, false) &&
      !yes(e.directMedia, true),
    qualifyFrequency: intOr(a?.qualifyFrequency ?? null, 0),
    enabled,
    managed,
  };
}

/**
 * The extension of a managed block from its sections, picked as the general reader picks them:
 * the endpoint named after the number, else the first endpoint; the aor its `aors=` names, else
 * (`bodyRules`, a block body read on its own by `readExtensionBody`) the aor named after the
 * number, else the first aor.
 */
export function managedExtensionFrom(
  number: string,
  sections: readonly SectionValues[],
  enabled: boolean,
  bodyRules: boolean,
): Extension | null {
  const endpoint = pick(sections, 'endpoint', number);
  if (!endpoint) return null;
  const aors = endpoint.aors ?? number;
  const comma = aors.indexOf(',');
  const aorName = (comma === -1 ? aors : aors.slice(0, comma)).trim();
  const aor =
    named(sections, 'aor', aorName) ??
    (bodyRules ? pick(sections, 'aor', number) : first(sections, 'aor'));
  return extensionFromValues(number, endpoint, aor, true, enabled);
}

function named(
  sections: readonly SectionValues[],
  type: string,
  name: string,
): SectionValues | undefined {
  for (const s of sections) if (s.type === type && s.name === name) return s;
  return undefined;
}

function first(sections: readonly SectionValues[], type: string): SectionValues | undefined {
  for (const s of sections) if (s.type === type) return s;
  return undefined;
}

function pick(
  sections: readonly SectionValues[],
  type: string,
  name: string,
): SectionValues | undefined {
  return named(sections, type, name) ?? first(sections, type);
}

/**
 * The managed block an adopted extension becomes. Each object (endpoint, auth, aor) is written as
 * one plain section whose options, in order, are the ones Asterisk resolved for it: a template's
 * first (written out, under a comment naming it), then the section's own lines, then each `(+)`
 * addition's. Every line is copied as written when it still says the same thing there; only a
 * `key +=` (and the line it extended) is written out as its resulting `key=value`.
 */
import { getLine, lineContent, lineKind, parseOption } from '../config/parse';
import { SECRET_OPTIONS } from '../config/mask-secrets';
import type { ResolvedSection } from '../config/resolve';
import { sectionIndexAt, type FileModel, type SectionSpan } from './file-model';

/** What the extension form reads and writes; everything else is an "other option". */
const MODELLED: Record<string, ReadonlySet<string>> = {
  endpoint: new Set([
    'type',
    'context',
    'disallow',
    'allow',
    'transport',
    'auth',
    'aors',
    'callerid',
    'rtp_symmetric',
    'force_rport',
    'rewrite_contact',
    'direct_media',
  ]),
  auth: new Set(['type', 'auth_type', 'username', 'password']),
  aor: new Set(['type', 'max_contacts', 'remove_existing', 'qualify_frequency']),
};

export interface RenderedObject {
  lines: string[];
  templates: string[];
  otherOptions: string[];
}

/**
 * `object`'s section as the block writes it. `spans` holds the span of each of its written parts
 * (doc.sections index → span), creating section first.
 */
export function renderObject(
  m: FileModel,
  object: ResolvedSection,
  parts: Array<{ index: number; span: SectionSpan }>,
): RenderedObject {
  const { doc } = m;
  const values = new Map<number, [string, string]>();
  object.options.forEach((o, i) => values.set(object.optionLines[i]! - 1, o));
  const own = (line: number) => parts.some(({ span }) => line >= span.header && line < span.to);

  const lines: string[] = [];
  const templates: string[] = [];
  const [first, ...overlays] = parts;
  for (let l = first!.span.from; l < first!.span.header; l++) lines.push(getLine(doc, l).text);
  lines.push(plainHeader(getLine(doc, first!.span.header).text));

  // Inherited options come first, grouped under the template they were read from.
  let source = -1;
  object.optionLines.forEach((oneBased, i) => {
    const line = oneBased - 1;
    if (own(line)) return;
    const from = sectionIndexAt(doc, line);
    if (from !== source) {
      source = from;
      const name = doc.sections[from]?.name ?? '?';
      if (!templates.includes(name)) templates.push(name);
      lines.push(`; from template [${name}], written out by adopt`);
    }
    lines.push(optionLine(m, line, object.options[i]!));
  });

  const body = (span: SectionSpan) => {
    for (let l = span.header + 1; l < span.to; l++) {
      if (lineKind(doc, l) === 'option') {
        const v = values.get(l);
        // An option line without a value of its own is a `key +=` merged into an earlier line.
        if (v) lines.push(optionLine(m, l, v));
      } else lines.push(getLine(doc, l).text);
    }
  };
  body(first!.span);
  for (const { span } of overlays) {
    for (let l = span.from; l < span.header; l++) lines.push(getLine(doc, l).text);
    lines.push(
      `; added by [${doc.sections[sectionIndexAt(doc, span.header)]!.name}](+) on line ${span.header + 1}`,
    );
    body(span);
  }

  return { lines, templates, otherOptions: otherOptionsOf(object) };
}

/** `endpoint dtmf_mode=rfc4733`: the options of `object` the form does not model, secrets hidden. */
export function otherOptionsOf(object: ResolvedSection): string[] {
  const type = (object.type ?? '').toLowerCase();
  const modelled = MODELLED[type] ?? new Set<string>();
  return object.options
    .filter(([k]) => !modelled.has(k.toLowerCase()))
    .map(([k, v]) => `${type} ${k}=${SECRET_OPTIONS.has(k.toLowerCase()) ? '(secret)' : v}`);
}

/** The line as written when it reads as `[key, value]`, else `key=value` (`;` escaped). */
function optionLine(m: FileModel, line: number, [key, value]: [string, string]): string {
  const o = parseOption(lineContent(m.doc, line));
  if (o && o.key === key && o.value === value) return getLine(m.doc, line).text;
  return `${key}=${value.replace(/;/g, '\\;')}`;
}

/** `[name](tpl) ; note` → `[name] ; note`: the block no longer inherits, it spells out. */
function plainHeader(text: string): string {
  const close = text.indexOf(']');
  if (text.charCodeAt(close + 1) !== 40 /* ( */) return text;
  const end = text.indexOf(')', close);
  return text.slice(0, close + 1) + text.slice(end + 1);
}

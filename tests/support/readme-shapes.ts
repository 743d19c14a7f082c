import fs from 'node:fs';
import path from 'node:path';

const README = fs.readFileSync(path.resolve(import.meta.dirname, '../../README.md'), 'utf8');

/** The code spans of the README's `--json output` bullet that starts with `label`. */
export function documentedSpans(label: string): string[] {
  const lines = README.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`- \`${label}\``));
  if (start < 0) throw new Error(`README documents no "${label}"`);
  const body = [lines[start]!];
  for (const l of lines.slice(start + 1)) {
    if (l.startsWith('- ') || l.trim() === '') break;
    body.push(l);
  }
  return [...body.join(' ').matchAll(/`([^`]+)`/g)].map((m) => m[1]!).slice(1);
}

/**
 * The field names of a documented shape, in order: `[{ name, codecs[], live: {…} | null }]` →
 * name, codecs, live. Nested braces and `|` alternatives are skipped.
 */
export function keysOf(shape: string): string[] {
  let s = shape.trim();
  if (s.startsWith('[')) s = s.slice(1, s.lastIndexOf(']'));
  s = s.trim();
  s = s.slice(s.indexOf('{') + 1, s.lastIndexOf('}'));
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '{' || ch === '[' || ch === '(') depth++;
    if (ch === '}' || ch === ']' || ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  parts.push(cur);
  return parts.map((p) => /^\s*([A-Za-z]\w*)/.exec(p)?.[1]).filter((k): k is string => !!k);
}

/** The one span of the bullet whose keys start with `first` (e.g. the `apply` object). */
export function documentedKeys(label: string, first: string, nth = 0): string[] {
  const found = documentedSpans(label)
    .filter((s) => s.includes('{'))
    .map(keysOf)
    .filter((k) => k[0] === first);
  const keys = found[nth];
  if (!keys) throw new Error(`README's "${label}" has no shape starting with "${first}"`);
  return keys;
}

export function readmeText(): string {
  return README;
}

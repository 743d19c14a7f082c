/**
 * Option edits on a small list of lines (a managed block's body). The console only ever edits
 * text it owns, so these work on lines rather than on a whole file.
 */
import { lineContent, parseConfig, parseOption, type ConfigSection } from './parse';

const OPTION = 3;

/**
 * Sets `key` in the first section matching `pick` to `values`: one `key=value` line each, at the
 * place of the first existing occurrence (later occurrences removed). `null` or `[]` removes the
 * key. A key not yet present goes after the section's last option, before its trailing blank or
 * comment lines. Returns null when no section matches.
 */
export function setSectionOption(
  lines: string[],
  pick: (s: ConfigSection) => boolean,
  key: string,
  values: string[] | null,
): string[] | null {
  const doc = parseConfig(lines.join('\n'));
  const sec = doc.sections.find(pick);
  if (!sec) return null;
  const lower = key.toLowerCase();
  const found: number[] = [];
  let lastOption = sec.start;
  for (let i = sec.start + 1; i < sec.end; i++) {
    if (doc.kinds[i] !== OPTION) continue;
    lastOption = i;
    const o = parseOption(lineContent(doc, i));
    if (o && o.key.toLowerCase() === lower) found.push(i);
  }
  const newLines = (values ?? []).map((v) => `${key}=${v}`);
  if (found.length > 0) {
    const drop = new Set(found);
    const out: string[] = [];
    for (let i = 0; i < lines.length; i++) {
      if (i === found[0]) out.push(...newLines);
      else if (!drop.has(i)) out.push(lines[i]!);
    }
    return out;
  }
  if (newLines.length === 0) return lines;
  return [...lines.slice(0, lastOption + 1), ...newLines, ...lines.slice(lastOption + 1)];
}

/** Values of `key` in the first section matching `pick` (empty when absent). */
export function getSectionOption(
  lines: string[],
  pick: (s: ConfigSection) => boolean,
  key: string,
): string[] {
  const doc = parseConfig(lines.join('\n'));
  const sec = doc.sections.find(pick);
  if (!sec) return [];
  const lower = key.toLowerCase();
  const out: string[] = [];
  for (let i = sec.start + 1; i < sec.end; i++) {
    if (doc.kinds[i] !== OPTION) continue;
    const o = parseOption(lineContent(doc, i));
    if (o && o.key.toLowerCase() === lower) out.push(o.value);
  }
  return out;
}

import type { ConfigDocument } from './parse';

/**
 * Writes a document back. Unedited lines are contiguous in the source, so each run of them is
 * emitted as one slice; an edited line is emitted as its new text. An unedited document is
 * therefore its source, byte for byte.
 */
export function serializeConfig(doc: ConfigDocument): string {
  const { source, starts, edits, lineCount } = doc;
  if (edits.size === 0) return source.slice(0, starts[lineCount]);
  const order = [...edits.keys()].sort((a, b) => a - b);
  let out = '';
  let runStart = 0;
  for (const i of order) {
    out += source.slice(starts[runStart]!, starts[i]!);
    out += edits.get(i)!;
    runStart = i + 1;
  }
  out += source.slice(starts[runStart]!, starts[lineCount]!);
  return out;
}

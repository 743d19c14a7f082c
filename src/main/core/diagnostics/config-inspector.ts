import { lineKind, listManagedBlocks, parseConfig, resolveConfig } from '../config';

export interface InspectedSection {
  name: string;
  type: string | null;
  options: Array<[string, string]>;
}

export interface ConfigProblem {
  /** 1-based. */
  line: number;
  message: string;
  /** True when Asterisk would reject the whole file (it then keeps its old configuration). */
  fatal: boolean;
}

/**
 * What the doctor needs from the config engine, behind a seam so the checks can be tested on
 * any text. `configInspector` below is the real one (src/main/core/config).
 */
export interface ConfigInspector {
  inspect(text: string): { sections: InspectedSection[]; problems: ConfigProblem[] };
  /** Throws (ManagedMarkerError: message names the marker and line) when markers do not pair. */
  managedBlockCount(text: string): number;
}

export const configInspector: ConfigInspector = {
  inspect(text) {
    const doc = parseConfig(text);
    const problems: ConfigProblem[] = [];
    const lines = text.split(/\r?\n/);
    for (let i = 0; i < doc.lineCount; i++) {
      if (lineKind(doc, i) !== 'unknown') continue;
      const content = (lines[i] ?? '').trim();
      // A broken section header makes Asterisk drop the whole file; a stray line is skipped.
      const fatal = content.startsWith('[');
      problems.push({
        line: i + 1,
        message: fatal
          ? `section header "${content}" is malformed`
          : `line "${content.slice(0, 60)}" is not "name = value" (Asterisk skips it)`,
        fatal,
      });
    }
    const resolved = resolveConfig(doc);
    for (const p of resolved.problems)
      problems.push({
        line: p.line,
        message: p.message,
        fatal: /does not exist before it/.test(p.message),
      });
    return {
      sections: resolved.sections.map((s) => ({ name: s.name, type: s.type, options: s.options })),
      problems,
    };
  },
  managedBlockCount(text) {
    return listManagedBlocks(text).length;
  },
};

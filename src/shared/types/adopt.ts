import type { ApplyResult } from './apply';

/** One hand-written section an adopt moves into the managed block. */
export interface AdoptMovedSection {
  /** `[name]` as written, e.g. `1001` or `1001-auth`. */
  name: string;
  /** endpoint, auth or aor: the object it builds or adds to. */
  type: string;
  /** `(+)` overlay adding to the object, rather than the section that creates it. */
  overlay: boolean;
  /** 1-based lines in pjsip.conf, attached comments included. */
  fromLine: number;
  toLine: number;
}

/** A hand-written extension that the adopt turns (or would turn) into a managed block. */
export interface AdoptedExtension {
  number: string;
  moved: AdoptMovedSection[];
  /** Templates whose values were written into the block explicitly. */
  templates: string[];
  /**
   * Options the extension form does not model, kept verbatim in the block:
   * `endpoint dtmf_mode=rfc4733`. Secret values are never listed (`auth md5_cred=(secret)`).
   */
  otherOptions: string[];
}

export interface AdoptRefusal {
  number: string;
  /** Why it cannot be adopted safely, in words a user can act on. */
  reason: string;
}

/** A unified diff of one file (`diff -u` style); secret option values are masked. */
export interface FileDiff {
  path: string;
  diff: string;
}

export interface AdoptResult {
  dryRun: boolean;
  adopted: AdoptedExtension[];
  refused: AdoptRefusal[];
  /** The exact change to pjsip.conf and extensions.conf (empty when nothing is adopted). */
  diffs: FileDiff[];
  /** The write → reload → verify outcome; null for a dry run or when nothing was adoptable. */
  apply: ApplyResult | null;
}

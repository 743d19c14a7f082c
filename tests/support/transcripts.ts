import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAll } from '../../src/main/core/ami/parser';
import type { AmiMessage } from '../../src/main/core/ami/message';

/** The recorded sessions live beside the checkout, in ../shared (see DESIGN.md). */
export const TRANSCRIPTS_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../shared/asterisk/transcripts',
);

export function transcriptBytes(name: string): Buffer {
  return fs.readFileSync(path.join(TRANSCRIPTS_DIR, name));
}

export function transcriptMessages(name: string): AmiMessage[] {
  return parseAll(transcriptBytes(name)).messages;
}

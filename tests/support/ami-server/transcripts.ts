import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../../..');

/**
 * Where the AMI transcripts recorded from a real Asterisk 22.10.1 live. They are shared by the
 * team beside the repository (`../shared/asterisk/transcripts`); a copy under tests/fixtures or
 * `RAYANPBX_TRANSCRIPTS` wins when present.
 */
export function transcriptsDir(): string {
  const candidates = [
    process.env.RAYANPBX_TRANSCRIPTS,
    join(repoRoot, 'tests/fixtures/asterisk/transcripts'),
    resolve(repoRoot, '../shared/asterisk/transcripts'),
  ].filter((p): p is string => typeof p === 'string' && p.length > 0);
  for (const dir of candidates) if (existsSync(join(dir, 'INDEX.txt'))) return dir;
  throw new Error(`AMI transcripts not found; looked in: ${candidates.join(', ')}`);
}

/** Names of every AMI transcript (NAME for which NAME.txt holds the bytes Asterisk sent). */
export function transcriptNames(): string[] {
  const dir = transcriptsDir();
  return readdirSync(dir)
    .filter((f) => f.endsWith('.both.txt'))
    .map((f) => f.slice(0, -'.both.txt'.length))
    .filter((name) => existsSync(join(dir, `${name}.txt`)))
    .sort();
}

/** Exact bytes received from Asterisk. */
export function receivedBytes(name: string): Buffer {
  return readFileSync(join(transcriptsDir(), `${name}.txt`));
}

/** Exact bytes the recorder sent. */
export function sentBytes(name: string): Buffer {
  return readFileSync(join(transcriptsDir(), `${name}.sent.txt`));
}

export interface TranscriptSegment {
  direction: 'sent' | 'received';
  bytes: Buffer;
}

/** The `.both.txt` file split at its direction markers, payload bytes untouched. */
export function conversation(name: string): { note: string; segments: TranscriptSegment[] } {
  const raw = readFileSync(join(transcriptsDir(), `${name}.both.txt`));
  const segments: TranscriptSegment[] = [];
  let note = '';
  let pos = 0;
  let current: TranscriptSegment | null = null;
  let payloadStart = 0;
  const flush = (upTo: number): void => {
    if (current) {
      current.bytes = raw.subarray(payloadStart, upTo);
      segments.push(current);
    }
  };
  while (pos < raw.length) {
    if (raw[pos] === 0x23 /* # */ && raw.subarray(pos, pos + 4).toString('latin1') === '### ') {
      const nl = raw.indexOf(0x0a, pos);
      const line = raw.subarray(pos, nl === -1 ? raw.length : nl).toString('utf8');
      const isOut = line.startsWith('### >>> client->asterisk');
      const isIn = line.startsWith('### <<< asterisk->client');
      if (line.startsWith('### NOTE:')) {
        // A NOTE ends the segment before it (its bytes are kept) and belongs to no segment;
        // the transcript's note is the first one (later ones say what the recorder did between).
        if (note === '') note = line.slice('### NOTE:'.length).trim();
        flush(pos);
        current = null;
        pos = nl + 1;
        payloadStart = pos;
        continue;
      }
      if (isOut || isIn) {
        flush(pos);
        current = { direction: isOut ? 'sent' : 'received', bytes: Buffer.alloc(0) };
        pos = nl + 1;
        payloadStart = pos;
        continue;
      }
    }
    const nl = raw.indexOf(0x0a, pos);
    pos = nl === -1 ? raw.length : nl + 1;
  }
  flush(raw.length);
  return { note, segments };
}

/** A config file recorded beside the transcripts (e.g. `38_pjsip.conf.qualify`). */
export function transcriptFile(file: string): string {
  return readFileSync(join(transcriptsDir(), file), 'utf8');
}

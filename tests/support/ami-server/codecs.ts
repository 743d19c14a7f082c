/**
 * The codecs an Asterisk 22 registers at start (codec_builtin.c, in its registration order; ids
 * count from 1), and `core show codecs` as main/codec.c's show_codecs prints them. No recording of
 * this command exists in shared/asterisk/transcripts: the layout is modelled on the source
 * (`"%8s %-5s %-12s %-16s %s"` header, a 96-dash rule, `"%8u %-5s %-12s %-16s (%s)"` per codec,
 * after the two-line disclaimer), and reaches AMI as one `Output:` line per CLI line like every
 * other Command (transcript 22).
 *
 * FORMAT is the cached format's name: the name `allow=` takes. The same table decides which
 * `allow=` values the PJSIP model accepts, so both say the same thing.
 */
export interface CodecRow {
  type: 'audio' | 'video' | 'image' | 'text';
  name: string;
  format: string;
  description: string;
}

const row = (type: CodecRow['type'], name: string, format: string, description: string) => ({
  type,
  name,
  format,
  description,
});

export const ASTERISK_22_CODECS: readonly CodecRow[] = [
  row('audio', 'codec2', 'codec2', 'Codec 2'),
  row('audio', 'g723', 'g723', 'G.723.1'),
  row('audio', 'ulaw', 'ulaw', 'G.711 u-law'),
  row('audio', 'alaw', 'alaw', 'G.711 a-law'),
  row('audio', 'gsm', 'gsm', 'GSM'),
  row('audio', 'g726', 'g726', 'G.726 RFC3551'),
  row('audio', 'g726aal2', 'g726aal2', 'G.726 AAL2'),
  row('audio', 'adpcm', 'adpcm', 'Dialogic ADPCM'),
  row('audio', 'slin', 'slin', '16 bit Signed Linear PCM'),
  row('audio', 'slin', 'slin12', '16 bit Signed Linear PCM (12kHz)'),
  row('audio', 'slin', 'slin16', '16 bit Signed Linear PCM (16kHz)'),
  row('audio', 'slin', 'slin24', '16 bit Signed Linear PCM (24kHz)'),
  row('audio', 'slin', 'slin32', '16 bit Signed Linear PCM (32kHz)'),
  row('audio', 'slin', 'slin44', '16 bit Signed Linear PCM (44kHz)'),
  row('audio', 'slin', 'slin48', '16 bit Signed Linear PCM (48kHz)'),
  row('audio', 'slin', 'slin96', '16 bit Signed Linear PCM (96kHz)'),
  row('audio', 'slin', 'slin192', '16 bit Signed Linear PCM (192kHz)'),
  row('audio', 'lpc10', 'lpc10', 'LPC10'),
  row('audio', 'g729', 'g729', 'G.729A'),
  row('audio', 'speex', 'speex', 'SpeeX'),
  row('audio', 'speex', 'speex16', 'SpeeX 16khz'),
  row('audio', 'speex', 'speex32', 'SpeeX 32khz'),
  row('audio', 'ilbc', 'ilbc', 'iLBC'),
  row('audio', 'g722', 'g722', 'G722'),
  row('audio', 'siren7', 'siren7', 'ITU G.722.1 (Siren7, licensed from Polycom)'),
  row('audio', 'siren14', 'siren14', 'ITU G.722.1 Annex C, (Siren14, licensed from Polycom)'),
  row('audio', 'testlaw', 'testlaw', 'G.711 test-law'),
  row('audio', 'g719', 'g719', 'ITU G.719'),
  row('audio', 'opus', 'opus', 'Opus Codec'),
  row('audio', 'silk', 'silk', 'SILK Codec (8 KHz)'),
  row('image', 'jpeg', 'jpeg', 'JPEG image'),
  row('image', 'png', 'png', 'PNG Image'),
  row('video', 'h261', 'h261', 'H.261 video'),
  row('video', 'h263', 'h263', 'H.263 video'),
  row('video', 'h263p', 'h263p', 'H.263+ video'),
  row('video', 'h264', 'h264', 'H.264 video'),
  row('video', 'h265', 'h265', 'H.265 video'),
  row('video', 'mpeg4', 'mpeg4', 'MPEG4 video'),
  row('video', 'vp8', 'vp8', 'VP8 video'),
  row('video', 'vp9', 'vp9', 'VP9 video'),
  row('text', 'red', 't140red', 'T.140 Realtime Text with redundancy'),
  row('text', 't140', 't140', 'Passthrough T.140 Realtime Text'),
];

/** What `allow=`/`disallow=` accept: every cached format, and `all`. */
export const ALLOWABLE_FORMATS: ReadonlySet<string> = new Set([
  'all',
  ...ASTERISK_22_CODECS.map((c) => c.format),
]);

const pad = (s: string, n: number) => s.padEnd(n);

/** `core show codecs`, line by line as the CLI prints it. */
export function coreShowCodecs(codecs: readonly CodecRow[] = ASTERISK_22_CODECS): string[] {
  return [
    'Disclaimer: this command is for informational purposes only.',
    '\tIt does not indicate anything about your configuration.',
    `${'ID'.padStart(8)} ${pad('TYPE', 5)} ${pad('NAME', 12)} ${pad('FORMAT', 16)} DESCRIPTION`,
    '-'.repeat(96),
    ...codecs.map(
      (c, i) =>
        `${String(i + 1).padStart(8)} ${pad(c.type, 5)} ${pad(c.name, 12)} ${pad(c.format, 16)} (${c.description})`,
    ),
  ];
}

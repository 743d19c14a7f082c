/**
 * Codecs to suggest in a codec field when the host's Asterisk cannot be asked for its own list
 * (`core show codecs` through AMI): the common ones, most used first.
 */
export const COMMON_CODECS = [
  'ulaw',
  'alaw',
  'g722',
  'opus',
  'g729',
  'gsm',
  'ilbc',
  'speex',
  'h264',
  'vp8',
] as const;

/** The codecs a codec field suggests for one host, and where the list came from. */
export interface KnownCodecs {
  codecs: string[];
  /** `asterisk`: the host's own `core show codecs`; `common`: COMMON_CODECS (no AMI answer). */
  source: 'asterisk' | 'common';
}

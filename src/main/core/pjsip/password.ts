import { randomBytes } from 'node:crypto';

// Letters and digits only: nothing Asterisk's config parser, a shell or a softphone form treats
// specially. 62 symbols → ~5.95 bits each; 20 characters ≈ 119 bits.
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const LIMIT = 256 - (256 % ALPHABET.length); // reject bytes ≥ 248 so every symbol is equally likely

/** A SIP password from the OS CSPRNG (`crypto.randomBytes`), unbiased by rejection sampling. */
export function generatePassword(length = 20): string {
  if (!Number.isInteger(length) || length < 16 || length > 128) {
    throw new RangeError('generated passwords are 16-128 characters');
  }
  let out = '';
  while (out.length < length) {
    const bytes = randomBytes(length * 2);
    for (const b of bytes) {
      if (b >= LIMIT) continue;
      out += ALPHABET[b % ALPHABET.length];
      if (out.length === length) break;
    }
  }
  return out;
}

import { createHash } from 'node:crypto';

/**
 * "SHA256:" + unpadded base64 of sha256(key blob): exactly what `ssh-keygen -lf` and OpenSSH's
 * "ECDSA key fingerprint is …" print, so a user can compare it with the server's console.
 */
export function sshFingerprint(keyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`;
}

/** The key type name at the start of an SSH public key blob (e.g. "ssh-ed25519"). */
export function keyTypeOfBlob(keyBlob: Buffer): string {
  if (keyBlob.length < 4) return 'unknown';
  const len = keyBlob.readUInt32BE(0);
  if (len === 0 || len > 64 || 4 + len > keyBlob.length) return 'unknown';
  return keyBlob.subarray(4, 4 + len).toString('latin1');
}

/** How ssh-keygen names the key type in parentheses: ssh-ed25519 → ED25519, ssh-rsa → RSA. */
export function displayKeyType(keyType: string): string {
  if (keyType === 'ssh-ed25519') return 'ED25519';
  if (keyType === 'ssh-rsa') return 'RSA';
  if (keyType === 'ssh-dss') return 'DSA';
  if (keyType.startsWith('ecdsa-sha2-')) return 'ECDSA';
  if (keyType.startsWith('sk-ssh-ed25519')) return 'ED25519-SK';
  if (keyType.startsWith('sk-ecdsa-')) return 'ECDSA-SK';
  return keyType.toUpperCase();
}

/**
 * Canonical form of a fingerprint a user typed or pasted: trims, drops base64 padding, accepts
 * a missing "SHA256:" prefix. Returns null when it is not a SHA256 fingerprint at all.
 */
export function normalizeFingerprint(input: string): string | null {
  const raw = input
    .trim()
    .replace(/^SHA256:/i, '')
    .replace(/=+$/, '');
  if (!/^[A-Za-z0-9+/]{43}$/.test(raw)) return null;
  return `SHA256:${raw}`;
}

/** The fingerprint of an OpenSSH public key line ("ssh-ed25519 AAAA… comment"). */
export function fingerprintOfPublicKeyLine(line: string): string {
  const parts = line.trim().split(/\s+/);
  const b64 = parts.find((p, i) => i > 0 && /^AAAA[A-Za-z0-9+/]+=*$/.test(p)) ?? parts[1] ?? '';
  return sshFingerprint(Buffer.from(b64, 'base64'));
}

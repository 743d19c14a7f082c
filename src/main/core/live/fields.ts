import { type AmiMessage, amiGet } from '../ami/message';

/**
 * Field lookup for the hot paths (10,000 list items, event floods): Asterisk spells keys the
 * same way every time, so an exact-case scan almost always hits without lower-casing every key;
 * the case-insensitive lookup remains the fallback because the protocol allows any case.
 */
export function field(m: AmiMessage, key: string): string | undefined {
  const f = m.fields;
  for (let i = 0; i < f.length; i++) {
    const pair = f[i] as readonly [string, string];
    if (pair[0] === key) return pair[1];
  }
  return amiGet(m, key);
}

/** The event name of an `Event:` message (first field), or undefined for responses. */
export function eventName(m: AmiMessage): string | undefined {
  const first = m.fields[0];
  if (!first) return undefined;
  return first[0] === 'Event' || first[0].toLowerCase() === 'event' ? first[1] : undefined;
}

/** Endpoint behind a channel name: `PJSIP/1001-00000003` → `1001`; Local/… and others → null. */
export function channelEndpoint(channel: string | undefined): string | null {
  if (!channel) return null;
  const m = /^(?:PJSIP|SIP)\/(.+)-[0-9a-f]{8}$/i.exec(channel);
  return m?.[1] ?? null;
}

/** Endpoint behind a device or peer name: `PJSIP/1001` → `1001`. */
export function deviceEndpoint(device: string | undefined): string | null {
  if (!device) return null;
  const m = /^(?:PJSIP|SIP)\/([^/]+)$/i.exec(device);
  return m?.[1] ?? null;
}

/** `sip:1001-0x55@127.0.0.1:5071;transport=udp` → `127.0.0.1:5071` (default port when absent). */
export function addressFromUri(uri: string | undefined): string | null {
  if (!uri) return null;
  const m = /^(sips?):(?:[^@]*@)?(\[[^\]]+\]|[^:;>?]+)(?::(\d+))?/i.exec(uri.trim());
  if (!m?.[2]) return null;
  const port = m[3] ?? (m[1]?.toLowerCase() === 'sips' ? '5061' : '5060');
  return `${m[2]}:${port}`;
}

/** `RoundtripUsec` → milliseconds; `N/A` and 0 (never measured) → null. */
export function roundTripMs(usec: string | undefined): number | null {
  if (!usec) return null;
  const n = Number(usec);
  if (!Number.isFinite(n) || n <= 0) return null;
  return Math.round(n) / 1000;
}

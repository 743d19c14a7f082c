export interface LiveTransport {
  name: string;
  /** `udp`, `tcp`, `tls`, `ws`, `wss` as Asterisk prints them. */
  type: string;
  cos: number;
  tos: number;
  /** `127.0.0.1:5060`, `0.0.0.0:5060`, `[::]:5060`. */
  bind: string;
}

/**
 * Output of `pjsip show transports` (the `Command` action's output lines, with or without the
 * `Output: ` prefix). Row format, as in Asterisk's res_pjsip CLI (see transcript 22, where the
 * same rows appear under each endpoint):
 *   `Transport:  transport-udp             udp      0      0  127.0.0.1:5060`
 * The header row (`<TransportId........>`) and separators are skipped.
 */
export function parsePjsipShowTransports(output: string | readonly string[]): LiveTransport[] {
  const lines = typeof output === 'string' ? output.split(/\r?\n/) : output;
  const out: LiveTransport[] = [];
  const seen = new Set<string>();
  for (const raw of lines) {
    const line = raw.replace(/^Output: ?/, '');
    const m = /^\s*Transport:\s+(\S+)\s+(\S+)\s+(\d+)\s+(\d+)\s+(\S+)\s*$/.exec(line);
    if (!m || line.includes('<')) continue;
    const [, name, type, cos, tos, bind] = m as unknown as [
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    // `pjsip show endpoints` repeats a transport under every endpoint: keep it once.
    if (seen.has(name)) continue;
    seen.add(name);
    out.push({ name, type: type.toLowerCase(), cos: Number(cos), tos: Number(tos), bind });
  }
  return out;
}

/** `127.0.0.1:5060` → { host, port }; `[::]:5060` → { host: '::', port }; a bare host → port 5060. */
export function splitHostPort(bind: string, defaultPort = 5060): { host: string; port: number } {
  const v6 = /^\[([^\]]*)\](?::(\d+))?$/.exec(bind);
  if (v6) return { host: v6[1] ?? '', port: v6[2] ? Number(v6[2]) : defaultPort };
  const i = bind.lastIndexOf(':');
  if (i > 0 && bind.indexOf(':') === i)
    return { host: bind.slice(0, i), port: Number(bind.slice(i + 1)) };
  return { host: bind, port: defaultPort };
}

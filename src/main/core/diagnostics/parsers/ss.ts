export interface ListeningSocket {
  /** Without brackets or `%iface` suffix: `0.0.0.0`, `::`, `*`, `127.0.0.53`. */
  address: string;
  port: number;
}

/**
 * Output of `ss -lun` (iproute2):
 *   State  Recv-Q Send-Q Local Address:Port  Peer Address:Port Process
 *   UNCONN 0      0          127.0.0.1:5060       0.0.0.0:*
 *   UNCONN 0      0               [::]:5060          [::]:*
 *   UNCONN 0      0      127.0.0.53%lo:53         0.0.0.0:*
 */
export function parseSsListening(stdout: string): ListeningSocket[] {
  const out: ListeningSocket[] = [];
  for (const line of stdout.split(/\r?\n/)) {
    const cols = line.trim().split(/\s+/);
    if (cols.length < 5 || cols[0] === 'State' || cols[0] === 'Netid') continue;
    // With -u only there is no Netid column; with several protocols (-tu) there is one.
    const local = /^\d+$/.test(cols[1] ?? '') ? cols[3] : cols[4];
    if (!local) continue;
    const i = local.lastIndexOf(':');
    if (i <= 0) continue;
    const port = Number(local.slice(i + 1));
    if (!Number.isInteger(port)) continue;
    let address = local.slice(0, i).replace(/%[^\]]*$/, '');
    if (address.startsWith('[') && address.endsWith(']')) address = address.slice(1, -1);
    address = address.replace(/%.*$/, '');
    out.push({ address, port });
  }
  return out;
}

const WILDCARDS = new Set(['0.0.0.0', '*', '::', '']);

/** Whether something listens where a transport bound to `host:port` should. */
export function listensOn(
  sockets: readonly ListeningSocket[],
  host: string,
  port: number,
): 'yes' | 'other-address' | 'no' {
  const onPort = sockets.filter((s) => s.port === port);
  if (onPort.length === 0) return 'no';
  const wanted = host.replace(/^\[|\]$/g, '');
  if (onPort.some((s) => WILDCARDS.has(s.address) || s.address === wanted || WILDCARDS.has(wanted)))
    return 'yes';
  return 'other-address';
}

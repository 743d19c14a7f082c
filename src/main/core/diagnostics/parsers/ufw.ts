import { inRanges, type PortRange, parsePortList } from './firewall-model';

export interface UfwRule {
  /** null: any port ("Anywhere"); undefined ports with an app profile name are `unknownTo`. */
  ports: PortRange[] | null;
  proto: 'udp' | 'tcp' | 'any';
  action: 'allow' | 'deny' | 'reject' | 'limit';
  direction: 'in' | 'out' | 'fwd';
  from: string;
  v6: boolean;
  /** An application profile (`OpenSSH`) or another `To` ufw did not print as ports. */
  unknownTo: string | null;
}

export interface UfwStatus {
  active: boolean;
  /** From `ufw status verbose`; null with plain `ufw status`. */
  defaultIncoming: 'allow' | 'deny' | 'reject' | null;
  rules: UfwRule[];
}

/**
 * Output of `ufw status verbose` (or plain `ufw status`):
 *   Status: active
 *   Default: deny (incoming), allow (outgoing), disabled (routed)
 *   To                         Action      From
 *   --                         ------      ----
 *   5060/udp                   ALLOW IN    Anywhere
 *   10000:20000/udp            ALLOW IN    Anywhere
 */
export function parseUfwStatus(stdout: string): UfwStatus {
  const status: UfwStatus = { active: false, defaultIncoming: null, rules: [] };
  let inTable = false;
  for (const raw of stdout.split(/\r?\n/)) {
    const line = raw.trimEnd();
    const st = /^Status:\s*(\S+)/.exec(line);
    if (st) status.active = st[1] === 'active';
    const def = /^Default:\s*(allow|deny|reject)\s*\(incoming\)/.exec(line);
    if (def) status.defaultIncoming = def[1] as UfwStatus['defaultIncoming'];
    if (/^--\s+/.test(line)) {
      inTable = true;
      continue;
    }
    if (!inTable || line.trim() === '') continue;
    const m = /^(.+?)\s+(ALLOW|DENY|REJECT|LIMIT)(?:\s+(IN|OUT|FWD))?\s+(.+)$/.exec(line);
    if (!m) continue;
    const [, toRaw = '', action = '', dir, from = ''] = m;
    const v6 = /\(v6\)/.test(toRaw);
    const to = toRaw
      .replace(/\s*\(v6\)/, '')
      .replace(/\s+on\s+\S+$/, '')
      .trim();
    const rule: UfwRule = {
      ports: null,
      proto: 'any',
      action: action.toLowerCase() as UfwRule['action'],
      direction: (dir ?? 'IN').toLowerCase() as UfwRule['direction'],
      from: from.replace(/\s*\(v6\)/, '').trim(),
      v6,
      unknownTo: null,
    };
    if (to !== 'Anywhere') {
      const pm = /^([\d,:]+)(?:\/(udp|tcp))?$/.exec(to);
      const ports = pm ? parsePortList(pm[1] ?? '') : null;
      if (ports) {
        rule.ports = ports;
        rule.proto = (pm?.[2] as 'udp' | 'tcp' | undefined) ?? 'any';
      } else {
        rule.unknownTo = to;
      }
    }
    status.rules.push(rule);
  }
  return status;
}

/**
 * ufw evaluates rules in order, first match wins, then the default policy. Rules limited to a
 * source address do not open the port to phones elsewhere, so they are walked past; an
 * application profile is unknown here and walked past too.
 */
export function ufwUdpVerdict(s: UfwStatus, port: number): 'accept' | 'drop' {
  if (!s.active) return 'accept';
  for (const r of s.rules) {
    if (r.direction !== 'in' || r.v6 || r.unknownTo !== null) continue;
    if (r.from !== 'Anywhere') continue;
    if (r.proto === 'tcp') continue;
    if (r.ports !== null && !inRanges(r.ports, port)) continue;
    return r.action === 'allow' || r.action === 'limit' ? 'accept' : 'drop';
  }
  return s.defaultIncoming === 'allow' ? 'accept' : 'drop';
}

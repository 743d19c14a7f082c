/** A port range, inclusive. */
export interface PortRange {
  from: number;
  to: number;
}

export type Verdict = 'accept' | 'drop' | 'reject' | 'return' | { jump: string; goto?: boolean };

/**
 * One rule as far as "is UDP port P let in from anywhere?" is concerned. Rules that match on
 * anything else (interface, source address, connection state, …) are `conditional`: they cannot
 * decide for an arbitrary phone on the network, so evaluation walks past them.
 */
export interface FirewallRule {
  proto: 'udp' | 'tcp' | 'any' | 'other';
  /** null: any port. */
  ports: PortRange[] | null;
  conditional: boolean;
  verdict: Verdict | null;
  text: string;
}

export interface FirewallChain {
  name: string;
  /** Base chains (hooked into input) have a policy; user chains return to their caller. */
  policy: 'accept' | 'drop' | null;
  rules: FirewallRule[];
}

export interface FirewallRuleset {
  chains: Map<string, FirewallChain>;
  /** The chains an incoming packet traverses; all of them must accept it. */
  inputChains: string[];
}

export type PortVerdict = 'accept' | 'drop';

/** What happens to an incoming UDP packet to `port` from an arbitrary address. */
export function udpVerdict(rs: FirewallRuleset, port: number): PortVerdict {
  for (const name of rs.inputChains) {
    const chain = rs.chains.get(name);
    if (!chain) continue;
    const v = walk(rs, chain, port, 0);
    if ((v ?? chain.policy ?? 'accept') !== 'accept') return 'drop';
  }
  return 'accept';
}

function walk(
  rs: FirewallRuleset,
  chain: FirewallChain,
  port: number,
  depth: number,
): PortVerdict | null {
  if (depth > 16) return null;
  for (const r of chain.rules) {
    if (r.conditional || r.verdict === null) continue;
    if (r.proto === 'tcp' || r.proto === 'other') continue;
    if (r.ports !== null && !(r.proto === 'udp' && inRanges(r.ports, port))) continue;
    const v = r.verdict;
    if (v === 'accept') return 'accept';
    if (v === 'drop' || v === 'reject') return 'drop';
    if (v === 'return') return null;
    const target = rs.chains.get(v.jump);
    if (!target) continue;
    const sub = walk(rs, target, port, depth + 1);
    if (sub !== null) return sub;
    if (v.goto) return null;
  }
  return null;
}

export function inRanges(ranges: readonly PortRange[], port: number): boolean {
  for (const r of ranges) if (port >= r.from && port <= r.to) return true;
  return false;
}

/** `5060`, `10000:20000`, `10000-20000`, `5060,10000:20000` → ranges (null if unparseable). */
export function parsePortList(spec: string): PortRange[] | null {
  const out: PortRange[] = [];
  for (const part of spec.split(',')) {
    const m = /^\s*(\d+)(?:\s*[:-]\s*(\d+))?\s*$/.exec(part);
    if (!m) return null;
    const from = Number(m[1]);
    const to = m[2] ? Number(m[2]) : from;
    out.push({ from: Math.min(from, to), to: Math.max(from, to) });
  }
  return out;
}

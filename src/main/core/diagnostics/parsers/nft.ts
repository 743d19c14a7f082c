import {
  type FirewallChain,
  type FirewallRule,
  type FirewallRuleset,
  parsePortList,
  type Verdict,
} from './firewall-model';

/**
 * Output of `nft list ruleset`. Chains are keyed `family table chain`; a chain with
 * `type filter hook input` is a base chain every incoming packet traverses (several tables may
 * each have one, e.g. inet filter and iptables-nft's ip filter: all must accept).
 */
export function parseNftRuleset(stdout: string): FirewallRuleset {
  const chains = new Map<string, FirewallChain>();
  const inputChains: Array<{ key: string; priority: number }> = [];
  let table: string | null = null;
  let current: FirewallChain | null = null;
  let depth = 0;

  for (const raw of stdout.split(/\r?\n/)) {
    const line = raw.replace(/#.*$/, '').trim();
    if (line === '') continue;
    const opens = (line.match(/\{/g) ?? []).length;
    const closes = (line.match(/\}/g) ?? []).length;

    if (depth === 0) {
      const m = /^table\s+(\S+)\s+(\S+)\s*\{/.exec(line);
      if (m) table = `${m[1]} ${m[2]}`;
    } else if (depth === 1 && table) {
      const m = /^chain\s+(\S+)\s*\{/.exec(line);
      if (m) {
        current = { name: `${table} ${m[1]}`, policy: null, rules: [] };
        chains.set(current.name, current);
      }
      // Sets, maps and other table-level objects leave `current` null: their lines are skipped.
    } else if (depth === 2 && current) {
      const hook = /\btype\s+filter\s+hook\s+input\s+priority\s+([^;]+);/.exec(line);
      if (hook) {
        const policy = /\bpolicy\s+(accept|drop)\s*;/.exec(line)?.[1] ?? 'accept';
        current.policy = policy as 'accept' | 'drop';
        inputChains.push({ key: current.name, priority: priorityOf(hook[1] ?? '0') });
      } else if (!/^(type\s|policy\s|\})/.test(line)) {
        current.rules.push(parseRule(line, table ?? ''));
      }
    }

    depth += opens - closes;
    if (depth <= 1) current = null;
    if (depth === 0) table = null;
  }
  inputChains.sort((a, b) => a.priority - b.priority);
  return { chains, inputChains: inputChains.map((c) => c.key) };
}

const NAMED_PRIORITIES: Record<string, number> = {
  raw: -300,
  mangle: -150,
  filter: 0,
  security: 50,
};

function priorityOf(spec: string): number {
  const m = /^\s*(raw|mangle|filter|security)?\s*([+-]\s*\d+)?\s*$/.exec(spec);
  if (!m) return Number(spec) || 0;
  return (m[1] ? (NAMED_PRIORITIES[m[1]] ?? 0) : 0) + (m[2] ? Number(m[2].replace(/\s/g, '')) : 0);
}

/** Statements that neither match nor decide. */
const NEUTRAL =
  /^(counter(\s+packets\s+\d+\s+bytes\s+\d+)?|log(\s+prefix\s+"[^"]*")?(\s+level\s+\S+)?|meta\s+l4proto\s+(udp|\{[^}]*\}))$/;

function parseRule(line: string, table: string): FirewallRule {
  let proto: FirewallRule['proto'] = 'any';
  let ports: FirewallRule['ports'] = null;
  let conditional = false;
  let verdict: Verdict | null = null;

  let rest = line.replace(/\bcomment\s+"[^"]*"/g, ' ');
  const v = /\b(accept|drop|reject(?:\s+with\s+.*)?|return|(jump|goto)\s+(\S+))\s*$/.exec(rest);
  if (v) {
    rest = rest.slice(0, v.index);
    if (v[2]) verdict = { jump: `${table} ${v[3]}`, goto: v[2] === 'goto' };
    else if (v[1]?.startsWith('reject')) verdict = 'reject';
    else verdict = v[1] as 'accept' | 'drop' | 'return';
  }

  const dport = /\b(udp|tcp|th)\s+dport\s+(\{[^}]*\}|\S+)/.exec(rest);
  if (dport) {
    proto = dport[1] === 'tcp' ? 'tcp' : 'udp';
    const spec = (dport[2] ?? '').replace(/[{}\s]/g, '');
    ports = parsePortList(spec);
    if (ports === null) conditional = true;
    rest = rest.replace(dport[0], ' ');
  }
  const l4 = /\bmeta\s+l4proto\s+(\S+)/.exec(rest);
  if (l4 && !dport) {
    proto = l4[1] === 'udp' ? 'udp' : l4[1] === 'tcp' ? 'tcp' : 'other';
  }
  const leftover = rest
    .replace(/\bmeta\s+l4proto\s+\S+/g, ' ')
    .replace(/\bcounter(\s+packets\s+\d+\s+bytes\s+\d+)?/g, ' ')
    .replace(/\blog(\s+prefix\s+"[^"]*")?(\s+level\s+\S+)?/g, ' ')
    .trim();
  if (leftover !== '' && !NEUTRAL.test(leftover)) conditional = true;
  return { proto, ports, conditional, verdict, text: line };
}

import {
  type FirewallChain,
  type FirewallRule,
  type FirewallRuleset,
  parsePortList,
  type Verdict,
} from './firewall-model';

/**
 * Output of `iptables -S` (`-P CHAIN POLICY`, `-N CHAIN`, `-A CHAIN <matches> -j TARGET`).
 * Only what decides "is UDP port P open to anyone" is modelled: protocol, destination ports
 * (`--dport`, `--dports`), and whether any other match makes the rule conditional.
 */
export function parseIptablesS(stdout: string): FirewallRuleset {
  const chains = new Map<string, FirewallChain>();
  const chain = (name: string) => {
    let c = chains.get(name);
    if (!c) chains.set(name, (c = { name, policy: null, rules: [] }));
    return c;
  };
  for (const line of stdout.split(/\r?\n/)) {
    const t = tokens(line.trim());
    if (t[0] === '-P' && t[1] && t[2]) {
      chain(t[1]).policy = t[2] === 'ACCEPT' ? 'accept' : 'drop';
    } else if (t[0] === '-N' && t[1]) {
      chain(t[1]);
    } else if (t[0] === '-A' && t[1]) {
      chain(t[1]).rules.push(parseRule(t.slice(2), line.trim()));
    }
  }
  return { chains, inputChains: chains.has('INPUT') ? ['INPUT'] : [] };
}

/** Matches that do not restrict who may reach the port. */
const NEUTRAL_MODULES = new Set(['udp', 'tcp', 'multiport', 'comment', 'limit']);

function parseRule(t: string[], text: string): FirewallRule {
  let proto: FirewallRule['proto'] = 'any';
  let ports: FirewallRule['ports'] = null;
  let conditional = false;
  let verdict: Verdict | null = null;
  for (let i = 0; i < t.length; i++) {
    const a = t[i];
    const next = t[i + 1] ?? '';
    switch (a) {
      case '-p':
        proto = next === 'udp' ? 'udp' : next === 'tcp' ? 'tcp' : next === 'all' ? 'any' : 'other';
        i++;
        break;
      case '--dport':
      case '--dports':
      case '--destination-port':
      case '--destination-ports':
        ports = parsePortList(next);
        if (ports === null) conditional = true;
        i++;
        break;
      case '-m':
        if (!NEUTRAL_MODULES.has(next)) conditional = true;
        i++;
        break;
      case '--comment':
        i++;
        break;
      case '-j':
      case '-g': {
        const v = next.toUpperCase();
        verdict =
          v === 'ACCEPT'
            ? 'accept'
            : v === 'DROP'
              ? 'drop'
              : v === 'REJECT'
                ? 'reject'
                : v === 'RETURN'
                  ? 'return'
                  : v === 'LOG'
                    ? null
                    : { jump: next, goto: a === '-g' };
        // Anything after -j belongs to the target (e.g. --reject-with).
        i = t.length;
        break;
      }
      default:
        // -s, -d, -i, -o, --ctstate, ! negations, --sport …: the rule is not for everyone.
        if (a?.startsWith('-') || a === '!') conditional = true;
    }
  }
  return { proto, ports, conditional, verdict, text };
}

/** Splits on spaces, keeping "double quoted" comments together. */
function tokens(line: string): string[] {
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(line))) out.push(m[1] ?? m[2] ?? '');
  return out;
}

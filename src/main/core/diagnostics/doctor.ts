import { type AmiMessage, amiGet } from '../ami/message';
import type { DoctorCheck, DoctorLevel } from '../../../shared/types';
import { handWrittenOwner, readHandWritten } from '../dialplan/collisions';
import { readManagedDialplan } from '../dialplan/live';
import { udpTransports } from '../pjsip/transports';
import { configInspector, type ConfigInspector, type InspectedSection } from './config-inspector';
import { type FirewallRuleset, udpVerdict } from './parsers/firewall-model';
import { parseIptablesS } from './parsers/iptables';
import { parseNftRuleset } from './parsers/nft';
import {
  type LiveTransport,
  parsePjsipShowTransports,
  splitHostPort,
} from './parsers/pjsip-transports';
import { listensOn, parseSsListening } from './parsers/ss';
import { parseUfwStatus, ufwUdpVerdict } from './parsers/ufw';

export interface DoctorAmi {
  action(name: string, fields?: Record<string, string>): Promise<AmiMessage>;
  listAction(name: string, fields?: Record<string, string>): Promise<AmiMessage[]>;
  /** CLI command through the `Command` action: the output lines. */
  command(cli: string): Promise<string[]>;
}

export interface ExecResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface DoctorDeps {
  host: string;
  /** e.g. /etc/asterisk */
  configDir: string;
  /** File content, or null when the file does not exist. */
  readFile(path: string): Promise<string | null>;
  /** A shell command on the PBX (sudo applied by the transport when the host is set up so). */
  exec(cmd: string): Promise<ExecResult>;
  /** A logged-in AMI connection, or the error that explains why there is none. */
  ami: DoctorAmi | Error;
  /**
   * Opens (and closes) one SSH forward to the AMI port; rejects with the SSH error. `null` for a
   * host reached without SSH (local transport); omitted: judged from how the AMI login went.
   */
  probeForwarding?: (() => Promise<void>) | null;
  /** The dialplan context to check; default: every `context=` of the endpoints, else from-internal. */
  context?: string;
  config?: ConfigInspector;
}

interface Found {
  pjsip: { text: string; sections: InspectedSection[] } | null;
  extensions: string | null;
  rtp: { start: number; end: number; fromFile: boolean };
  transport: { name: string; host: string; port: number } | null;
}

const RTP_DEFAULT = { start: 5000, end: 31000 };
const EXEC_PATH = 'PATH="$PATH:/usr/sbin:/sbin";';

/**
 * Runs every check in order, reporting each as it finishes. A check that cannot run (AMI down,
 * a tool missing) says `skip` or `warn` and the rest still run; every `fail` carries a hint that
 * says what to do.
 */
export async function runDoctor(
  deps: DoctorDeps,
  onProgress?: (check: DoctorCheck) => void,
): Promise<DoctorCheck[]> {
  const config = deps.config ?? configInspector;
  const ami = deps.ami instanceof Error ? null : deps.ami;
  const amiError = deps.ami instanceof Error ? deps.ami : null;
  const found: Found = {
    pjsip: null,
    extensions: null,
    rtp: { ...RTP_DEFAULT, fromFile: false },
    transport: null,
  };
  const path = (name: string) => `${deps.configDir.replace(/\/+$/, '')}/${name}`;

  const checks: Array<[string, string, () => Promise<Result>]> = [
    ['asterisk', 'Asterisk running and its version', () => checkAsterisk(ami, deps)],
    ['ami-login', 'AMI login through the tunnel', async () => checkAmiLogin(amiError)],
    ['ssh-forwarding', 'SSH port forwarding allowed', () => checkForwarding(deps, amiError)],
    [
      'config-files',
      'Config files present and parseable',
      () => checkConfigFiles(deps, config, found, path),
    ],
    ['managed-markers', 'Managed markers balanced', async () => checkMarkers(config, found)],
    ['udp-transport', 'UDP transport configured and live', () => checkTransport(ami, found)],
    ['dialplan-context', 'Dialplan context live', () => checkContext(ami, deps, found)],
    [
      'dialplan-collisions',
      'Managed dialplan not shadowed by hand-written lines',
      async () => checkCollisions(found),
    ],
    ['udp-port', 'SIP UDP port listening', () => checkPort(deps, found)],
    ['firewall', 'Firewall lets SIP and RTP in', () => checkFirewall(deps, found)],
    [
      'endpoint-drift',
      'Endpoints configured vs live',
      () => checkDrift(ami, deps, config, found, path),
    ],
  ];

  const out: DoctorCheck[] = [];
  for (const [id, title, run] of checks) {
    let r: Result;
    try {
      r = await run();
    } catch (err) {
      r = fail(
        `the check itself failed: ${(err as Error).message}`,
        'Run the doctor again; if it repeats, the message above says what went wrong on the host.',
      );
    }
    const check: DoctorCheck = { id, title, ...r };
    out.push(check);
    onProgress?.(check);
  }
  return out;
}

type Result = { level: DoctorLevel; detail: string; hint: string | null };
const ok = (detail: string): Result => ({ level: 'ok', detail, hint: null });
const warn = (detail: string, hint: string | null): Result => ({ level: 'warn', detail, hint });
const fail = (detail: string, hint: string): Result => ({ level: 'fail', detail, hint });
const skip = (detail: string): Result => ({ level: 'skip', detail, hint: null });

const AMI_SKIPPED = 'not checked: AMI is unavailable (see the AMI login check)';

async function checkAsterisk(ami: DoctorAmi | null, deps: DoctorDeps): Promise<Result> {
  if (ami) {
    const r = await ami.action('CoreSettings');
    const version = amiGet(r, 'AsteriskVersion') ?? 'unknown';
    const amiVersion = amiGet(r, 'AMIversion');
    const detail = `Asterisk ${version}${amiVersion ? ` (AMI ${amiVersion})` : ''}`;
    const major = Number(/^(\d+)/.exec(version)?.[1]);
    if (Number.isFinite(major) && major < 20)
      return warn(
        `${detail}: older than the supported 20–22`,
        'Upgrade Asterisk to 20 LTS or 22 LTS.',
      );
    return ok(detail);
  }
  const r = await deps.exec('pidof asterisk || pgrep -x asterisk');
  const pid = r.stdout.trim().split(/\s+/)[0];
  if (r.code === 0 && pid)
    return warn(
      `Asterisk is running (pid ${pid}); its version is unknown because AMI is unavailable`,
      'Fix the AMI login (next check) to see the version.',
    );
  return fail(
    'Asterisk is not running',
    'Start it with `systemctl start asterisk`; `journalctl -u asterisk` shows why it stopped.',
  );
}

function checkAmiLogin(err: Error | null): Result {
  if (!err) return ok('logged in; actions and events are available');
  const code = (err as { code?: unknown }).code;
  const message = err.message;
  if (isForwardingRefused(err))
    return fail(
      `the SSH server refused the tunnel to AMI: ${message}`,
      'Set "AllowTcpForwarding yes" (or "local") for this user in /etc/ssh/sshd_config on the PBX, then `systemctl reload ssh`.',
    );
  switch (code) {
    case 'AMI_AUTH_FAILED':
      return fail(
        message,
        'Check the AMI user and secret: the [user] section of /etc/asterisk/manager.conf (secret=, read/write classes), `asterisk -rx "manager reload"`, and re-enter the secret in the host settings.',
      );
    case 'SSH_FORWARD_TARGET_UNREACHABLE':
      return fail(
        message,
        'Enable AMI in /etc/asterisk/manager.conf: [general] enabled = yes, port = 5038, bindaddr = 127.0.0.1, then `asterisk -rx "manager reload"`; make the host\'s AMI port match.',
      );
    case 'AMI_TIMEOUT':
      return fail(
        message,
        'AMI did not answer in time: check that Asterisk is not hung (`asterisk -rx "core show uptime"`).',
      );
    case 'AMI_NOT_CONFIGURED':
      return fail(
        message,
        'Set the AMI user for this host (rayanpbx host set <host> --ami-user U) and store its secret.',
      );
    default:
      return fail(
        `AMI is unavailable: ${message}`,
        "Check that AMI is enabled in /etc/asterisk/manager.conf (enabled = yes, bindaddr = 127.0.0.1, port 5038) and that the host's AMI user and secret match a [user] section there.",
      );
  }
}

function isForwardingRefused(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown; reason?: unknown };
  return (
    e?.code === 'SSH_FORWARDING_REFUSED' ||
    /administratively prohibited|forwarding.*(refused|disabled|prohibited)/i.test(
      String(e?.message ?? ''),
    )
  );
}

async function checkForwarding(deps: DoctorDeps, amiError: Error | null): Promise<Result> {
  const hint =
    'The SSH server refuses port forwarding, which carries AMI: set "AllowTcpForwarding yes" (or "local") for this user in /etc/ssh/sshd_config on the PBX (check Match blocks too), then `systemctl reload ssh`.';
  if (deps.probeForwarding === null) return skip('local transport: no SSH tunnel is used');
  if (deps.probeForwarding) {
    try {
      await deps.probeForwarding();
      return ok('the SSH server opens forwarded channels (AMI travels inside SSH)');
    } catch (err) {
      if (isForwardingRefused(err))
        return fail(`forwarding refused: ${(err as Error).message}`, hint);
      return warn(
        `the forwarding probe failed for another reason: ${(err as Error).message}`,
        'See the AMI login check: the tunnel opened but nothing answered at the AMI port.',
      );
    }
  }
  if (!amiError) return ok('AMI was reached through the SSH tunnel');
  if (isForwardingRefused(amiError)) return fail(`forwarding refused: ${amiError.message}`, hint);
  return skip('not probed separately; the AMI error above is not a forwarding refusal');
}

async function checkConfigFiles(
  deps: DoctorDeps,
  config: ConfigInspector,
  found: Found,
  path: (n: string) => string,
): Promise<Result> {
  const [pjsip, extensions, rtp] = await Promise.all([
    deps.readFile(path('pjsip.conf')),
    deps.readFile(path('extensions.conf')),
    deps.readFile(path('rtp.conf')),
  ]);
  found.extensions = extensions;
  const missing = [pjsip === null && 'pjsip.conf', extensions === null && 'extensions.conf'].filter(
    (x): x is string => typeof x === 'string',
  );
  const fatal: string[] = [];
  const warnings: string[] = [];
  if (pjsip !== null) {
    const r = config.inspect(pjsip);
    found.pjsip = { text: pjsip, sections: r.sections };
    for (const p of r.problems)
      (p.fatal ? fatal : warnings).push(`pjsip.conf line ${p.line}: ${p.message}`);
  }
  if (extensions !== null) {
    for (const p of config.inspect(extensions).problems)
      (p.fatal ? fatal : warnings).push(`extensions.conf line ${p.line}: ${p.message}`);
  }
  if (rtp !== null) {
    const general = config.inspect(rtp).sections.find((s) => s.name === 'general');
    const start = Number(lastOption(general, 'rtpstart') ?? RTP_DEFAULT.start);
    const end = Number(lastOption(general, 'rtpend') ?? RTP_DEFAULT.end);
    if (Number.isInteger(start) && Number.isInteger(end) && start > 0 && end >= start)
      found.rtp = { start, end, fromFile: true };
    else warnings.push(`rtp.conf: rtpstart/rtpend (${start}–${end}) are not a valid range`);
  }
  if (missing.length > 0)
    return fail(
      `missing in ${deps.configDir}: ${missing.join(', ')}`,
      `Check the host's config directory setting (now ${deps.configDir}); Asterisk reads its files from /etc/asterisk by default.`,
    );
  if (fatal.length > 0)
    return fail(
      fatal.join('; '),
      'Fix those lines: while a file does not load, Asterisk keeps its previous configuration (a reload still answers "Module Reloaded").',
    );
  const rtpNote =
    rtp === null
      ? `; no rtp.conf (RTP range defaults to ${RTP_DEFAULT.start}–${RTP_DEFAULT.end})`
      : '';
  if (warnings.length > 0)
    return warn(warnings.join('; ') + rtpNote, 'Asterisk skips those lines: fix or remove them.');
  return ok(
    `pjsip.conf, extensions.conf${rtp !== null ? ', rtp.conf' : ''} read and parsed${rtpNote}`,
  );
}

function checkMarkers(config: ConfigInspector, found: Found): Result {
  if (!found.pjsip && found.extensions === null) return skip('no config file to look at');
  let total = 0;
  for (const [name, text] of [
    ['pjsip.conf', found.pjsip?.text ?? null],
    ['extensions.conf', found.extensions],
  ] as const) {
    if (text === null) continue;
    try {
      total += config.managedBlockCount(text);
    } catch (err) {
      return fail(
        `${name}: ${(err as Error).message}`,
        `Fix the markers in ${name} by hand: every "; BEGIN MANAGED - <id>" needs its "; END MANAGED - <id>". The app will not edit this file until they pair up.`,
      );
    }
  }
  return ok(`${total} managed block${total === 1 ? '' : 's'}, all balanced`);
}

async function checkTransport(ami: DoctorAmi | null, found: Found): Promise<Result> {
  const configured = found.pjsip ? udpTransports(found.pjsip.text) : [];
  let live: LiveTransport[] | null = null;
  if (ami)
    live = parsePjsipShowTransports(await ami.command('pjsip show transports')).filter(
      (t) => t.type === 'udp',
    );

  const pick = (name: string, bind: string) => {
    const { host, port } = splitHostPort(bind);
    found.transport = { name, host, port };
  };
  const liveAndConfigured = configured.find((c) => live?.some((l) => l.name === c.name));
  if (liveAndConfigured) {
    const l = live?.find((t) => t.name === liveAndConfigured.name) as LiveTransport;
    pick(l.name, l.bind);
    return ok(`${l.name}: udp ${l.bind} (configured and live)`);
  }
  if (configured.length === 0 && (live === null || live.length === 0)) {
    return fail(
      found.pjsip ? 'pjsip.conf has no UDP transport' : 'no pjsip.conf to read a transport from',
      'Add one with `rayanpbx transport ensure <host>` (or in pjsip.conf: [transport-udp] type = transport, protocol = udp, bind = 0.0.0.0:5060), then reload res_pjsip; restart Asterisk if it does not appear.',
    );
  }
  if (configured.length === 0 && live) {
    const l = live[0] as LiveTransport;
    pick(l.name, l.bind);
    return warn(
      `${l.name} is live but not in pjsip.conf (from an #include, or removed from the file without a restart)`,
      'Keep transports in pjsip.conf so the console can read them.',
    );
  }
  const c = configured[0]!;
  pick(c.name, c.bind);
  if (live === null)
    return warn(
      `${c.name}: udp ${c.bind || '(no bind)'} configured; ${AMI_SKIPPED}`,
      'Fix the AMI login, then run the doctor again to see whether Asterisk loaded it.',
    );
  return fail(
    `${configured.map((t) => t.name).join(', ')} configured but not live (Asterisk shows ${live.length === 0 ? 'no UDP transport' : live.map((t) => t.name).join(', ')})`,
    'Asterisk did not load it: check its log for the transport (e.g. the port is taken). A new or changed bind/protocol needs `systemctl restart asterisk` unless the transport has allow_reload = yes.',
  );
}

async function checkContext(
  ami: DoctorAmi | null,
  deps: DoctorDeps,
  found: Found,
): Promise<Result> {
  const wanted = deps.context
    ? [deps.context]
    : [
        ...new Set(
          (found.pjsip?.sections ?? [])
            .filter((s) => s.type === 'endpoint')
            .map((s) => lastOption(s, 'context'))
            .filter((c): c is string => !!c),
        ),
      ];
  if (wanted.length === 0) wanted.push('from-internal');
  if (!ami) return skip(`${wanted.join(', ')}: ${AMI_SKIPPED}`);
  const missing: string[] = [];
  for (const ctx of wanted) {
    try {
      const items = await ami.listAction('ShowDialPlan', { Context: ctx });
      if (!items.some((m) => amiGet(m, 'Context') === ctx)) missing.push(ctx);
    } catch (err) {
      if (/did not find context/i.test((err as Error).message)) missing.push(ctx);
      else throw err;
    }
  }
  if (missing.length === 0) return ok(`${wanted.join(', ')} loaded in the dialplan`);
  const inFile = missing.filter(
    (c) =>
      found.extensions !== null &&
      new RegExp(`^\\s*\\[${escapeRe(c)}\\]`, 'm').test(found.extensions),
  );
  return fail(
    `not in the live dialplan: ${missing.join(', ')}`,
    inFile.length > 0
      ? `${inFile.join(', ')} is in extensions.conf but not loaded: run \`asterisk -rx "dialplan reload"\` and check the log for errors in that file (Asterisk keeps the old dialplan when it does not parse).`
      : `Add [${missing[0]}] to extensions.conf (the console writes it in its managed block), then \`asterisk -rx "dialplan reload"\`; endpoints whose context does not exist cannot place calls.`,
  );
}

/**
 * Managed lines for a number that hand-written dialplan of the same context already has are not
 * loaded: Asterisk keeps the first and only logs "already in use". Nothing else would tell.
 */
function checkCollisions(found: Found): Result {
  if (found.extensions === null) return skip('no extensions.conf to read');
  const managed = readManagedDialplan(found.extensions);
  if (managed === null)
    return skip('the managed dialplan block is not in the form the console writes');
  const hand = readHandWritten(found.extensions);
  const shadowed: string[] = [];
  let patterns = 0;
  for (const [context, numbers] of managed)
    for (const n of numbers) {
      const owner = handWrittenOwner(hand, context, n);
      if (owner.kind === 'hand-written')
        shadowed.push(`${n}@${context} (extensions.conf line ${owner.line})`);
      else if (owner.kind === 'pattern') patterns++;
    }
  const note =
    patterns > 0
      ? `; ${patterns} managed number${patterns === 1 ? '' : 's'} take${patterns === 1 ? 's' : ''} over from a hand-written pattern`
      : '';
  if (shadowed.length > 0)
    return warn(
      `managed lines Asterisk ignores (hand-written lines for the same number win): ${names(shadowed)}${note}`,
      'Asterisk runs the hand-written lines for those numbers. Remove them from extensions.conf to let the console manage the numbers, or keep them: the next change to those extensions drops the managed lines.',
    );
  return ok(`no managed number is also hand-written in its context${note}`);
}

async function checkPort(deps: DoctorDeps, found: Found): Promise<Result> {
  const t = found.transport;
  if (!t) return skip('no UDP transport to look for');
  const r = await deps.exec('ss -lun');
  if (r.code !== 0)
    return warn(
      `cannot list UDP sockets: ${firstLine(r.stderr) || `ss exited ${r.code}`}`,
      'Install iproute2 (provides `ss`) on the PBX.',
    );
  const where = listensOn(parseSsListening(r.stdout), t.host, t.port);
  if (where === 'yes') return ok(`UDP ${t.host}:${t.port} is listening (${t.name})`);
  if (where === 'other-address')
    return warn(
      `UDP port ${t.port} is open, but not on ${t.host} as ${t.name} says`,
      `Compare \`ss -lunp | grep :${t.port}\` with the transport's bind; a changed bind needs an Asterisk restart.`,
    );
  return fail(
    `nothing listens on UDP ${t.host}:${t.port} (${t.name})`,
    `Asterisk has not bound the transport: check \`asterisk -rx "pjsip show transports"\`, whether another program holds the port (\`ss -lunp | grep :${t.port}\`), and restart Asterisk after fixing it.`,
  );
}

async function checkFirewall(deps: DoctorDeps, found: Found): Promise<Result> {
  const sipPort = found.transport?.port ?? 5060;
  const { start, end } = found.rtp;
  const tools = await deps.exec(
    `${EXEC_PATH} for t in ufw nft iptables; do command -v "$t" >/dev/null 2>&1 && echo "$t"; done`,
  );
  const have = new Set(tools.stdout.split(/\s+/).filter(Boolean));
  const rtpLabel = `RTP ${start}–${end}/udp${found.rtp.fromFile ? '' : ' (default range)'}`;

  const judge = (
    tool: string,
    verdict: (port: number) => 'accept' | 'drop',
    fix: string,
  ): Result => {
    const sip = verdict(sipPort) === 'accept';
    let open = 0;
    for (let p = start; p <= end; p++) if (verdict(p) === 'accept') open++;
    const total = end - start + 1;
    if (sip && open === total) return ok(`${tool} lets SIP ${sipPort}/udp and ${rtpLabel} in`);
    const problems = [
      !sip && `SIP ${sipPort}/udp is blocked (phones cannot register)`,
      open === 0 && `${rtpLabel} is blocked (calls connect without audio)`,
      open > 0 &&
        open < total &&
        `only ${open} of ${total} RTP ports are open (some calls will have no audio)`,
    ].filter((x): x is string => typeof x === 'string');
    return (!sip || open === 0 ? fail : warn)(`${tool}: ${problems.join('; ')}`, fix);
  };

  const unreadable = (tool: string, r: ExecResult) =>
    warn(
      `cannot read the ${tool} rules: ${firstLine(r.stderr) || firstLine(r.stdout) || `exit ${r.code}`}`,
      'Reading firewall rules needs root: enable sudo for this host in its settings, then run the doctor again.',
    );

  if (have.has('ufw')) {
    const r = await deps.exec(`${EXEC_PATH} ufw status verbose`);
    if (r.code !== 0) return unreadable('ufw', r);
    const st = parseUfwStatus(r.stdout);
    if (st.active)
      return judge(
        'ufw',
        (p) => ufwUdpVerdict(st, p),
        `Run on the PBX: sudo ufw allow ${sipPort}/udp && sudo ufw allow ${start}:${end}/udp`,
      );
  }
  if (have.has('nft')) {
    const r = await deps.exec(`${EXEC_PATH} nft list ruleset`);
    if (r.code !== 0) return unreadable('nft', r);
    const rs = parseNftRuleset(r.stdout);
    if (rs.inputChains.length > 0) {
      // Chains are keyed "family table chain", which is how `nft insert rule` names one.
      const chain = rs.inputChains[0] as string;
      return judge(
        'nftables',
        (p) => udpVerdict(rs, p),
        `Run on the PBX: sudo nft insert rule ${chain} udp dport { ${sipPort}, ${start}-${end} } accept (and add it to /etc/nftables.conf to keep it)`,
      );
    }
  }
  if (have.has('iptables')) {
    const r = await deps.exec(`${EXEC_PATH} iptables -S`);
    if (r.code !== 0) return unreadable('iptables', r);
    const rs: FirewallRuleset = parseIptablesS(r.stdout);
    return judge(
      'iptables',
      (p) => udpVerdict(rs, p),
      `Run on the PBX: sudo iptables -I INPUT -p udp --dport ${sipPort} -j ACCEPT && sudo iptables -I INPUT -p udp --dport ${start}:${end} -j ACCEPT (then save them, e.g. netfilter-persistent save)`,
    );
  }
  if (have.size === 0)
    return ok('no firewall tool (ufw, nft, iptables) on the host: nothing filters SIP or RTP here');
  return ok(`${[...have].join(', ')} present but no input filtering is active`);
}

async function checkDrift(
  ami: DoctorAmi | null,
  deps: DoctorDeps,
  config: ConfigInspector,
  found: Found,
  path: (n: string) => string,
): Promise<Result> {
  if (!found.pjsip) return skip('no pjsip.conf to compare with');
  if (!ami) return skip(AMI_SKIPPED);
  const configured = new Set(
    found.pjsip.sections.filter((s) => s.type === 'endpoint').map((s) => s.name),
  );
  // Endpoints may live in #include'd files: follow them (one level, no wildcards).
  const unread: string[] = [];
  for (const m of found.pjsip.text.matchAll(
    /^[ \t]*#(try)?include[ \t]+"?([^"\r\n]+?)"?[ \t]*$/gm,
  )) {
    const file = (m[2] ?? '').trim();
    if (/[*?[]/.test(file)) {
      unread.push(file);
      continue;
    }
    const text = await deps.readFile(file.startsWith('/') ? file : path(file));
    if (text === null) {
      if (!m[1]) unread.push(file);
      continue;
    }
    for (const s of config.inspect(text).sections)
      if (s.type === 'endpoint') configured.add(s.name);
  }
  const live = new Set(
    (await ami.listAction('PJSIPShowEndpoints')).map((m) => amiGet(m, 'ObjectName') ?? ''),
  );
  live.delete('');
  const notLive = [...configured].filter((n) => !live.has(n)).sort();
  const notInFile = [...live].filter((n) => !configured.has(n)).sort();
  const includesNote = unread.length > 0 ? ` (includes not read: ${unread.join(', ')})` : '';
  if (notLive.length > 0)
    return fail(
      `in pjsip.conf but not live: ${names(notLive)}${notInFile.length > 0 ? `; live but not in pjsip.conf: ${names(notInFile)}` : ''}${includesNote}`,
      'Reload res_pjsip (`asterisk -rx "module reload res_pjsip.so"`); if they stay missing, Asterisk rejected them: check its log for those objects (an object with a bad value keeps its previous settings, a file that does not parse keeps all of them).',
    );
  if (notInFile.length > 0)
    return warn(
      `live but not in pjsip.conf: ${names(notInFile)}${includesNote}`,
      'They come from a file the doctor did not read, realtime, or were removed from pjsip.conf without a reload: reload res_pjsip to drop removed ones.',
    );
  return ok(
    `${configured.size} endpoint${configured.size === 1 ? '' : 's'} configured, all live${includesNote}`,
  );
}

function names(list: string[]): string {
  return list.length <= 20
    ? list.join(', ')
    : `${list.slice(0, 20).join(', ')} and ${list.length - 20} more`;
}

function lastOption(s: InspectedSection | undefined, key: string): string | null {
  let v: string | null = null;
  for (const [k, val] of s?.options ?? []) if (k.toLowerCase() === key) v = val;
  return v;
}

function firstLine(s: string): string {
  return s.trim().split(/\r?\n/)[0] ?? '';
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

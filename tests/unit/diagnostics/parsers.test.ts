import { describe, expect, it } from 'vitest';
import { amiGet, amiGetAll } from '../../../src/main/core/ami/message';
import { udpVerdict } from '../../../src/main/core/diagnostics/parsers/firewall-model';
import { parseIptablesS } from '../../../src/main/core/diagnostics/parsers/iptables';
import { parseNftRuleset } from '../../../src/main/core/diagnostics/parsers/nft';
import {
  parsePjsipShowTransports,
  splitHostPort,
} from '../../../src/main/core/diagnostics/parsers/pjsip-transports';
import { listensOn, parseSsListening } from '../../../src/main/core/diagnostics/parsers/ss';
import { parseUfwStatus, ufwUdpVerdict } from '../../../src/main/core/diagnostics/parsers/ufw';
import { transcript } from '../live/transcripts';
import * as S from './samples';

describe('parsePjsipShowTransports', () => {
  it('reads the transport rows of `pjsip show transports`, skipping header and footer', () => {
    expect(parsePjsipShowTransports(S.pjsipShowTransports())).toEqual([
      { name: 'transport-udp', type: 'udp', cos: 0, tos: 0, bind: '127.0.0.1:5060' },
    ]);
  });

  it('reads the recorded Command output of transcript 22 (rows indented, repeated per endpoint) once', () => {
    const response = transcript('22_Command_pjsip_show_endpoints').find(
      (m) => amiGet(m, 'ActionID') === 'rec-2',
    )!;
    expect(parsePjsipShowTransports(amiGetAll(response, 'Output'))).toEqual([
      { name: 'transport-udp', type: 'udp', cos: 0, tos: 0, bind: '127.0.0.1:5060' },
    ]);
  });

  it('reads raw text with Output: prefixes and IPv6 binds', () => {
    const text =
      'Output: Transport:  transport-tcp6            tcp      0      0  [::]:5060\nOutput: Objects found: 1\n';
    expect(parsePjsipShowTransports(text)).toEqual([
      { name: 'transport-tcp6', type: 'tcp', cos: 0, tos: 0, bind: '[::]:5060' },
    ]);
    expect(splitHostPort('[::]:5060')).toEqual({ host: '::', port: 5060 });
    expect(splitHostPort('0.0.0.0')).toEqual({ host: '0.0.0.0', port: 5060 });
  });
});

describe('parseSsListening', () => {
  it('reads local address and port, dropping brackets and %interface', () => {
    expect(parseSsListening(S.SS_LUN)).toEqual([
      { address: '127.0.0.1', port: 323 },
      { address: '127.0.0.53', port: 53 },
      { address: '0.0.0.0', port: 5060 },
      { address: '::1', port: 323 },
      { address: '*', port: 4569 },
    ]);
  });

  it('tells listening, listening elsewhere, and not listening apart', () => {
    const s = parseSsListening(S.SS_LUN_LOOPBACK);
    expect(listensOn(s, '127.0.0.1', 5060)).toBe('yes');
    expect(listensOn(s, '192.168.1.10', 5060)).toBe('other-address');
    expect(listensOn(parseSsListening(S.SS_LUN), '192.168.1.10', 5060)).toBe('yes');
    expect(listensOn(parseSsListening(S.SS_LUN_NOTHING), '0.0.0.0', 5060)).toBe('no');
  });

  it('accepts the Netid column of `ss -lntu`', () => {
    expect(
      parseSsListening(
        'Netid State Recv-Q Send-Q Local Address:Port Peer Address:Port\nudp UNCONN 0 0 0.0.0.0:5060 0.0.0.0:*\n',
      ),
    ).toEqual([{ address: '0.0.0.0', port: 5060 }]);
  });
});

describe('parseUfwStatus', () => {
  it('reads status, default policy and rules (ports, ranges, v6, app profiles)', () => {
    const st = parseUfwStatus(S.UFW_OPEN);
    expect(st.active).toBe(true);
    expect(st.defaultIncoming).toBe('deny');
    expect(st.rules[2]).toMatchObject({
      ports: [{ from: 10000, to: 20000 }],
      proto: 'udp',
      action: 'allow',
      direction: 'in',
      from: 'Anywhere',
      v6: false,
    });
    expect(st.rules[3]).toMatchObject({ unknownTo: 'OpenSSH' });
    expect(st.rules[4]).toMatchObject({ v6: true, proto: 'tcp' });
  });

  it('decides first-match-wins, walking past source-limited rules, then the default', () => {
    const open = parseUfwStatus(S.UFW_OPEN);
    expect(ufwUdpVerdict(open, 5060)).toBe('accept');
    expect(ufwUdpVerdict(open, 15000)).toBe('accept');
    expect(ufwUdpVerdict(open, 20001)).toBe('drop');
    const lan = parseUfwStatus(S.UFW_SIP_LAN_ONLY);
    expect(ufwUdpVerdict(lan, 5060)).toBe('drop');
    expect(ufwUdpVerdict(lan, 10000)).toBe('drop');
    expect(ufwUdpVerdict(parseUfwStatus(S.UFW_INACTIVE), 5060)).toBe('accept');
  });
});

describe('parseNftRuleset', () => {
  it('finds the input base chains and their policy, ignoring sets and other hooks', () => {
    const rs = parseNftRuleset(S.NFT_OPEN);
    expect(rs.inputChains).toEqual(['inet filter input']);
    expect(rs.chains.get('inet filter input')?.policy).toBe('drop');
    expect(rs.chains.get('inet filter input')?.rules).toHaveLength(7);
  });

  it('opens the ports of a udp dport set, keeps others closed by policy', () => {
    const rs = parseNftRuleset(S.NFT_OPEN);
    expect(udpVerdict(rs, 5060)).toBe('accept');
    expect(udpVerdict(rs, 10000)).toBe('accept');
    expect(udpVerdict(rs, 20000)).toBe('accept');
    expect(udpVerdict(rs, 5061)).toBe('drop');
  });

  it('sees a trailing reject behind an accept policy', () => {
    const rs = parseNftRuleset(S.NFT_NO_RTP);
    expect(udpVerdict(rs, 5060)).toBe('accept');
    expect(udpVerdict(rs, 12000)).toBe('drop');
  });

  it('follows jumps into user chains (iptables-nft layout)', () => {
    const rs = parseNftRuleset(S.NFT_IPTABLES_STYLE);
    expect(rs.inputChains).toEqual(['ip filter INPUT']);
    expect(udpVerdict(rs, 5060)).toBe('accept');
    expect(udpVerdict(rs, 15000)).toBe('accept');
    expect(udpVerdict(rs, 5070)).toBe('drop');
  });

  it('treats an empty ruleset as no input filtering', () => {
    expect(parseNftRuleset('').inputChains).toEqual([]);
  });
});

describe('parseIptablesS', () => {
  it('reads policies, chains and rules; follows -j into user chains', () => {
    const rs = parseIptablesS(S.IPTABLES_OPEN);
    expect(rs.chains.get('INPUT')?.policy).toBe('drop');
    expect(rs.chains.get('VOIP')?.rules[0]).toMatchObject({
      proto: 'udp',
      ports: [{ from: 5060, to: 5060 }],
      conditional: false,
      verdict: 'accept',
    });
    expect(udpVerdict(rs, 5060)).toBe('accept');
    expect(udpVerdict(rs, 19999)).toBe('accept');
    expect(udpVerdict(rs, 5061)).toBe('drop');
  });

  it('walks past source-limited rules and honours DROP/REJECT before the policy', () => {
    const rs = parseIptablesS(S.IPTABLES_BLOCKED);
    expect(rs.chains.get('INPUT')?.rules[0]?.conditional).toBe(true);
    expect(udpVerdict(rs, 5060)).toBe('drop');
    expect(udpVerdict(rs, 12000)).toBe('accept');
    expect(udpVerdict(rs, 16000)).toBe('drop');
  });
});

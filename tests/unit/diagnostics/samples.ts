import { amiGet, amiGetAll } from '../../../src/main/core/ami/message';
import { transcript } from '../live/transcripts';

/** The `Transport:` rows Asterisk printed in transcript 22 (`Command: pjsip show endpoints`). */
export function liveTransportRows(): string[] {
  const response = transcript('22_Command_pjsip_show_endpoints').find(
    (m) => amiGet(m, 'ActionID') === 'rec-2',
  )!;
  const rows = amiGetAll(response, 'Output').filter((l) =>
    /^\s*Transport:\s+transport-udp/.test(l),
  );
  return [(rows[0] as string).trimStart()];
}

/** `ss -lun` on a Debian 12 PBX (iproute2 6.1): Asterisk on 0.0.0.0:5060, resolver, chrony. */
export const SS_LUN = `State  Recv-Q Send-Q      Local Address:Port    Peer Address:Port Process
UNCONN 0      0              127.0.0.1:323          0.0.0.0:*
UNCONN 0      0          127.0.0.53%lo:53           0.0.0.0:*
UNCONN 0      0                0.0.0.0:5060         0.0.0.0:*
UNCONN 0      0                  [::1]:323             [::]:*
UNCONN 0      0                      *:4569               *:*
`;

/** `ss -lun` where Asterisk bound loopback only (as in the recorded test PBX). */
export const SS_LUN_LOOPBACK = `State  Recv-Q Send-Q Local Address:Port Peer Address:Port Process
UNCONN 0      0          127.0.0.1:5060      0.0.0.0:*
`;

export const SS_LUN_NOTHING = `State  Recv-Q Send-Q Local Address:Port Peer Address:Port Process
UNCONN 0      0      127.0.0.53%lo:53        0.0.0.0:*
`;

export const UFW_OPEN = `Status: active
Logging: on (low)
Default: deny (incoming), allow (outgoing), disabled (routed)
New profiles: skip

To                         Action      From
--                         ------      ----
22/tcp                     ALLOW IN    Anywhere
5060/udp                   ALLOW IN    Anywhere
10000:20000/udp            ALLOW IN    Anywhere
OpenSSH                    ALLOW IN    Anywhere
22/tcp (v6)                ALLOW IN    Anywhere (v6)
5060/udp (v6)              ALLOW IN    Anywhere (v6)
10000:20000/udp (v6)       ALLOW IN    Anywhere (v6)

`;

/** SIP only from the office LAN, RTP not opened at all. */
export const UFW_SIP_LAN_ONLY = `Status: active
Logging: on (low)
Default: deny (incoming), allow (outgoing), disabled (routed)
New profiles: skip

To                         Action      From
--                         ------      ----
22/tcp                     ALLOW IN    Anywhere
5060/udp                   ALLOW IN    192.168.10.0/24
5060                       DENY IN     Anywhere
`;

export const UFW_INACTIVE = `Status: inactive
`;

export const NFT_OPEN = `table inet filter {
	set trusted {
		type ipv4_addr
		elements = { 192.168.10.5 }
	}

	chain input {
		type filter hook input priority filter; policy drop;
		ct state established,related accept
		iif "lo" accept
		ip saddr @trusted accept
		tcp dport 22 accept
		udp dport { 5060, 10000-20000 } counter packets 118 bytes 61720 accept comment "asterisk"
		meta l4proto icmp accept
		counter packets 3 bytes 180 drop
	}

	chain forward {
		type filter hook forward priority filter; policy drop;
	}

	chain output {
		type filter hook output priority filter; policy accept;
	}
}
`;

/** SIP open, RTP forgotten, and a final reject. */
export const NFT_NO_RTP = `table inet filter {
	chain input {
		type filter hook input priority 0; policy accept;
		ct state established,related accept
		udp dport 5060 accept
		tcp dport 22 accept
		reject with icmpx type port-unreachable
	}
}
`;

/** iptables-nft's own tables as nft prints them: jumps into a user chain. */
export const NFT_IPTABLES_STYLE = `table ip filter {
	chain INPUT {
		type filter hook input priority filter; policy drop;
		counter packets 10 bytes 800 jump VOIP
		ct state related,established counter packets 0 bytes 0 accept
	}

	chain VOIP {
		meta l4proto udp udp dport 5060 counter packets 0 bytes 0 accept
		meta l4proto udp udp dport 10000-20000 counter packets 0 bytes 0 accept
	}
}
`;

export const IPTABLES_OPEN = `-P INPUT DROP
-P FORWARD DROP
-P OUTPUT ACCEPT
-N VOIP
-A INPUT -i lo -j ACCEPT
-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT
-A INPUT -j VOIP
-A VOIP -p udp -m udp --dport 5060 -m comment --comment "sip signalling" -j ACCEPT
-A VOIP -p udp -m multiport --dports 10000:20000 -j ACCEPT
`;

export const IPTABLES_BLOCKED = `-P INPUT ACCEPT
-P FORWARD ACCEPT
-P OUTPUT ACCEPT
-A INPUT -s 10.0.0.0/8 -p udp -m udp --dport 5060 -j ACCEPT
-A INPUT -p udp -m udp --dport 5060 -j DROP
-A INPUT -p udp -m udp --dport 10000:15000 -j ACCEPT
-A INPUT -p udp -j REJECT --reject-with icmp-port-unreachable
`;

/** `pjsip show transports` as the Command action returns it (rows as recorded in transcript 22). */
export function pjsipShowTransports(): string[] {
  return [
    '',
    'Transport:  <TransportId........>  <Type>  <cos>  <tos>  <BindAddress....................>',
    '==========================================================================================',
    '',
    ...liveTransportRows(),
    '',
    'Objects found: 1',
    '',
  ];
}

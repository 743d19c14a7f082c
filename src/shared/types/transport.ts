export type TransportProtocol = 'udp' | 'tcp' | 'tls' | 'ws' | 'wss';

export interface TransportInfo {
  name: string;
  protocol: TransportProtocol;
  bind: string;
  managed: boolean;
  nat: NatSettings;
  /** local_net values written by hand: reported, never removable by the app. */
  handWrittenLocalNets: string[];
}

export interface NatSettings {
  externalMediaAddress: string | null;
  externalSignalingAddress: string | null;
  localNets: string[];
}

/** Which Asterisk action makes a transport change live (DESIGN.md, "Asterisk facts"). */
export type ApplyMode = 'reload' | 'restart';

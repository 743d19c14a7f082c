export {
  configInspector,
  type ConfigInspector,
  type ConfigProblem,
  type InspectedSection,
} from './config-inspector';
export { runDoctor, type DoctorAmi, type DoctorDeps, type ExecResult } from './doctor';
export {
  parsePjsipShowTransports,
  splitHostPort,
  type LiveTransport,
} from './parsers/pjsip-transports';
export { listensOn, parseSsListening, type ListeningSocket } from './parsers/ss';
export { parseUfwStatus, ufwUdpVerdict, type UfwStatus, type UfwRule } from './parsers/ufw';
export { parseNftRuleset } from './parsers/nft';
export { parseIptablesS } from './parsers/iptables';
export { udpVerdict, type FirewallRuleset } from './parsers/firewall-model';

import { readFileSync } from 'node:fs';
import { amiGet, type AmiMessage } from '../../../src/main/core/ami/message';
import type { DoctorAmi, DoctorDeps, ExecResult } from '../../../src/main/core/diagnostics/doctor';
import { listItems, transcript, TRANSCRIPTS } from '../live/transcripts';
import { pjsipShowTransports, SS_LUN_LOOPBACK, UFW_OPEN } from './samples';

/** The recorded test PBX's pjsip.conf (transcript 38: transport-udp on 127.0.0.1:5060, 1001, 1002). */
export const PJSIP_CONF = readFileSync(`${TRANSCRIPTS}38_pjsip.conf.qualify`, 'utf8');

/** An extensions.conf giving what ShowDialPlan printed in transcript 27. */
export const EXTENSIONS_CONF = `[general]
static=yes
writeprotect=no

[from-internal]
exten => 600,1,Answer()
 same => n,Echo()
 same => n,Hangup()
exten => _1XXX,1,Dial(PJSIP/\${EXTEN},20)
 same => n,Hangup()
`;

export const RTP_CONF = `[general]
rtpstart=10000
rtpend=20000
`;

export interface FakePbx {
  files: Record<string, string | null>;
  exec: Record<string, ExecResult>;
  ami: DoctorAmi | Error;
  commands: string[];
}

/** A PBX that passes every check, built from the recorded answers; tests break one thing each. */
export function healthyPbx(): FakePbx {
  const commands: string[] = [];
  const coreSettings = transcript('20_CoreSettings').find(
    (m) => amiGet(m, 'ActionID') === 'rec-2',
  )!;
  const pbx: FakePbx = {
    commands,
    files: {
      '/etc/asterisk/pjsip.conf': PJSIP_CONF,
      '/etc/asterisk/extensions.conf': EXTENSIONS_CONF,
      '/etc/asterisk/rtp.conf': RTP_CONF,
    },
    exec: {
      'ss -lun': { code: 0, stdout: SS_LUN_LOOPBACK, stderr: '' },
      tools: { code: 0, stdout: 'ufw\niptables\n', stderr: '' },
      'ufw status verbose': { code: 0, stdout: UFW_OPEN, stderr: '' },
    },
    ami: {
      action: async (name) => {
        if (name === 'CoreSettings') return coreSettings;
        throw new Error(`unexpected action ${name}`);
      },
      listAction: async (name, fields) => {
        if (name === 'PJSIPShowEndpoints') return listItems('10_PJSIPShowEndpoints');
        if (name === 'ShowDialPlan')
          return listItems('27_ShowDialPlan_from-internal').filter(
            (m: AmiMessage) => amiGet(m, 'Context') === fields?.Context,
          );
        throw new Error(`unexpected list action ${name}`);
      },
      command: async (cli) => {
        if (cli === 'pjsip show transports') return pjsipShowTransports();
        throw new Error(`unexpected command ${cli}`);
      },
    },
  };
  return pbx;
}

export function depsOf(pbx: FakePbx, extra: Partial<DoctorDeps> = {}): DoctorDeps {
  return {
    host: 'pbx1',
    configDir: '/etc/asterisk',
    readFile: async (p) => pbx.files[p] ?? null,
    exec: async (cmd) => {
      pbx.commands.push(cmd);
      const key = cmd.includes('command -v') ? 'tools' : cmd.replace(/^PATH=\S+ /, '');
      return (
        pbx.exec[key] ?? { code: 127, stdout: '', stderr: `sh: 1: ${key.split(' ')[0]}: not found` }
      );
    },
    ami: pbx.ami,
    ...extra,
  };
}

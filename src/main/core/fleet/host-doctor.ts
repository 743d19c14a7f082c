import type { DoctorCheck } from '../../../shared/types';
import { runDoctor } from '../diagnostics/doctor';
import { RayanError } from '../errors/rayan-error';
import type { HostSession } from './host-session';

/**
 * The doctor over a real host session. A transport that cannot connect at all is itself the
 * finding, so it is reported as a check instead of thrown.
 */
export async function runHostDoctor(
  session: HostSession,
  onProgress?: (check: DoctorCheck) => void,
): Promise<DoctorCheck[]> {
  let transport;
  try {
    transport = await session.transport();
  } catch (err) {
    const check: DoctorCheck = {
      id: 'connection',
      title: 'SSH connection',
      level: 'fail',
      detail: (err as Error).message,
      hint:
        err instanceof RayanError && err.details.hint
          ? String(err.details.hint)
          : 'Check the host address, port and credentials with `ssh` from this machine first.',
    };
    onProgress?.(check);
    return [check];
  }
  let ami: Awaited<ReturnType<HostSession['ami']>> | Error;
  try {
    ami =
      (await session.ami()) ??
      new RayanError('AMI_NOT_CONFIGURED', 'no AMI user is configured for this host');
  } catch (err) {
    ami = err as Error;
  }
  const amiPort = session.config.amiPort;
  return runDoctor(
    {
      host: session.config.name,
      configDir: session.config.configDir,
      readFile: async (p) => {
        const f = await transport.files.readFile(p);
        return f.exists ? f.content : null;
      },
      exec: (cmd) => transport.exec(cmd),
      ami,
      probeForwarding:
        transport.kind === 'local'
          ? null
          : async () => {
              const s = await transport.openTcpStream('127.0.0.1', amiPort);
              s.destroy();
            },
    },
    onProgress,
  );
}

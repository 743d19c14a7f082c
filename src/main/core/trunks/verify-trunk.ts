import type { OutboundRegistration } from './trunk-ami';

/**
 * Verify of a trunk change: Asterisk lists the registration with the server and client URI that
 * were written (or no longer lists a removed one). Its registration status is not part of it: a
 * provider can be down while the configuration is right.
 */
export function compareTrunk(
  step:
    | { kind: 'trunk'; name: string; serverUri: string; clientUri: string }
    | { kind: 'trunk-gone'; name: string },
  loaded: OutboundRegistration[],
): string[] {
  const reg = loaded.find((r) => r.name === step.name);
  if (step.kind === 'trunk-gone')
    return reg ? [`trunk ${step.name}: still loaded after removal`] : [];
  if (!reg) return [`trunk ${step.name}: Asterisk did not load the registration`];
  const out: string[] = [];
  if (reg.serverUri !== step.serverUri)
    out.push(`trunk ${step.name}: server_uri is ${reg.serverUri}, written ${step.serverUri}`);
  if (reg.clientUri !== step.clientUri)
    out.push(`trunk ${step.name}: client_uri is ${reg.clientUri}, written ${step.clientUri}`);
  return out;
}

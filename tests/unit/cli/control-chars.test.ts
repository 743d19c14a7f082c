import { describe, expect, it } from 'vitest';
import { extCommand } from '../../../src/cli/commands/ext';
import { describeEvent } from '../../../src/cli/commands/live';
import type { ExtensionRow, FleetApi } from '../../../src/shared/types';
import type { DomainEvent } from '../../../src/shared/types';

// What a hostile SIP client can put in its User-Agent: retitle the terminal, clear the screen,
// and a C1 CSI (0x9b) that some terminals honour like ESC [.
const HOSTILE_UA = 'Zoiper\x1b]0;pwned\x07\x1b[2J\r\nfake line\x9b31m';
const HAS_CONTROL = /[\x00-\x1f\x7f-\x9f]/;

const live = {
  number: '1001',
  registration: 'online' as const,
  contactUri: 'sip:1001@192.0.2.10:5062',
  address: '192.0.2.10:5062',
  userAgent: HOSTILE_UA,
  roundTripMs: 12,
  callState: 'idle' as const,
  updatedAt: 0,
};

const row: ExtensionRow = {
  number: '1001',
  displayName: 'Ali\x1b[31m',
  context: 'from-internal',
  codecs: ['ulaw'],
  maxContacts: 1,
  transport: null,
  natFriendly: true,
  qualifyFrequency: 60,
  enabled: true,
  managed: true,
  dialplan: 'managed',
  live,
} as unknown as ExtensionRow;

/** Only listExtensions is reached by `ext list`; it answers what a PBX's AMI could have said. */
const fleetWith = (rows: ExtensionRow[]) =>
  ({ listExtensions: async () => rows }) as unknown as FleetApi;

async function run(argv: string[]): Promise<string[]> {
  const out: string[] = [];
  await extCommand(fleetWith([row]), argv, { out: (l) => out.push(l), err: () => undefined });
  return out;
}

describe('control characters from the PBX in text output', () => {
  it('ext list escapes them in the table, one visible \\xHH each', async () => {
    const lines = await run(['list', 'pbx']);
    expect(lines).toHaveLength(2);
    for (const l of lines) expect(l).not.toMatch(HAS_CONTROL);
    expect(lines[1]).toContain('Zoiper\\x1b]0;pwned\\x07\\x1b[2J\\x0d\\x0afake line\\x9b31m');
    expect(lines[1]).toContain('Ali\\x1b[31m');
  });

  it('ext list --json keeps the exact strings', async () => {
    const rows = JSON.parse((await run(['list', 'pbx', '--json'])).join('\n')) as ExtensionRow[];
    expect(rows[0]!.live!.userAgent).toBe(HOSTILE_UA);
    expect(rows[0]!.displayName).toBe('Ali\x1b[31m');
  });

  it('monitor escapes them in its event lines, and JSON lines keep them', () => {
    const ev: DomainEvent = {
      kind: 'registration',
      host: 'pbx',
      at: Date.UTC(2026, 10, 28, 9, 0, 0),
      previous: 'offline',
      status: live,
    };
    const line = describeEvent(ev);
    expect(line).not.toMatch(HAS_CONTROL);
    expect(line).toBe(
      '2026-11-28T09:00:00.000Z pbx 1001 offline → online from 192.0.2.10:5062 ' +
        '(Zoiper\\x1b]0;pwned\\x07\\x1b[2J\\x0d\\x0afake line\\x9b31m)',
    );
    const hangup = describeEvent({
      kind: 'hangup',
      host: 'pbx',
      at: 0,
      record: {
        caller: '1001',
        callee: '1002',
        disposition: 'FAILED',
        hangupCauseText: 'x\x1b[2J',
      },
    } as unknown as DomainEvent);
    expect(hangup).toContain('(x\\x1b[2J)');
    expect((JSON.parse(JSON.stringify(ev)) as typeof ev).status.userAgent).toBe(HOSTILE_UA);
  });
});

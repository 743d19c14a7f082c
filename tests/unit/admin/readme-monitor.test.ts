import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { callJson, hostStateJson, monitorJson } from '../../../src/cli/commands/live';
import { CallLog } from '../../../src/main/core/live/call-log';
import type { CallRecord, DomainEvent } from '../../../src/shared/types';
import { documentedKeys, keysOf, readmeText } from '../../support/readme-shapes';

const at = Date.UTC(2026, 11, 6, 22, 0, 0);
const record: CallRecord = {
  id: 'c1',
  caller: '1001',
  callee: '1002',
  start: at,
  answer: at + 2000,
  end: at + 9000,
  durationSec: 7,
  disposition: 'ANSWERED',
  hangupCause: 16,
  hangupCauseText: 'Normal Clearing',
};
// Built in an order unlike the README's on purpose: the output must not depend on it.
const events: Record<string, DomainEvent> = {
  registration: {
    previous: 'offline',
    status: {
      updatedAt: at,
      callState: 'idle',
      number: '1001',
      registration: 'online',
      contactUri: 'sip:1001@192.0.2.10:5062',
      address: '192.0.2.10:5062',
      userAgent: 'MicroSIP/3.21.3',
      roundTripMs: 2.3,
    },
    at,
    host: 'pbx',
    kind: 'registration',
  },
  ringing: { callId: 'x', callee: '1002', caller: '1001', at, host: 'pbx', kind: 'ringing' },
  answered: { callId: 'x', callee: '1002', caller: '1001', at, host: 'pbx', kind: 'answered' },
  hangup: { record, at, host: 'pbx', kind: 'hangup' },
  'host-connected': { at, host: 'pbx', kind: 'host-connected' },
  'host-disconnected': {
    reason: 'AMI connection lost',
    at,
    host: 'pbx',
    kind: 'host-disconnected',
  },
  trunk: {
    reason: null,
    previous: 'unknown',
    status: 'registered',
    name: 'provider',
    at,
    host: 'pbx',
    kind: 'trunk',
  },
};

describe('monitor --json prints each event with the README’s fields, in its order (issue 14)', () => {
  for (const [kind, ev] of Object.entries(events))
    it(kind, () => {
      const line = JSON.parse(JSON.stringify(monitorJson(ev))) as Record<string, unknown>;
      expect(Object.keys(line)).toEqual(documentedKeys('monitor --json', 'kind', nthOf(kind)));
      expect(line.kind).toBe(kind);
    });

  it('registration status and hangup record', () => {
    const reg = monitorJson(events.registration!) as { status: object };
    expect(Object.keys(reg.status)).toEqual(documentedKeys('monitor --json', 'number'));
    const hang = monitorJson(events.hangup!) as { record: object };
    expect(Object.keys(hang.record)).toEqual(documentedKeys('calls --json', 'id'));
    expect(Object.keys(callJson(record))).toEqual(documentedKeys('calls --json', 'id'));
  });

  it('host-state (monitor --all)', () => {
    const line = hostStateJson('pbx', {
      watched: true,
      source: 'ami',
      asOf: at,
      reason: 'refused',
      layer: 'ami-tcp',
      phase: 'degraded',
    });
    const spans = keysOf('{ kind, host, at, phase, layer, reason, asOf, source }');
    expect(Object.keys(line)).toEqual(spans);
    expect(readmeText()).toContain(
      '`host-state`: `{ kind, host, at, phase, layer, reason, asOf, source }`',
    );
  });
});

/** Which `{ kind, … }` span of the monitor bullet documents `kind` (README order). */
function nthOf(kind: string): number {
  return [
    'registration',
    'ringing',
    'hangup',
    'host-connected',
    'host-disconnected',
    'trunk',
  ].indexOf(kind === 'answered' ? 'ringing' : kind);
}

describe('the call log is where the README says (issue 14)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rayanpbx-calls-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('$RAYANPBX_HOME/calls/calls-<host>.jsonl', async () => {
    const m = /`\$RAYANPBX_HOME\/(calls\/[^`]+)`/.exec(readmeText());
    expect(m?.[1]).toBe('calls/calls-<host>.jsonl');
    const log = await CallLog.open(path.join(dir, 'calls'), 'pbx');
    await log.append(record);
    await log.flush();
    expect(fs.existsSync(path.join(dir, m![1]!.replace('<host>', 'pbx')))).toBe(true);
  });
});

describe('the README links documents inside the repository (issue 14)', () => {
  it('every relative link resolves to a file of this repository', () => {
    const root = path.resolve(import.meta.dirname, '../../..');
    const prose = readmeText().replace(/`[^`\n]*`/g, '');
    const links = [...prose.matchAll(/\]\((?!https?:|#)([^)\s]+)\)/g)].map((m) => m[1]!);
    expect(links).toContain('docs/architecture.md');
    for (const l of links) {
      const target = path.resolve(root, l.split('#')[0]!);
      expect(target.startsWith(root + path.sep), `${l} leaves the repository`).toBe(true);
      // Screenshots are published by the browser scenario on request; documents must exist.
      if (!l.startsWith('docs/screenshots/'))
        expect(fs.existsSync(target), `${l} exists`).toBe(true);
    }
  });
});

/**
 * The audit log tells the truth about a change nobody could verify, and outlives the host:
 * - a write whose channel dies after the go-ahead (the PBX may have renamed with nobody
 *   listening) is recorded `unknown`, not failed or rolled back, and `audit --json` says so;
 * - `audit <host>` for a host removed with `host rm` still reads its records.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../../src/main/core/audit';
import { applyChange, type ApplyFiles } from '../../../src/main/core/fleet/apply-change';
import { HostStore } from '../../../src/main/core/hosts/host-store';
import { JsonFileSettings } from '../../../src/main/core/hosts/settings-backend';
import { WriteOutcomeUnknownError } from '../../../src/main/core/ssh/errors';
import type { SshTransport } from '../../../src/main/core/ssh/ssh-transport';
import { HOST_DEFAULTS } from '../../../src/shared/schemas/host';
import type { AuditRecord } from '../../../src/shared/types';
import { cliHarness } from '../../support/cli-harness';
import { addExtensionEdit, bothFilesOf } from '../../support/add-extension-edit';
import { createPbxDir, type PbxDir } from '../../support/pbx-dir';
import { BASIC_EXTENSIONS, basicPjsip } from '../../support/pbx-host';
import { connectToSshd, rejectionOf } from '../../support/ssh-session';
import { startSshd, type SshdHandle } from '../../support/sshd';

let sshd: SshdHandle;
let t: SshTransport;
let pbx: PbxDir;
let cli: ReturnType<typeof cliHarness>;

beforeAll(async () => {
  sshd = await startSshd();
  t = await connectToSshd(sshd);
  pbx = await createPbxDir({ 'pjsip.conf': basicPjsip(5060), 'extensions.conf': BASIC_EXTENSIONS });
  cli = cliHarness();
});
afterAll(async () => {
  await t?.close();
  await cli?.cleanup();
  await pbx?.cleanup();
  await sshd?.stop();
});

/** The apply pipeline's files over the harness's SSH connection, with a fault hook on writes. */
function filesDroppingChannelAfterGo(): ApplyFiles {
  return {
    files: {
      readFiles: (paths) => t.files.readFiles(paths),
      cachedFiles: (paths) => t.files.cachedFiles(paths),
      writeFilesAtomic: (files, opts) =>
        t.files.writeFilesAtomic(files, {
          ...opts,
          hooks: { pauseBeforeRename: true, dropChannelAfterGo: true },
        }),
    },
    get roundTrips() {
      return t.roundTrips;
    },
  };
}

async function auditJson(...args: string[]): Promise<AuditRecord[]> {
  const r = await cli.run('audit', ...args, '--json');
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as AuditRecord[];
}

describe('the audit log', () => {
  it('records a change whose write may or may not have landed as unknown, and audit --json shows it', async () => {
    const err = await rejectionOf(
      applyChange(
        filesDroppingChannelAfterGo(),
        null,
        bothFilesOf(pbx),
        addExtensionEdit('1001', 'Pw-1001-unknown'),
        {
          host: 'pbx',
          audit: {
            recorder: new AuditLog(path.join(cli.home, 'audit')),
            action: 'extension add',
            target: '1001',
            fieldsChanged: ['password: changed'],
          },
        },
      ),
    );
    expect(err).toBeInstanceOf(WriteOutcomeUnknownError);

    const recs = await auditJson();
    expect(recs).toHaveLength(1);
    expect(recs[0]).toMatchObject({
      host: 'pbx',
      action: 'extension add',
      target: '1001',
      outcome: 'unknown',
    });
    expect(recs[0]!.reason).toMatch(/may have been applied/);
    expect(JSON.stringify(recs)).not.toContain('Pw-1001-unknown');
    const table = await cli.run('audit');
    expect(table.stdout).toMatch(/extension add\s+1001\s+unknown/);
  });

  it('audit <host> still reads a removed host’s records; a name that never was is refused', async () => {
    new HostStore(new JsonFileSettings(path.join(cli.home, 'settings.json'))).add({
      ...HOST_DEFAULTS,
      name: 'pbx',
      transport: 'ssh',
      host: sshd.host,
      port: sshd.port,
      user: sshd.user,
      configDir: pbx.dir,
    });
    const before = await auditJson('pbx');
    expect(before.map((r) => r.outcome)).toEqual(['unknown']);

    const rm = await cli.run('host', 'rm', 'pbx');
    expect(rm.code, rm.stderr).toBe(0);
    expect((await cli.run('host', 'list', '--json')).stdout).toBe('[]');
    expect(await auditJson('pbx')).toEqual(before);

    const typo = await cli.run('audit', 'pbz');
    expect(typo.code).toBe(1);
    expect(typo.stderr).toContain('No host named "pbz"');
  });
});

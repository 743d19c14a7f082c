import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AmiTestServer } from '../../support/ami-server/server';
import { replay, type ReplayFilter, DEFAULT_FILTER } from '../../support/ami-server/replay';
import { tempConfigDir } from '../../support/ami-server/fixture-dir';
import { transcriptFile } from '../../support/ami-server/transcripts';

/**
 * Acceptance 1 (second half): the test AMI server's answers to the recorded `*.sent.txt` bytes
 * match the recorded answers of a real Asterisk 22.10.1, for login, list actions, Command,
 * Reload and the errors — timestamps and ids aside (see the normalisations in replay.ts).
 * The server is configured with the recording host's pjsip.conf and extensions.conf.
 */

async function expectReplayMatches(
  server: AmiTestServer,
  name: string,
  hooks?: Parameters<typeof replay>[2],
): Promise<void> {
  const r = await replay(server.port, name, hooks);
  expect(r.replayed).toEqual(r.recorded);
}

const PHONES = { 1001: { viaPort: 5071 }, 1002: { viaPort: 5073 } } as const;

function registerBoth(server: AmiTestServer): void {
  server.register('1001', PHONES[1001]);
  server.register('1002', PHONES[1002]);
}

/**
 * The test server on a fresh copy of the recording host's config dir (`files` replacing some of
 * it), started before the tests of the enclosing describe block and stopped after them.
 */
function recordedHost(
  files?: Record<string, string>,
  setup?: (server: AmiTestServer) => void,
): { server: AmiTestServer; cfg: ReturnType<typeof tempConfigDir> } {
  const t = {} as { server: AmiTestServer; cfg: ReturnType<typeof tempConfigDir> };
  beforeAll(async () => {
    t.cfg = tempConfigDir(files);
    t.server = await AmiTestServer.start({ configDir: t.cfg.dir });
    setup?.(t.server);
  });
  afterAll(async () => {
    await t.server.stop();
    t.cfg.cleanup();
  });
  return t;
}

describe('test AMI server answers like the recorded Asterisk', () => {
  describe('no phone registered (fresh PBX)', () => {
    const t = recordedHost();

    it.each([
      '00_login_ok',
      '02_action_before_login',
      '03_login_events_off_then_CoreStatus',
      '04_Ping',
      '05_unknown_action_PJSIPReload',
      '06_PJSIPShowEndpoints_noreg',
      '06b_PJSIPShowContacts_noreg',
      '06c_PJSIPShowAors_noreg',
      '06d_PJSIPShowRegistrationsInbound_noreg',
      '06e_PJSIPShowEndpoint_1001_noreg',
      '11b_PJSIPShowEndpoint_unknown_9999',
      '14c_PJSIPShowRegistrationsOutbound',
      '15_PJSIPShowAuths',
      '15b_PJSIPShowSubscriptionsInbound',
      '15c_PJSIPShowSubscriptionsOutbound',
      '15d_PJSIPShowResourceLists',
      '15e_PJSIPShowMaintenance',
      '20_CoreSettings',
      '21_CoreStatus',
      '22c_Command_core_show_version',
      '22d_Command_unknown_cli_command',
      '23_Reload_res_pjsip',
      '23b_Reload_nonexistent_module',
      '23c_Reload_res_pjsip_without_so',
      '24_Command_dialplan_reload',
      '26_CoreShowChannels_idle',
      '27_ShowDialPlan_from-internal',
      '28_ExtensionStateList',
      '39_Reload_all_modules',
      '44_Command_module_reload_two_modules',
    ])('%s', async (name) => {
      await expectReplayMatches(t.server, name);
    });

    it.each(['01_login_bad_password', '01b_login_unknown_user'])(
      '%s: refused after about a second, then closed',
      async (name) => {
        const t0 = Date.now();
        const r = await replay(t.server.port, name);
        expect(r.replayed).toEqual(r.recorded);
        expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
        expect(r.closedByServer).toBe(true);
      },
    );
  });

  describe('1001 and 1002 registered', () => {
    const t = recordedHost(undefined, registerBoth);

    it.each([
      '05b_lowercase_action_name_pjsipshowendpoints',
      '10_PJSIPShowEndpoints',
      '11_PJSIPShowEndpoint_1001',
      '12_PJSIPShowContacts',
      '13_PJSIPShowAors',
      '14_PJSIPShowRegistrationsInbound',
      '14b_PJSIPShowRegistrationInboundContactStatuses',
      '15f_PJSIPQualify_1001',
      '22_Command_pjsip_show_endpoints',
      '22b_Command_pjsip_show_contacts',
      '24b_Command_module_reload_res_pjsip',
      '24c_Command_pjsip_reload',
    ])('%s', async (name) => {
      await expectReplayMatches(t.server, name);
    });
  });

  describe('during an answered call 1001 → 1002', () => {
    const t = recordedHost(undefined, (server) => {
      registerBoth(server);
      server.answer(server.ring('1001', '1002').id);
    });

    it.each([
      '32a_CoreShowChannels_during_call',
      '32c_PJSIPShowEndpoints_during_call',
      '32d_PJSIPShowEndpoint_1002_during_call',
    ])('%s', async (name) => {
      await expectReplayMatches(t.server, name);
    });
  });

  describe('live events', () => {
    const t = recordedHost();

    const SIP: ReplayFilter = { ...DEFAULT_FILTER, sipSecurity: 'keep' };
    const CALLS: ReplayFilter = { ...DEFAULT_FILTER, sipSecurity: 'beforeCalls' };

    it('30_events_register: 1001 then 1002 REGISTER', async () => {
      await expectReplayMatches(t.server, '30_events_register', {
        filter: SIP,
        afterResponses: (i) => {
          if (i === 0) registerBoth(t.server);
        },
      });
    });

    it('31_events_call_ring_then_caller_hangup: ringing, then CANCEL', async () => {
      await expectReplayMatches(t.server, '31_events_call_ring_then_caller_hangup', {
        filter: CALLS,
        afterResponses: (i) => {
          if (i !== 0) return;
          const call = t.server.ring('1001', '1002');
          t.server.cancel(call.id);
        },
      });
    });

    it('33_events_call_answered_then_callee_hangup: answer, bridge, callee hangs up', async () => {
      await expectReplayMatches(t.server, '33_events_call_answered_then_callee_hangup', {
        filter: CALLS,
        afterResponses: (i) => {
          if (i !== 0) return;
          const call = t.server.ring('1001', '1002');
          t.server.answer(call.id);
          t.server.hangup(call.id, { by: 'callee' });
        },
      });
    });

    it('34_events_originate_then_ami_hangup: Originate, DialBegin without caller, AMI Hangup', async () => {
      t.server.setChannelSequence(8);
      await expectReplayMatches(t.server, '34_events_originate_then_ami_hangup', { filter: CALLS });
    });

    it('35_events_unregister: graceful un-REGISTER of 1002', async () => {
      await expectReplayMatches(t.server, '35_events_unregister', {
        filter: SIP,
        afterResponses: (i) => {
          if (i === 0) t.server.unregister('1002');
        },
      });
    });

    it('36_events_call_to_unregistered_endpoint: CHANUNAVAIL', async () => {
      await expectReplayMatches(t.server, '36_events_call_to_unregistered_endpoint', {
        filter: CALLS,
        afterResponses: (i) => {
          if (i === 0) t.server.ring('1001', '1002');
        },
      });
    });

    it('37_events_contact_expired: 1001 expires', async () => {
      await expectReplayMatches(t.server, '37_events_contact_expired', {
        filter: SIP,
        afterResponses: (i) => {
          if (i === 0) t.server.expire('1001');
        },
      });
    });

    it('01c: a logged-in session sees InvalidPassword / InvalidAccountID of bad logins', async () => {
      registerBoth(t.server);
      await expectReplayMatches(t.server, '01c_events_seen_by_other_session_on_bad_logins', {
        filter: { sipSecurity: 'drop', otherAmiLogins: true },
        afterResponses: async (i) => {
          if (i !== 0) return;
          await replay(t.server.port, '01_login_bad_password');
          await replay(t.server.port, '01b_login_unknown_user');
        },
        timeoutMs: 8000,
      });
    });
  });

  describe('qualify enabled on AOR 1001 (38_pjsip.conf.qualify)', () => {
    const t = recordedHost({ 'pjsip.conf': transcriptFile('38_pjsip.conf.qualify') }, (server) => {
      server.register('1002', PHONES[1002]);
    });

    it('38: register (NonQualified → Reachable), unreachable, 1002 refresh, expiry', async () => {
      let uri = '';
      await expectReplayMatches(
        t.server,
        '38_events_qualify_register_reachable_kill_unreachable_expire',
        {
          filter: { sipSecurity: 'keep', otherAmiLogins: false },
          afterResponses: (i) => {
            if (i !== 0) return;
            uri = t.server.register('1001', { ...PHONES[1001], rttUsec: 178 }).uri;
            t.server.markUnreachable('1001');
            const c1002 = t.server.listContacts().find((c) => c.endpoint === '1002')!;
            t.server.register('1002', {
              uri: c1002.uri,
              viaPort: c1002.viaPort,
              callId: c1002.callId,
            });
            t.server.expire('1001', uri);
          },
        },
      );
    });

    it('38a-e: contacts, qualify, endpoint detail and CLI with qualify on, then unreachable', async () => {
      const c = t.server.register('1001', { ...PHONES[1001], rttUsec: 178 });
      await expectReplayMatches(t.server, '38a_PJSIPShowContacts_qualify_enabled');
      await expectReplayMatches(t.server, '38b_PJSIPQualify_1001_qualify_enabled');
      t.server.markReachable('1001', c.uri, 476);
      await expectReplayMatches(t.server, '38c_PJSIPShowEndpoint_1001_qualify_enabled');
      await expectReplayMatches(t.server, '38d_Command_pjsip_show_contacts_qualify_enabled');
      t.server.markUnreachable('1001');
      await expectReplayMatches(t.server, '38e_PJSIPShowContacts_contact_unreachable');
    });
  });

  describe.each([
    ['40_syntax_error', 'a file that cannot be parsed keeps the whole old config'],
    [
      '41_line_without_equals',
      'a line without "=" is skipped, the rest applies (new endpoint 1003)',
    ],
    ['42_invalid_option_values', 'objects with bad options keep their previous settings'],
  ])('%s: %s', (prefix) => {
    const t = recordedHost(undefined, registerBoth);
    let good: string;
    beforeAll(() => {
      good = readFileSync(join(t.cfg.dir, 'pjsip.conf'), 'utf8');
    });

    it('Reload says "Module Reloaded", and what is live afterwards matches the recording (a–e, f, h, i)', async () => {
      // f: an event session open during the reloads of a–e sees their logins and Reload events.
      const watcher = replay(t.server.port, `${prefix}_f_events_during_reloads`, {
        filter: { sipSecurity: 'drop', otherAmiLogins: true },
        timeoutMs: 15_000,
        afterResponses: async (i) => {
          if (i !== 0) return;
          t.cfg.write('pjsip.conf', transcriptFile(`${prefix}_pjsip.conf.broken`));
          for (const step of [
            'a_Reload_res_pjsip',
            'b_PJSIPShowEndpoints_after',
            'c_PJSIPShowContacts_after',
            'd_Command_module_reload_res_pjsip',
            'e_Command_pjsip_show_endpoints_after',
          ]) {
            await expectReplayMatches(t.server, `${prefix}_${step}`);
          }
        },
      });
      const f = await watcher;
      expect(f.replayed).toEqual(f.recorded);
      t.cfg.write('pjsip.conf', good);
      await expectReplayMatches(t.server, `${prefix}_h_Reload_res_pjsip_restored`);
      await expectReplayMatches(t.server, `${prefix}_i_PJSIPShowEndpoints_restored`);
    });
  });

  describe('45: live dialplan edits without a reload', () => {
    const t = recordedHost();

    it('DialplanExtensionAdd (hint, priorities, Replace, missing context), ShowDialPlan, ExtensionState, DialplanExtensionRemove', async () => {
      await expectReplayMatches(t.server, '45_DialplanExtensionAdd_Remove_live');
    });

    it('a later dialplan reload rebuilds everything from extensions.conf (the live edits are gone)', async () => {
      expect(t.server.dialplan.has('no-such-context')).toBe(true);
      await expectReplayMatches(t.server, '24_Command_dialplan_reload');
      expect(t.server.dialplan.has('no-such-context')).toBe(false);
      await expectReplayMatches(t.server, '27_ShowDialPlan_from-internal');
    });
  });

  describe('43: broken extensions.conf', () => {
    const t = recordedHost();
    let good: string;
    beforeAll(() => {
      good = readFileSync(join(t.cfg.dir, 'extensions.conf'), 'utf8');
    });

    it('"dialplan reload" says "Dialplan reloaded." and the old dialplan stays live', async () => {
      t.cfg.write('extensions.conf', good.replace('[from-internal]', '[from-internal'));
      await expectReplayMatches(t.server, '43_Command_dialplan_reload_broken');
      await expectReplayMatches(t.server, '43b_ShowDialPlan_from-internal_after_broken_reload');
      t.cfg.write('extensions.conf', good);
      await expectReplayMatches(t.server, '43d_Command_dialplan_reload_restored');
    });
  });
});

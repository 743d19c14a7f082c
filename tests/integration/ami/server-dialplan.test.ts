import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AmiClient } from '../../../src/main/core/ami/client';
import { AmiActionError } from '../../../src/main/core/ami/errors';
import type { AmiMessage } from '../../../src/main/core/ami/message';
import { amiGet } from '../../../src/main/core/ami/message';
import { AmiTestServer } from '../../support/ami-server/server';
import { tempConfigDir } from '../../support/ami-server/fixture-dir';

/**
 * The test AMI server's dialplan beyond transcript 45: what Asterisk does with managed lines
 * that collide with hand-written ones (INDEX.txt, DESIGN.md "First dialplan line wins"), and
 * how ShowDialPlan and dialling pick an extension for a number.
 */

const COLLIDING = `[general]
static=yes
writeprotect=no

[from-internal]
exten => 1001,1,Dial(PJSIP/1001,20)
exten => _2XX,1,VoiceMail(\${EXTEN}@default)
 same => n,Hangup()
exten => _20X,1,Playback(tt-monkeys)

; BEGIN MANAGED - RayanPBX Internal Extensions
[from-internal]
exten => 1001,hint,PJSIP/1001
exten => 1001,1,NoOp(Call to extension 1001)
 same => n,Dial(PJSIP/1001,30)
 same => n,Hangup()
exten => 202,hint,PJSIP/202
exten => 202,1,NoOp(Call to extension 202)
 same => n,Dial(PJSIP/202,30)
 same => n,Hangup()
; END MANAGED - RayanPBX Internal Extensions
`;

function rows(items: AmiMessage[]): string[] {
  return items
    .filter((m) => amiGet(m, 'Event') === 'ListDialplan')
    .map(
      (m) =>
        `${amiGet(m, 'Extension')},${amiGet(m, 'Priority')},${amiGet(m, 'Application')}(${amiGet(m, 'AppData') ?? ''})`,
    );
}

describe('test AMI server: managed dialplan colliding with hand-written dialplan', () => {
  let server: AmiTestServer;
  let cfg: ReturnType<typeof tempConfigDir>;
  let client: AmiClient;
  beforeAll(async () => {
    cfg = tempConfigDir({ 'extensions.conf': COLLIDING });
    server = await AmiTestServer.start({ configDir: cfg.dir });
    client = await AmiClient.connect(() => Promise.resolve(net.connect(server.port, '127.0.0.1')), {
      username: 'admin',
      secret: 'amipass',
      events: false,
      heartbeatIntervalMs: 0,
    });
  });
  afterAll(async () => {
    await client.close();
    await server.stop();
    cfg.cleanup();
  });

  const show = async (exten: string): Promise<string[]> =>
    rows(await client.listAction('ShowDialPlan', { Context: 'from-internal', Extension: exten }));

  it('exact: the hand-written 1001,1 wins, the managed 1001,1 is refused and logged; free priorities still load', async () => {
    expect(await show('1001')).toEqual([
      '1001,hint,PJSIP/1001()',
      '1001,1,Dial(PJSIP/1001,20)',
      '1001,2,Dial(PJSIP/1001,30)',
      '1001,3,Hangup()',
    ]);
    expect(server.dialplanReports.at(-1)).toEqual([
      "Unable to register extension '1001' priority 1 in 'from-internal', already in use",
    ]);
  });

  it('pattern: an exact managed 202 takes the number from _2XX; ShowDialPlan lists every match, exact first', async () => {
    expect(await show('202')).toEqual([
      '202,hint,PJSIP/202()',
      '202,1,NoOp(Call to extension 202)',
      '202,2,Dial(PJSIP/202,30)',
      '202,3,Hangup()',
      '_20X,1,Playback(tt-monkeys)',
      '_2XX,1,VoiceMail(${EXTEN}@default)',
      '_2XX,2,Hangup()',
    ]);
    expect(server.dialplan.resolve('from-internal', '202')).toBe('202');
    expect(server.dialplan.find('from-internal', '202', 1)?.application).toBe('NoOp');
  });

  it('none: a number without an exact entry goes to the most specific pattern, or nowhere', async () => {
    expect(server.dialplan.resolve('from-internal', '203')).toBe('_20X');
    expect(server.dialplan.resolve('from-internal', '250')).toBe('_2XX');
    expect(server.dialplan.find('from-internal', '250', 1)?.application).toBe('VoiceMail');
    expect(server.dialplan.resolve('from-internal', '3001')).toBeNull();
    const err = await client
      .listAction('ShowDialPlan', { Context: 'from-internal', Extension: '3001' })
      .catch((e: unknown) => e);
    expect((err as AmiActionError).serverMessage).toBe('Did not find extension 3001@from-internal');
  });

  it('live: adding a priority the hand-written line holds is refused as in 45; Replace takes it over', async () => {
    const add = (replace: boolean): Promise<unknown> =>
      client
        .action('DialplanExtensionAdd', {
          Context: 'from-internal',
          Extension: '1001',
          Priority: '1',
          Application: 'NoOp',
          ApplicationData: 'Call to extension 1001',
          ...(replace ? { Replace: 'yes' } : {}),
        })
        .catch((e: unknown) => e);
    const refused = await add(false);
    expect(refused).toBeInstanceOf(AmiActionError);
    expect((refused as AmiActionError).serverMessage).toBe(
      'That extension and priority already exist at that context',
    );
    expect(amiGet((await add(true)) as AmiMessage, 'Message')).toBe('Added requested extension');
    expect((await show('1001'))[1]).toBe('1001,1,NoOp(Call to extension 1001)');
    // Until the next dialplan reload, where the file's first line wins again.
    await client.command('dialplan reload');
    expect((await show('1001'))[1]).toBe('1001,1,Dial(PJSIP/1001,20)');
  });

  it('ExtensionState and ExtensionStateList report the hints with the state of their endpoint', async () => {
    server.register('1001');
    const state = await client.action('ExtensionState', {
      Context: 'from-internal',
      Exten: '1001',
    });
    expect([amiGet(state, 'Hint'), amiGet(state, 'Status'), amiGet(state, 'StatusText')]).toEqual([
      'PJSIP/1001',
      '0',
      'Idle',
    ]);
    const list = await client.listAction('ExtensionStateList');
    expect(
      list
        .filter((m) => amiGet(m, 'Event') === 'ExtensionStatus')
        .map((m) => `${amiGet(m, 'Exten')} ${amiGet(m, 'Hint')} ${amiGet(m, 'StatusText')}`),
    ).toEqual(['1001 PJSIP/1001 Idle', '202 PJSIP/202 Unavailable']);
    server.unregister('1001');
    const none = await client.action('ExtensionState', { Context: 'from-internal', Exten: '250' });
    expect([amiGet(none, 'Hint'), amiGet(none, 'Status')]).toEqual(['', '-1']);
  });

  it('refuses malformed live edits with the pbx_config messages, changing nothing', async () => {
    const fail = async (action: string, fields: Record<string, string>): Promise<string> => {
      const err = await client.action(action, fields).catch((e: unknown) => e);
      return (err as AmiActionError).serverMessage;
    };
    const before = await show('1001');
    expect(
      await fail('DialplanExtensionAdd', { Extension: '1', Priority: '1', Application: 'NoOp' }),
    ).toBe('Context must be specified');
    expect(
      await fail('DialplanExtensionAdd', {
        Context: 'from-internal',
        Extension: '1001',
        Priority: 'n',
        Application: 'NoOp',
      }),
    ).toBe('The priority specified was invalid.');
    expect(
      await fail('DialplanExtensionAdd', {
        Context: 'from-internal',
        Extension: '1001',
        Priority: '9',
      }),
    ).toBe('Application must be specified');
    expect(
      await fail('DialplanExtensionRemove', {
        Context: 'from-internal',
        Extension: '1001',
        Priority: '9',
      }),
    ).toBe('Failed to remove requested extension');
    expect(await show('1001')).toEqual(before);
  });

  it('ShowDialPlan of a context that does not exist is a bare error; an emptied context stays, listed empty', async () => {
    const err = await client
      .listAction('ShowDialPlan', { Context: 'nowhere' })
      .catch((e: unknown) => e);
    expect((err as AmiActionError).serverMessage).toBe('Did not find context nowhere');
    await client.action('DialplanExtensionAdd', {
      Context: 'scratch',
      Extension: '5',
      Priority: '1',
      Application: 'NoOp',
    });
    await client.action('DialplanExtensionRemove', { Context: 'scratch', Extension: '5' });
    const items = await client.listAction('ShowDialPlan', { Context: 'scratch' });
    expect(rows(items)).toEqual([]);
  });
});

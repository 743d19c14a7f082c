import type { FleetApi } from '../../shared/types';
import { flag, flagAll, parseArgs, positional, UsageError } from '../args';
import { describeApply, type Io, printJson, printList } from '../output';

export async function transportCommand(fleet: FleetApi, argv: string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv;
  const a = parseArgs(rest, { booleans: ['json'] });
  const host = positional(a, 0, 'host name');
  switch (sub) {
    case 'list': {
      const list = await fleet.listTransports(host);
      return printList(io, a.booleans.has('json'), list, {
        empty: `No transport configured. Create one: rayanpbx transport ensure ${host}`,
        columns: [
          ['NAME', 'name'],
          ['PROTOCOL', 'protocol'],
          ['BIND', 'bind'],
          ['MANAGED', (x) => (x.managed ? 'yes' : 'no')],
          ['EXTERNAL MEDIA', (x) => x.nat.externalMediaAddress],
          ['EXTERNAL SIGNALING', (x) => x.nat.externalSignalingAddress],
          ['LOCAL NETS', (x) => [...x.handWrittenLocalNets, ...x.nat.localNets].join(',') || '-'],
        ],
      });
    }
    case 'ensure': {
      const r = await fleet.ensureTransport(host);
      if (a.booleans.has('json')) printJson(io, r);
      else {
        io.out(
          r.created
            ? `Created UDP transport ${r.transport}`
            : `UDP transport ${r.transport} already exists`,
        );
        if (r.created) for (const l of describeApply(r.apply)) io.out(`  ${l}`);
      }
      return r.apply.rolledBack ? 1 : 0;
    }
    default:
      throw new UsageError('transport needs one of: list, ensure');
  }
}

export async function natCommand(fleet: FleetApi, argv: string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv;
  const a = parseArgs(rest, {
    values: ['transport', 'external-media', 'external-signaling', 'local-net'],
    booleans: ['json', 'clear-external-media', 'clear-external-signaling', 'clear-local-nets'],
  });
  const host = positional(a, 0, 'host name');
  const transport = flag(a, 'transport');
  switch (sub) {
    case 'show': {
      const r = await fleet.getNat(host, transport);
      if (a.booleans.has('json')) {
        printJson(io, r);
        return 0;
      }
      io.out(`transport: ${r.transport}`);
      io.out(`external_media_address: ${r.nat.externalMediaAddress ?? '-'}`);
      io.out(`external_signaling_address: ${r.nat.externalSignalingAddress ?? '-'}`);
      io.out(`local_net (managed): ${r.nat.localNets.join(', ') || '-'}`);
      if (r.handWrittenLocalNets.length)
        io.out(`local_net (hand-written, not editable here): ${r.handWrittenLocalNets.join(', ')}`);
      return 0;
    }
    case 'set': {
      const nat: Record<string, unknown> = {};
      if (flag(a, 'external-media') !== undefined)
        nat.externalMediaAddress = flag(a, 'external-media');
      if (a.booleans.has('clear-external-media')) nat.externalMediaAddress = null;
      if (flag(a, 'external-signaling') !== undefined)
        nat.externalSignalingAddress = flag(a, 'external-signaling');
      if (a.booleans.has('clear-external-signaling')) nat.externalSignalingAddress = null;
      if (flagAll(a, 'local-net').length) nat.localNets = flagAll(a, 'local-net');
      if (a.booleans.has('clear-local-nets')) nat.localNets = [];
      if (Object.keys(nat).length === 0)
        throw new UsageError('nat set needs --external-media, --external-signaling or --local-net');
      const r = await fleet.setNat(host, transport, nat);
      if (a.booleans.has('json')) printJson(io, r);
      else {
        io.out(`NAT updated on ${transport ?? 'the UDP transport'}`);
        for (const l of describeApply(r.apply)) io.out(`  ${l}`);
        io.out(
          r.applyMode === 'reload'
            ? '  applied by a PJSIP reload'
            : '  needs an Asterisk restart to take effect (transport is not fully reloadable)',
        );
      }
      return r.apply.rolledBack ? 1 : 0;
    }
    default:
      throw new UsageError('nat needs one of: show, set');
  }
}

import type { ReconnectingAmi } from '../ami/reconnecting';
import type { AmiSource, AmiSourceEvents } from '../live/ami-source';

/** Adapts the reconnecting AMI client to the small interface the live layer is written against. */
export function amiSource(ami: ReconnectingAmi): AmiSource {
  const wrappers = new Map<unknown, (...args: never[]) => void>();
  const wrap = <K extends keyof AmiSourceEvents>(ev: K, cb: AmiSourceEvents[K]) => {
    let w: (...args: never[]) => void;
    if (ev === 'event')
      w = ((msg: Parameters<AmiSourceEvents['event']>[0]) =>
        (cb as AmiSourceEvents['event'])(msg)) as never;
    else if (ev === 'disconnected')
      w = ((err: Error) => (cb as AmiSourceEvents['disconnected'])(err?.message)) as never;
    else w = (() => (cb as AmiSourceEvents['connected'])()) as never;
    wrappers.set(cb, w);
    return w;
  };
  return {
    // "No Contacts found" and the like already come back as [] from the client.
    listAction: (action, fields) => ami.listAction(action, fields),
    listEach: (action, fields, onItem) => ami.listEach(action, fields, onItem),
    isConnected: () => ami.connected,
    on(ev, cb) {
      const w = wrap(ev, cb);
      if (ev === 'connected') {
        ami.on('connected', w as never);
        ami.on('reconnected', w as never);
      } else ami.on(ev, w as never);
    },
    off(ev, cb) {
      const w = wrappers.get(cb);
      if (!w) return;
      wrappers.delete(cb);
      if (ev === 'connected') {
        ami.off('connected', w as never);
        ami.off('reconnected', w as never);
      } else ami.off(ev, w as never);
    },
  };
}

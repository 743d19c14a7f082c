/**
 * The IPC channel names, on their own: the preload needs only these, and importing the contract
 * (`ipc.ts`) would bundle zod and every schema into it. `ipc.ts` checks at compile time that this
 * list and its contract name the same channels, so a channel added there must be added here.
 */
export const invokeChannels = [
  'hosts/list',
  'hosts/probe',
  'hosts/add',
  'hosts/update',
  'hosts/remove',
  'hosts/rename',
  'hosts/check',
  'hosts/reconnect',
  'secrets/status',
  'hosts/trust',
  'extensions/list',
  'extensions/create',
  'extensions/update',
  'extensions/delete',
  'extensions/setEnabled',
  'extensions/adopt',
  'extensions/softphone',
  'extensions/otherOptions',
  'extensions/codecs',
  'bulk/export',
  'bulk/plan',
  'bulk/import',
  'dialplan/show',
  'dialplan/reload',
  'transports/list',
  'transports/ensure',
  'nat/get',
  'nat/set',
  'trunks/list',
  'trunks/create',
  'trunks/update',
  'trunks/delete',
  'trunks/setEnabled',
  'trunks/register',
  'history/list',
  'history/diff',
  'history/restore',
  'audit/list',
  'live/status',
  'calls/list',
  'events/recent',
  'doctor/run',
  'settings/get',
  'settings/set',
  'system/pickKeyFile',
] as const;

export const eventChannels = [
  'live/events',
  'hosts/state',
  'hosts/changed',
  'doctor/progress',
  'apply/progress',
  'bulk/progress',
  'notifications/shown',
] as const;

export type InvokeChannel = (typeof invokeChannels)[number];
export type EventChannel = (typeof eventChannels)[number];

const eventSet: ReadonlySet<string> = new Set(eventChannels);

export function isEventChannel(x: unknown): x is EventChannel {
  return typeof x === 'string' && eventSet.has(x);
}

/**
 * NAT settings of a PJSIP transport: external_media_address, external_signaling_address and
 * local_net (repeatable). Never in `[global]`: Asterisk reads them from the transport.
 *
 * A managed transport is edited in place. A hand-written one is never touched: its NAT values go
 * into a managed block holding `[name](+)`, which Asterisk appends to the hand-written section
 * (a single value set there overrides the hand-written one; local_net lines accumulate).
 */
import type { ApplyMode, NatSettings } from '../../../shared/types';
import { natPatchInput, transportNameInput, type NatPatchInput } from '../../../shared/schemas';
import { getSectionOption, setSectionOption } from '../config/edit';
import { listManagedBlocks, removeManagedBlock, upsertManagedBlock } from '../config/managed';
import type { ConfigSection } from '../config/parse';
import { validateInput } from '../config/validate';
import { HandWrittenValueError, TransportNotFoundError } from './errors';
import { joinBody, splitBody } from './extension-body';
import { transportApplyMode, transportDetails, type TransportDetail } from './transports';

export const NAT_KEYS = {
  externalMediaAddress: 'external_media_address',
  externalSignalingAddress: 'external_signaling_address',
  localNets: 'local_net',
} as const;

export function natBlockId(transport: string): string {
  return `RayanPBX NAT ${transport}`;
}

export interface NatReading {
  transport: string;
  /** Effective addresses (whoever wrote them); `localNets`: the managed ones only. */
  nat: NatSettings;
  /** local_net lines written by hand: reported, never removable here. */
  handWrittenLocalNets: string[];
  managed: boolean;
}

/** NAT of `transport`, or of the first UDP transport (else the first transport) when omitted. */
export function readNat(text: string, transport?: string): NatReading {
  const d = pickTransport(transportDetails(text), transport);
  return {
    transport: d.info.name,
    nat: d.info.nat,
    handWrittenLocalNets: d.info.handWrittenLocalNets,
    managed: d.info.managed,
  };
}

export interface NatWrite {
  text: string;
  /** The transport that was changed (the default one when none was named). */
  transport: string;
  nat: NatSettings;
  handWrittenLocalNets: string[];
  applyMode: ApplyMode;
}

/**
 * Sets NAT values on a transport (omitted: the first UDP transport, else the first one). Omitted
 * fields stay as they are; `null` clears a managed value; `localNets` replaces the managed list.
 * Validated with the shared schema.
 */
export function setNat(
  text: string,
  transport: string | undefined,
  nat: NatPatchInput | unknown,
): NatWrite {
  const requested =
    transport === undefined ? undefined : validateInput(transportNameInput, transport);
  const patch = validateInput(natPatchInput, nat);
  const details = transportDetails(text);
  const d = pickTransport(details, requested);
  const name = d.info.name;
  const next = d.block ? editManagedTransport(text, d, patch) : addToHandWritten(text, d, patch);
  const after = pickTransport(transportDetails(next), name).info;
  const changed = Object.keys(patch).map((k) => NAT_KEYS[k as keyof typeof NAT_KEYS]);
  return {
    text: next,
    transport: name,
    nat: after.nat,
    handWrittenLocalNets: after.handWrittenLocalNets,
    applyMode: transportApplyMode(changed, d.allowReload),
  };
}

function pickTransport(details: TransportDetail[], name?: string): TransportDetail {
  if (name !== undefined) {
    const d = details.find((x) => x.info.name === name);
    if (!d) throw new TransportNotFoundError(name);
    return d;
  }
  const d = details.find((x) => x.info.protocol === 'udp') ?? details[0];
  if (!d) throw new TransportNotFoundError('(any)');
  return d;
}

function editManagedTransport(text: string, d: TransportDetail, patch: NatPatchInput): string {
  const blocks = listManagedBlocks(text);
  const block = blocks.find((b) => b.id === d.block!.id)!;
  let lines = splitBody(block.body);
  // The transport's own header inside the block (not a `(+)` addition of the same name).
  const pick = (s: ConfigSection) => s.name === d.info.name && !s.append && !s.template;
  const set = (key: string, values: string[] | null) => {
    lines = setSectionOption(lines, pick, key, values) ?? lines;
  };
  if (patch.externalMediaAddress !== undefined) {
    set(
      NAT_KEYS.externalMediaAddress,
      patch.externalMediaAddress === null ? null : [patch.externalMediaAddress],
    );
  }
  if (patch.externalSignalingAddress !== undefined) {
    set(
      NAT_KEYS.externalSignalingAddress,
      patch.externalSignalingAddress === null ? null : [patch.externalSignalingAddress],
    );
  }
  if (patch.localNets !== undefined) set(NAT_KEYS.localNets, patch.localNets);
  return upsertManagedBlock(text, block.id, joinBody(lines), blocks);
}

function addToHandWritten(text: string, d: TransportDetail, patch: NatPatchInput): string {
  const id = natBlockId(d.info.name);
  const blocks = listManagedBlocks(text);
  const current = blocks.find((b) => b.id === id);
  const lines = current ? splitBody(current.body) : [];
  const pick = (s: ConfigSection) => s.name === d.info.name && s.append;
  const now = {
    media: getSectionOption(lines, pick, NAT_KEYS.externalMediaAddress).at(-1) ?? null,
    signaling: getSectionOption(lines, pick, NAT_KEYS.externalSignalingAddress).at(-1) ?? null,
    nets: getSectionOption(lines, pick, NAT_KEYS.localNets),
  };
  const refuseClear = (field: keyof typeof NAT_KEYS) => {
    const line = d.handWritten.get(NAT_KEYS[field]);
    if (line !== undefined) throw new HandWrittenValueError(field, d.info.name, line);
  };
  if (patch.externalMediaAddress !== undefined) {
    if (patch.externalMediaAddress === null) refuseClear('externalMediaAddress');
    now.media = patch.externalMediaAddress;
  }
  if (patch.externalSignalingAddress !== undefined) {
    if (patch.externalSignalingAddress === null) refuseClear('externalSignalingAddress');
    now.signaling = patch.externalSignalingAddress;
  }
  if (patch.localNets !== undefined) now.nets = patch.localNets;

  if (now.media === null && now.signaling === null && now.nets.length === 0) {
    return current ? removeManagedBlock(text, id) : text;
  }
  const body = [
    `[${d.info.name}](+)`,
    ...(now.media !== null ? [`${NAT_KEYS.externalMediaAddress}=${now.media}`] : []),
    ...(now.signaling !== null ? [`${NAT_KEYS.externalSignalingAddress}=${now.signaling}`] : []),
    ...now.nets.map((n) => `${NAT_KEYS.localNets}=${n}`),
  ];
  return upsertManagedBlock(text, id, joinBody(body), blocks);
}

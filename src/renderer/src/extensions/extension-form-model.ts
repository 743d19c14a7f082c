import type { Extension } from '../../../shared/types';

export interface ExtensionFormValues {
  number: string;
  displayName: string;
  password: string;
  context: string;
  codecs: string[];
  maxContacts: string;
  transport: string;
  natFriendly: boolean;
  qualifyFrequency: string;
  enabled: boolean;
}

export const emptyExtensionForm: ExtensionFormValues = {
  number: '',
  displayName: '',
  password: '',
  context: 'from-internal',
  codecs: ['ulaw', 'alaw'],
  maxContacts: '1',
  transport: '',
  natFriendly: true,
  qualifyFrequency: '60',
  enabled: true,
};

export function formFromExtension(e: Extension): ExtensionFormValues {
  return {
    number: e.number,
    displayName: e.displayName,
    password: '',
    context: e.context,
    codecs: e.codecs,
    maxContacts: String(e.maxContacts),
    transport: e.transport,
    natFriendly: e.natFriendly,
    qualifyFrequency: String(e.qualifyFrequency),
    enabled: e.enabled,
  };
}

const num = (s: string): number => (s.trim() === '' ? NaN : Number(s));

/**
 * What the create schema receives. Empty password: the core generates one (shown once). Empty
 * display name: the number, as the CLI and the schema default it.
 */
export function createInput(v: ExtensionFormValues) {
  return {
    number: v.number.trim(),
    ...(v.displayName.trim() ? { displayName: v.displayName } : {}),
    ...(v.password ? { password: v.password } : {}),
    context: v.context.trim(),
    codecs: v.codecs,
    maxContacts: num(v.maxContacts),
    ...(v.transport ? { transport: v.transport } : {}),
    natFriendly: v.natFriendly,
    qualifyFrequency: num(v.qualifyFrequency),
    enabled: v.enabled,
  };
}

/** The update patch: only what differs from what the PBX has. */
export function updatePatch(v: ExtensionFormValues, before: Extension) {
  const next = createInput(v);
  const patch: Record<string, unknown> = {};
  const displayName = next.displayName ?? before.number;
  if (displayName !== before.displayName) patch.displayName = displayName;
  if (v.password) patch.password = v.password;
  if (next.context !== before.context) patch.context = next.context;
  if (next.codecs.join(',') !== before.codecs.join(',')) patch.codecs = next.codecs;
  if (next.maxContacts !== before.maxContacts) patch.maxContacts = next.maxContacts;
  if ((next.transport ?? before.transport) !== before.transport) patch.transport = next.transport;
  if (next.natFriendly !== before.natFriendly) patch.natFriendly = next.natFriendly;
  if (next.qualifyFrequency !== before.qualifyFrequency)
    patch.qualifyFrequency = next.qualifyFrequency;
  if (next.enabled !== before.enabled) patch.enabled = next.enabled;
  return patch;
}

import { z } from 'zod';
import { optionalShape } from './optional-shape';
import { CONF_BREAKOUTS, bool, identifier, int, text } from './fields';

/** Digits only: the number is a section name, an auth username and a dialplan extension. */
export const extensionNumberInput = text('number', {
  min: 2,
  max: 20,
  forbid: CONF_BREAKOUTS,
  pattern: /^[0-9]{2,20}$/,
  patternHint: '2-20 digits',
});

/**
 * Caller ID name, written as `callerid="<name>" <number>`. Letters of any script (Persian names
 * are common on these servers), digits, spaces and light punctuation; nothing that can close the
 * quotes, open the `<number>` part or break out of the value.
 */
export const displayNameInput = text('displayName', {
  max: 64,
  forbid: [[/["<>\\]/, 'must not contain quotes, "<", ">" or "\\"'], ...CONF_BREAKOUTS],
  pattern: /^[\p{L}\p{M}\p{N} .,'()_&+/@-]+$/u,
  patternHint: "letters, digits, spaces and . , ' ( ) _ & + / @ -",
});

/**
 * SIP password, written as `password=<value>`: printable ASCII without whitespace, `;` (comment),
 * `#`, `\` (Asterisk's escape); not starting with `>` (`password=>x` reads as `=>`).
 */
export const passwordInput = text('password', {
  min: 8,
  max: 128,
  forbid: [
    [/\s/, 'must not contain spaces'],
    [/;/, 'must not contain ";" (starts a comment in Asterisk config)'],
    [/#/, 'must not contain "#"'],
    [/\\/, 'must not contain "\\"'],
    [/^>/, 'must not start with ">"'],
  ],
  pattern: /^[\x21-\x7e]+$/,
  patternHint: 'printable ASCII characters (no spaces or accented letters)',
});

export const contextInput = identifier('context', 79);
export const transportNameInput = identifier('transport', 64);

export const codecInput = text('codecs', {
  max: 32,
  forbid: CONF_BREAKOUTS,
  pattern: /^[a-z][a-z0-9_]{0,31}$/,
  patternHint: 'a codec name such as ulaw, alaw, g722, opus (lowercase letters, digits, "_")',
});

export const codecsInput = z
  .array(codecInput, { error: 'codecs: must be a list of codec names' })
  .min(1, 'codecs: at least one codec is required')
  .max(20, 'codecs: at most 20 codecs')
  .refine((list) => new Set(list).size === list.length, {
    message: 'codecs: must not list a codec twice',
  });

const fields = {
  displayName: displayNameInput,
  password: passwordInput,
  context: contextInput,
  codecs: codecsInput,
  maxContacts: int('maxContacts', 1, 100),
  transport: transportNameInput,
  natFriendly: bool('natFriendly'),
  qualifyFrequency: int('qualifyFrequency', 0, 86400),
  enabled: bool('enabled'),
};

export const EXTENSION_DEFAULTS = {
  context: 'from-internal',
  codecs: ['ulaw', 'alaw'],
  maxContacts: 1,
  transport: 'transport-udp',
  natFriendly: true,
  qualifyFrequency: 60,
  enabled: true,
} as const;

/** Creating an extension. Omitted fields take RayanPBX's defaults; no password → one is generated. */
export const extensionCreateInput = z
  .strictObject(
    {
      number: extensionNumberInput,
      displayName: fields.displayName.optional(),
      password: fields.password.optional(),
      context: fields.context.default(EXTENSION_DEFAULTS.context),
      codecs: fields.codecs.default([...EXTENSION_DEFAULTS.codecs]),
      maxContacts: fields.maxContacts.default(EXTENSION_DEFAULTS.maxContacts),
      transport: fields.transport.default(EXTENSION_DEFAULTS.transport),
      natFriendly: fields.natFriendly.default(EXTENSION_DEFAULTS.natFriendly),
      qualifyFrequency: fields.qualifyFrequency.default(EXTENSION_DEFAULTS.qualifyFrequency),
      enabled: fields.enabled.default(EXTENSION_DEFAULTS.enabled),
    },
    { error: unknownKey('extension') },
  )
  .transform((v) => ({ ...v, displayName: v.displayName ?? v.number }));

/** Changing an extension: only the fields given change. The number itself cannot change. */
export const extensionUpdateInput = z.strictObject(optionalShape(fields), {
  error: unknownKey('extension update'),
});

/** What callers may pass (defaults not yet applied). */
export type ExtensionCreateRequest = z.input<typeof extensionCreateInput>;
export type ExtensionUpdateInput = z.infer<typeof extensionUpdateInput>;
export type ExtensionUpdateRequest = z.input<typeof extensionUpdateInput>;

export function unknownKey(what: string) {
  return (issue: { code?: string; keys?: string[]; input?: unknown }) => {
    if (issue.code === 'unrecognized_keys') {
      return `${(issue.keys ?? []).join(', ')}: not a field of ${what}`;
    }
    if (issue.code === 'invalid_type') return `${what}: must be an object`;
    return undefined;
  };
}

import { z } from 'zod';
import { optionalShape } from './optional-shape';
import { CONF_BREAKOUTS, int, isHostname, isIpv4, text } from './fields';
import {
  codecsInput,
  contextInput,
  passwordInput,
  transportNameInput,
  unknownKey,
} from './extension';

/**
 * A trunk's name is the name of its registration, auth, endpoint, aor and identify sections, and
 * what PJSIPRegister/PJSIPUnregister are given: a section name, nothing that reads as a number
 * only (those are extensions).
 */
export const trunkNameInput = text('name', {
  max: 40,
  forbid: CONF_BREAKOUTS,
  pattern: /^(?![0-9]+$)[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/,
  patternHint:
    '1-40 letters, digits, ".", "_" or "-", starting with a letter or digit, not digits only',
});

/** `host[:port]` of the provider: an IPv4 address or a DNS name, optional port 1-65535. */
export const providerServerInput = text('server', { max: 260, forbid: CONF_BREAKOUTS }).refine(
  (s) => {
    const m = /^([^:]+)(?::(\d{1,5}))?$/.exec(s);
    if (!m) return false;
    const port = m[2] === undefined ? 5060 : Number(m[2]);
    return (isIpv4(m[1]!) || isHostname(m[1]!)) && port >= 1 && port <= 65535;
  },
  { message: 'server: must be host[:port], e.g. sip.provider.example or 203.0.113.5:5060' },
);

/** The SIP user part: the account the provider gave (digits, letters and URI-safe marks). */
export const sipUserInput = (field: string) =>
  text(field, {
    max: 64,
    forbid: [
      [/[@:\s<>"]/, 'must not contain "@", ":", spaces, "<", ">" or quotes'],
      ...CONF_BREAKOUTS,
    ],
    pattern: /^[A-Za-z0-9._~!$&'()*+,%-]+$/,
    patternHint: "letters, digits and . _ ~ ! $ & ' ( ) * + , % -",
  });

export const sipUriInput = (field: string) =>
  text(field, {
    max: 260,
    forbid: CONF_BREAKOUTS,
    pattern: /^sips?:([A-Za-z0-9._~!$&'()*+,%-]+@)?[A-Za-z0-9.-]+(:\d{1,5})?$/,
    patternHint: 'a SIP URI such as sip:user@sip.provider.example:5060',
  });

/** One `match=` entry of the identify section: an IPv4 address or network (CIDR). */
export const matchInput = text('match', { max: 64, forbid: CONF_BREAKOUTS }).refine(
  (s) => isIpv4(s) || z.cidrv4().safeParse(s).success,
  { message: 'match: must be an IPv4 address or network in CIDR form, e.g. 203.0.113.0/24' },
);

export const matchListInput = z
  .array(matchInput, { error: 'match: must be a list of addresses' })
  .max(32, 'match: at most 32 entries')
  .refine((l) => new Set(l).size === l.length, { message: 'match: must not list an entry twice' });

export const TRUNK_DEFAULTS = {
  transport: 'transport-udp',
  context: 'from-trunk',
  expiration: 3600,
  retryInterval: 60,
  forbiddenRetryInterval: 0,
  codecs: ['ulaw', 'alaw'],
  enabled: true,
} as const;

const fields = {
  server: providerServerInput,
  username: sipUserInput('username'),
  password: passwordInput,
  clientUri: sipUriInput('clientUri'),
  contactUser: sipUserInput('contactUser'),
  fromUser: sipUserInput('fromUser'),
  fromDomain: text('fromDomain', { max: 253, forbid: CONF_BREAKOUTS }).refine(
    (s) => isIpv4(s) || isHostname(s),
    { message: 'fromDomain: must be an IPv4 address or a host name' },
  ),
  transport: transportNameInput,
  context: contextInput,
  expiration: int('expiration', 60, 86400),
  retryInterval: int('retryInterval', 10, 86400),
  forbiddenRetryInterval: int('forbiddenRetryInterval', 0, 86400),
  codecs: codecsInput,
  match: matchListInput,
  enabled: z.boolean({ error: 'enabled: must be true or false' }),
};

/** Creating a trunk. The password is the provider's: it is written to pjsip.conf and nowhere else. */
export const trunkCreateInput = z.strictObject(
  {
    name: trunkNameInput,
    server: fields.server,
    username: fields.username,
    password: fields.password,
    clientUri: fields.clientUri.optional(),
    contactUser: fields.contactUser.optional(),
    fromUser: fields.fromUser.optional(),
    fromDomain: fields.fromDomain.optional(),
    transport: fields.transport.default(TRUNK_DEFAULTS.transport),
    context: fields.context.default(TRUNK_DEFAULTS.context),
    expiration: fields.expiration.default(TRUNK_DEFAULTS.expiration),
    retryInterval: fields.retryInterval.default(TRUNK_DEFAULTS.retryInterval),
    forbiddenRetryInterval: fields.forbiddenRetryInterval.default(
      TRUNK_DEFAULTS.forbiddenRetryInterval,
    ),
    codecs: fields.codecs.default([...TRUNK_DEFAULTS.codecs]),
    match: fields.match.default([]),
    enabled: fields.enabled.default(TRUNK_DEFAULTS.enabled),
  },
  { error: unknownKey('trunk') },
);

/** Changing a trunk: only the fields given change; the name cannot. */
export const trunkUpdateInput = z.strictObject(optionalShape(fields), {
  error: unknownKey('trunk update'),
});

export type TrunkCreateRequest = z.input<typeof trunkCreateInput>;
export type TrunkCreateInput = z.infer<typeof trunkCreateInput>;
export type TrunkUpdateRequest = z.input<typeof trunkUpdateInput>;

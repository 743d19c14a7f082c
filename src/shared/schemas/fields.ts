/**
 * Building blocks for input fields that end up inside Asterisk config files or shell commands.
 *
 * Rule: anything that could break out of a value is REJECTED with a message naming the field,
 * never escaped. Every message starts with the field name so that `formatZodError` and any
 * caller printing `issue.message` alone both say which field is wrong. Messages never quote the
 * rejected input (it may be a password).
 *
 * No Node imports here: the renderer uses these schemas too.
 */
import { z } from 'zod';

// C0 controls (newline, CR, tab, NUL, …), DEL and C1 controls; also the Unicode line/paragraph
// separators, bidi overrides and zero-width characters that make a value look like something else.
const CONTROL =
  /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/;

export interface TextRules {
  min?: number;
  max: number;
  /** An allow-list the whole value must match (checked after the generic rules). */
  pattern?: RegExp;
  /** What `pattern` allows, for the message: "must be …". */
  patternHint?: string;
  /** Characters/sequences refused with a specific message, checked before `pattern`. */
  forbid?: Array<[RegExp, string]>;
  /** Reject leading/trailing whitespace (default true). */
  noOuterSpace?: boolean;
}

/** Common breakout sequences for a value inside a .conf file. */
export const CONF_BREAKOUTS: Array<[RegExp, string]> = [
  [/;/, 'must not contain ";" (starts a comment in Asterisk config)'],
  [/#/, 'must not contain "#" (starts a directive such as #include)'],
  [/[[\]]/, 'must not contain "[" or "]" (section headers)'],
  [/=>/, 'must not contain "=>"'],
  [/=/, 'must not contain "="'],
];

export function text(field: string, rules: TextRules) {
  const min = rules.min ?? 1;
  return z.string({ error: `${field}: must be a string` }).superRefine((value, ctx) => {
    const fail = (message: string) =>
      ctx.addIssue({ code: 'custom', message: `${field}: ${message}` });
    if (value.length === 0 && min > 0) return fail('is required');
    if (value.length > rules.max) return fail(`must be at most ${rules.max} characters`);
    if (value.length < min) return fail(`must be at least ${min} characters`);
    if (CONTROL.test(value)) {
      return fail('must not contain line breaks, tabs, NUL or other control characters');
    }
    if ((rules.noOuterSpace ?? true) && value.trim() !== value) {
      return fail('must not start or end with spaces');
    }
    for (const [re, message] of rules.forbid ?? []) if (re.test(value)) return fail(message);
    if (rules.pattern && !rules.pattern.test(value)) {
      return fail(`must be ${rules.patternHint ?? 'in the expected format'}`);
    }
  });
}

export function int(field: string, min: number, max: number) {
  return z
    .number({ error: `${field}: must be a whole number from ${min} to ${max}` })
    .int(`${field}: must be a whole number from ${min} to ${max}`)
    .min(min, `${field}: must be at least ${min}`)
    .max(max, `${field}: must be at most ${max}`);
}

export function bool(field: string) {
  return z.boolean({ error: `${field}: must be true or false` });
}

/** A config section / object name: `transport-udp`, `from-internal`, host names. */
export function identifier(field: string, max = 64) {
  return text(field, {
    max,
    forbid: CONF_BREAKOUTS,
    pattern: new RegExp(`^[A-Za-z0-9][A-Za-z0-9._-]{0,${max - 1}}$`),
    patternHint: `1-${max} letters, digits, ".", "_" or "-", starting with a letter or digit`,
  });
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const HOSTNAME =
  /^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/;

export function isIpv4(s: string): boolean {
  return IPV4.test(s);
}

export function isIpv6(s: string): boolean {
  return z.ipv6().safeParse(s).success;
}

export function isHostname(s: string): boolean {
  // A dotted all-numeric name is an (invalid) IPv4 address, not a host name.
  return HOSTNAME.test(s) && !/^[\d.]+$/.test(s);
}

/** IPv4, IPv6 or a DNS host name (no port, no brackets, no scheme). */
export function address(field: string) {
  return text(field, { max: 253 }).refine((s) => isIpv4(s) || isIpv6(s) || isHostname(s), {
    message: `${field}: must be an IPv4 address, an IPv6 address or a host name`,
  });
}

/**
 * `10.0.0.0/8`, `192.168.1.0/24`, `fd00::/8`, or a single address: Asterisk's `local_net`
 * accepts `172.16.5.4` as that one host, so refusing it would refuse a valid setting.
 */
export function networkOrAddress(field: string) {
  return text(field, { max: 64 }).refine(
    (s) =>
      isIpv4(s) || isIpv6(s) || z.cidrv4().safeParse(s).success || z.cidrv6().safeParse(s).success,
    {
      message: `${field}: must be an IP address or a network in CIDR form, e.g. 172.16.5.4, 192.168.0.0/16 or fd00::/8`,
    },
  );
}

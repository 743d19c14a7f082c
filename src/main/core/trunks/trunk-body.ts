import type { Trunk } from '../../../shared/types';
import type { TrunkCreateInput } from '../../../shared/schemas';

/** Everything a managed trunk block is rendered from (the create input after defaults). */
export type TrunkSettings = Omit<TrunkCreateInput, 'password' | 'enabled'>;

export function serverUriOf(server: string): string {
  return `sip:${server}`;
}

export function clientUriOf(s: Pick<TrunkSettings, 'clientUri' | 'username' | 'server'>): string {
  return s.clientUri ?? `sip:${s.username}@${s.server}`;
}

/**
 * The five sections of a trunk, all named after it: the registration (this PBX registers to the
 * provider), its outbound auth (the provider's password, as extension secrets are kept: only in
 * pjsip.conf), the provider's endpoint for calls both ways, its aor (where to send calls) and,
 * when given, the identify that recognises the provider's calls by source address.
 */
export function renderTrunkBody(s: TrunkSettings, password: string): string[] {
  const n = s.name;
  const lines = [
    `[${n}]`,
    'type=registration',
    `transport=${s.transport}`,
    `outbound_auth=${n}`,
    `server_uri=${serverUriOf(s.server)}`,
    `client_uri=${clientUriOf(s)}`,
    `contact_user=${s.contactUser ?? s.username}`,
    `retry_interval=${s.retryInterval}`,
    `forbidden_retry_interval=${s.forbiddenRetryInterval}`,
    `expiration=${s.expiration}`,
    '',
    `[${n}]`,
    'type=auth',
    'auth_type=userpass',
    `username=${s.username}`,
    `password=${password}`,
    '',
    `[${n}]`,
    'type=endpoint',
    `transport=${s.transport}`,
    `context=${s.context}`,
    'disallow=all',
    `allow=${s.codecs.join(',')}`,
    `outbound_auth=${n}`,
    `aors=${n}`,
  ];
  if (s.fromUser) lines.push(`from_user=${s.fromUser}`);
  if (s.fromDomain) lines.push(`from_domain=${s.fromDomain}`);
  lines.push('', `[${n}]`, 'type=aor', `contact=${serverUriOf(s.server)}`);
  if (s.match.length > 0) {
    lines.push('', `[${n}]`, 'type=identify', `endpoint=${n}`);
    for (const m of s.match) lines.push(`match=${m}`);
  }
  return lines;
}

/** The settings a managed trunk was rendered from, recovered from what was read. */
export function settingsOf(t: Trunk): TrunkSettings {
  return {
    name: t.name,
    server: t.server,
    username: t.username,
    clientUri: t.clientUri === `sip:${t.username}@${t.server}` ? undefined : t.clientUri,
    contactUser: t.contactUser === t.username ? undefined : t.contactUser,
    fromUser: t.fromUser ?? undefined,
    fromDomain: t.fromDomain ?? undefined,
    transport: t.transport,
    context: t.context ?? 'from-trunk',
    expiration: t.expiration,
    retryInterval: t.retryInterval,
    forbiddenRetryInterval: t.forbiddenRetryInterval,
    codecs: t.codecs,
    match: t.match,
  };
}

import type { Extension, NatSettings } from '../../../shared/types';
import { amiGet, type AmiMessage } from '../ami/message';

/**
 * Asterisk answers "Module Reloaded" even for a file it rejected, so the only honest check is to
 * read the object back and compare what is live with what was written (DESIGN.md).
 * Returns one line per field that did not apply: `<object>.<field>: wrote X, live Y`.
 */
export function compareEndpoint(expected: Extension, detail: AmiMessage[]): string[] {
  const byType = (t: string) => detail.find((m) => amiGet(m, 'Event') === t);
  const endpoint = byType('EndpointDetail');
  if (!endpoint) return [`endpoint ${expected.number}: not loaded by Asterisk`];

  const out: string[] = [];
  const check = (object: string, field: string, wrote: string, live: string | undefined) => {
    if (norm(wrote) !== norm(live ?? ''))
      out.push(`${object}.${field}: wrote ${show(wrote)}, live ${show(live ?? '')}`);
  };

  check('endpoint', 'context', expected.context, amiGet(endpoint, 'Context'));
  check('endpoint', 'allow', expected.codecs.join('|'), stripParens(amiGet(endpoint, 'Allow')));
  check('endpoint', 'transport', expected.transport, amiGet(endpoint, 'Transport'));
  if (expected.displayName) {
    check(
      'endpoint',
      'callerid',
      `"${expected.displayName}" <${expected.number}>`,
      amiGet(endpoint, 'Callerid'),
    );
  }
  const aor = byType('AorDetail');
  check(
    'aor',
    'max_contacts',
    String(expected.maxContacts),
    aor ? amiGet(aor, 'MaxContacts') : '(missing)',
  );
  const auth = byType('AuthDetail');
  check('auth', 'username', expected.number, auth ? amiGet(auth, 'Username') : '(missing)');
  return out;
}

/** NAT lives on the transport; `TransportDetail` (from any endpoint using it) shows what is live. */
export function compareTransportNat(
  transport: string,
  expected: NatSettings,
  detail: AmiMessage[],
): string[] {
  const t = detail.find(
    (m) => amiGet(m, 'Event') === 'TransportDetail' && amiGet(m, 'ObjectName') === transport,
  );
  if (!t) return [`transport ${transport}: not shown by Asterisk`];
  const out: string[] = [];
  const media = amiGet(t, 'ExternalMediaAddress') ?? '';
  const signaling = amiGet(t, 'ExternalSignalingAddress') ?? '';
  if ((expected.externalMediaAddress ?? '') !== media)
    out.push(
      `transport.external_media_address: wrote ${show(expected.externalMediaAddress ?? '')}, live ${show(media)}`,
    );
  if ((expected.externalSignalingAddress ?? '') !== signaling)
    out.push(
      `transport.external_signaling_address: wrote ${show(expected.externalSignalingAddress ?? '')}, live ${show(signaling)}`,
    );
  const liveNets = (amiGet(t, 'LocalNet') ?? '')
    .split(/[,\s]+/)
    .filter(Boolean)
    .map(normCidr);
  for (const net of expected.localNets)
    if (!liveNets.includes(normCidr(net)))
      out.push(`transport.local_net: wrote ${net}, live ${show(liveNets.join(','))}`);
  return out;
}

const norm = (s: string) => s.trim();
const show = (s: string) => (s === '' ? '(empty)' : s);
const stripParens = (s: string | undefined) => (s ?? '').replace(/^\(|\)$/g, '');

/** Asterisk prints local_net as network/mask; compare by normalising both sides to prefix form. */
function normCidr(net: string): string {
  const [addr = '', mask = ''] = net.split('/');
  if (!mask.includes('.')) return `${addr}/${mask || (addr.includes(':') ? '128' : '32')}`;
  const bits = mask
    .split('.')
    .map((o) => Number(o).toString(2).replace(/0/g, '').length)
    .reduce((a, b) => a + b, 0);
  return `${addr}/${bits}`;
}

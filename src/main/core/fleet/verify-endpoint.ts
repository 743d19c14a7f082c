import type { Extension, NatSettings } from '../../../shared/types';
import type { PjsipEndpointDetail } from '../ami/actions/pjsip';
import { UNCHECKED_CODECS, type CodecCheck } from '../pjsip/codec-catalog';

/**
 * Asterisk answers "Module Reloaded" even for a file it rejected, so the only honest check is to
 * read the object back and compare what is live with what was written (DESIGN.md).
 * Returns one line per field that did not apply: `<object>.<field>: wrote X, live Y`.
 */
export function compareEndpoint(
  expected: Extension,
  detail: PjsipEndpointDetail | null,
  codecs: CodecCheck = UNCHECKED_CODECS,
): string[] {
  if (!detail)
    return [`endpoint ${expected.number}: not loaded by Asterisk${suspects(expected, codecs)}`];
  const endpoint = detail.endpoint;

  const out: string[] = [];
  const check = (object: string, field: string, wrote: string, live: string | undefined) => {
    if (norm(wrote) !== norm(live ?? ''))
      out.push(`${object}.${field}: wrote ${show(wrote)}, live ${show(live ?? '')}`);
  };

  check('endpoint', 'context', expected.context, endpoint.Context);
  check('endpoint', 'allow', expected.codecs.join('|'), stripParens(endpoint.Allow));
  check('endpoint', 'transport', expected.transport, endpoint.Transport);
  if (expected.displayName) {
    check(
      'endpoint',
      'callerid',
      `"${expected.displayName}" <${expected.number}>`,
      endpoint.Callerid,
    );
  }
  const aor = detail.aors[0];
  check('aor', 'max_contacts', String(expected.maxContacts), aor ? aor.MaxContacts : '(missing)');
  const auth = detail.auths[0];
  check('auth', 'username', expected.number, auth ? auth.Username : '(missing)');
  return out;
}

/** NAT lives on the transport; `TransportDetail` (from any endpoint using it) shows what is live. */
export function compareTransportNat(
  transport: string,
  expected: NatSettings,
  detail: PjsipEndpointDetail | null,
): string[] {
  const t = detail?.transports.find((r) => r.ObjectName === transport);
  if (!t) return [`transport ${transport}: not shown by Asterisk`];
  const out: string[] = [];
  const media = t.ExternalMediaAddress ?? '';
  const signaling = t.ExternalSignalingAddress ?? '';
  if ((expected.externalMediaAddress ?? '') !== media)
    out.push(
      `transport.external_media_address: wrote ${show(expected.externalMediaAddress ?? '')}, live ${show(media)}`,
    );
  if ((expected.externalSignalingAddress ?? '') !== signaling)
    out.push(
      `transport.external_signaling_address: wrote ${show(expected.externalSignalingAddress ?? '')}, live ${show(signaling)}`,
    );
  const liveNets = (t.LocalNet ?? '')
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

/**
 * Asterisk drops a whole endpoint over one option it cannot take, and says why only in its log.
 * The usual one a form can write is a codec it does not know, which the check before the write
 * refuses when it can read the host's list: so the field is named, with its codecs, only for
 * codecs that check could not vouch for.
 */
function suspects(expected: Extension, codecs: CodecCheck): string {
  const unvouched = codecs.unvouched(expected.codecs);
  if (unvouched.length === 0) return '';
  const list = unvouched.join(', ');
  return ` (it refuses a whole endpoint over a codec it does not know: check Codecs, ${list})`;
}

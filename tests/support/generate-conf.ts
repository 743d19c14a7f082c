/**
 * A pjsip.conf shaped like a real RayanPBX server's, with `n` managed extensions (3 sections
 * each: endpoint, auth, aor) after a hand-written header, a template and a managed transport.
 * Deterministic (passwords derive from the number) so benchmarks compare like with like.
 */
export function generatePjsipConf(n: number, eol: '\n' | '\r\n' = '\n'): string {
  const parts: string[] = [
    '; RayanPBX PJSIP Configuration',
    '; Hand-written header: preserved byte for byte by the console.',
    '',
    '[global]',
    'type=global',
    'user_agent=RayanPBX',
    '',
    '[endpoint-defaults](!)',
    'type=endpoint',
    'disallow=all',
    'allow=ulaw',
    '',
    '; BEGIN MANAGED - RayanPBX Transport',
    '[transport-udp]',
    'type=transport',
    'protocol=udp',
    'bind=0.0.0.0:5060',
    '; END MANAGED - RayanPBX Transport',
    '',
  ];
  for (let i = 0; i < n; i++) {
    const num = String(10000 + i);
    parts.push(
      `; BEGIN MANAGED - Extension ${num}`,
      `[${num}]`,
      'type=endpoint',
      'context=from-internal',
      'disallow=all',
      'allow=ulaw',
      'allow=alaw',
      'transport=transport-udp',
      `auth=${num}`,
      `aors=${num}`,
      `callerid="User ${num}" <${num}>`,
      'rtp_symmetric=yes',
      'force_rport=yes',
      'rewrite_contact=yes',
      'direct_media=no',
      '',
      `[${num}]`,
      'type=auth',
      'auth_type=userpass',
      `username=${num}`,
      `password=Pw${num}x${(i * 7919).toString(36)}Secret`,
      '',
      `[${num}]`,
      'type=aor',
      'max_contacts=1',
      'remove_existing=yes',
      'qualify_frequency=60',
      `; END MANAGED - Extension ${num}`,
      '',
    );
  }
  return parts.join(eol);
}

/**
 * The managed block the console writes for extension 1002 ("Sara Ahmadi", defaults otherwise),
 * line by line with `eol` after each: what the unit and the over-SSH tests both expect.
 */
export function block1002(password: string, eol = '\n'): string[] {
  return [
    '; BEGIN MANAGED - Extension 1002',
    '[1002]',
    'type=endpoint',
    'context=from-internal',
    'disallow=all',
    'allow=ulaw',
    'allow=alaw',
    'transport=transport-udp',
    'auth=1002',
    'aors=1002',
    'callerid="Sara Ahmadi" <1002>',
    'rtp_symmetric=yes',
    'force_rport=yes',
    'rewrite_contact=yes',
    'direct_media=no',
    '',
    '[1002]',
    'type=auth',
    'auth_type=userpass',
    'username=1002',
    `password=${password}`,
    '',
    '[1002]',
    'type=aor',
    'max_contacts=1',
    'remove_existing=yes',
    'qualify_frequency=60',
    '; END MANAGED - Extension 1002',
  ].map((l) => l + eol);
}

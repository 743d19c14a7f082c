/** The PBX the scenario starts from: hand-written content the console must leave alone. */
export const PJSIP_CONF = `; Hand-written by the admin before RayanPBX Console existed.
[global]
type=global
user_agent=Office PBX

[transport-udp]
type=transport
protocol=udp
bind=0.0.0.0:5060

; The lobby phone, configured by hand: shown as unmanaged, never edited.
[9000]
type=endpoint
context=from-internal
disallow=all
allow=ulaw
auth=9000
aors=9000
callerid="Lobby" <9000>
language=fa

[9000]
type=auth
auth_type=userpass
username=9000
password=LobbyPhone9000

[9000]
type=aor
max_contacts=1
`;

export const EXTENSIONS_CONF = `[general]
static=yes

[from-internal]
exten => 9000,1,Dial(PJSIP/9000,20)
`;

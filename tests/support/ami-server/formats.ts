/**
 * Field orders and defaults of the PJSIP objects as Asterisk 22.10.1 prints them over AMI,
 * copied from the recordings (06e, 11, 13, 15, 12, 14b). Asterisk emits the sorcery fields in
 * its hash order, which is stable for a build: a consumer must never depend on it, but the test
 * server reproduces it so that its answers compare byte for byte with the recordings.
 */

/**
 * EndpointDetail fields in recorded order, with Asterisk's defaults (not the recorded values
 * where the recording's pjsip.conf set them: Context, Transport, Aors, Auth, Allow, Callerid,
 * MediaAddress, BindRtpToMediaAddress, DirectMedia). DeviceState and ActiveChannels are live.
 */
export const ENDPOINT_DETAIL_DEFAULTS: ReadonlyArray<readonly [string, string]> = [
  ['RpidImmediate', 'false'],
  ['Webrtc', 'no'],
  ['Ignore183WithoutSdp', 'false'],
  ['SendAoc', 'false'],
  ['DeviceStateBusyAt', '0'],
  ['T38UdptlMaxdatagram', '0'],
  ['CodecPrefsIncomingAnswer', 'prefer:pending, operation:intersect, keep:all, transcode:allow'],
  ['SecurityNegotiation', 'no'],
  ['DtlsRekey', '0'],
  ['RtpPortEnd', '0'],
  ['NamedPickupGroup', ''],
  ['DirectMediaMethod', 'invite'],
  ['SendRpid', 'false'],
  ['PickupGroup', ''],
  ['SdpSession', 'Asterisk'],
  ['DtlsVerify', 'No'],
  ['MessageContext', ''],
  ['Tenantid', ''],
  ['Mailboxes', ''],
  ['RecordOnFeature', 'automixmon'],
  ['DtlsPrivateKey', ''],
  ['DtlsFingerprint', 'SHA-256'],
  ['OverlapContext', ''],
  ['OutgoingCallOfferPref', 'remote_merge'],
  ['RtpPortStart', '0'],
  ['FromDomain', ''],
  ['TimersSessExpires', '1800'],
  ['NamedCallGroup', ''],
  ['DtlsCipher', ''],
  ['MediaEncryptionOptimistic', 'false'],
  ['SuppressQ850ReasonHeaders', 'false'],
  ['Aors', ''],
  ['IdentifyBy', 'username,ip'],
  ['CalleridPrivacy', 'allowed_not_screened'],
  ['MwiSubscribeReplacesUnsolicited', 'no'],
  ['CosAudio', '0'],
  ['FollowEarlyMediaFork', 'true'],
  ['Context', 'default'],
  ['RtpSymmetric', 'false'],
  ['Transport', ''],
  ['MohSuggest', 'default'],
  ['T38Udptl', 'false'],
  ['FaxDetect', 'false'],
  ['T38BindUdptlToMediaAddress', 'false'],
  ['TosVideo', '0'],
  ['SrtpTag32', 'false'],
  ['ReferBlindProgress', 'true'],
  ['MaxAudioStreams', '1'],
  ['Bundle', 'false'],
  ['UseAvpf', 'false'],
  ['CallGroup', ''],
  ['SendConnectedLine', 'yes'],
  ['FaxDetectTimeout', '0'],
  ['SdpOwner', '-'],
  ['ForceRport', 'true'],
  ['CalleridTag', ''],
  ['RtpTimeoutHold', '0'],
  ['SuppressMohOnSendonly', 'false'],
  ['UsePtime', 'false'],
  ['MediaAddress', ''],
  ['VoicemailExtension', ''],
  ['RtpTimeout', '0'],
  ['StirShaken', 'no'],
  ['SetVar', ''],
  ['ContactAcl', ''],
  ['PreferredCodecOnly', 'false'],
  ['GeolocOutgoingCallProfile', ''],
  ['ForceAvp', 'false'],
  ['RecordOffFeature', 'automixmon'],
  ['FromUser', ''],
  ['SendDiversion', 'true'],
  ['SendHistoryInfo', 'false'],
  ['T38UdptlIpv6', 'false'],
  ['ToneZone', ''],
  ['Language', ''],
  ['AllowSubscribe', 'true'],
  ['RtpIpv6', 'false'],
  ['Callerid', ''],
  ['MohPassthrough', 'false'],
  ['CosVideo', '0'],
  ['DtlsAutoGenerateCert', 'No'],
  ['AsymmetricRtpCodec', 'false'],
  ['GeolocIncomingCallProfile', ''],
  ['IceSupport', 'false'],
  ['AggregateMwi', 'true'],
  ['OneTouchRecording', 'false'],
  ['MwiFromUser', ''],
  ['RedirectMethod', 'user'],
  ['Accountcode', ''],
  ['CodecPrefsOutgoingAnswer', 'prefer:pending, operation:intersect, keep:all, transcode:allow'],
  ['Allow', '(nothing)'],
  ['RewriteContact', 'false'],
  ['UserEqPhone', 'false'],
  ['RtpEngine', 'asterisk'],
  ['FollowRedirectMethods', ''],
  ['SubscribeContext', ''],
  ['NotifyEarlyInuseRinging', 'false'],
  ['IncomingMwiMailbox', ''],
  ['IncomingCallOfferPref', 'local'],
  ['AllowUnauthenticatedOptions', 'false'],
  ['Auth', ''],
  ['DirectMediaGlareMitigation', 'none'],
  ['TrustIdInbound', 'false'],
  ['StirShakenProfile', ''],
  ['BindRtpToMediaAddress', 'false'],
  ['DisableDirectMediaOnNat', 'false'],
  ['MediaEncryption', 'no'],
  ['MediaUseReceivedTransport', 'false'],
  ['AllowOverlap', 'true'],
  ['DtmfMode', 'rfc4733'],
  ['OutboundAuth', ''],
  ['TosAudio', '0'],
  ['DtlsCertFile', ''],
  ['DtlsCaPath', ''],
  ['DtlsSetup', 'active'],
  ['ConnectedLineMethod', 'invite'],
  ['G726NonStandard', 'false'],
  ['100rel', 'yes'],
  ['Timers', 'yes'],
  ['DirectMedia', 'true'],
  ['Acl', ''],
  ['TimersMinSe', '90'],
  ['TrustIdOutbound', 'false'],
  ['SubMinExpiry', '0'],
  ['RtcpMux', 'false'],
  ['MaxVideoStreams', '1'],
  ['AcceptMultipleSdpAnswers', 'false'],
  ['CodecPrefsIncomingOffer', 'prefer:pending, operation:intersect, keep:all, transcode:allow'],
  ['CodecPrefsOutgoingOffer', 'prefer:pending, operation:union, keep:all, transcode:allow'],
  ['TrustConnectedLine', 'yes'],
  ['SendPai', 'false'],
  ['RtpKeepalive', '0'],
  ['T38UdptlEc', 'none'],
  ['T38UdptlNat', 'false'],
  ['AllowTransfer', 'true'],
  ['DtlsCaFile', ''],
  ['OutboundProxy', ''],
  ['InbandProgress', 'false'],
];

/** TransportDetail fields in recorded order (EndpointName appended per endpoint). */
export const TRANSPORT_DETAIL_DEFAULTS: ReadonlyArray<readonly [string, string]> = [
  ['WebsocketWriteTimeout', '100'],
  ['Cos', '0'],
  ['TcpKeepaliveEnable', 'false'],
  ['Protocol', 'udp'],
  ['SymmetricTransport', 'false'],
  ['Domain', ''],
  ['VerifyServer', 'No'],
  ['LocalNet', ''],
  ['Bind', ''],
  ['AllowWildcardCerts', 'No'],
  ['TcpKeepaliveIntervalTime', '1'],
  ['AsyncOperations', '1'],
  ['ExternalMediaAddress', ''],
  ['Method', 'unspecified'],
  ['ExternalSignalingAddress', ''],
  ['RequireClientCert', 'No'],
  ['TcpKeepaliveIdleTime', '30'],
  ['Tos', '0'],
  ['CaListPath', ''],
  ['Cipher', ''],
  ['CertFile', ''],
  ['ExternalSignalingPort', '0'],
  ['Password', ''],
  ['AllowReload', 'false'],
  ['VerifyClient', 'No'],
  ['TcpKeepaliveProbeCount', '5'],
  ['PrivKeyFile', ''],
  ['CaListFile', ''],
];

/** AorList / AorDetail fields before the live ones, in recorded order. `Contacts` is filled live. */
export const AOR_DEFAULTS: ReadonlyArray<readonly [string, string]> = [
  ['MinimumExpiration', '60'],
  ['DefaultExpiration', '3600'],
  ['QualifyTimeout', '3.000000'],
  ['Qualify2xxOnly', 'false'],
  ['Mailboxes', ''],
  ['SupportPath', 'false'],
  ['RemoveUnavailable', 'false'],
  ['VoicemailExtension', ''],
  ['MaxContacts', '0'],
  ['AuthenticateQualify', 'false'],
  ['Contacts', ''],
  ['MaximumExpiration', '7200'],
  ['QualifyFrequency', '0'],
  ['RemoveExisting', 'false'],
  ['OutboundProxy', ''],
];

/** AuthList / AuthDetail fields in recorded order. */
export const AUTH_DEFAULTS: ReadonlyArray<readonly [string, string]> = [
  ['OauthSecret', ''],
  ['PasswordDigest', ''],
  ['SupportedAlgorithmsUas', 'MD5'],
  ['RefreshToken', ''],
  ['Username', ''],
  ['Md5Cred', ''],
  ['Realm', ''],
  ['AuthType', 'userpass'],
  ['Password', ''],
  ['SupportedAlgorithmsUac', 'MD5'],
  ['NonceLifetime', '32'],
  ['OauthClientid', ''],
];

/** `rtp_symmetric` → `RtpSymmetric`, `100rel` → `100rel`: how sorcery names fields over AMI. */
export function amiFieldName(option: string): string {
  return option
    .split('_')
    .map((p) => (p.length === 0 ? p : p[0]!.toUpperCase() + p.slice(1)))
    .join('');
}

const TRUE_WORDS = new Set(['yes', 'true', 'y', 't', '1', 'on']);
const FALSE_WORDS = new Set(['no', 'false', 'n', 'f', '0', 'off']);

export function astTrue(v: string): boolean {
  return TRUE_WORDS.has(v.trim().toLowerCase());
}

export function astFalse(v: string): boolean {
  return FALSE_WORDS.has(v.trim().toLowerCase());
}

/** A value as the field would print it, given the kind of its default (true/false, yes/no). */
export function formatLike(defaultValue: string, value: string): string {
  const v = value.trim();
  if (defaultValue === 'true' || defaultValue === 'false') {
    if (astTrue(v)) return 'true';
    if (astFalse(v)) return 'false';
    return defaultValue;
  }
  if (defaultValue === 'yes' || defaultValue === 'no') {
    if (astTrue(v)) return 'yes';
    if (astFalse(v)) return 'no';
  }
  return v;
}

/** Seconds since the epoch with microseconds, as `Ping`'s `Timestamp:` shows it. */
export function unixMicros(now = Date.now()): string {
  return (now / 1000).toFixed(6);
}

/** `2026-11-28T07:01:21.211+0000`, the EventTV/SessionTV format. */
export function eventTv(now = Date.now()): string {
  return new Date(now).toISOString().replace('Z', '+0000');
}

/** `2026-11-28 07:03:15`, the Cdr time format (UTC here). */
export function cdrTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/** An extension as read back from the PBX's pjsip.conf (never from a local copy). */
export interface Extension {
  number: string;
  displayName: string;
  context: string;
  codecs: string[];
  maxContacts: number;
  transport: string;
  /** rtp_symmetric, force_rport, rewrite_contact on and direct_media off. */
  natFriendly: boolean;
  qualifyFrequency: number;
  enabled: boolean;
  /** false for endpoints written by hand outside managed blocks: shown, never edited. */
  managed: boolean;
}

/** The SIP password is only ever returned once, by the call that generated or set it. */
export interface ExtensionWithSecret extends Extension {
  password: string;
}

import type { ApplyResult } from './apply';

/**
 * A trunk: this PBX registering to a SIP provider (`type=registration` with its outbound auth,
 * and the provider's endpoint/aor/identify). Never carries the password.
 */
export interface Trunk {
  name: string;
  /** Inside `; BEGIN MANAGED - Trunk <name>`; hand-written trunks are read-only. */
  managed: boolean;
  enabled: boolean;
  /** `host[:port]` taken from the server URI. */
  server: string;
  serverUri: string;
  clientUri: string;
  username: string;
  transport: string;
  contactUser: string;
  fromUser: string | null;
  fromDomain: string | null;
  expiration: number;
  retryInterval: number;
  forbiddenRetryInterval: number;
  codecs: string[];
  /** Context of inbound calls (the provider's endpoint). */
  context: string | null;
  /** Identify `match=` entries, as written. */
  match: string[];
  /** The endpoint the trunk's calls use, if any. */
  endpoint: string | null;
}

/** `unknown`: the live source (AMI) is lost or not yet synced; never the last value. */
export type TrunkStatus = 'registered' | 'rejected' | 'unregistered' | 'unknown';

export interface TrunkLiveStatus {
  name: string;
  status: TrunkStatus;
  /** Why it is not registered, when known: the provider's refusal, or no response. */
  reason: string | null;
  /** Seconds until Asterisk tries again, when known. */
  nextRegSec: number | null;
  /** When this status was last confirmed by the source (ms since epoch). */
  asOf: number;
  /** When the status last changed (ms since epoch). */
  changedAt: number;
}

export interface TrunkRow extends Trunk {
  live: TrunkLiveStatus | null;
}

export interface TrunkChangeResult {
  apply: ApplyResult;
  trunk: Trunk | null;
  /** The registration's status after the change, reported but not part of the verify. */
  live: TrunkLiveStatus | null;
}

import type { TrunkStatus } from './trunk';

/**
 * `unknown`: the host's AMI connection is down (or not yet synced), so the last known state may be
 * stale; never shown as online until the list actions have been read again.
 */
export type RegistrationState = 'online' | 'unreachable' | 'offline' | 'unknown';
export type CallState = 'idle' | 'ringing' | 'in-call';

export interface ExtensionLiveStatus {
  number: string;
  registration: RegistrationState;
  contactUri: string | null;
  /** "ip:port" the phone registered from (ViaAddr:ViaPort). */
  address: string | null;
  userAgent: string | null;
  roundTripMs: number | null;
  callState: CallState;
  /** asOf: when the PBX last said this (for `unknown`: since when it is unknown). */
  updatedAt: number;
  /** Only for `unknown`: why the live source is lost ("AMI connection lost", the SSH error…). */
  reason?: string;
}

export type CallDisposition =
  'ANSWERED' | 'NO ANSWER' | 'BUSY' | 'FAILED' | 'CANCEL' | 'CHANUNAVAIL' | 'CONGESTION';

export interface CallRecord {
  id: string;
  caller: string | null;
  callee: string;
  start: number;
  answer: number | null;
  end: number | null;
  durationSec: number | null;
  disposition: CallDisposition | null;
  hangupCause: number | null;
  hangupCauseText: string | null;
}

export type DomainEvent =
  | { kind: 'host-connected'; host: string; at: number }
  | { kind: 'host-disconnected'; host: string; at: number; reason: string }
  | {
      kind: 'registration';
      host: string;
      at: number;
      status: ExtensionLiveStatus;
      previous: RegistrationState;
      /** The extension was deleted: it leaves the live list, and no one is told it went offline. */
      removed?: true;
    }
  | {
      kind: 'ringing';
      host: string;
      at: number;
      caller: string | null;
      callee: string;
      callId: string;
    }
  | {
      kind: 'answered';
      host: string;
      at: number;
      caller: string | null;
      callee: string;
      callId: string;
    }
  | { kind: 'hangup'; host: string; at: number; record: CallRecord }
  | TrunkEvent;

/** A trunk's registration status changed (the tray and the notify policy act on it). */
export interface TrunkEvent {
  kind: 'trunk';
  host: string;
  at: number;
  name: string;
  status: TrunkStatus;
  previous: TrunkStatus;
  reason: string | null;
}

export type DoctorLevel = 'ok' | 'warn' | 'fail' | 'skip';

export interface DoctorCheck {
  id: string;
  title: string;
  level: DoctorLevel;
  detail: string;
  hint: string | null;
}

export type { AmiSource, AmiSourceEvents } from './ami-source';
export { Batcher, type BatcherOptions } from './batcher';
export { CallLog, CallLogError, type CallLogOptions } from './call-log';
export { Calls, type CallChange } from './calls';
export { EventStream, type DomainEventListener } from './event-stream';
export { HostLive, type HostLiveOptions, type HostLiveState } from './host-live';
export { NotifyPolicy, type NotifyPolicyOptions } from './notify-policy';
export { Registrations, type RegistrationChange } from './registrations';
export { realScheduler, type Scheduler } from './scheduler';

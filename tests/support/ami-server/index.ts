export { AmiTestServer } from './server';
export type {
  AmiTestServerOptions,
  RegisterOptions,
  ContactState,
  CallHandle,
  ReloadCostInput,
} from './server';
export { RECORDING_CONFIG_DIR, tempConfigDir } from './fixture-dir';
export { replay, normalise, filterMessages, DEFAULT_FILTER } from './replay';
export type { ReplayFilter, ReplayHooks, ReplayResult } from './replay';
export {
  transcriptsDir,
  transcriptNames,
  receivedBytes,
  sentBytes,
  conversation,
  transcriptFile,
} from './transcripts';

/**
 * Every code an error crossing a boundary (CLI exit line, IPC result, bridge frame) can carry.
 * Code that branches on an error matches one of these, so a typo or a retired code fails to
 * compile instead of silently never matching.
 */
export type ErrorCode =
  // Bad input, from any schema or check: details is `InvalidInputDetails`.
  | 'INVALID_INPUT'
  | 'USAGE'
  | 'INTERNAL'
  // IPC and the browser bridge
  | 'UNKNOWN_CHANNEL'
  | 'FORBIDDEN'
  | 'BRIDGE_CLOSED'
  // hosts, settings, secrets
  | 'HOST_EXISTS'
  | 'HOST_NOT_FOUND'
  | 'HOST_CHECK_FAILED'
  | 'SETTINGS_LOCKED'
  | 'KEYCHAIN_UNAVAILABLE'
  | 'SECRET_SOURCE'
  | 'SESSION_CLOSED'
  // the call log on this machine
  | 'CALL_LOG_HOST'
  | 'CALL_LOG_WRITE'
  // SSH and the files on the PBX
  | 'SSH_AUTH_FAILED'
  | 'SSH_CONFIG_INVALID'
  | 'SSH_CONNECTION_LOST'
  | 'SSH_CONNECT_TIMEOUT'
  | 'SSH_FORWARDING_REFUSED'
  | 'SSH_FORWARD_TARGET_UNREACHABLE'
  | 'SSH_HOST_KEY_MISMATCH'
  | 'SSH_HOST_KEY_UNKNOWN'
  | 'SSH_HOST_UNREACHABLE'
  | 'SSH_PRIVATE_KEY'
  | 'SUDO_NOT_ALLOWED'
  | 'SUDO_PASSWORD_REQUIRED'
  | 'LOCAL_COMMAND_ABORTED'
  | 'LOCAL_CONNECT_FAILED'
  | 'COMMAND_TIMEOUT'
  | 'REMOTE_COMMAND_FAILED'
  | 'CONCURRENT_MODIFICATION'
  | 'DIRECTORY_NOT_FOUND'
  | 'FILE_NOT_SMALL_REGULAR'
  | 'INVALID_PATH'
  | 'PARTIAL_BATCH_WRITE'
  | 'PERMISSION_DENIED'
  | 'SHARED_CONFIG_DIR'
  | 'SYMLINK_TARGET'
  | 'NOT_REGULAR_FILE'
  | 'FILE_TOO_BIG'
  | 'WRITE_OUTCOME_UNKNOWN'
  // an edit of a file that is not UTF-8 that could not be written back as its bytes
  | 'UNENCODABLE_EDIT'
  // config files
  | 'MANAGED_BLOCK_INPUT'
  | 'MANAGED_MARKER'
  | 'UNCLOSED_BLOCK_COMMENT'
  | 'HAND_WRITTEN_VALUE'
  | 'DIALPLAN_PATTERN_COLLISION'
  // bulk import / export
  | 'CSV_SYNTAX'
  | 'IMPORT_FORMAT'
  | 'IMPORT_REFUSED'
  | 'SECRET_FILE_EXISTS'
  // AMI and reloads
  | 'AMI_ACTION_FAILED'
  | 'AMI_AUTH_FAILED'
  | 'AMI_CONNECTION_LOST'
  | 'AMI_NOT_CONFIGURED'
  | 'AMI_PERMISSION_DENIED'
  | 'AMI_PROTOCOL'
  | 'AMI_RELOAD_BUSY'
  | 'AMI_SECRET_MISSING'
  | 'AMI_TIMEOUT'
  | 'AMI_UNKNOWN_ACTION'
  | 'RELOAD_WAIT_EXCEEDED'
  // extensions, transports, trunks
  | 'EXTENSION_EXISTS'
  | 'EXTENSION_NOT_FOUND'
  | 'EXTENSION_READ_ONLY'
  | 'TRANSPORT_NAME_TAKEN'
  | 'TRANSPORT_NOT_FOUND'
  | 'TRUNK_EXISTS'
  | 'TRUNK_NOT_FOUND'
  | 'TRUNK_NOT_LOADED'
  | 'TRUNK_READ_ONLY'
  // adopting hand-written extensions, bulk import
  | 'ADOPT_REFUSED'
  | 'ADOPT_SELF_CHECK'
  | 'CSV_SYNTAX'
  // history and audit
  | 'AUDIT_HOST'
  | 'BACKUP_NOT_FOUND'
  | 'BACKUP_REFUSED'
  | 'BACKUP_UNRECORDED';

/**
 * The one detail shape of `INVALID_INPUT`: the paths of the fields refused ("codecs.0",
 * "extension.number" at the IPC boundary, where `channel` says which call). Forms map them back.
 */
export interface InvalidInputDetails {
  fields: string[];
  channel?: string;
}

/** How an error crosses a process boundary: never a stack trace, never a secret. */
export interface SerializedError {
  code: ErrorCode;
  message: string;
  details: Record<string, unknown>;
}

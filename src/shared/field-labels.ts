/**
 * The words a user sees for each input field. The shared schemas start every message with the
 * field's key (`maxContacts: must be at most 100`) so any caller can tell which field is wrong;
 * before a message reaches a person, that key becomes the form's label or the CLI's flag, and a
 * list entry is named by its place (`--local-net entry 2`), never by `localNets.1`.
 */

/** Labels of the app's forms (extension, host, trunk and NAT forms). */
export const UI_LABELS: Readonly<Record<string, string>> = {
  number: 'Number',
  displayName: 'Display name',
  password: 'Password',
  context: 'Context',
  codecs: 'Codecs',
  maxContacts: 'Max contacts',
  transport: 'Transport',
  natFriendly: 'NAT-friendly',
  qualifyFrequency: 'Qualify every (s)',
  enabled: 'Enabled',
  name: 'Name',
  host: 'Host',
  port: 'Port',
  user: 'User',
  keyFile: 'Private key file',
  configDir: 'Config directory',
  hostKey: 'Host key',
  jumpHostKey: 'Jump host key',
  amiUser: 'AMI user',
  amiPort: 'AMI port',
  backupsToKeep: 'Backups to keep',
  reloadWaitSeconds: 'Reload wait (s)',
  amiSecretEnv: 'AMI secret environment variable',
  amiSecretFile: 'AMI secret file',
  sshPasswordEnv: 'SSH password environment variable',
  sshPasswordFile: 'SSH password file',
  server: 'Provider host[:port]',
  username: 'Username',
  clientUri: 'Client URI',
  contactUser: 'Contact user',
  fromUser: 'From user',
  fromDomain: 'From domain',
  expiration: 'Expiration (s)',
  retryInterval: 'Retry interval (s)',
  forbiddenRetryInterval: 'Forbidden retry interval (s)',
  match: 'Provider addresses',
  externalMediaAddress: 'External media address',
  externalSignalingAddress: 'External signaling address',
  localNets: 'Local networks',
};

/** The `rayanpbx` flag that sets each field. */
export const CLI_FLAGS: Readonly<Record<string, string>> = {
  displayName: '--name',
  password: '--password',
  context: '--context',
  codecs: '--codecs',
  maxContacts: '--max-contacts',
  transport: '--transport',
  qualifyFrequency: '--qualify',
  host: '--ssh (host)',
  port: '--ssh (port)',
  user: '--ssh (user)',
  keyFile: '--key',
  configDir: '--config-dir',
  hostKey: '--trust',
  jumpHostKey: '--trust-jump',
  amiUser: '--ami-user',
  amiPort: '--ami-port',
  backupsToKeep: '--backups',
  reloadWaitSeconds: '--reload-wait',
  amiSecretEnv: '--ami-secret-env',
  amiSecretFile: '--ami-secret-file',
  sshPasswordEnv: '--ssh-password-env',
  sshPasswordFile: '--ssh-password-file',
  server: '--server',
  username: '--username',
  clientUri: '--client-uri',
  contactUser: '--contact-user',
  fromUser: '--from-user',
  fromDomain: '--from-domain',
  expiration: '--expiration',
  retryInterval: '--retry',
  forbiddenRetryInterval: '--forbidden-retry',
  match: '--match',
  externalMediaAddress: '--external-media',
  externalSignalingAddress: '--external-signaling',
  localNets: '--local-net',
};

// A field key (optionally with a list index) opening the message or one of its `; ` parts.
const FIELD_HEAD = /(^|; )([A-Za-z][A-Za-z0-9]*)(?:\.(\d+))?:/g;

/** `message` with each leading field key replaced by its label; unknown keys stay as they are. */
export function relabel(message: string, labels: Readonly<Record<string, string>>): string {
  return message.replace(FIELD_HEAD, (whole, sep: string, key: string, index?: string) => {
    const label = Object.prototype.hasOwnProperty.call(labels, key) ? labels[key] : undefined;
    if (!label) return whole;
    return `${sep}${label}${index !== undefined ? ` entry ${Number(index) + 1}` : ''}:`;
  });
}

/**
 * What happened to a host's settings, here or in another process (the CLI): the supervisor
 * reconnects or forgets it, the renderer reloads its host list. A rename is `removed` under the
 * old name and `added` under the new one.
 */
export type HostChange = 'added' | 'changing' | 'changed' | 'removed';

export interface HostChangeNotice {
  name: string;
  change: HostChange;
}

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  HostExistsError,
  HostNotFoundError,
  HostStore,
} from '../../../src/main/core/hosts/host-store';
import { JsonFileSettings } from '../../../src/main/core/hosts/settings-backend';
import type { HostConfig } from '../../../src/shared/types';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function store() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rayanpbx-hosts-'));
  dirs.push(dir);
  const file = path.join(dir, 'settings.json');
  return { file, hosts: new HostStore(new JsonFileSettings(file)) };
}

const host: HostConfig = {
  name: 'pbx1',
  transport: 'ssh',
  host: '127.0.0.1',
  port: 2222,
  user: 'root',
  keyFile: '/k',
  auth: 'key',
  configDir: '/etc/asterisk',
  sudo: false,
  hostKey: 'SHA256:abc',
  jumpHostKey: null,
  amiUser: 'admin',
  amiPort: 5038,
  backupsToKeep: 10,
};

describe('the host list in the settings file', () => {
  it('adds, updates and removes hosts, persisting them as JSON', () => {
    const { file, hosts } = store();
    hosts.add(host);
    hosts.update('pbx1', { sudo: true });
    expect(new HostStore(new JsonFileSettings(file)).get('pbx1').sudo).toBe(true);
    hosts.remove('pbx1');
    expect(hosts.list()).toEqual([]);
  });

  it('refuses a duplicate name and names an unknown host', () => {
    const { hosts } = store();
    hosts.add(host);
    expect(() => hosts.add(host)).toThrow(HostExistsError);
    expect(() => hosts.get('nope')).toThrow(HostNotFoundError);
  });

  it('never persists a field that is not part of HostConfig, such as a password smuggled into an input', () => {
    const { file, hosts } = store();
    hosts.add({ ...host, password: 'hunter2-secret' } as HostConfig);
    expect(fs.readFileSync(file, 'utf8')).not.toContain('hunter2-secret');
  });
});

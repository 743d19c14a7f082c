import { describe, expect, it } from 'vitest';
import {
  InvalidPathError,
  SudoNotAllowedError,
  SudoPasswordRequiredError,
} from '../../../src/main/core/ssh/errors';
import { checkPath } from '../../../src/main/core/ssh/file-ops';
import { scriptCommand, sudoFailure, userCommand } from '../../../src/main/core/ssh/sudo';

describe('sudo failures', () => {
  // Texts as printed by sudo 1.9.13 (Debian 12) with `sudo -n`.
  it('recognises "a password is required" as SudoPasswordRequiredError with a NOPASSWD hint', () => {
    const err = sudoFailure(1, 'sudo: a password is required\n', 'pbx1', 'ops');
    expect(err).toBeInstanceOf(SudoPasswordRequiredError);
    expect(err!.code).toBe('SUDO_PASSWORD_REQUIRED');
    expect(err!.message).toContain('ops ALL=(root) NOPASSWD: /bin/sh');
  });

  it.each([
    ['ops is not in the sudoers file.\n', 'not in the sudoers file'],
    [
      "Sorry, user ops is not allowed to execute '/usr/bin/sh -c true' as root on pbx1.\n",
      'do not allow',
    ],
    ["env: 'sudo': No such file or directory\n", 'not installed'],
    ['sudo: sorry, you must have a tty to run sudo\n', 'requiretty'],
  ])('recognises %j as SudoNotAllowedError', (stderr, reason) => {
    const err = sudoFailure(stderr.includes('No such file') ? 127 : 1, stderr, 'pbx1', 'ops');
    expect(err).toBeInstanceOf(SudoNotAllowedError);
    expect(err!.message).toContain(reason);
  });

  it("does not blame sudo for the command's own failure", () => {
    expect(sudoFailure(1, 'cat: /x: No such file or directory\n', 'pbx1', 'ops')).toBeNull();
    expect(sudoFailure(73, 'sudo: a password is required\n', 'pbx1', 'ops')).toBeNull();
  });

  it('builds commands that never prompt', () => {
    expect(scriptCommand('echo "$1"', ['a b'], true)).toBe(
      `env LC_ALL=C sudo -n sh -c 'export LC_ALL=C; echo "$1"' sh 'a b'`,
    );
    expect(scriptCommand('true', [], false)).toBe(`sh -c 'export LC_ALL=C; true' sh`);
    expect(scriptCommand('true', [], false, 999)).toBe(
      `env LC_ALL=C sudo -n -u '#999' sh -c 'export LC_ALL=C; true' sh`,
    );
    expect(userCommand('asterisk -rx "core show version"', true)).toBe(
      `env LC_ALL=C sudo -n sh -c 'asterisk -rx "core show version"'`,
    );
    expect(userCommand('uptime', false)).toBe('uptime');
  });
});

describe('file paths', () => {
  it('splits an absolute path into directory and name', () => {
    expect(checkPath('/etc/asterisk/pjsip.conf')).toEqual({
      dir: '/etc/asterisk',
      base: 'pjsip.conf',
    });
    expect(checkPath('/pjsip.conf')).toEqual({ dir: '/', base: 'pjsip.conf' });
  });

  it.each([
    ['', 'empty'],
    ['etc/asterisk/pjsip.conf', 'absolute'],
    ['/etc/asterisk/\npjsip.conf', 'control character'],
    ['/etc/asterisk/', 'directory'],
    ['/etc/asterisk/..', 'directory'],
  ])('refuses %j (%s)', (path, reason) => {
    expect(() => checkPath(path)).toThrow(InvalidPathError);
    expect(() => checkPath(path)).toThrow(reason);
  });
});

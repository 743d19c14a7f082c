import { describe, expect, it } from 'vitest';
import { extension } from '../../support/extension-fixture';
import { applyFailureText } from '../../../src/shared/apply-text';
import { CLI_FLAGS, relabel, UI_LABELS } from '../../../src/shared/field-labels';
import {
  extensionCreateInput,
  extensionUpdateInput,
  formatZodError,
  hostConfigInput,
  natPatchInput,
} from '../../../src/shared/schemas';
import {
  createInput,
  emptyExtensionForm,
  updatePatch,
} from '../../../src/renderer/src/extensions/extension-form-model';
import { fieldErrors } from '../../../src/renderer/src/lib/zod-form';

const message = (
  schema: { safeParse(v: unknown): { success: boolean; error?: unknown } },
  v: unknown,
) => {
  const r = schema.safeParse(v);
  if (r.success) throw new Error('expected a refusal');
  return formatZodError(r.error as never);
};

describe('messages name the field as the user knows it (issue 14)', () => {
  it('the CLI names --external-media and the --local-net entry that is wrong', () => {
    const m = message(natPatchInput, {
      externalMediaAddress: 'not an address!',
      localNets: ['10.0.0.0/8', '300.1.1.1/24'],
    });
    const cli = relabel(m, CLI_FLAGS);
    expect(cli).toContain('--external-media: must be');
    expect(cli).toContain('--local-net entry 2: must be an IP address or a network in CIDR form');
    expect(cli).not.toMatch(/externalMediaAddress|localNets/);
  });

  it('the UI says "Max contacts", "Qualify every (s)", "Config directory" and "AMI port"', () => {
    const ext = fieldErrors(extensionCreateInput, {
      number: '1001',
      maxContacts: 0,
      qualifyFrequency: -1,
    });
    expect(ext.maxContacts).toBe('Max contacts: must be at least 1');
    expect(ext.qualifyFrequency).toBe('Qualify every (s): must be at least 0');
    const host = fieldErrors(hostConfigInput, {
      name: 'pbx',
      transport: 'ssh',
      host: 'pbx.example',
      port: 22,
      user: 'root',
      keyFile: null,
      auth: 'agent',
      configDir: 'etc/asterisk',
      sudo: false,
      hostKey: null,
      jumpHostKey: null,
      amiUser: 'admin',
      amiPort: 70000,
      backupsToKeep: 10,
    });
    expect(host.configDir).toMatch(/^Config directory: must be an absolute path/);
    expect(host.amiPort).toBe('AMI port: must be at most 65535');
    for (const text of [...Object.values(ext), ...Object.values(host)])
      expect(text).not.toMatch(/^(maxContacts|qualifyFrequency|configDir|amiPort):/);
  });

  it('a codec list entry is named by its place in the UI too', () => {
    const e = fieldErrors(extensionCreateInput, { number: '1001', codecs: ['ulaw', 'G729!'] });
    expect(e.codecs).toMatch(/^Codecs entry 2: must be a codec name/);
  });

  it('an unknown key and a message without a field are left as they are', () => {
    expect(relabel('pbx fails at AMI TCP: refused', CLI_FLAGS)).toBe(
      'pbx fails at AMI TCP: refused',
    );
    expect(relabel('frobnicate: must be x; amiPort: must be y', UI_LABELS)).toBe(
      'frobnicate: must be x; AMI port: must be y',
    );
  });

  it('a bare IP is a valid local net, as Asterisk takes it; a bad one is refused', () => {
    expect(natPatchInput.safeParse({ localNets: ['172.16.5.4'] }).success).toBe(true);
    expect(natPatchInput.safeParse({ localNets: ['fd00::1', 'fd00::/8'] }).success).toBe(true);
    expect(natPatchInput.safeParse({ localNets: ['172.16.5'] }).success).toBe(false);
    expect(natPatchInput.safeParse({ localNets: ['172.16.5.4/33'] }).success).toBe(false);
  });
});

describe('the display name is optional in the form, as in the CLI (issue 14)', () => {
  it('an empty display name is left out, and the schema makes it the number', () => {
    const input = createInput({ ...emptyExtensionForm, number: '1001' });
    expect('displayName' in input).toBe(false);
    expect(fieldErrors(extensionCreateInput, input)).toEqual({});
    expect(extensionCreateInput.parse(input).displayName).toBe('1001');
  });

  it('clearing it on edit sets it back to the number', () => {
    const before = extension('1001', { displayName: 'Reception' });
    const patch = updatePatch(
      {
        ...emptyExtensionForm,
        number: '1001',
        displayName: '',
        codecs: ['ulaw'],
        transport: 'transport-udp',
      },
      before,
    );
    expect(patch).toEqual({ displayName: '1001' });
    expect(extensionUpdateInput.safeParse(patch).success).toBe(true);
  });
});

describe('a rolled-back change says its reason once (issue 14)', () => {
  it('a mismatch that is the reason is not repeated in brackets', () => {
    const same = 'endpoint 202: not loaded by Asterisk';
    expect(applyFailureText({ reason: same, mismatches: [same] })).toBe(same);
  });
  it('mismatches the reason does not say are added', () => {
    expect(
      applyFailureText({
        reason: 'Asterisk did not apply 1 field',
        mismatches: ['endpoint 202.allow: wrote g729x, live (none)'],
      }),
    ).toBe('Asterisk did not apply 1 field (endpoint 202.allow: wrote g729x, live (none))');
  });
});

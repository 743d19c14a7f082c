import { describe, expect, it } from 'vitest';
import { hostConfigInput } from '../../../src/shared/schemas';
import type { HostConfig } from '../../../src/shared/types';
import {
  configFromForm,
  emptyHostForm,
  formFromHost,
} from '../../../src/renderer/src/hosts/host-form-model';

const form = { ...emptyHostForm, name: 'pbx1', host: 'pbx.example.org', amiUser: 'admin' };

describe("host form: how long a change waits for someone else's reload", () => {
  it('a new host gets the 180 s bound, stored as the reloadWaitSeconds setting', () => {
    expect(emptyHostForm.reloadWaitSeconds).toBe('180');
    const c = configFromForm(form, null);
    expect(c.reloadWaitSeconds).toBe(180);
    expect(hostConfigInput.safeParse(c).success).toBe(true);
  });

  it("a host's own bound is shown and kept; one without the setting shows the default", () => {
    const stored = configFromForm({ ...form, reloadWaitSeconds: '45' }, null) as HostConfig;
    expect(formFromHost(stored).reloadWaitSeconds).toBe('45');
    const { reloadWaitSeconds: _, ...without } = stored;
    expect(formFromHost(without as HostConfig).reloadWaitSeconds).toBe('180');
  });

  it('a bound out of range or empty is refused by the shared schema, naming the field', () => {
    for (const bad of ['3601', '-1', '', '1.5']) {
      const r = hostConfigInput.safeParse(
        configFromForm({ ...form, reloadWaitSeconds: bad }, null),
      );
      expect(r.success, bad).toBe(false);
      expect(r.error?.issues[0]?.path, bad).toEqual(['reloadWaitSeconds']);
    }
  });
});

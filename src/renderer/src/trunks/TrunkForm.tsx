import { Alert, Button, Group, PasswordInput, SimpleGrid, TextInput } from '@mantine/core';
import { useState } from 'react';
import { trunkCreateInput } from '../../../shared/schemas';
import { call } from '../api/client';
import { useFormErrors } from '../lib/use-form-errors';
import { formErrorsOf } from '../lib/zod-form';

interface Values {
  name: string;
  server: string;
  username: string;
  password: string;
  contactUser: string;
  context: string;
  retryInterval: string;
  expiration: string;
  codecs: string;
  match: string;
}

const EMPTY: Values = {
  name: '',
  server: '',
  username: '',
  password: '',
  contactUser: '',
  context: 'from-trunk',
  retryInterval: '60',
  expiration: '3600',
  codecs: 'ulaw,alaw',
  match: '',
};

/** What the form sends: the shared schema's shape (so its errors speak the same words as main). */
function toInput(v: Values): Record<string, unknown> {
  const list = (s: string) =>
    s
      .split(/[\s,]+/)
      .map((x) => x.trim())
      .filter(Boolean);
  const int = (s: string) => (/^\d+$/.test(s.trim()) ? Number(s) : s);
  return {
    name: v.name,
    server: v.server,
    username: v.username,
    password: v.password,
    ...(v.contactUser ? { contactUser: v.contactUser } : {}),
    context: v.context,
    retryInterval: int(v.retryInterval),
    expiration: int(v.expiration),
    codecs: list(v.codecs),
    match: list(v.match),
  };
}

/** New trunk: written to pjsip.conf (the password only there), reloaded and verified. */
export function TrunkForm({ host, onDone }: { host: string; onDone(message: string): void }) {
  const [v, setV] = useState<Values>(EMPTY);
  const [busy, setBusy] = useState(false);
  const { formRef, errors, check, show } = useFormErrors();
  const field = (k: keyof Values) => ({
    value: v[k],
    error: errors[k],
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => setV({ ...v, [k]: e.target.value }),
    'data-testid': `trunk-${k}`,
  });
  const submit = async () => {
    const input = toInput(v);
    if (!check(trunkCreateInput, input)) return;
    setBusy(true);
    try {
      const r = await call('trunks/create', { host, trunk: input as never });
      setV(EMPTY);
      onDone(
        r.apply.verified
          ? `Trunk ${v.name} written, reloaded and verified`
          : `Trunk ${v.name}: ${r.apply.reason ?? 'not verified'}`,
      );
    } catch (err) {
      show(formErrorsOf(err, 'trunk', Object.keys(EMPTY)));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      ref={formRef}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
      data-testid="trunk-form"
    >
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <TextInput label="Name" placeholder="provider-a" {...field('name')} />
        <TextInput
          label="Provider host[:port]"
          placeholder="sip.provider.example"
          {...field('server')}
        />
        <TextInput label="Username" {...field('username')} />
        <PasswordInput
          label="Password"
          description="Kept in pjsip.conf only"
          {...field('password')}
        />
        <TextInput label="Contact user" placeholder="same as username" {...field('contactUser')} />
        <TextInput label="Context for inbound calls" {...field('context')} />
        <TextInput label="Retry interval (s)" {...field('retryInterval')} />
        <TextInput label="Expiration (s)" {...field('expiration')} />
        <TextInput label="Codecs" {...field('codecs')} />
        <TextInput
          label="Provider addresses (identify match)"
          placeholder="203.0.113.0/24, 198.51.100.7"
          {...field('match')}
        />
      </SimpleGrid>
      {errors._form ? (
        <Alert color="red" mt="sm" data-testid="trunk-form-error">
          {errors._form}
        </Alert>
      ) : null}
      <Group justify="flex-end" mt="md">
        <Button type="submit" loading={busy} data-testid="trunk-save">
          Add trunk
        </Button>
      </Group>
    </form>
  );
}

import { Alert, Button, Group, Select, Stack, TagsInput, Text, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { OutputOf } from '../../../shared/ipc';
import { natPatchInput } from '../../../shared/schemas';
import type { TransportInfo } from '../../../shared/types';
import { call } from '../api/client';
import { notifyApply } from '../components/apply-notice';
import { useFormErrors } from '../lib/use-form-errors';
import { formErrorsOf } from '../lib/zod-form';

const FORM_FIELDS = ['externalMediaAddress', 'externalSignalingAddress', 'localNets'];
export function NatForm(props: {
  host: string;
  transports: TransportInfo[];
  nat: OutputOf<'nat/get'> | null;
  onTransport(t: string): void;
  onSaved(r: OutputOf<'nat/set'>): void;
}) {
  const current = props.nat;
  const [media, setMedia] = useState('');
  const [signaling, setSignaling] = useState('');
  const [nets, setNets] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const { formRef, errors, setErrors, check, show } = useFormErrors();

  useEffect(() => {
    if (!current) return;
    setMedia(current.nat.externalMediaAddress ?? '');
    setSignaling(current.nat.externalSignalingAddress ?? '');
    setNets(current.nat.localNets.filter((n) => !current.handWrittenLocalNets.includes(n)));
    setErrors({});
  }, [current]);

  const submit = async () => {
    const nat = {
      externalMediaAddress: media.trim() || null,
      externalSignalingAddress: signaling.trim() || null,
      localNets: nets,
    };
    if (!check(natPatchInput, nat)) return;
    setBusy(true);
    try {
      const r = await call('nat/set', { host: props.host, transport: current?.transport, nat });
      notifyApply(`NAT on ${current?.transport ?? 'transport'}`, r.apply);
      props.onSaved(r);
    } catch (err) {
      show(formErrorsOf(err, 'nat', FORM_FIELDS));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      ref={formRef}
      noValidate
      data-testid="nat-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <Stack gap="sm" maw={640}>
        <Select
          label="Transport"
          description="NAT settings live on the transport, not in [global]"
          data={props.transports.map((t) => ({
            value: t.name,
            label: `${t.name} (${t.protocol} ${t.bind})`,
          }))}
          value={current?.transport ?? null}
          onChange={(t) => t && props.onTransport(t)}
          allowDeselect={false}
        />
        <TextInput
          label="External media address"
          description="Public IP or host name put in SDP"
          placeholder="203.0.113.10"
          value={media}
          onChange={(e) => setMedia(e.currentTarget.value)}
          error={errors.externalMediaAddress}
          name="externalMediaAddress"
        />
        <TextInput
          label="External signaling address"
          description="Public IP or host name put in SIP headers"
          placeholder="203.0.113.10"
          value={signaling}
          onChange={(e) => setSignaling(e.currentTarget.value)}
          error={errors.externalSignalingAddress}
          name="externalSignalingAddress"
        />
        <TagsInput
          label="Local networks"
          description="Networks (CIDR) or single addresses not to rewrite (Enter after each)"
          placeholder="192.168.1.0/24"
          value={nets}
          onChange={setNets}
          error={errors.localNets}
          data-testid="nat-local-nets"
        />
        {current?.handWrittenLocalNets.length ? (
          <Text size="xs" c="dimmed">
            Also in effect, written by hand in pjsip.conf (not removable here):{' '}
            {current.handWrittenLocalNets.join(', ')}
          </Text>
        ) : null}
        {errors._form ? (
          <Alert color="red" variant="light">
            {errors._form}
          </Alert>
        ) : null}
        <Group justify="flex-end">
          <Button type="submit" loading={busy} disabled={!current} data-testid="nat-submit">
            Apply NAT settings
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

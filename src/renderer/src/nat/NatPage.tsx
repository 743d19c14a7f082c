import { Alert, Button, Card, Loader, Title } from '@mantine/core';
import { useEffect } from 'react';
import { call, errorText } from '../api/client';
import { notifyApply, notifyError } from '../components/apply-notice';
import { HostPicker } from '../components/HostPicker';
import { PageHeader } from '../components/PageHeader';
import { WithHost } from '../components/WithHost';
import { useNat } from '../stores/nat';
import { NatForm } from './NatForm';
import { TransportsTable } from './TransportsTable';

export function NatPage() {
  return <WithHost>{(host) => <HostNat key={host} host={host} />}</WithHost>;
}

function HostNat({ host }: { host: string }) {
  const data = useNat((s) => s.byHost[host]);
  const { load, setResult } = useNat.getState();
  useEffect(() => {
    void load(host);
  }, [host, load]);

  const hasUdp = data?.transports.some((t) => t.protocol === 'udp');
  const last = data?.lastResult;
  const restart = last && (last.applyMode === 'restart' || last.apply.restartNeeded);

  const ensure = async () => {
    try {
      const r = await call('transports/ensure', { host });
      notifyApply(
        r.created ? `Created transport ${r.transport}` : `Transport ${r.transport} exists`,
        r.apply,
      );
      await load(host);
    } catch (err) {
      notifyError('Ensure UDP transport', errorText(err));
    }
  };

  return (
    <div className="page">
      <PageHeader
        title="NAT & transport"
        subtitle="external_media_address, external_signaling_address and local_net on the transport."
      >
        <HostPicker />
        {data && !hasUdp ? (
          <Button onClick={() => void ensure()}>Ensure UDP transport</Button>
        ) : null}
      </PageHeader>
      <div className="page-scroll">
        {restart ? (
          <Alert
            color="orange"
            variant="filled"
            title="Asterisk restart needed"
            mb="md"
            data-testid="restart-banner"
          >
            This transport change is not applied by a PJSIP reload (
            {last.apply.reason ?? 'the transport is not fully reloadable'}). Restart Asterisk (core
            restart gracefully) when calls allow.
          </Alert>
        ) : last ? (
          <Alert color="teal" variant="light" mb="md" data-testid="reload-banner">
            Applied by a PJSIP reload{last.apply.verified ? ' and verified live' : ''}. No restart
            needed.
          </Alert>
        ) : null}
        {data?.error ? (
          <Alert color="red" mb="md">
            {data.error}
          </Alert>
        ) : null}
        {!data || (data.loading && !data.transports.length) ? <Loader /> : null}
        <Card withBorder mb="md">
          <Title order={4} mb="sm">
            Transports
          </Title>
          {data && !data.transports.length && !data.loading ? (
            <Alert color="yellow">
              No transport configured: phones cannot register. Use “Ensure UDP transport”.
            </Alert>
          ) : null}
          {data?.transports.length ? <TransportsTable transports={data.transports} /> : null}
        </Card>
        <Card withBorder>
          <Title order={4} mb="sm">
            NAT
          </Title>
          <NatForm
            host={host}
            transports={data?.transports ?? []}
            nat={data?.nat ?? null}
            onTransport={(t) => void load(host, t)}
            onSaved={(r) => {
              setResult(host, r);
              void load(host, data?.nat?.transport);
            }}
          />
        </Card>
      </div>
    </div>
  );
}

import { Button, Group, MultiSelect, Text, TextInput } from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import type { DomainEvent } from '../../../shared/types';
import { call } from '../api/client';
import { HostFilter } from '../components/HostFilter';
import { PageHeader } from '../components/PageHeader';
import { useCalls } from '../stores/calls';
import { useEvents } from '../stores/events';
import { useHosts } from '../stores/hosts';
import { sampleOnline } from '../stores/online-sampler';
import { EventCharts } from './EventCharts';
import { EventLog } from './EventLog';
import { type EventKindFilter, kindOf, numbersOf } from './event-format';

const KINDS: Array<{ value: EventKindFilter; label: string }> = [
  { value: 'registration', label: 'Registrations' },
  { value: 'ringing', label: 'Ringing' },
  { value: 'answered', label: 'Answered' },
  { value: 'hangup', label: 'Hang-ups' },
  { value: 'host', label: 'Host connection' },
  { value: 'trunk', label: 'Trunks' },
];

export function EventsPage() {
  const events = useEvents((s) => s.events);
  const received = useEvents((s) => s.received);
  const samples = useEvents((s) => s.samples);
  const hosts = useHosts((s) => s.hosts);
  const callsByHost = useCalls((s) => s.byHost);
  const [host, setHost] = useState<string | null>(null);
  const [ext, setExt] = useState('');
  const [kinds, setKinds] = useState<string[]>([]);
  const [frozen, setFrozen] = useState<{ events: DomainEvent[]; received: number } | null>(null);

  useEffect(() => {
    call('events/recent', {}).then(
      (evs) => useEvents.getState().seed(evs),
      () => undefined,
    );
    sampleOnline();
    for (const h of useHosts.getState().hosts) void useCalls.getState().load(h.name);
  }, [hosts.length]);

  const shown = frozen?.events ?? events;
  const filtered = useMemo(() => {
    const q = ext.trim();
    return shown.filter(
      (ev) =>
        (!host || ev.host === host) &&
        (!kinds.length || kinds.includes(kindOf(ev))) &&
        (!q || numbersOf(ev).some((n) => n.includes(q))),
    );
  }, [shown, host, kinds, ext]);

  const hostNames = hosts.map((h) => h.name);
  const calls = useMemo(
    () => Object.entries(callsByHost).flatMap(([h, c]) => (!host || h === host ? c.records : [])),
    [callsByHost, host],
  );

  return (
    <div className="page">
      <PageHeader
        title="Live events"
        subtitle="Registrations and calls as AMI reports them, from every connected host."
      />
      <EventCharts samples={samples} calls={calls} hosts={host ? [host] : hostNames} />
      <Group>
        <HostFilter value={host} onChange={setHost} w={180} />
        <TextInput
          placeholder="Extension"
          aria-label="Filter by extension"
          value={ext}
          onChange={(e) => setExt(e.currentTarget.value)}
          w={140}
        />
        <MultiSelect
          placeholder={kinds.length ? undefined : 'All kinds'}
          aria-label="Filter by kind"
          data={KINDS}
          value={kinds}
          onChange={setKinds}
          clearable
          w={320}
        />
        <Button
          variant={frozen ? 'filled' : 'default'}
          color={frozen ? 'orange' : undefined}
          onClick={() => setFrozen(frozen ? null : { events, received })}
          data-testid="events-pause"
        >
          {frozen ? 'Resume' : 'Pause'}
        </Button>
        <Text size="sm" c="dimmed">
          {frozen
            ? `Paused — ${received - frozen.received} new since`
            : `${filtered.length} shown of ${events.length}`}
        </Text>
      </Group>
      <EventLog events={filtered} />
    </div>
  );
}

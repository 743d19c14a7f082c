import { BarChart, LineChart } from '@mantine/charts';
import { Card, SimpleGrid, Text, Title } from '@mantine/core';
import { useMemo } from 'react';
import type { CallRecord } from '../../../shared/types';
import type { OnlineSample } from '../stores/events';

const COLORS = ['indigo.6', 'teal.6', 'orange.6', 'grape.6', 'cyan.6', 'pink.6'];
const hhmm = new Intl.DateTimeFormat(undefined, {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

export function EventCharts({
  samples,
  calls,
  hosts,
}: {
  samples: OnlineSample[];
  calls: CallRecord[];
  hosts: string[];
}) {
  const online = useMemo(() => {
    // One sample is a level, not yet a trend: draw it flat up to now.
    const list = samples.length === 1 ? [samples[0]!, { ...samples[0]!, t: Date.now() }] : samples;
    return list.map((s) => ({
      time: hhmm.format(s.t),
      ...Object.fromEntries(hosts.map((h) => [h, s.online[h] ?? 0])),
    }));
  }, [samples, hosts]);
  const perHour = useMemo(() => {
    const now = Date.now();
    const hourMs = 3_600_000;
    const start = Math.floor(now / hourMs) * hourMs - 23 * hourMs;
    const buckets = Array.from({ length: 24 }, (_, i) => ({
      hour: `${new Date(start + i * hourMs).getHours().toString().padStart(2, '0')}:00`,
      answered: 0,
      missed: 0,
    }));
    for (const c of calls) {
      const i = Math.floor((c.start - start) / hourMs);
      if (i < 0 || i >= 24) continue;
      if (c.disposition === 'ANSWERED') buckets[i]!.answered++;
      else buckets[i]!.missed++;
    }
    return buckets;
  }, [calls]);

  return (
    <SimpleGrid cols={{ base: 1, lg: 2 }}>
      <Card withBorder>
        <Title order={5}>Registrations online</Title>
        {online.length === 0 ? (
          <Text size="sm" c="dimmed" h={180}>
            Open a host's extensions to start sampling.
          </Text>
        ) : (
          <LineChart
            h={180}
            data={online}
            dataKey="time"
            withDots={false}
            curveType="stepAfter"
            // A count of phones: a tick at 1.5 registrations means nothing.
            yAxisProps={{ allowDecimals: false }}
            series={hosts.map((h, i) => ({ name: h, color: COLORS[i % COLORS.length]! }))}
          />
        )}
      </Card>
      <Card withBorder>
        <Title order={5}>Calls per hour (last 24 h)</Title>
        <BarChart
          h={180}
          data={perHour}
          dataKey="hour"
          type="stacked"
          yAxisProps={{ allowDecimals: false }}
          series={[
            { name: 'answered', color: 'teal.6' },
            { name: 'missed', color: 'gray.5' },
          ]}
        />
      </Card>
    </SimpleGrid>
  );
}

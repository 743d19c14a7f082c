import { Badge, Text } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import type { DomainEvent } from '../../../shared/types';
import { describe, timeFmt } from './event-format';

export function EventLog({ events }: { events: DomainEvent[] }) {
  const ref = useRef<HTMLDivElement>(null);
  const v = useVirtualizer({
    count: events.length,
    getScrollElement: () => ref.current,
    estimateSize: () => 32,
    overscan: 10,
  });
  return (
    <div
      ref={ref}
      className="ext-scroll"
      style={{
        border: '1px solid var(--mantine-color-default-border)',
        borderRadius: 'var(--mantine-radius-md)',
      }}
      data-testid="event-log"
    >
      {!events.length ? (
        <Text c="dimmed" p="md" size="sm">
          No events yet. Registrations, rings and hang-ups appear here as they happen.
        </Text>
      ) : null}
      <div style={{ height: v.getTotalSize(), position: 'relative' }}>
        {v.getVirtualItems().map((item) => {
          const ev = events[item.index]!;
          const d = describe(ev);
          return (
            <div
              key={item.key}
              className="event-row"
              data-kind={ev.kind}
              style={{
                position: 'absolute',
                left: 0,
                right: 0,
                height: 32,
                transform: `translateY(${item.start}px)`,
              }}
            >
              <Text size="sm" className="mono" c="dimmed">
                {timeFmt.format(ev.at)}
              </Text>
              <Text size="sm" truncate>
                {ev.host}
              </Text>
              <div>
                <Badge size="sm" variant="light" color={d.color}>
                  {d.label}
                </Badge>
              </div>
              <Text size="sm" truncate data-testid="event-text">
                {d.text}
              </Text>
            </div>
          );
        })}
      </div>
    </div>
  );
}

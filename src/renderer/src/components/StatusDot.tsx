import { Tooltip } from '@mantine/core';

export function StatusDot({
  status,
  ringing,
  label,
}: {
  status: string;
  ringing?: boolean;
  label?: string;
}) {
  const dot = (
    <span
      className="status-dot"
      data-status={status}
      data-ringing={ringing ? 'true' : undefined}
      aria-label={label ?? status}
      role="img"
    />
  );
  return label ? <Tooltip label={label}>{dot}</Tooltip> : dot;
}

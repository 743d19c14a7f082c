import { ActionIcon, Code, CopyButton, Group, Tooltip } from '@mantine/core';

export function CopyField({ value, testId }: { value: string; testId?: string }) {
  return (
    <Group gap={6} wrap="nowrap">
      <Code data-testid={testId} style={{ userSelect: 'all' }}>
        {value}
      </Code>
      <CopyButton value={value} timeout={1500}>
        {({ copied, copy }) => (
          <Tooltip label={copied ? 'Copied' : 'Copy'} withArrow>
            <ActionIcon
              variant="subtle"
              color={copied ? 'teal' : 'gray'}
              onClick={copy}
              aria-label={`Copy ${testId ?? 'value'}`}
            >
              {copied ? '✓' : '⧉'}
            </ActionIcon>
          </Tooltip>
        )}
      </CopyButton>
    </Group>
  );
}

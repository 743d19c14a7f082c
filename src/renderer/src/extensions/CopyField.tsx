import { ActionIcon, Code, CopyButton, Group, Tooltip } from '@mantine/core';
import { CheckIcon, CopyIcon } from '../components/icons';

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
              data-testid={testId ? `copy-${testId}` : undefined}
              aria-label={`Copy ${testId ?? 'value'}`}
            >
              {copied ? <CheckIcon /> : <CopyIcon />}
            </ActionIcon>
          </Tooltip>
        )}
      </CopyButton>
    </Group>
  );
}

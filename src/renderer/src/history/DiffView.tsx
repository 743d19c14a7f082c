import { Text } from '@mantine/core';

/** A unified diff, each line coloured by its mark; the text itself is shown exactly. */
export function DiffView({ diff }: { diff: string }) {
  if (!diff)
    return (
      <Text size="sm" c="dimmed">
        No difference: the file is as this backup has it.
      </Text>
    );
  return (
    <pre className="diff-view mono" data-testid="history-diff">
      {diff
        .replace(/\n$/, '')
        .split('\n')
        .map((l, i) => (
          <div key={i} className={lineClass(l)}>
            {l || ' '}
          </div>
        ))}
    </pre>
  );
}

function lineClass(l: string): string {
  if (l.startsWith('+++') || l.startsWith('---')) return 'diff-file';
  if (l.startsWith('@@')) return 'diff-hunk';
  if (l.startsWith('+')) return 'diff-add';
  if (l.startsWith('-')) return 'diff-del';
  return 'diff-ctx';
}

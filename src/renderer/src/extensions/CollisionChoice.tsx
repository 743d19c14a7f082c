import { Alert, Button, Group, Text } from '@mantine/core';
import type { DialplanChoice, PatternCollision } from '../../../shared/types';

/**
 * The question a hand-written pattern raises: managed lines for this number would take over
 * from it. Nothing has been changed yet; each answer runs the change again with it.
 */
export function CollisionChoice(props: {
  collision: PatternCollision;
  busy: boolean;
  onChoose(choice: DialplanChoice): void;
}) {
  const c = props.collision;
  const handler = `${c.pattern}${c.application ? ` → ${c.application}` : ''}`;
  return (
    <Alert
      color="yellow"
      variant="light"
      title={`A hand-written pattern handles ${c.number}`}
      data-testid="dialplan-collision"
    >
      <Text size="sm">
        In [{c.context}], {handler} (extensions.conf line {c.line}) answers calls to {c.number}{' '}
        today. Managed dialplan lines for it would take over from the pattern. Nothing has been
        changed yet.
      </Text>
      <Group mt="sm" gap="xs">
        <Button
          size="xs"
          loading={props.busy}
          onClick={() => props.onChoose('take-over')}
          data-testid="dialplan-take-over"
        >
          Add managed lines (take over)
        </Button>
        <Button
          size="xs"
          variant="default"
          loading={props.busy}
          onClick={() => props.onChoose('leave-pattern')}
          data-testid="dialplan-leave-pattern"
        >
          Leave {c.pattern} in charge
        </Button>
      </Group>
    </Alert>
  );
}

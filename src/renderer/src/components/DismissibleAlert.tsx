import { Alert } from '@mantine/core';

/** A message that stays until the user closes it; nothing while `message` is null. */
export function DismissibleAlert({
  message,
  color,
  testId,
  onClose,
}: {
  message: string | null;
  color: string;
  testId: string;
  onClose: () => void;
}) {
  if (!message) return null;
  return (
    <Alert color={color} data-testid={testId} withCloseButton onClose={onClose}>
      {message}
    </Alert>
  );
}

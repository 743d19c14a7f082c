import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { CopyField } from './CopyField';

/** The generated SIP password, shown this one time: the app does not keep it. */
export function PasswordOnceModal(props: {
  number: string | null;
  password: string | null;
  onClose(): void;
  onSoftphone(): void;
}) {
  return (
    <Modal
      opened={!!props.password}
      onClose={props.onClose}
      title={`Extension ${props.number ?? ''} created`}
      centered
    >
      <Stack>
        <Text size="sm">Its SIP password:</Text>
        <CopyField value={props.password ?? ''} testId="generated-password" />
        <Alert color="yellow" variant="light">
          Shown once. The app does not store it; it lives only in the PBX&apos;s pjsip.conf.
        </Alert>
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onSoftphone}>
            Softphone settings
          </Button>
          <Button onClick={props.onClose} data-autofocus>
            Done
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

import { Alert, Button, Code, Group, Modal, Stack, Text } from '@mantine/core';
import type { OutputOf } from '../../../shared/ipc';

/** Trust on first use: the admin compares this with `ssh-keygen -lf` on the server. */
export function FingerprintDialog(props: {
  probe: OutputOf<'hosts/probe'> | null;
  host: string;
  busy: boolean;
  onConfirm(): void;
  onCancel(): void;
}) {
  return (
    <Modal
      opened={!!props.probe}
      onClose={props.onCancel}
      title="First contact: confirm the host key"
      centered
      size="lg"
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          props.onConfirm();
        }}
      >
        <Stack>
          <Text size="sm">
            This is the first connection to <b>{props.host}</b>. Check that its host key fingerprint
            is the one the server shows with{' '}
            <Code>
              ssh-keygen -lf /etc/ssh/ssh_host_
              {props.probe?.keyType.replace(/^ssh-/, '').replace(/^ecdsa.*/, 'ecdsa')}_key.pub
            </Code>
            .
          </Text>
          <Code block data-testid="fingerprint">
            {props.probe?.keyType} {props.probe?.fingerprint}
          </Code>
          <Alert color="yellow" variant="light">
            Once trusted, the key is pinned: a changed key will be refused.
          </Alert>
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onCancel}>
              Cancel
            </Button>
            <Button
              type="submit"
              loading={props.busy}
              data-autofocus
              data-testid="trust-fingerprint"
            >
              Trust and add host
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

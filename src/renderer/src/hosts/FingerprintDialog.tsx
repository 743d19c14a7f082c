import { Alert, Button, Code, Group, Modal, Stack, Text } from '@mantine/core';
import { useRef } from 'react';
import type { OutputOf } from '../../../shared/ipc';

/**
 * Trust on first use: the admin compares this with `ssh-keygen -lf` on the server. When the host
 * already has a pinned key (an edit sent it to another address, or the server was reinstalled)
 * and the server now shows another one, the dialog says so and names the old key.
 */
export function FingerprintDialog(props: {
  probe: OutputOf<'hosts/probe'> | null;
  host: string;
  /** The host's name in the app, for a changed key ("the key pinned for pbx-1"). */
  name: string;
  /** The key pinned for this host before the edit, if any. */
  pinned: string | null;
  busy: boolean;
  onConfirm(): void;
  onCancel(): void;
}) {
  const trustRef = useRef<HTMLButtonElement>(null);
  const changed = !!props.pinned && !!props.probe && props.pinned !== props.probe.fingerprint;
  const keyFile = `/etc/ssh/ssh_host_${props.probe?.keyType.replace(/^ssh-/, '').replace(/^ecdsa.*/, 'ecdsa')}_key.pub`;
  return (
    <Modal
      opened={!!props.probe}
      onClose={props.onCancel}
      title={changed ? 'The host key has changed' : 'First contact: confirm the host key'}
      centered
      size="lg"
      closeButtonProps={{ 'aria-label': 'Close' }}
      // Trust is the default action: Enter confirms, and the focus starts there (the drawer
      // underneath keeps its own focus trap, so data-autofocus alone can lose the race).
      onEnterTransitionEnd={() => trustRef.current?.focus()}
    >
      <form
        data-testid={changed ? 'host-key-changed' : 'host-key-first-contact'}
        onSubmit={(e) => {
          e.preventDefault();
          props.onConfirm();
        }}
      >
        <Stack>
          {changed ? (
            <Alert color="red" variant="light" data-testid="host-key-changed-alert">
              The key pinned for <b>{props.name}</b> ({props.host}) was <Code>{props.pinned}</Code>;
              the server now shows another one. Trust it only if you know why it changed (the server
              was reinstalled, or the host now points to another machine).
            </Alert>
          ) : (
            <Text size="sm">
              This is the first connection to <b>{props.host}</b>. Check that its host key
              fingerprint is the one the server shows with <Code>ssh-keygen -lf {keyFile}</Code>.
            </Text>
          )}
          <Code block data-testid="fingerprint">
            {props.probe?.keyType} {props.probe?.fingerprint}
          </Code>
          {changed ? (
            <Text size="sm">
              Compare it with <Code>ssh-keygen -lf {keyFile}</Code> on the server.
            </Text>
          ) : null}
          <Alert color="yellow" variant="light">
            Once trusted, the key is pinned: a changed key will be refused.
          </Alert>
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onCancel}>
              Cancel
            </Button>
            <Button
              ref={trustRef}
              type="submit"
              loading={props.busy}
              data-autofocus
              data-testid="trust-fingerprint"
            >
              {changed ? 'Trust the new key and save' : 'Trust and add host'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import { relabel, UI_LABELS } from '../../../shared/field-labels';
import { hostNameInput } from '../../../shared/schemas';
import { call, errorText } from '../api/client';

/** A new name for a host; its keychain entries, mutes and call log follow it (core's renameHost). */
export function RenameHostModal(props: {
  name: string | null;
  onClose(): void;
  onRenamed(newName: string): void;
}) {
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    setValue(props.name ?? '');
    setError(null);
  }, [props.name]);

  const submit = async () => {
    const from = props.name;
    if (!from) return;
    const checked = hostNameInput.safeParse(value);
    if (!checked.success) {
      setError(relabel(checked.error.issues[0]?.message ?? 'invalid name', UI_LABELS));
      return;
    }
    setBusy(true);
    try {
      await call('hosts/rename', { name: from, newName: value });
      props.onRenamed(value);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      opened={!!props.name}
      onClose={props.onClose}
      title={`Rename ${props.name ?? ''}`}
      centered
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      <form
        noValidate
        data-testid="rename-host-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Stack>
          <TextInput
            label="New name"
            value={value}
            onChange={(e) => {
              setValue(e.currentTarget.value);
              setError(null);
            }}
            error={error}
            data-autofocus
            data-testid="rename-host-input"
          />
          <Text size="xs" c="dimmed">
            Its keychain entries, notification mutes and call history follow the new name. Nothing
            on the PBX changes.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={busy} data-testid="rename-host-submit">
              Rename
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

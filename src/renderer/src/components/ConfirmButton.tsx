import { Button, type ButtonProps, Group, Modal, Text } from '@mantine/core';
import { useState, type ReactNode } from 'react';

/** A button that asks first. Enter confirms, Escape cancels. */
export function ConfirmButton({
  children,
  title,
  message,
  confirmLabel,
  onConfirm,
  ...buttonProps
}: ButtonProps & {
  children: ReactNode;
  title: string;
  message: ReactNode;
  confirmLabel: string;
  onConfirm(): Promise<void> | void;
}) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  return (
    <>
      <Button {...buttonProps} onClick={() => setOpen(true)}>
        {children}
      </Button>
      <ConfirmModal
        opened={open}
        title={title}
        message={message}
        confirmLabel={confirmLabel}
        busy={busy}
        color={buttonProps.color}
        onCancel={() => setOpen(false)}
        onConfirm={async () => {
          setBusy(true);
          try {
            await onConfirm();
            setOpen(false);
          } finally {
            setBusy(false);
          }
        }}
      />
    </>
  );
}

export function ConfirmModal(props: {
  opened: boolean;
  title: string;
  message: ReactNode;
  confirmLabel: string;
  busy?: boolean;
  color?: ButtonProps['color'];
  /** The message holds the answers itself (a question with choices): no confirm button. */
  answersInMessage?: boolean;
  onCancel(): void;
  onConfirm(): void;
}) {
  return (
    <Modal opened={props.opened} onClose={props.onCancel} title={props.title} centered>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!props.answersInMessage) props.onConfirm();
        }}
      >
        {typeof props.message === 'string' ? <Text size="sm">{props.message}</Text> : props.message}
        <Group justify="flex-end" mt="lg">
          <Button variant="default" onClick={props.onCancel}>
            Cancel
          </Button>
          {props.answersInMessage ? null : (
            <Button type="submit" color={props.color ?? 'red'} loading={props.busy} data-autofocus>
              {props.confirmLabel}
            </Button>
          )}
        </Group>
      </form>
    </Modal>
  );
}

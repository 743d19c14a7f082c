import {
  Alert,
  Button,
  Drawer,
  Group,
  PasswordInput,
  Select,
  Stack,
  Switch,
  TagsInput,
  Text,
  TextInput,
} from '@mantine/core';
import { useEffect, useState } from 'react';
import { COMMON_CODECS } from '../../../shared/codecs';
import type { OutputOf } from '../../../shared/ipc';
import { extensionCreateInput, extensionUpdateInput } from '../../../shared/schemas';
import {
  patternCollisionOf,
  type DialplanChoice,
  type Extension,
  type PatternCollision,
} from '../../../shared/types';
import { ApiError, call } from '../api/client';
import { notifyApply } from '../components/apply-notice';
import { useFocusFirstInvalid } from '../lib/focus-invalid';
import { fieldErrors, formErrorsOf } from '../lib/zod-form';
import { CollisionChoice } from './CollisionChoice';
import {
  createInput,
  emptyExtensionForm,
  type ExtensionFormValues,
  formFromExtension,
  updatePatch,
} from './extension-form-model';

/** The fields this form shows an error under; an error for any other goes above the buttons. */
const FORM_FIELDS = [
  'number',
  'displayName',
  'password',
  'context',
  'transport',
  'codecs',
  'maxContacts',
  'qualifyFrequency',
];
export function ExtensionDrawer(props: {
  host: string;
  opened: boolean;
  /** With `dialplan` (whose dialplan handles the number) when the row has it. */
  editing: (Extension & { dialplan?: string }) | null;
  onClose(): void;
  onSaved(result: OutputOf<'extensions/create'>): void;
}) {
  const [v, setV] = useState<ExtensionFormValues>(emptyExtensionForm);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [transports, setTransports] = useState<string[]>([]);
  const [otherOptions, setOtherOptions] = useState<string[]>([]);
  // Set when the change was refused with the pattern question; the answer re-runs it.
  const [collision, setCollision] = useState<PatternCollision | null>(null);
  const { ref: formRef, focusFirstInvalid } = useFocusFirstInvalid();

  // The host's own codecs (`core show codecs`) as suggestions; the common ones until it answers.
  const [codecList, setCodecList] = useState<string[]>([...COMMON_CODECS]);
  useEffect(() => {
    if (!props.opened) return;
    let live = true;
    call('extensions/codecs', { host: props.host }).then(
      (r) => live && setCodecList(r.codecs),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [props.opened, props.host]);

  useEffect(() => {
    if (!props.opened) return;
    setV(props.editing ? formFromExtension(props.editing) : emptyExtensionForm);
    setErrors({});
    setOtherOptions([]);
    if (props.editing?.managed)
      call('extensions/otherOptions', { host: props.host, number: props.editing.number }).then(
        setOtherOptions,
        () => setOtherOptions([]),
      );
    setCollision(null);
    call('transports/list', { host: props.host }).then(
      (t) => setTransports(t.map((x) => x.name)),
      () => setTransports([]),
    );
  }, [props.opened, props.editing, props.host]);

  const set = <K extends keyof ExtensionFormValues>(k: K, value: ExtensionFormValues[K]) => {
    setV((p) => ({ ...p, [k]: value }));
    setErrors((e) => ({ ...e, [k]: '', _form: '' }));
    // The question was about the values sent: changed values must be asked about again.
    setCollision(null);
  };

  const submit = async (dialplan?: DialplanChoice) => {
    const editing = props.editing;
    const input = editing ? updatePatch(v, editing) : createInput(v);
    // The shared schema's messages, before anything is sent; main checks again with the same one.
    const e = fieldErrors(editing ? extensionUpdateInput : extensionCreateInput, input);
    setErrors(e);
    if (Object.keys(e).length) {
      focusFirstInvalid();
      return;
    }
    setCollision(null);
    setBusy(true);
    try {
      const result = editing
        ? await call('extensions/update', {
            host: props.host,
            number: editing.number,
            patch: input as never,
            ...(dialplan ? { dialplan } : {}),
          })
        : await call('extensions/create', {
            host: props.host,
            extension: input as never,
            ...(dialplan ? { dialplan } : {}),
          });
      notifyApply(
        `${editing ? 'Update' : 'Create'} ${editing?.number ?? (input as { number: string }).number}`,
        result.apply,
      );
      props.onSaved(result);
    } catch (err) {
      const asked = err instanceof ApiError ? patternCollisionOf(err.code, err.details) : null;
      if (asked) setCollision(asked);
      else setErrors(formErrorsOf(err, editing ? 'patch' : 'extension', FORM_FIELDS));
      focusFirstInvalid();
    } finally {
      setBusy(false);
    }
  };

  const editing = !!props.editing;
  return (
    <Drawer
      opened={props.opened}
      onClose={props.onClose}
      title={editing ? `Edit extension ${props.editing!.number}` : 'New extension'}
      position="right"
      size="md"
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      <form
        ref={formRef}
        noValidate
        data-testid="extension-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Stack gap="sm">
          {props.editing?.dialplan ? (
            <Text size="sm" c="dimmed" data-testid="extension-dialplan-owner">
              Dialplan: {props.editing.dialplan}
            </Text>
          ) : null}
          <TextInput
            label="Number"
            value={v.number}
            disabled={editing}
            onChange={(e) => set('number', e.currentTarget.value)}
            error={errors.number}
            data-autofocus={!editing || undefined}
            required
            inputMode="numeric"
            name="number"
          />
          <TextInput
            label="Display name (caller ID)"
            description="Optional: the number when empty"
            placeholder={v.number.trim() || 'the number'}
            value={v.displayName}
            onChange={(e) => set('displayName', e.currentTarget.value)}
            error={errors.displayName}
            name="displayName"
          />
          <PasswordInput
            label="SIP password"
            description={
              editing
                ? 'Empty keeps the current password'
                : 'Empty: a strong one is generated and shown once'
            }
            value={v.password}
            onChange={(e) => set('password', e.currentTarget.value)}
            error={errors.password}
            autoComplete="new-password"
            name="password"
          />
          <Group grow align="flex-start">
            <TextInput
              label="Context"
              value={v.context}
              onChange={(e) => set('context', e.currentTarget.value)}
              error={errors.context}
              name="context"
            />
            <Select
              label="Transport"
              placeholder="default"
              data={transports}
              value={v.transport || null}
              onChange={(t) => set('transport', t ?? '')}
              error={errors.transport}
              clearable
            />
          </Group>
          <TagsInput
            label="Codecs"
            description="In order of preference"
            data={codecList}
            value={v.codecs}
            onChange={(c) => set('codecs', c)}
            error={errors.codecs}
          />
          <Group grow align="flex-start">
            <TextInput
              label="Max contacts"
              value={v.maxContacts}
              onChange={(e) => set('maxContacts', e.currentTarget.value)}
              error={errors.maxContacts}
              inputMode="numeric"
            />
            <TextInput
              label="Qualify every (s)"
              value={v.qualifyFrequency}
              onChange={(e) => set('qualifyFrequency', e.currentTarget.value)}
              error={errors.qualifyFrequency}
              inputMode="numeric"
            />
          </Group>
          <Switch
            label="NAT-friendly (rtp_symmetric, force_rport, rewrite_contact, no direct media)"
            checked={v.natFriendly}
            onChange={(e) => set('natFriendly', e.currentTarget.checked)}
          />
          <Switch
            label="Enabled"
            checked={v.enabled}
            onChange={(e) => set('enabled', e.currentTarget.checked)}
          />
          {otherOptions.length ? (
            <Alert
              variant="light"
              color="gray"
              title="Other options (kept as written)"
              data-testid="other-options"
            >
              {otherOptions.map((o) => (
                <div key={o} className="mono">
                  {o}
                </div>
              ))}
            </Alert>
          ) : null}
          {collision ? (
            <CollisionChoice
              collision={collision}
              busy={busy}
              onChoose={(choice) => void submit(choice)}
            />
          ) : null}
          {errors._form ? (
            <Alert
              color="red"
              variant="light"
              data-testid="extension-form-error"
              data-form-error
              tabIndex={-1}
            >
              {errors._form}
            </Alert>
          ) : null}
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={props.onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={busy} data-testid="extension-submit">
              {editing ? 'Save and apply' : 'Create and apply'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Drawer>
  );
}

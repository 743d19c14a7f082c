import {
  Alert,
  Button,
  Fieldset,
  Group,
  NumberInput,
  PasswordInput,
  SegmentedControl,
  Stack,
  Switch,
  Text,
  TextInput,
} from '@mantine/core';
import { useState } from 'react';
import { hostConfigInput } from '../../../shared/schemas';
import { ApiError, call, errorText, transportKind } from '../api/client';
import type { ErrorCode } from '../../../shared/types';
import { useFormErrors } from '../lib/use-form-errors';
import { configFromForm, type HostFormValues, type SecretSource } from './host-form-model';

export interface HostFormProps {
  initial: HostFormValues;
  editing: boolean;
  busy: boolean;
  error: { code: ErrorCode; message: string } | null;
  onSubmit(values: HostFormValues): void;
  onTest(values: HostFormValues): void;
  testResult: { ok: boolean; text: string } | null;
  testing: boolean;
  /** The OS keychain as last checked: when it is unusable, secrets are named, not typed. */
  keychain: { available: boolean; message: string | null } | null;
}

const SOURCES = [
  { value: 'keychain', label: 'OS keychain' },
  { value: 'env', label: 'Environment variable' },
  { value: 'file', label: 'File (mode 0600)' },
];

/** Where one secret comes from, and its value, variable name or file path accordingly. */
function SecretField(props: {
  label: string;
  /** The secret's fields in the form: `<secret>`, `<secret>Source`, `<secret>Env`, `<secret>File`. */
  secret: 'sshPassword' | 'amiSecret';
  values: HostFormValues;
  set<K extends keyof HostFormValues>(k: K, value: HostFormValues[K]): void;
  editing: boolean;
  errors: Record<string, string>;
}) {
  const { secret, values, set } = props;
  const source = values[`${secret}Source`];
  const envKey = `${secret}Env` as const;
  const fileKey = `${secret}File` as const;
  return (
    <Stack gap={4}>
      <SegmentedControl
        aria-label={`${props.label} from`}
        size="xs"
        value={source}
        onChange={(s) => set(`${secret}Source`, s as SecretSource)}
        data={SOURCES}
      />
      {source === 'keychain' ? (
        <PasswordInput
          label={props.label}
          description={props.editing ? 'Empty keeps the stored one' : 'Kept in the OS keychain'}
          value={values[secret]}
          onChange={(e) => set(secret, e.currentTarget.value)}
          autoComplete="off"
        />
      ) : source === 'env' ? (
        <TextInput
          label={`${props.label} environment variable`}
          description="Its name only; set it where the app runs"
          placeholder="PBX_AMI_SECRET"
          value={values[envKey]}
          onChange={(e) => set(envKey, e.currentTarget.value)}
          error={props.errors[envKey]}
        />
      ) : (
        <TextInput
          label={`${props.label} file`}
          description="Read when needed; must be mode 0600"
          placeholder="/etc/rayanpbx/pbx.secret"
          value={values[fileKey]}
          onChange={(e) => set(fileKey, e.currentTarget.value)}
          error={props.errors[fileKey]}
        />
      )}
    </Stack>
  );
}

export function HostForm(props: HostFormProps) {
  const [v, setV] = useState<HostFormValues>(props.initial);
  const { formRef, errors, setErrors, check } = useFormErrors();
  const set = <K extends keyof HostFormValues>(k: K, value: HostFormValues[K]) => {
    setV((prev) => ({ ...prev, [k]: value }));
    setErrors((e) => ({ ...e, [k]: '' }));
  };
  const validate = (): boolean => check(hostConfigInput, configFromForm(v, null));
  const ssh = v.transport === 'ssh';
  /** A count the form keeps as text (as typed), edited as a number. */
  const countProps = (k: 'backupsToKeep' | 'reloadWaitSeconds') => ({
    value: Number(v[k]),
    onChange: (n: string | number) => set(k, String(n)),
    error: errors[k],
  });
  const secretField = (label: string, secret: 'sshPassword' | 'amiSecret') => (
    <SecretField
      label={label}
      secret={secret}
      values={v}
      set={set}
      editing={props.editing}
      errors={errors}
    />
  );

  const pickKey = async () => {
    try {
      const { path } = await call('system/pickKeyFile', undefined);
      if (path) set('keyFile', path);
    } catch (err) {
      setErrors((e) => ({ ...e, keyFile: errorText(err) }));
    }
  };

  return (
    <form
      ref={formRef}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (validate()) props.onSubmit(v);
      }}
    >
      <Stack gap="sm">
        {props.keychain && !props.keychain.available ? (
          <Alert
            color="yellow"
            variant="light"
            title="No OS keychain to keep secrets in"
            data-testid="keychain-unavailable"
          >
            {props.keychain.message} Below, choose “Environment variable” or “File” for each secret:
            the app stores only its name or path.
          </Alert>
        ) : null}
        <TextInput
          label="Name"
          description="How the host is called in the app and the CLI"
          placeholder="pbx-office"
          value={v.name}
          disabled={props.editing}
          onChange={(e) => set('name', e.currentTarget.value)}
          error={errors.name}
          data-autofocus
          required
        />
        <SegmentedControl
          aria-label="Connection"
          value={v.transport}
          onChange={(t) => set('transport', t as HostFormValues['transport'])}
          data={[
            { value: 'ssh', label: 'SSH' },
            { value: 'local', label: 'This machine' },
          ]}
        />
        {ssh ? (
          <Fieldset legend="SSH target">
            <Group grow align="flex-start">
              <TextInput
                label="Host"
                description="Name, IP or ~/.ssh/config alias"
                placeholder="pbx.example.org"
                value={v.host}
                onChange={(e) => set('host', e.currentTarget.value)}
                error={errors.host}
                required
              />
              <TextInput
                label="Port"
                value={v.port}
                onChange={(e) => set('port', e.currentTarget.value)}
                error={errors.port}
                w={90}
                style={{ flex: '0 0 90px' }}
                inputMode="numeric"
              />
              <TextInput
                label="User"
                value={v.user}
                onChange={(e) => set('user', e.currentTarget.value)}
                error={errors.user}
              />
            </Group>
            <Text size="sm" fw={500} mt="sm" mb={4}>
              Authentication
            </Text>
            <SegmentedControl
              aria-label="Authentication method"
              fullWidth
              value={v.auth}
              onChange={(a) => set('auth', a as HostFormValues['auth'])}
              data={[
                { value: 'key', label: 'Key file' },
                { value: 'agent', label: 'ssh-agent' },
                { value: 'password', label: 'Password' },
              ]}
            />
            {v.auth === 'key' ? (
              <Stack gap="xs" mt="xs">
                <Group align="flex-end" wrap="nowrap">
                  <TextInput
                    style={{ flex: 1 }}
                    label="Private key file"
                    placeholder="~/.ssh/id_ed25519"
                    value={v.keyFile}
                    onChange={(e) => set('keyFile', e.currentTarget.value)}
                    error={errors.keyFile}
                  />
                  {transportKind === 'electron' ? (
                    <Button variant="default" onClick={() => void pickKey()}>
                      Browse…
                    </Button>
                  ) : null}
                </Group>
                <PasswordInput
                  label="Key passphrase"
                  description={
                    props.editing
                      ? 'Leave empty to keep the stored one'
                      : 'Only if the key has one; kept in the OS keychain'
                  }
                  value={v.keyPassphrase}
                  onChange={(e) => set('keyPassphrase', e.currentTarget.value)}
                  autoComplete="off"
                />
              </Stack>
            ) : null}
            {v.auth === 'password' ? (
              <Stack mt="xs">{secretField('SSH password', 'sshPassword')}</Stack>
            ) : null}
            {v.auth === 'agent' ? (
              <Text size="xs" c="dimmed" mt="xs">
                Uses the agent at SSH_AUTH_SOCK.
              </Text>
            ) : null}
          </Fieldset>
        ) : null}
        <Fieldset legend="Asterisk">
          <TextInput
            label="Config directory"
            value={v.configDir}
            onChange={(e) => set('configDir', e.currentTarget.value)}
            error={errors.configDir}
            required
          />
          <Switch
            mt="sm"
            label="Use sudo (non-root user; sudo -n must not ask for a password)"
            checked={v.sudo}
            onChange={(e) => set('sudo', e.currentTarget.checked)}
          />
          <Group grow mt="sm" align="flex-start">
            <TextInput
              label="AMI user"
              description="Empty: no reload/verify"
              value={v.amiUser}
              onChange={(e) => set('amiUser', e.currentTarget.value)}
              error={errors.amiUser}
            />
            <TextInput
              label="AMI port"
              description="On the PBX, via the tunnel"
              value={v.amiPort}
              onChange={(e) => set('amiPort', e.currentTarget.value)}
              error={errors.amiPort}
              inputMode="numeric"
            />
          </Group>
          <Stack mt="sm">{secretField('AMI secret', 'amiSecret')}</Stack>
          <NumberInput
            mt="sm"
            label="Backups to keep"
            min={0}
            max={1000}
            {...countProps('backupsToKeep')}
            w={180}
          />
          <NumberInput
            mt="sm"
            label="Wait for another reload (s)"
            description="A change made while someone else's reload runs waits this long, then restores the files"
            min={0}
            max={3600}
            {...countProps('reloadWaitSeconds')}
            data-testid="host-reload-wait"
            name="reloadWaitSeconds"
          />
        </Fieldset>
        {props.testResult ? (
          <Alert
            color={props.testResult.ok ? 'teal' : 'red'}
            variant="light"
            data-testid="host-test-result"
            style={{ whiteSpace: 'pre-line' }}
          >
            {props.testResult.text}
          </Alert>
        ) : null}
        {props.error ? (
          <Alert color="red" variant="light" title={props.error.code} data-testid="host-form-error">
            {props.error.message}
          </Alert>
        ) : null}
        <Group justify="flex-end">
          <Button
            variant="default"
            loading={props.testing}
            onClick={() => {
              if (validate()) props.onTest(v);
            }}
          >
            Test connection
          </Button>
          <Button type="submit" loading={props.busy} data-testid="host-submit">
            {props.editing ? 'Save' : 'Add host'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function errorOf(err: unknown): { code: ErrorCode; message: string } {
  return err instanceof ApiError
    ? { code: err.code, message: err.message }
    : { code: 'INTERNAL', message: errorText(err) };
}

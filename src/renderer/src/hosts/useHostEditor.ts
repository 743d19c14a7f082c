import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import type { OutputOf } from '../../../shared/ipc';
import type { ErrorCode, HostConfig } from '../../../shared/types';
import { call } from '../api/client';
import { useHosts } from '../stores/hosts';
import { errorOf } from './HostForm';
import {
  configFromForm,
  emptyHostForm,
  formFromHost,
  type HostFormValues,
  keychainSecretsTyped,
  secretsFromForm,
} from './host-form-model';

/** The add/edit flow: probe → (first contact: confirm fingerprint) → add or update. */
export function useHostEditor() {
  const [editing, setEditing] = useState<HostConfig | null>(null);
  const [open, setOpen] = useState(false);
  const [formKey, setFormKey] = useState(0);
  const [busy, setBusy] = useState(false);
  const [testing, setTesting] = useState(false);
  const [error, setError] = useState<{ code: ErrorCode; message: string } | null>(null);
  const [testResult, setTestResult] = useState<{ ok: boolean; text: string } | null>(null);
  const [keychain, setKeychain] = useState<OutputOf<'secrets/status'> | null>(null);
  const checkKeychain = async (): Promise<OutputOf<'secrets/status'> | null> => {
    try {
      const k = await call('secrets/status', undefined);
      setKeychain(k);
      return k;
    } catch {
      return null;
    }
  };
  const [pending, setPending] = useState<{
    values: HostFormValues;
    probe: OutputOf<'hosts/probe'>;
  } | null>(null);

  const reset = () => {
    setError(null);
    setTestResult(null);
    setPending(null);
    setFormKey((k) => k + 1);
  };

  const finish = async (values: HostFormValues, hostKey: string | null) => {
    const config = configFromForm(values, hostKey);
    const secrets = secretsFromForm(values);
    if (editing) {
      const { name: _name, hostKey: _k, ...patch } = config;
      await call('hosts/update', {
        name: editing.name,
        patch: hostKey && hostKey !== editing.hostKey ? { ...patch, hostKey } : patch,
        secrets,
      });
    } else {
      await call('hosts/add', { config, secrets });
    }
    notifications.show({
      color: 'teal',
      title: editing ? 'Host saved' : 'Host added',
      message: config.name,
    });
    setOpen(false);
    await useHosts.getState().load();
  };

  return {
    open,
    editing,
    formKey,
    initial: editing ? formFromHost(editing) : emptyHostForm,
    busy,
    testing,
    error,
    testResult,
    pending,
    keychain,
    startAdd() {
      setEditing(null);
      reset();
      setOpen(true);
      void checkKeychain();
    },
    startEdit(h: HostConfig) {
      setEditing(h);
      reset();
      setOpen(true);
      void checkKeychain();
    },
    close() {
      setOpen(false);
    },
    async test(values: HostFormValues) {
      setTesting(true);
      setTestResult(null);
      try {
        const config = configFromForm(values, editing?.hostKey ?? null);
        const secrets = secretsFromForm(values);
        const p = await call('hosts/probe', { config, secrets });
        const reach = `Reachable. Host key ${p.keyType} ${p.fingerprint} — ${p.trusted ? 'matches the pinned key' : 'not trusted yet (you will be asked to confirm it)'}.`;
        if (!p.trusted) {
          setTestResult({ ok: true, text: reach });
          return;
        }
        // A pinned key: every further layer is checked and reported, the failing one named.
        const layers = await call('hosts/check', { config, secrets });
        const failed = layers.find((l) => l.level === 'fail');
        const lines = layers.map(
          (l) =>
            `${l.level === 'ok' ? '✓' : l.level === 'fail' ? '✗' : '–'} ${l.layer}: ${l.detail}`,
        );
        setTestResult({
          ok: !failed,
          text: `${failed ? `Fails at ${failed.layer}.` : reach}\n${lines.join('\n')}`,
        });
      } catch (err) {
        setTestResult({ ok: false, text: errorOf(err).message });
      } finally {
        setTesting(false);
      }
    },
    async submit(values: HostFormValues) {
      setBusy(true);
      setError(null);
      try {
        // Before the fingerprint is confirmed: a secret that cannot be kept is said now, while
        // the admin can still name an environment variable or a file for it instead.
        const typed = keychainSecretsTyped(values);
        if (typed.length) {
          const k = await checkKeychain();
          if (k && !k.available) {
            setError({
              code: 'KEYCHAIN_UNAVAILABLE',
              message: `The ${typed.join(' and ')} cannot be kept: ${k.message ?? 'no OS keychain'}`,
            });
            return;
          }
        }
        const probe = await call('hosts/probe', {
          config: configFromForm(values, editing?.hostKey ?? null),
          secrets: secretsFromForm(values),
        });
        if (probe.trusted) await finish(values, editing?.hostKey ?? probe.fingerprint);
        else setPending({ values, probe });
      } catch (err) {
        setError(errorOf(err));
      } finally {
        setBusy(false);
      }
    },
    async confirmFingerprint() {
      if (!pending) return;
      setBusy(true);
      try {
        await finish(pending.values, pending.probe.fingerprint);
        setPending(null);
      } catch (err) {
        setPending(null);
        setError(errorOf(err));
      } finally {
        setBusy(false);
      }
    },
    cancelFingerprint() {
      setPending(null);
    },
  };
}

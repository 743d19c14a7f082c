import { Alert, Button, Group, Loader, Modal, ScrollArea, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { AdoptResult } from '../../../shared/types/adopt';
import { call, errorText } from '../api/client';
import { notifyApply, notifyError } from '../components/apply-notice';

/**
 * Adopt, in two steps: the dry run's exact diff of both files (and what is refused, and why) is
 * shown first; only "Adopt" writes, reloads and compares the live objects.
 */
export function AdoptModal(props: {
  host: string;
  /** The numbers to adopt, or every hand-written extension; null when closed. */
  request: string[] | 'all' | null;
  onClose(): void;
  onDone(): void;
}) {
  const { host, request } = props;
  const [plan, setPlan] = useState<AdoptResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    setPlan(null);
    setError(null);
    if (!request) return;
    let live = true;
    call('extensions/adopt', { host, numbers: request, dryRun: true }).then(
      (r) => live && setPlan(r),
      (err) => live && setError(errorText(err)),
    );
    return () => {
      live = false;
    };
  }, [host, request]);

  const numbers = plan?.adopted.map((a) => a.number) ?? [];
  const adopt = async () => {
    setBusy(true);
    try {
      const r = await call('extensions/adopt', { host, numbers, dryRun: false });
      if (r.apply) notifyApply(`Adopt ${numbers.join(', ')}`, r.apply);
      props.onDone();
    } catch (err) {
      notifyError(`Adopt ${numbers.join(', ')}`, errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      opened={request !== null}
      onClose={props.onClose}
      title={
        request === 'all' ? 'Adopt hand-written extensions' : `Adopt ${request?.join(', ') ?? ''}`
      }
      size="xl"
      data-testid="adopt-modal"
    >
      <Stack gap="sm">
        {error ? <Alert color="red">{error}</Alert> : null}
        {!plan && !error ? <Loader size="sm" /> : null}
        {plan ? (
          <>
            <Text size="sm">
              The sections move into managed blocks, template values written out, every other option
              kept as written. After the reload every option Asterisk reports is compared with now;
              any difference puts the old files back.
            </Text>
            {plan.adopted.map((a) => (
              <div key={a.number} data-testid={`adopt-plan-${a.number}`}>
                <Text fw={600} size="sm">
                  {a.number}
                </Text>
                <Text size="xs" c="dimmed">
                  moves{' '}
                  {a.moved
                    .map(
                      (s) =>
                        `[${s.name}]${s.overlay ? '(+)' : ''} ${s.type} (lines ${s.fromLine}–${s.toLine})`,
                    )
                    .join(', ')}
                  {a.templates.length ? `; templates written out: ${a.templates.join(', ')}` : ''}
                </Text>
                {a.otherOptions.length ? (
                  <Text size="xs">Other options (kept verbatim): {a.otherOptions.join(', ')}</Text>
                ) : null}
              </div>
            ))}
            {plan.refused.map((r) => (
              <Alert
                key={r.number}
                color="yellow"
                title={`${r.number} cannot be adopted`}
                data-testid="adopt-refused"
              >
                {r.reason}
              </Alert>
            ))}
            {plan.diffs.map((d) => (
              <div key={d.path}>
                <Text size="xs" fw={600}>
                  {d.path}
                </Text>
                <ScrollArea.Autosize mah={260} type="auto">
                  <pre className="diff" data-testid="adopt-diff">
                    {d.diff.split('\n').map((l, i) => (
                      <span
                        key={i}
                        data-kind={
                          l[0] === '+'
                            ? 'add'
                            : l[0] === '-'
                              ? 'del'
                              : l[0] === '@'
                                ? 'hunk'
                                : 'ctx'
                        }
                      >
                        {l}
                        {'\n'}
                      </span>
                    ))}
                  </pre>
                </ScrollArea.Autosize>
              </div>
            ))}
          </>
        ) : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            Cancel
          </Button>
          <Button
            onClick={() => void adopt()}
            loading={busy}
            disabled={numbers.length === 0}
            data-testid="adopt-confirm"
          >
            {numbers.length ? `Adopt ${numbers.length}` : 'Nothing to adopt'}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

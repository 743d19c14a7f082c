import type {
  ApplyResult,
  ChangeOptions,
  Trunk,
  TrunkChangeResult,
  TrunkLiveStatus,
} from '../../../shared/types';
import { trunkNameInput } from '../../../shared/schemas';
import { validateInput } from '../config/validate';
import {
  applyChange,
  type Applied,
  type ApplyAmi,
  type EditOutcome,
  type VerifyStep,
} from '../fleet/apply-change';
import type { HostSession } from '../fleet/host-session';
import { applyAmiOf, codecListOf, HostOperations } from '../fleet/host-operations';
import { sendRegistration } from './trunk-ami';
import { addTrunk, findTrunk, readTrunks, removeTrunk, updateTrunk } from './trunk-config';
import { serverUriOf } from './trunk-body';
import { TrunkNotFoundError } from './errors';
import { RayanError } from '../errors/rayan-error';
import type { TrunkLive } from './trunk-live';
import { describeFields } from '../audit';
import type { AuditSubject } from '../fleet/audit-subject';

/**
 * Trunk changes on one host, through the same read → edit → write → reload → verify path as
 * extensions (applyChange). Verify: Asterisk lists the registration with the written URIs.
 */
export class TrunkOperations {
  constructor(
    private readonly session: HostSession,
    /** The host's live trunk view when it is watched: told about reloads, asked for status. */
    private readonly live: () => Promise<TrunkLive | null>,
  ) {}

  private async ami(): Promise<ApplyAmi | null> {
    const ami = await this.session.ami();
    return ami && applyAmiOf(ami);
  }

  private async apply<C extends { text: string; verify: VerifyStep[] }>(
    what: AuditSubject,
    edit: (pjsip: string) => C,
    opts: ChangeOptions,
  ): Promise<Applied<EditOutcome & { change: C }>> {
    const applied = await applyChange(
      await this.session.transport(),
      await this.ami(),
      this.session.applyTarget(false),
      (cur) => {
        const change = edit(cur.pjsip);
        return { pjsip: change.text, verify: change.verify, change };
      },
      // A trunk change waits for someone else's reload like an extension change does, and says so.
      new HostOperations(this.session).applyOptions(opts, what),
    );
    if (applied.apply.reloaded) await (await this.live().catch(() => null))?.afterReload();
    return applied;
  }

  async read(): Promise<Trunk[]> {
    const transport = await this.session.transport();
    const [pj] = await transport.files.readFiles([this.session.pjsipPath]);
    return readTrunks(pj!.content);
  }

  private verifyOf(t: Trunk): VerifyStep[] {
    return t.enabled
      ? [{ kind: 'trunk', name: t.name, serverUri: serverUriOf(t.server), clientUri: t.clientUri }]
      : [{ kind: 'trunk-gone', name: t.name }];
  }

  private async result(apply: ApplyResult, trunk: Trunk | null): Promise<TrunkChangeResult> {
    const live = trunk ? ((await this.live().catch(() => null))?.status(trunk.name) ?? null) : null;
    return { apply, trunk: apply.rolledBack ? null : trunk, live };
  }

  async create(input: unknown, opts: ChangeOptions = {}): Promise<TrunkChangeResult> {
    await this.session.codecs.check(codecListOf(input));
    const what = {
      action: 'trunk.add',
      target: String((input as { name?: unknown } | null)?.name ?? '(none)'),
      fieldsChanged: describeFields(input),
    };
    const { apply, outcome } = await this.apply(
      what,
      (pjsip) => {
        const r = addTrunk(pjsip, input);
        return { ...r, verify: this.verifyOf(r.trunk) };
      },
      opts,
    );
    return this.result(apply, outcome.change.trunk);
  }

  async update(name: string, patch: unknown, opts: ChangeOptions = {}): Promise<TrunkChangeResult> {
    await this.session.codecs.check(codecListOf(patch));
    const what = { action: 'trunk.set', target: name, fieldsChanged: describeFields(patch) };
    const { apply, outcome } = await this.apply(
      what,
      (pjsip) => {
        const r = updateTrunk(pjsip, name, patch);
        return { ...r, verify: this.verifyOf(r.trunk) };
      },
      opts,
    );
    return this.result(apply, outcome.change.trunk);
  }

  async setEnabled(
    name: string,
    enabled: boolean,
    opts: ChangeOptions = {},
  ): Promise<TrunkChangeResult> {
    return this.update(name, { enabled }, opts);
  }

  async remove(name: string, opts: ChangeOptions = {}): Promise<TrunkChangeResult> {
    const { apply } = await this.apply(
      { action: 'trunk.rm', target: name },
      (pjsip) => ({
        text: removeTrunk(pjsip, name),
        verify: [{ kind: 'trunk-gone' as const, name }],
      }),
      opts,
    );
    return { apply, trunk: null, live: null };
  }

  /** "Register now" / "Unregister": the outcome comes as a live status change. */
  async sendRegistration(name: string, register: boolean): Promise<TrunkLiveStatus | null> {
    const n = validateInput(trunkNameInput, name);
    const trunks = await this.read();
    const t = trunks.find((x) => x.name === n);
    if (!t) throw new TrunkNotFoundError(n);
    const ami = await this.session.ami();
    if (!ami)
      throw new RayanError(
        'AMI_NOT_CONFIGURED',
        `Host "${this.session.config.name}" has no AMI user: registering a trunk needs one (rayanpbx host set ${this.session.config.name} --ami-user U).`,
      );
    const live = await this.live().catch(() => null);
    live?.noteAttempt(n);
    await sendRegistration(ami, n, register);
    return live?.status(n) ?? null;
  }

  async find(name: string): Promise<Trunk | null> {
    const transport = await this.session.transport();
    const [pj] = await transport.files.readFiles([this.session.pjsipPath]);
    return findTrunk(pj!.content, name);
  }
}

import type { AdoptResult, ApplyResult, Extension, NatSettings } from '../../../shared/types';
import { adoptOnHost } from '../adopt/adopt-host';
import { extensionOtherOptions } from '../adopt/other-options';
import type { PatternPolicy } from '../dialplan';
import {
  addExtension,
  getExtensionSecret,
  readExtensions,
  removeExtension,
  setExtensionEnabled,
  updateExtension,
} from '../pjsip/extensions';
import { findExtension } from '../pjsip/extension-read';
import { ExtensionNotFoundError } from '../pjsip/errors';
import { ensureUdpTransport, listTransports, softphoneServer } from '../pjsip/transports';
import { readNat, setNat } from '../pjsip/nat';
import {
  applyChange,
  DEFAULT_RELOAD_WAIT_MS,
  reloadModulesWaiting,
  type Applied,
  type ApplyAmi,
  type ApplyOptions,
  type EditInput,
  type EditOutcome,
  type VerifyStep,
} from './apply-change';
import type {
  ChangeOptions,
  DialplanView,
  ExtensionChangeResult,
  NatChangeResult,
} from '../../../shared/types';
import type { HostSession } from './host-session';
import type { LiveDialplanLine } from '../ami/actions/dialplan';
import { describeOwner } from '../dialplan/collisions';
import { dialplanOwners, dialplanView } from './dialplan-view';
import { withDialplan } from './dialplan-outcome';
import { AmiNotConfiguredError } from './errors';
import { showOutboundRegistrations } from '../trunks/trunk-ami';
import type { ReconnectingAmi } from '../ami/reconnecting';
import type { FileSnapshot, HostTransport } from '../ssh/types';
import { describeFields } from '../audit';
import { extensionTarget, recordedReload, type AuditSubject } from './audit-subject';

/**
 * Configuration changes on one host. Every change is made on exactly what the PBX has: on a fresh
 * read, or on the bytes this connection last read or wrote when the commit's hash check proves
 * they are still the PBX's (see applyChange), so two consoles (or a hand edit) never lose work.
 */
export class HostOperations {
  constructor(
    private readonly session: HostSession,
    private readonly onError: (message: string) => void = () => undefined,
  ) {}

  private async transport(): Promise<HostTransport> {
    try {
      return await this.session.transport();
    } catch (err) {
      this.onError((err as Error).message);
      throw err;
    }
  }

  private async amiForApply(): Promise<ApplyAmi | null> {
    const ami = await this.session.ami();
    return ami && applyAmiOf(ami);
  }

  /**
   * The wait bound and progress of a change: the call's own, else the host's setting; and, when
   * the change says what it is, its audit record (the host's log, if the session has one).
   */
  applyOptions(opts: ChangeOptions = {}, what?: AuditSubject): ApplyOptions {
    const seconds = opts.reloadWaitSeconds ?? this.session.config.reloadWaitSeconds;
    const recorder = this.session.audit;
    return {
      host: this.session.config.name,
      reloadWaitMs: seconds === undefined ? DEFAULT_RELOAD_WAIT_MS : seconds * 1000,
      onProgress: opts.onProgress,
      busyRetryMs: opts.busyRetryMs,
      audit: recorder && what ? { recorder, fieldsChanged: [], ...what } : undefined,
    };
  }

  private async apply<O extends EditOutcome>(
    what: AuditSubject,
    needsDialplan: boolean,
    edit: (cur: EditInput) => O,
    opts: ChangeOptions = {},
  ): Promise<Applied<O>> {
    const transport = await this.transport();
    return applyChange(
      transport,
      await this.amiForApply(),
      this.session.applyTarget(needsDialplan),
      edit,
      this.applyOptions(opts, what),
    );
  }

  /** These files, read in one round trip. */
  private async read(paths: string[]): Promise<FileSnapshot[]> {
    return (await this.transport()).files.readFiles(paths);
  }

  /** The extensions with who handles each number's dialplan (one read of both files). */
  async readExtensionsWithDialplan(): Promise<Array<Extension & { dialplan: string }>> {
    const [pj, ex] = await this.read([this.session.pjsipPath, this.session.extensionsPath]);
    const extensions = readExtensions(pj!.content, this.session.memo);
    const owners = dialplanOwners(ex!.exists ? ex!.content : null, extensions);
    return extensions.map((e) => ({ ...e, dialplan: describeOwner(owners.get(e.number)!) }));
  }

  /**
   * What Asterisk runs (ShowDialPlan) next to what the files say, for one number or every
   * extension (one ShowDialPlan per context then).
   */
  async showDialplan(number?: string): Promise<DialplanView[]> {
    const ami = await this.session.ami();
    if (!ami) throw new AmiNotConfiguredError(this.session.config.name);
    const [pj, ex] = await this.read([this.session.pjsipPath, this.session.extensionsPath]);
    let extensions = readExtensions(pj!.content, this.session.memo);
    if (number !== undefined) {
      extensions = extensions.filter((e) => e.number === number);
      if (extensions.length === 0) throw new ExtensionNotFoundError(number);
    }
    const owners = dialplanOwners(ex!.exists ? ex!.content : null, extensions);
    if (number !== undefined) {
      const e = extensions[0]!;
      const live = await ami.showDialplanExtension(e.context, e.number);
      return [dialplanView(e, owners.get(e.number)!, live)];
    }
    const byContext = new Map<string, LiveDialplanLine[]>();
    for (const ctx of new Set(extensions.map((e) => e.context)))
      byContext.set(ctx, (await ami.showDialPlan(ctx)) ?? []);
    return extensions.map((e) =>
      dialplanView(
        e,
        owners.get(e.number)!,
        (byContext.get(e.context) ?? []).filter((l) => l.extension === e.number),
      ),
    );
  }

  /** A full `pbx_config` reload, on the user's request (waits for someone else's, like a change). */
  async reloadDialplan(opts: ChangeOptions = {}): Promise<{ reloadMs: number; waitedMs: number }> {
    const ami = await this.amiForApply();
    if (!ami) throw new AmiNotConfiguredError(this.session.config.name);
    return recordedReload(this.session.audit, this.session.config.name, ami, () =>
      reloadModulesWaiting(ami, ['pbx_config.so'], this.applyOptions(opts)),
    );
  }

  async readExtensions(): Promise<Extension[]> {
    const [pj] = await this.read([this.session.pjsipPath]);
    return readExtensions(pj!.content, this.session.memo);
  }

  /**
   * Every extension change regenerates the managed dialplan from what the new file holds (minus
   * numbers hand-written dialplan handles), and says which lines change live. `number` is the
   * extension the change is about: the one a pattern collision is decided for.
   */
  private extensionEdit<C extends PjsipChange>(
    number: string | ((change: C) => string | null),
    policy: PatternPolicy | undefined,
    change: (pjsip: string) => C,
  ): (cur: EditInput) => EditOutcome & { change: C } {
    return (cur) => {
      const made = change(cur.pjsip);
      const subject = typeof number === 'string' ? number : number(made);
      return withDialplan(
        cur,
        { pjsip: made.text, verify: made.verify, change: made },
        subject === null ? null : { number: subject, policy },
        this.session.memo,
      );
    };
  }

  async createExtension(input: unknown, opts: ChangeOptions = {}): Promise<ExtensionChangeResult> {
    const codecs = await this.session.codecs.check(codecListOf(input));
    const { apply, outcome } = await this.apply(
      { action: 'ext.add', target: extensionTarget(input), fieldsChanged: describeFields(input) },
      true,
      this.extensionEdit(
        (made) => made.extension.number,
        opts.dialplan,
        // Typed, so that the number above is read from what this returns.
        (pjsip: string) => {
          const r = addExtension(pjsip, input, this.session.memo);
          const verify: VerifyStep[] = r.extension.enabled
            ? [{ kind: 'endpoint', expected: r.extension, codecs }]
            : [];
          return { ...r, verify };
        },
      ),
      opts,
    );
    const { extension, password } = outcome.change;
    return { apply, extension, password: apply.rolledBack ? null : password };
  }

  async updateExtension(
    number: string,
    patch: unknown,
    opts: ChangeOptions = {},
  ): Promise<ExtensionChangeResult> {
    const codecs = await this.session.codecs.check(codecListOf(patch));
    const { apply, outcome } = await this.apply(
      { action: 'ext.set', target: number, fieldsChanged: describeFields(patch) },
      true,
      this.extensionEdit(number, opts.dialplan, (pjsip) => {
        const r = updateExtension(pjsip, number, patch, this.session.memo);
        const verify: VerifyStep[] = r.extension.enabled
          ? [{ kind: 'endpoint', expected: r.extension, codecs }]
          : [{ kind: 'gone', number }];
        return { ...r, verify };
      }),
      opts,
    );
    const { extension, password } = outcome.change;
    return { apply, extension, password: apply.rolledBack ? null : password };
  }

  async deleteExtension(number: string, opts: ChangeOptions = {}): Promise<ExtensionChangeResult> {
    const { apply } = await this.apply(
      { action: 'ext.rm', target: number },
      true,
      this.extensionEdit(number, undefined, (pjsip) => ({
        text: removeExtension(pjsip, number, this.session.memo),
        verify: [{ kind: 'gone', number }],
      })),
      opts,
    );
    return { apply, extension: null, password: null };
  }

  async setEnabled(
    number: string,
    enabled: boolean,
    opts: ChangeOptions = {},
  ): Promise<ExtensionChangeResult> {
    // The codecs in the file, vouched for by the host's list if it is here already.
    const codecs = await this.session.codecs.check(undefined);
    const { apply, outcome } = await this.apply(
      { action: enabled ? 'ext.enable' : 'ext.disable', target: number },
      true,
      this.extensionEdit(number, opts.dialplan, (pjsip) => {
        const text = setExtensionEnabled(pjsip, number, enabled, this.session.memo);
        const extension = findExtension(text, number, this.session.memo);
        if (!extension) throw new ExtensionNotFoundError(number);
        const verify: VerifyStep[] = enabled
          ? [{ kind: 'endpoint', expected: extension, codecs }]
          : [{ kind: 'gone', number }];
        return { text, verify, extension };
      }),
      opts,
    );
    return { apply, extension: outcome.change.extension, password: null };
  }

  /** Hand-written extensions made managed, identical live (see core/adopt). */
  async adoptExtensions(
    request: string[] | 'all',
    opts: ChangeOptions & { dryRun?: boolean } = {},
  ): Promise<AdoptResult> {
    // A dry run only reads files: it works while AMI is down.
    const ami = opts.dryRun ? null : await this.amiForApply();
    return adoptOnHost(
      {
        configDir: this.session.config.configDir,
        pjsipPath: this.session.pjsipPath,
        extensionsPath: this.session.extensionsPath,
        files: (await this.transport()).files,
        showEndpoint: ami && ((name) => ami.showEndpoint(name)),
        apply: async (change) =>
          (
            await this.apply(
              {
                action: 'ext.adopt',
                target: request === 'all' ? 'all' : request.join(' '),
              },
              true,
              this.extensionEdit(() => null, undefined, change),
              opts,
            )
          ).apply,
        noAmi: () => new AmiNotConfiguredError(this.session.config.name),
      },
      request,
      opts.dryRun ?? false,
    );
  }

  async extensionOtherOptions(number: string): Promise<string[]> {
    const [pj] = await this.read([this.session.pjsipPath]);
    return extensionOtherOptions(pj!.content, number);
  }

  async softphoneSettings(number: string) {
    const [pj] = await this.read([this.session.pjsipPath]);
    const ext = findExtension(pj!.content, number, this.session.memo);
    if (!ext) throw new ExtensionNotFoundError(number);
    const password = getExtensionSecret(pj!.content, number) ?? '';
    const fallback =
      this.session.config.transport === 'local' ? 'localhost' : this.session.config.host;
    return { ...ext, password, ...softphoneServer(pj!.content, ext.transport, fallback) };
  }

  async listTransports() {
    const [pj] = await this.read([this.session.pjsipPath]);
    return listTransports(pj!.content);
  }

  async ensureTransport(): Promise<{ apply: ApplyResult; created: boolean; transport: string }> {
    const { apply, outcome } = await this.apply(
      { action: 'transport.ensure', target: 'udp' },
      false,
      (cur) => {
        const r = ensureUdpTransport(cur.pjsip);
        return { pjsip: r.text, verify: [], created: r.created, transport: r.transport };
      },
    );
    return { apply, created: outcome.created, transport: outcome.transport };
  }

  async getNat(transport?: string) {
    const [pj] = await this.read([this.session.pjsipPath]);
    return readNat(pj!.content, transport);
  }

  async setNat(transport: string | undefined, nat: Partial<NatSettings>): Promise<NatChangeResult> {
    const what = {
      action: 'nat.set',
      target: transport ?? 'default transport',
      fieldsChanged: describeFields(nat),
    };
    const { apply, outcome } = await this.apply(what, false, (cur) => {
      // setNat already reports the transport's NAT as the new text has it.
      const r = setNat(cur.pjsip, transport, nat);
      // Verified through any endpoint that uses the transport: TransportDetail shows what is live.
      const via =
        readExtensions(r.text).find((e) => e.enabled && e.transport === r.transport)?.number ??
        null;
      const verify: VerifyStep[] =
        r.applyMode === 'reload' && via
          ? [
              {
                kind: 'transport-nat',
                transport: r.transport,
                nat: { ...r.nat, localNets: [...r.handWrittenLocalNets, ...r.nat.localNets] },
                viaEndpoint: via,
              },
            ]
          : [];
      return {
        pjsip: r.text,
        verify,
        restartNeeded: r.applyMode === 'restart',
        nat: r.nat,
        applyMode: r.applyMode,
      };
    });
    return { apply, nat: outcome.nat, applyMode: outcome.applyMode };
  }
}

/** What a pjsip.conf edit made: the new text and how to verify it, with what it reports. */
interface PjsipChange {
  text: string;
  verify: VerifyStep[];
}

/** What applyChange needs of a host's AMI connection; extensions and trunks share it. */
export function applyAmiOf(ami: ReconnectingAmi): ApplyAmi {
  return {
    reload: async (modules) => {
      await ami.reloadModules(modules);
    },
    showEndpoint: (name) => ami.showEndpoint(name),
    addDialplanLine: (line, replace) => ami.dialplanExtensionAdd(line, replace),
    removeDialplanExtension: (context, extension) =>
      ami.dialplanExtensionRemove(context, extension),
    showDialplanExtension: (context, extension) => ami.showDialplanExtension(context, extension),
    outboundRegistrations: () => showOutboundRegistrations(ami),
    get roundTrips() {
      return ami.roundTrips;
    },
  };
}

/** The codec list of an extension or trunk input, before the schema has looked at it. */
export function codecListOf(input: unknown): unknown {
  return input && typeof input === 'object' ? (input as { codecs?: unknown }).codecs : undefined;
}

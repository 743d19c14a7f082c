import type { AdoptResult, ApplyResult, Extension, NatSettings } from '../../../shared/types';
import { adoptOnHost } from '../adopt/adopt-host';
import { extensionOtherOptions } from '../adopt/other-options';
import { planDialplan, type PatternPolicy } from '../dialplan';
import {
  addExtension,
  getExtensionSecret,
  readExtensions,
  removeExtension,
  setExtensionEnabled,
  updateExtension,
} from '../pjsip/extensions';
import { dialplanEntries, findExtension } from '../pjsip/extension-read';
import { ExtensionNotFoundError } from '../pjsip/errors';
import { ensureUdpTransport, listTransports, softphoneServer } from '../pjsip/transports';
import { readNat, setNat } from '../pjsip/nat';
import {
  applyChange,
  DEFAULT_RELOAD_WAIT_MS,
  reloadModulesWaiting,
  type ApplyAmi,
  type ApplyFiles,
  type ApplyOptions,
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
import { AmiNotConfiguredError } from './errors';
import { transportFiles } from './transport-files';
import { showOutboundRegistrations } from '../trunks/trunk-ami';
import type { ReconnectingAmi } from '../ami/reconnecting';
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

  private async files(): Promise<ApplyFiles> {
    try {
      return transportFiles(await this.session.transport(), this.session.config.backupsToKeep);
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

  private apply(
    what: AuditSubject,
    needsDialplan: boolean,
    edit: (cur: { pjsip: string; extensions: string | null }) => EditOutcome,
    opts: ChangeOptions = {},
  ) {
    return this.files().then(async (files) =>
      applyChange(
        files,
        await this.amiForApply(),
        {
          pjsipPath: this.session.pjsipPath,
          extensionsPath: this.session.extensionsPath,
          needsDialplan,
        },
        edit,
        this.applyOptions(opts, what),
      ),
    );
  }

  /** The extensions with who handles each number's dialplan (one read of both files). */
  async readExtensionsWithDialplan(): Promise<Array<Extension & { dialplan: string }>> {
    const files = await this.files();
    const [pj, ex] = await files.readFiles([this.session.pjsipPath, this.session.extensionsPath]);
    const extensions = readExtensions(pj!.content);
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
    const files = await this.files();
    const [pj, ex] = await files.readFiles([this.session.pjsipPath, this.session.extensionsPath]);
    let extensions = readExtensions(pj!.content);
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
    const files = await this.files();
    const [pj] = await files.readFiles([this.session.pjsipPath]);
    return readExtensions(pj!.content);
  }

  /**
   * Every extension change regenerates the managed dialplan from what the new file holds (minus
   * numbers hand-written dialplan handles), and says which lines change live. `number` is the
   * extension the change is about: the one a pattern collision is decided for.
   */
  private extensionEdit(
    number: string | (() => string | null),
    policy: PatternPolicy | undefined,
    change: (pjsip: string) => { text: string; verify: VerifyStep[] },
  ): (cur: { pjsip: string; extensions: string | null }) => EditOutcome {
    return (cur) => {
      const { text, verify } = change(cur.pjsip);
      const subject = typeof number === 'string' ? number : number();
      const dp = planDialplan(
        cur.extensions,
        dialplanEntries(text),
        subject === null ? null : { number: subject, policy },
      );
      return {
        pjsip: text,
        extensions: dp.text,
        verify,
        dialplan: { diff: dp.diff, reloadReason: dp.reloadReason },
        notes: dp.notes,
      };
    };
  }

  async createExtension(input: unknown, opts: ChangeOptions = {}): Promise<ExtensionChangeResult> {
    await this.session.codecs.check(codecListOf(input));
    let created: { extension: Extension; password: string } | null = null;
    const apply = await this.apply(
      { action: 'ext.add', target: extensionTarget(input), fieldsChanged: describeFields(input) },
      true,
      this.extensionEdit(
        () => (created as { extension: Extension } | null)?.extension.number ?? null,
        opts.dialplan,
        (pjsip) => {
          const r = addExtension(pjsip, input);
          created = r;
          return {
            text: r.text,
            verify: r.extension.enabled ? [{ kind: 'endpoint', expected: r.extension }] : [],
          };
        },
      ),
      opts,
    );
    const c = created as { extension: Extension; password: string } | null;
    return {
      apply,
      extension: c?.extension ?? null,
      password: apply.rolledBack ? null : (c?.password ?? null),
    };
  }

  async updateExtension(
    number: string,
    patch: unknown,
    opts: ChangeOptions = {},
  ): Promise<ExtensionChangeResult> {
    await this.session.codecs.check(codecListOf(patch));
    let updated: { extension: Extension; password: string | null } | null = null;
    const apply = await this.apply(
      { action: 'ext.set', target: number, fieldsChanged: describeFields(patch) },
      true,
      this.extensionEdit(number, opts.dialplan, (pjsip) => {
        const r = updateExtension(pjsip, number, patch);
        updated = r;
        return {
          text: r.text,
          verify: r.extension.enabled
            ? [{ kind: 'endpoint', expected: r.extension }]
            : [{ kind: 'gone', number }],
        };
      }),
      opts,
    );
    const u = updated as { extension: Extension; password: string | null } | null;
    return {
      apply,
      extension: u?.extension ?? null,
      password: apply.rolledBack ? null : (u?.password ?? null),
    };
  }

  async deleteExtension(number: string, opts: ChangeOptions = {}): Promise<ExtensionChangeResult> {
    const apply = await this.apply(
      { action: 'ext.rm', target: number },
      true,
      this.extensionEdit(number, undefined, (pjsip) => ({
        text: removeExtension(pjsip, number),
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
    let ext: Extension | undefined;
    const apply = await this.apply(
      { action: enabled ? 'ext.enable' : 'ext.disable', target: number },
      true,
      this.extensionEdit(number, opts.dialplan, (pjsip) => {
        const text = setExtensionEnabled(pjsip, number, enabled);
        ext = findExtension(text, number) ?? undefined;
        if (!ext) throw new ExtensionNotFoundError(number);
        return {
          text,
          verify: enabled ? [{ kind: 'endpoint', expected: ext }] : [{ kind: 'gone', number }],
        };
      }),
      opts,
    );
    return { apply, extension: ext ?? null, password: null };
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
        files: await this.files(),
        showEndpoint: ami && ((name) => ami.showEndpoint(name)),
        apply: (change) =>
          this.apply(
            {
              action: 'ext.adopt',
              target: request === 'all' ? 'all' : request.join(' '),
            },
            true,
            this.extensionEdit(() => null, undefined, change),
            opts,
          ),
        noAmi: () => new AmiNotConfiguredError(this.session.config.name),
      },
      request,
      opts.dryRun ?? false,
    );
  }

  async extensionOtherOptions(number: string): Promise<string[]> {
    const files = await this.files();
    const [pj] = await files.readFiles([this.session.pjsipPath]);
    return extensionOtherOptions(pj!.content, number);
  }

  async softphoneSettings(number: string) {
    const files = await this.files();
    const [pj] = await files.readFiles([this.session.pjsipPath]);
    const ext = findExtension(pj!.content, number);
    if (!ext) throw new ExtensionNotFoundError(number);
    const password = getExtensionSecret(pj!.content, number) ?? '';
    const fallback =
      this.session.config.transport === 'local' ? 'localhost' : this.session.config.host;
    return { ...ext, password, ...softphoneServer(pj!.content, ext.transport, fallback) };
  }

  async listTransports() {
    const files = await this.files();
    const [pj] = await files.readFiles([this.session.pjsipPath]);
    return listTransports(pj!.content);
  }

  async ensureTransport(): Promise<{ apply: ApplyResult; created: boolean; transport: string }> {
    let result = { created: false, transport: '' };
    const apply = await this.apply({ action: 'transport.ensure', target: 'udp' }, false, (cur) => {
      const r = ensureUdpTransport(cur.pjsip);
      result = { created: r.created, transport: r.transport };
      return { pjsip: r.text, verify: [] };
    });
    return { apply, ...result };
  }

  async getNat(transport?: string) {
    const files = await this.files();
    const [pj] = await files.readFiles([this.session.pjsipPath]);
    return readNat(pj!.content, transport);
  }

  async setNat(transport: string | undefined, nat: Partial<NatSettings>): Promise<NatChangeResult> {
    let out: { nat: NatSettings; applyMode: 'reload' | 'restart' } = {
      nat: { externalMediaAddress: null, externalSignalingAddress: null, localNets: [] },
      applyMode: 'reload',
    };
    const what = {
      action: 'nat.set',
      target: transport ?? 'default transport',
      fieldsChanged: describeFields(nat),
    };
    const apply = await this.apply(what, false, (cur) => {
      // setNat already reports the transport's NAT as the new text has it.
      const r = setNat(cur.pjsip, transport, nat);
      out = { nat: r.nat, applyMode: r.applyMode };
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
      return { pjsip: r.text, verify, restartNeeded: r.applyMode === 'restart' };
    });
    return { apply, ...out };
  }
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

import { EventEmitter } from 'node:events';
import type { AmiMessage } from './message';
import type { AmiActionFields } from './wire';
import type { AmiActionOptions, AmiActions } from './actions/types';
import * as pjsip from './actions/pjsip';
import * as core from './actions/core';
import * as dialplan from './actions/dialplan';

/**
 * The typed helpers, shared by `AmiClient` (one connection) and `ReconnectingAmi` (a connection
 * that comes back): each subclass provides the primitives, the helpers come with them.
 */
export abstract class AmiCommands<E extends Record<keyof E, unknown[]>>
  extends EventEmitter<E>
  implements AmiActions
{
  abstract action(
    name: string,
    fields?: AmiActionFields,
    options?: AmiActionOptions,
  ): Promise<AmiMessage>;
  abstract listAction(
    name: string,
    fields?: AmiActionFields,
    options?: AmiActionOptions,
  ): Promise<AmiMessage[]>;
  abstract command(cli: string, options?: AmiActionOptions): Promise<string[]>;
  abstract consumeNextEvent(
    eventName: string,
    match: (msg: AmiMessage) => boolean,
    ttlMs: number,
  ): void;

  reloadModules(modules: readonly string[], options?: AmiActionOptions): Promise<string[]> {
    return core.reloadModules(this, modules, options);
  }

  showEndpoint(name: string): Promise<pjsip.PjsipEndpointDetail | null> {
    return pjsip.showEndpoint(this, name);
  }

  showDialPlan(context: string): Promise<core.DialplanEntry[] | null> {
    return core.showDialPlan(this, context);
  }

  dialplanExtensionAdd(line: dialplan.DialplanLineInput, replace = false): Promise<void> {
    return dialplan.dialplanExtensionAdd(this, line, replace);
  }

  dialplanExtensionRemove(context: string, extension: string, priority?: string): Promise<boolean> {
    return dialplan.dialplanExtensionRemove(this, context, extension, priority);
  }

  showDialplanExtension(context: string, extension: string): Promise<dialplan.LiveDialplanLine[]> {
    return dialplan.showDialplanExtension(this, context, extension);
  }
}

/**
 * Asterisk's `ast_module_reload` (main/loader.c): one module reload at a time. A reload asked
 * for while another runs is refused at once, before the module name is even looked up, with
 * AST_MODULE_RELOAD_IN_PROGRESS — what transcript 46 shows from the second session:
 *   Command "module reload X"  → Response: Success, Output "A module reload request is already
 *                                in progress; please be patient" (nothing reloaded)
 *   Reload action              → Response: Error, Message "A reload is in progress"
 * Every outcome, refusals included, is published as a Reload event with its status number.
 * `dialplan reload` is not a module reload (pbx_config calls its loader directly, and no
 * Reload event follows it: 24), so it is not refused.
 */

/** `enum ast_module_reload_result` values that the server produces. */
export const RELOAD_SUCCESS = 0;
export const RELOAD_NOT_FOUND = 2;
export const RELOAD_IN_PROGRESS = 4;
export type ReloadStatus =
  typeof RELOAD_SUCCESS | typeof RELOAD_NOT_FOUND | typeof RELOAD_IN_PROGRESS;

export const CLI_IN_PROGRESS = 'A module reload request is already in progress; please be patient';
export const AMI_IN_PROGRESS = 'A reload is in progress';

export function canonicalModule(name: string): string {
  return name.endsWith('.so') ? name : `${name}.so`;
}

export class ModuleReloader {
  private running = false;

  /**
   * `known(canonical)` says whether a module exists; `work(canonical | null)` reloads it (null:
   * every module) and resolves when Asterisk would be done.
   */
  constructor(
    private readonly known: (canonical: string) => boolean,
    private readonly work: (canonical: string | null) => Promise<void>,
  ) {}

  /** True while a module reload holds Asterisk's reload lock. */
  get inProgress(): boolean {
    return this.running;
  }

  /** Reloads `name` (null: all modules), or refuses when another reload runs. */
  async reload(name: string | null): Promise<ReloadStatus> {
    if (this.running) return RELOAD_IN_PROGRESS;
    const canonical = name === null ? null : canonicalModule(name);
    if (canonical !== null && !this.known(canonical)) return RELOAD_NOT_FOUND;
    this.running = true;
    try {
      await this.work(canonical);
    } finally {
      this.running = false;
    }
    return RELOAD_SUCCESS;
  }
}

/** The line `module reload <name>` prints for an outcome (handle_reload in main/cli.c). */
export function cliReloadLine(name: string, status: ReloadStatus): string {
  if (status === RELOAD_IN_PROGRESS) return CLI_IN_PROGRESS;
  if (status === RELOAD_NOT_FOUND) return `No such module '${name}'`;
  return `Module '${name}' reloaded successfully.`;
}

/** The `Reload` action's answer for an outcome (action_reload in main/manager.c). */
export function amiReloadAnswer(status: ReloadStatus): { response: string; message: string } {
  if (status === RELOAD_IN_PROGRESS) return { response: 'Error', message: AMI_IN_PROGRESS };
  if (status === RELOAD_NOT_FOUND) return { response: 'Error', message: 'No such module' };
  return { response: 'Success', message: 'Module Reloaded' };
}

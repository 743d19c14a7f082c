/**
 * Which SSH login methods to offer, in OpenSSH's order: public keys (the given key file, then
 * IdentityFiles from ~/.ssh/config, then the default ~/.ssh/id_*), the ssh-agent, the password
 * (also answered to a keyboard-interactive password prompt). Every method offered is recorded,
 * so a refusal can say exactly what was tried.
 */
import { access } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import type { AnyAuthMethod, AuthHandlerMiddleware, AuthenticationType, ParsedKey } from 'ssh2';
import { NotASmallFileError, readSmallRegularFile } from '../files/small-file';
import { PrivateKeyError } from './errors';

export interface SshAuthOptions {
  /** Private key file; overrides the config's IdentityFile. */
  privateKeyPath?: string | null;
  /** Passphrase of the private key (also tried on IdentityFiles from the config). */
  passphrase?: string | null;
  password?: string | null;
  /**
   * ssh-agent socket: a path, true = `SSH_AUTH_SOCK`, false = never. Default: `SSH_AUTH_SOCK`
   * when it is set.
   */
  agent?: boolean | string | null;
  /**
   * Restricts the methods offered (e.g. a host configured for password login offers only the
   * password, not every key in ~/.ssh). Default: every method available, in OpenSSH's order.
   */
  methods?: ReadonlyArray<'publickey' | 'agent' | 'password'> | null;
}

export interface AuthPlanKey {
  path: string;
  key: ParsedKey;
}

export interface AuthPlan {
  user: string;
  keys: AuthPlanKey[];
  agentSocket: string | null;
  password: string | null;
}

const DEFAULT_IDENTITIES = ['id_ed25519', 'id_ecdsa', 'id_rsa'];
/** An OpenSSH private key is a few KiB (RSA 16384 bits: ~12 KiB); anything larger is not one. */
export const MAX_PRIVATE_KEY_BYTES = 64 * 1024;

async function loadKey(
  path: string,
  passphrase: string | null,
  strict: boolean,
): Promise<ParsedKey | null> {
  let data: Buffer;
  try {
    data = await readSmallRegularFile(path, MAX_PRIVATE_KEY_BYTES);
  } catch (err) {
    if (!strict) return null;
    if (err instanceof NotASmallFileError) throw new PrivateKeyError(path, 'unreadable', err.why);
    throw new PrivateKeyError(
      path,
      'unreadable',
      (err as NodeJS.ErrnoException).code ?? 'read error',
    );
  }
  const parsed = ssh2.utils.parseKey(data, passphrase ?? undefined);
  if (parsed instanceof Error) {
    if (!strict) return null;
    if (/no passphrase given/i.test(parsed.message))
      throw new PrivateKeyError(path, 'passphrase-required');
    if (/bad passphrase|decrypt|integrity/i.test(parsed.message))
      throw new PrivateKeyError(path, 'wrong-passphrase');
    throw new PrivateKeyError(path, 'unsupported', parsed.message);
  }
  const key = Array.isArray(parsed) ? (parsed[0] as ParsedKey | undefined) : parsed;
  if (!key || !key.isPrivateKey()) {
    if (!strict) return null;
    throw new PrivateKeyError(path, 'unsupported', 'not a private key');
  }
  return key;
}

/**
 * Loads the keys up front, so a wrong passphrase or an unreadable key file is reported as such
 * (not as a vague login refusal). A key the user named (option or IdentityFile) must load;
 * the default ~/.ssh/id_* files are skipped quietly when absent or encrypted.
 */
export async function buildAuthPlan(
  user: string,
  auth: SshAuthOptions,
  configIdentityFiles: readonly string[],
): Promise<AuthPlan> {
  const keys: AuthPlanKey[] = [];
  const passphrase = auth.passphrase ?? null;
  if (auth.methods && !auth.methods.includes('publickey')) {
    // no key is loaded (nor complained about) when keys are not to be offered
  } else if (auth.privateKeyPath) {
    const key = await loadKey(auth.privateKeyPath, passphrase, true);
    if (key) keys.push({ path: auth.privateKeyPath, key });
  } else if (configIdentityFiles.length > 0) {
    for (const path of configIdentityFiles) {
      const exists = await access(path).then(
        () => true,
        () => false,
      );
      // ssh also skips IdentityFiles that do not exist.
      if (!exists) continue;
      const key = await loadKey(path, passphrase, true);
      if (key) keys.push({ path, key });
    }
  } else {
    for (const name of DEFAULT_IDENTITIES) {
      const path = join(homedir(), '.ssh', name);
      const key = await loadKey(path, passphrase, false);
      if (key) keys.push({ path, key });
    }
  }
  let agentSocket: string | null = null;
  if (typeof auth.agent === 'string' && auth.agent) agentSocket = auth.agent;
  else if (auth.agent !== false) agentSocket = process.env.SSH_AUTH_SOCK || null;
  const allowed = (m: 'publickey' | 'agent' | 'password') =>
    !auth.methods || auth.methods.includes(m);
  return {
    user,
    keys: allowed('publickey') ? keys : [],
    agentSocket: allowed('agent') ? agentSocket : null,
    password: allowed('password') ? (auth.password ?? null) : null,
  };
}

/** ssh2's authHandler over a plan; `tried` collects "publickey (<file>)", "agent", "password". */
export function authHandlerFor(plan: AuthPlan, tried: string[]): AuthHandlerMiddleware {
  type Step = { type: AuthenticationType; label: string; method: AnyAuthMethod };
  const steps: Step[] = [];
  for (const k of plan.keys) {
    steps.push({
      type: 'publickey',
      label: `publickey (${k.path})`,
      method: { type: 'publickey', username: plan.user, key: k.key },
    });
  }
  if (plan.agentSocket) {
    steps.push({
      type: 'agent',
      label: 'agent',
      method: { type: 'agent', username: plan.user, agent: plan.agentSocket },
    });
  }
  if (plan.password !== null) {
    const password = plan.password;
    steps.push({
      type: 'password',
      label: 'password',
      method: { type: 'password', username: plan.user, password },
    });
    steps.push({
      type: 'keyboard-interactive',
      label: 'keyboard-interactive',
      method: {
        type: 'keyboard-interactive',
        username: plan.user,
        // Only a prompt that asks for the password gets it; anything else (OTP…) gets nothing.
        prompt: (_name, _instr, _lang, prompts, finish) =>
          finish(prompts.map((p) => (/password/i.test(p.prompt) ? password : ''))),
      },
    });
  }
  let i = 0;
  return (methodsLeft, _partial, next) => {
    while (i < steps.length) {
      const step = steps[i++]!;
      // methodsLeft is null before the first attempt: the server has not said yet.
      // The agent signs with public keys, so the server lists it as "publickey".
      const serverName = step.type === 'agent' ? 'publickey' : step.type;
      if (methodsLeft && !methodsLeft.includes(serverName)) continue;
      tried.push(step.label);
      next(step.method);
      return;
    }
    (next as unknown as (v: false) => void)(false);
  };
}

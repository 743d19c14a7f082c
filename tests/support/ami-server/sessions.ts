import type net from 'node:net';
import type { AmiParser } from '../../../src/main/core/ami/parser';
import type { AmiMessage } from '../../../src/main/core/ami/message';
import type { Fields } from './channels';
import type { AmiTestServer } from './server';

/**
 * AMI sessions and what reaches them: the blocks written to one session, the events broadcast to
 * every session whose event classes take them, and the shape of a list action's answer.
 */

export interface Session {
  socket: net.Socket;
  parser: AmiParser;
  authed: boolean;
  username: string | null;
  /** Event classes this session receives; null = none (Events: off). */
  events: Set<string> | 'all' | null;
  sessionId: string;
  sessionTv: string;
  queue: Promise<void>;
}

/** Answers the current action: `Response: <r>`, its ActionID, then the fields. */
export type Respond = (r: string, f?: Fields) => void;

/** One action being answered: the session it came on and the ways to answer it. */
export interface ActionRequest {
  s: Session;
  msg: AmiMessage;
  /** The action's name as sent. */
  action: string;
  /** Lower-cased: the key of the handler tables. */
  name: string;
  id: string | undefined;
  idField: Fields;
  respond: Respond;
  error(message: string): void;
}

/** What one action family does with one of its actions. */
export type ActionHandler = (srv: AmiTestServer, req: ActionRequest) => void | Promise<void>;

export function block(fields: Fields): string {
  let s = '';
  for (const [k, v] of fields) s += `${k}: ${v}\r\n`;
  return s + '\r\n';
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export function localAddr(s: Session): string {
  return `IPV4/TCP/${s.socket.localAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1'}/${s.socket.localPort ?? 0}`;
}

export function remoteAddr(s: Session): string {
  return `IPV4/TCP/${s.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1'}/${s.socket.remotePort ?? 0}`;
}

/** The open AMI sessions and the events broadcast to them. */
export class EventBus {
  readonly sessions = new Set<Session>();

  event(name: string, klass: string, fields: Fields): void {
    this.broadcastEvent(name, [['Privilege', `${klass},all`], ...fields]);
  }

  broadcastEvent(name: string, fields: Fields): void {
    this.broadcast([['Event', name], ...fields]);
  }

  broadcast(fields: Fields): void {
    const privilege = fields.find(([k]) => k === 'Privilege')?.[1] ?? 'all';
    const classes = privilege.split(',');
    const text = block(fields);
    for (const s of this.sessions) {
      if (!s.authed || s.events === null) continue;
      if (s.events !== 'all' && !classes.some((c) => (s.events as Set<string>).has(c))) continue;
      s.socket.write(text);
    }
  }

  /** Closes every AMI connection at once (AMI restart, broken link). */
  dropAll(): void {
    for (const s of this.sessions) s.socket.destroy();
    this.sessions.clear();
  }
}

/** Writes a whole list in one socket write: 10,000 events are one buffer, as Asterisk's are a few. */
function writeList(s: Session, items: Fields[]): void {
  let out = '';
  for (const f of items) out += block(f);
  if (out) s.socket.write(out);
}

/**
 * A list action's answer as Asterisk gives it: the `EventList: start` response with `message`,
 * the items, then the `complete` event with `ListItems` (and `extra` fields). `empty` is the
 * error some actions answer instead when there is nothing to list ("No Contacts found\n").
 */
export function answerList(
  req: Pick<ActionRequest, 's' | 'idField' | 'respond'>,
  list: {
    message: string;
    complete: string;
    items: Fields[];
    empty?: string;
    extra?: Fields;
    /** ListItems when it is not the number of events (a registration comes with its auth). */
    count?: number;
  },
): void {
  const { s, idField, respond } = req;
  if (list.empty !== undefined && list.items.length === 0) {
    respond('Error', [['Message', list.empty]]);
    return;
  }
  respond('Success', [
    ['EventList', 'start'],
    ['Message', list.message],
  ]);
  writeList(s, [
    ...list.items,
    [
      ['Event', list.complete],
      ...idField,
      ['EventList', 'Complete'],
      ['ListItems', String(list.count ?? list.items.length)],
      ...(list.extra ?? []),
    ],
  ]);
}

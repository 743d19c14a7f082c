import { describe, expect, it } from 'vitest';
import { listManagedBlocks } from '../../../src/main/core/config';
import { HostSession } from '../../../src/main/core/fleet/host-session';
import { addExtension, dialplanEntries } from '../../../src/main/core/pjsip';
import type { SecretStore } from '../../../src/main/core/secrets/secret-store';
import { hostConfigInput } from '../../../src/shared/schemas/host';

/** Nothing here connects: a session that asked for a secret would be a bug of this test. */
const noSecrets: SecretStore = {
  get: () => Promise.reject(new Error('no secret expected')),
  set: () => Promise.reject(new Error('no secret expected')),
  delete: () => Promise.reject(new Error('no secret expected')),
  deleteHost: () => Promise.reject(new Error('no secret expected')),
};

const session = (name: string) =>
  new HostSession(hostConfigInput.parse({ name, transport: 'local', host: 'localhost' }), {
    secrets: noSecrets,
  });

const PJSIP = addExtension('[global]\ntype=global\n', {
  number: '1001',
  password: 'Pw-1001-abcdefgh',
}).text;

describe("a host session's config memo", () => {
  it('is its own: what one host lists and edits is not in another host’s memo', () => {
    const a = session('a');
    const b = session('b');
    const added = addExtension(PJSIP, { number: '1002', password: 'Pw-1002-abcdefgh' }, a.memo);
    dialplanEntries(added.text, a.memo);
    // a knows the text it edited and the one its edit made; b was never asked.
    expect(a.memo.size).toBe(2);
    expect(a.memo.listing(PJSIP)).not.toBeNull();
    expect(a.memo.listing(added.text)).not.toBeNull();
    expect(b.memo.size).toBe(0);
    expect(b.memo.listing(added.text)).toBeNull();
    // The same text on both hosts: each lists its own blocks (a repeat hits its own memo).
    const inA = listManagedBlocks(added.text, a.memo);
    const inB = listManagedBlocks(added.text, b.memo);
    expect(inA.map((x) => x.id)).toEqual(inB.map((x) => x.id));
    expect(inB[0]).not.toBe(inA[0]);
    expect(listManagedBlocks(added.text, a.memo)[0]).toBe(inA[0]);
    expect(listManagedBlocks(added.text, b.memo)[0]).toBe(inB[0]);
    // Readers' tables too: what one host's reader stored is not seen by the other's.
    a.memo.table<string>('test').set(inA[0]!.key, 'read by a');
    expect(b.memo.table<string>('test').get(inA[0]!.key)).toBeUndefined();
  });

  it('is dropped when the session closes; the other host keeps its own', async () => {
    const a = session('a');
    const b = session('b');
    listManagedBlocks(PJSIP, a.memo);
    listManagedBlocks(PJSIP, b.memo);
    const key = listManagedBlocks(PJSIP, a.memo)[0]!.key;
    a.memo.table<string>('test').set(key, 'read by a');
    await a.close();
    expect(a.memo.size).toBe(0);
    expect(a.memo.listing(PJSIP)).toBeNull();
    expect(a.memo.table<string>('test').get(key)).toBeUndefined();
    expect(b.memo.size).toBe(1);
    expect(b.memo.listing(PJSIP)).not.toBeNull();
    await b.close();
  });
});

import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CallLog } from '../../../src/main/core/live/call-log';
import type { CallRecord } from '../../../src/shared/types';

function record(i: number): CallRecord {
  return {
    id: `1795849402.${i}`,
    caller: '1001',
    callee: '1002',
    start: 1_800_000_000_000 + i * 1000,
    answer: null,
    end: 1_800_000_000_000 + i * 1000 + 3000,
    durationSec: 3,
    disposition: 'CANCEL',
    hangupCause: 127,
    hangupCauseText: 'Interworking, unspecified',
  };
}

describe('CallLog: call records kept on the workstation', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rayan-calllog-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('survives a restart: a new instance reads back what the previous one appended', async () => {
    const a = await CallLog.open(dir, 'pbx1');
    await a.append(record(1));
    await a.append(record(2));
    await a.flush();
    const b = await CallLog.open(dir, 'pbx1');
    expect(b.list().map((r) => r.id)).toEqual(['1795849402.2', '1795849402.1']);
    expect(b.list(1)).toEqual([record(2)]);
  });

  it('keeps each host in its own file', async () => {
    const a = await CallLog.open(dir, 'pbx1');
    await a.append(record(1));
    const b = await CallLog.open(dir, 'pbx2');
    expect(b.size).toBe(0);
  });

  it('tolerates a torn last line (a crash mid-append) and appends cleanly after it', async () => {
    const a = await CallLog.open(dir, 'pbx1');
    await a.append(record(1));
    await appendFile(a.file, JSON.stringify(record(2)).slice(0, 40));
    const b = await CallLog.open(dir, 'pbx1');
    expect(b.list().map((r) => r.id)).toEqual(['1795849402.1']);
    await b.append(record(3));
    const c = await CallLog.open(dir, 'pbx1');
    expect(c.list().map((r) => r.id)).toEqual(['1795849402.3', '1795849402.1']);
    const lines = (await readFile(a.file, 'utf8')).trimEnd().split('\n');
    expect(lines.map((l) => JSON.parse(l).id)).toEqual(['1795849402.1', '1795849402.3']);
  });

  it('skips lines that are not call records', async () => {
    await writeFile(
      join(dir, 'calls-pbx1.jsonl'),
      `{"id":1}\nnot json\n${JSON.stringify(record(5))}\n`,
    );
    const log = await CallLog.open(dir, 'pbx1');
    expect(log.list()).toEqual([record(5)]);
  });

  it('stays bounded: keeps the newest N and compacts the file once it grows past N + slack', async () => {
    const log = await CallLog.open(dir, 'pbx1', { maxRecords: 10, slack: 5 });
    for (let i = 0; i < 40; i++) void log.append(record(i));
    await log.flush();
    expect(log.list().map((r) => r.id)).toEqual(
      Array.from({ length: 10 }, (_, k) => `1795849402.${39 - k}`),
    );
    const lines = (await readFile(log.file, 'utf8')).trimEnd().split('\n');
    expect(lines.length).toBeLessThanOrEqual(15);
    const reopened = await CallLog.open(dir, 'pbx1', { maxRecords: 10, slack: 5 });
    expect(reopened.list()).toEqual(log.list());
    // No record written twice by an append racing a compaction.
    expect(new Set(lines).size).toBe(lines.length);
  });

  it('refuses a host name that could escape the data directory, naming the field', async () => {
    await expect(CallLog.open(dir, '../etc')).rejects.toMatchObject({
      code: 'CALL_LOG_HOST',
      details: { fields: ['host'] },
    });
  });
});

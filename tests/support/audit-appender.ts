// A separate process appending to an audit log (the concurrent-CLI test): argv dir host count tag.
import { AuditLog } from '../../src/main/core/audit';

const [dir, host, count, tag] = process.argv.slice(2) as [string, string, string, string];
const log = new AuditLog(dir, Number(process.env.AUDIT_ROTATE_BYTES ?? 1024 * 1024));
for (let i = 0; i < Number(count); i++)
  await log.record(host, {
    action: 'ext.set',
    target: `${tag}-${i}`,
    fieldsChanged: ['displayName: x'.repeat(5)],
    outcome: 'verified',
    reason: null,
    roundTrips: { ssh: 1, ami: 2 },
    durationMs: 1,
  });

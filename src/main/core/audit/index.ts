export { AuditLog, AuditLogError, AUDIT_ROTATE_BYTES } from './audit-log';
export type { AuditEntry, AuditRecorder } from './audit-log';
export { describeFields } from './fields';
export { auditOutcomeOf } from './outcome';

/** The audit log (see log.ts): append, and later list and verify. */
export { appendAudit, tryAppendAudit, auditPaths, lineHash, sanitizeFacts, GENESIS, type AuditType, type AuditFacts, type AuditRecord } from './log.ts';

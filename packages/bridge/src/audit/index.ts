/** The audit log (see log.ts): append, and later list and verify. */
export { appendAudit, tryAppendAudit, auditPaths, lineHash, sanitizeFacts, GENESIS, type AuditType, type AuditFacts, type AuditRecord } from './log.ts';
export { verifyAudit, type AuditProblem, type AuditVerifyResult } from './verify.ts';
export { readAudit, formatAuditList, formatAuditRecord, AUDIT_TYPE_TR, type AuditFilter } from './format.ts';

/** The audit log (see log.ts): append, and later list and verify. */
export { tryAppendAudit, auditPaths } from './log.ts';

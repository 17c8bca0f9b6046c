/**
 * Yedekleme (issue 7): back up the six files of a month part (Y, K, YB, KB, GIB-YB, GIB-KB) to an
 * integrator after çapraz doğrulama, follow the integrator's status, keep it in the workflow database.
 * Protocol: docs/integrator-backup-api.md.
 */
export * from './messages.ts';
export * from './files.ts';
export * from './manifest.ts';
export { writeBackupZip, extractBackupZip, readManifestFromZip, entryNameProblem, type BuiltPackage, type ReadLimits } from './package.ts';
export * from '../xades/signature-values.ts';
export * from './crosscheck.ts';
export * from './client.ts';
export * from './settings.ts';
export * from './store.ts';
export * from './service.ts';

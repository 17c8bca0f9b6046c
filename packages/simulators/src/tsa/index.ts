/** Test TSAs (plain RFC 3161 and Kamu SM-compatible) for tests and the demo; see server.ts. */
export { startTestTsa, DEFAULT_TEST_CUSTOMERS, rejection } from './server.ts';
export type { TestTsa, TestTsaOptions, TestCustomer, TsaFault } from './server.ts';
export { ensureTestTsaIdentity, TEST_TSA_SUBJECT } from './pki.ts';
export type { TestTsaIdentity } from './pki.ts';

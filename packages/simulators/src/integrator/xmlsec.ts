/**
 * Independent signature check of the integrator simulator: xmlsec1 (libxmlsec1, not the bridge's
 * own verifier) on the first ds:Signature of a file — the file's own XAdES signature — trusting a
 * PEM CA bundle.
 */
import { execFile } from 'node:child_process';

/**
 * Runs `xmlsec1 --verify --trusted-pem <trustPem> --id-attr:Id SignedProperties <file>`.
 * @returns ok, and the first error line when it failed
 */
export function xmlsecVerify(file: string, trustPem: string): Promise<{ ok: boolean; message: string }> {
  return new Promise((resolve) => {
    execFile(
      'xmlsec1',
      ['--verify', '--enabled-key-data', 'x509', '--trusted-pem', trustPem, '--id-attr:Id', 'SignedProperties', file],
      { maxBuffer: 4 << 20 },
      (err, stdout, stderr) => {
        const out = `${stdout}${stderr}`;
        resolve({ ok: !err, message: err ? (out.split('\n').find((l) => /error|FAIL/i.test(l)) ?? out.slice(-300)).trim() : 'OK' });
      },
    );
  });
}

/**
 * `openssl ts -reply` as a time-stamping engine for the test TSAs: writes the query to a temp
 * file, runs OpenSSL with a generated tsa.cnf (SHA-256 signer digest, ESSCertIDv2 with SHA-256,
 * tsa_name, accuracy 1 s, policy 1.2.3.4.1), returns the DER TimeStampResp. Requests run one at
 * a time (OpenSSL increments a serial file).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';

const run = promisify(execFile);

/** A configured OpenSSL TSA. */
export interface OpensslTsa {
  /** Answers a DER TimeStampReq with a DER TimeStampResp (OpenSSL decides status). */
  reply(queryDer: Buffer): Promise<Buffer>;
}

/** Test TSA policy OID. */
export const TEST_TSA_POLICY = '1.2.3.4.1';

/**
 * Prepares `workDir` (tsa.cnf, serial file) for the TSA certificate and key given.
 * @param chainPath PEM certificates to include with certReq (default: the TSA certificate)
 */
export function createOpensslTsa(opts: { workDir: string; certPath: string; keyPath: string; chainPath?: string }): OpensslTsa {
  fs.mkdirSync(opts.workDir, { recursive: true });
  const serial = path.join(opts.workDir, 'tsaserial');
  if (!fs.existsSync(serial)) fs.writeFileSync(serial, randomBytes(8).toString('hex').replace(/^./, '1') + '\n');
  const cnf = path.join(opts.workDir, 'tsa.cnf');
  fs.writeFileSync(
    cnf,
    [
      '[ tsa ]',
      'default_tsa = tsa_config1',
      '[ tsa_config1 ]',
      `serial = ${serial}`,
      `signer_cert = ${opts.certPath}`,
      `certs = ${opts.chainPath ?? opts.certPath}`,
      `signer_key = ${opts.keyPath}`,
      'signer_digest = sha256',
      `default_policy = ${TEST_TSA_POLICY}`,
      'other_policies = 1.2.3.4.5',
      'digests = sha256, sha384, sha512',
      'accuracy = secs:1',
      'ordering = yes',
      'tsa_name = yes',
      'ess_cert_id_chain = no',
      'ess_cert_id_alg = sha256',
      '',
    ].join('\n'),
  );
  let queue: Promise<unknown> = Promise.resolve();
  return {
    reply(queryDer: Buffer): Promise<Buffer> {
      const job = queue.then(async () => {
        const id = randomBytes(6).toString('hex');
        const q = path.join(opts.workDir, `${id}.tsq`);
        const r = path.join(opts.workDir, `${id}.tsr`);
        fs.writeFileSync(q, queryDer);
        try {
          await run('openssl', ['ts', '-reply', '-config', cnf, '-queryfile', q, '-out', r], { timeout: 20_000 });
          return fs.readFileSync(r);
        } finally {
          fs.rmSync(q, { force: true });
          fs.rmSync(r, { force: true });
        }
      });
      queue = job.catch(() => undefined);
      return job;
    },
  };
}

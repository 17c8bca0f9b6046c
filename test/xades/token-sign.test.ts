/**
 * Signing on the real SoftHSM2 demo token (RSA-2048 and ECDSA P-384 keys generated inside the token):
 * library level through openSigner, and the `edefter sign` / `edefter verify`
 * commands. Every result verifies with our verifier and with xmlsec1 trusting the demo CA; a changed
 * amount makes `edefter verify` exit non-zero. (`edefter-dev demo` is the month run now: its own tests.)
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { demoIdentity } from '../../packages/dev/src/pki/demo-identity.ts';
import { openSigner, shutdownTokenWorker } from '../../packages/bridge/src/token/index.ts';
import { certificatesFrom, signXmlFile, verifyXmlFile } from '../../packages/bridge/src/xades/index.ts';
import { CA_PEM, repoRoot, SAMPLE, tmpDir, xmlsecVerify } from './helpers.ts';

const dir = tmpDir('token');
const id = demoIdentity();
const trustedCerts = certificatesFrom(fs.readFileSync(CA_PEM));
const cli = path.join(repoRoot, 'packages/bridge/bin/edefter.mjs');

function edefter(args: string[], env: Record<string, string> = {}, input?: string): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, [cli, ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    input: input ?? '',
    timeout: 60_000,
  });
  return { status: r.status, out: r.stdout + r.stderr };
}

afterAll(async () => {
  await shutdownTokenWorker();
});

describe('demo token (SoftHSM2)', () => {
  for (const certId of ['rsa', 'ec']) {
    it(`signs with the ${certId.toUpperCase()} key on the token`, async () => {
      const signer = await openSigner({ tokenLabel: id.tokenLabel, certId, pin: Buffer.from(id.pin) });
      const out = path.join(dir, `token-${certId}.xml`);
      try {
        expect(signer.keyType).toBe(certId);
        const r = await signXmlFile({ input: SAMPLE, output: out, signer });
        expect(r.signatureValue.length).toBeGreaterThan(100);
      } finally {
        await signer.close();
      }
      const v = await verifyXmlFile(out, { trustedCerts });
      expect(v.errors).toEqual([]);
      expect(v.signer.vkn).toBe(id.vkn);
      const x = xmlsecVerify(out);
      expect(x.ok, x.out).toBe(true);
    });
  }
});

describe('edefter sign / verify', () => {
  it('sign with EDEFTER_PIN, verify exit 0; a changed amount makes verify exit 1', () => {
    const out = path.join(dir, '6090408038-202610-Y-000000.xml');
    const s = edefter(['sign', SAMPLE, '-o', out, '--token', id.tokenLabel, '--cert', 'ec'], { EDEFTER_PIN: id.pin });
    expect(s.status, s.out).toBe(0);
    expect(s.out).toContain(out);
    expect(s.out).not.toContain(id.pin === '123456' ? 'PIN: 123456' : id.pin);
    const v = edefter(['verify', out, '--trust', CA_PEM]);
    expect(v.status, v.out).toBe(0);
    expect(v.out).toContain('6090408038');
    expect(v.out).toMatch(/\[OK {2}\] Reference URI=""/);
    expect(v.out).toContain('SIGNATURE VALID');
    const bad = path.join(dir, 'tampered.xml');
    fs.writeFileSync(bad, fs.readFileSync(out, 'utf8').replace('>14400.00</gl-cor:amount>', '>14400.01</gl-cor:amount>'));
    const b = edefter(['verify', bad, '--trust', CA_PEM]);
    expect(b.status).toBe(1);
    expect(b.out).toMatch(/\[FAIL\] Reference URI=""/);
    expect(xmlsecVerify(bad).ok).toBe(false);
  });

  it('sign --pin-stdin writes <name>.signed.xml by default; no PIN source is a clear error', () => {
    const input = path.join(dir, 'girdi.xml');
    fs.copyFileSync(SAMPLE, input);
    const s = edefter(['sign', input, '--pin-stdin', '--json'], { EDEFTER_PIN: '' }, `${id.pin}\n`);
    expect(s.status, s.out).toBe(0);
    expect(fs.existsSync(path.join(dir, 'girdi.signed.xml'))).toBe(true);
    const n = edefter(['sign', input, '-o', path.join(dir, 'nopin.xml')], { EDEFTER_PIN: '' });
    expect(n.status).toBe(1);
    expect(n.out).toMatch(/HATA: PIN gerekli/);
    expect(fs.existsSync(path.join(dir, 'nopin.xml'))).toBe(false);
  });
});

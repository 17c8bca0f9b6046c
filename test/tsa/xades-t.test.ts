/**
 * XAdES-T end to end (issue 5 §5): a berat and a defter signed on the demo SoftHSM token with a
 * SignatureTimeStamp from the test TSAs.
 *
 * Independent checks: xmlsec1 verifies the XMLDSig signature; the canonical ds:SignatureValue is
 * re-derived here with xml-crypto per the CanonicalizationMethod declared in SignatureTimeStamp,
 * and `openssl ts -verify` checks the EncapsulatedTimeStamp over it; our verifiers
 * (verifyTimestampToken, verifyXmlFile, `edefter verify`) agree. Failure paths: wrong Kamu SM
 * password, TSA down or slow, forged answers — each leaves no output file; finishing without a
 * timestamp happens only through the explicit option.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, execFileSync } from 'node:child_process';
import { xmlsecVerify } from '../kit/xmlsec.ts';
import { createRequire } from 'node:module';
import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { startTestTsa, type TestTsa } from '../../packages/simulators/src/tsa/index.ts';
import { repoRoot } from '../../packages/dev/src/pki/demo-identity.ts';
import { createTimestamper, prepareTimestamper, verifyTimestampToken, type TsaConfig } from '../../packages/bridge/src/tsa/index.ts';
import { signXmlFile, verifyXmlFile } from '../../packages/bridge/src/xades/index.ts';
import { openSigner, shutdownTokenWorker } from '../../packages/bridge/src/token/index.ts';
import type { RawSigner } from '../../packages/bridge/src/xades/signer.ts';

const bridgeRequire = createRequire(path.join(repoRoot, 'packages/bridge/package.json'));
/** The few DOM members used here (xmldom nodes). */
interface XEl {
  nodeType: number;
  localName: string | null;
  namespaceURI: string | null;
  parentNode: XEl | null;
  childNodes: ArrayLike<XEl>;
  attributes: ArrayLike<{ name: string; value: string }>;
  textContent: string | null;
  getAttribute(name: string): string | null;
  getElementsByTagNameNS(ns: string, local: string): ArrayLike<XEl>;
}
type Canonicalizer = new () => { process(node: unknown, options: { ancestorNamespaces: { prefix: string; namespaceURI: string }[] }): string };
const { DOMParser } = bridgeRequire('@xmldom/xmldom') as {
  DOMParser: new () => { parseFromString(xml: string, type: string): { documentElement: XEl | null } };
};
const xmlCrypto = bridgeRequire('xml-crypto') as Record<
  'ExclusiveCanonicalization' | 'ExclusiveCanonicalizationWithComments' | 'C14nCanonicalization' | 'C14nCanonicalizationWithComments',
  Canonicalizer
>;

const NS_DS = 'http://www.w3.org/2000/09/xmldsig#';
const NS_XADES = 'http://uri.etsi.org/01903/v1.3.2#';

let rfc: TestTsa;
let kamu: TestTsa;
let dir: string;
let signer: RawSigner & { close(): Promise<void> };

/** A small berat (edefter:berat, GİB-TK §2.3 shape) for the demo VKN. */
function unsignedBerat(): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<edefter:berat xmlns:edefter="http://www.edefter.gov.tr" xmlns:ds="${NS_DS}" xmlns:xades="${NS_XADES}">
  <xbrli:xbrl xmlns:xbrli="http://www.xbrl.org/2003/instance" xmlns:gl-cor="http://www.xbrl.org/int/gl/cor/2006-10-25" xmlns:gl-bus="http://www.xbrl.org/int/gl/bus/2006-10-25">
    <xbrli:context id="ledger_context">
      <xbrli:entity>
        <xbrli:identifier scheme="http://www.gib.gov.tr">6090408038</xbrli:identifier>
        <xbrli:segment><gl-cor:uniqueID>0d1c4d0e-5a8b-4b8e-9a53-3d7b3c0f2a11</gl-cor:uniqueID><gl-bus:measurableQuantity>0.02</gl-bus:measurableQuantity></xbrli:segment>
      </xbrli:entity>
      <xbrli:period><xbrli:instant>2026-11-05</xbrli:instant></xbrli:period>
    </xbrli:context>
    <gl-cor:accountingEntries>
      <gl-cor:documentInfo><gl-cor:entriesType contextRef="ledger_context">journal</gl-cor:entriesType><gl-cor:uniqueID contextRef="ledger_context">YEV202611000001</gl-cor:uniqueID></gl-cor:documentInfo>
    </gl-cor:accountingEntries>
  </xbrli:xbrl>
  <ds:SignatureValue>QUJDREVGR0g=</ds:SignatureValue>
</edefter:berat>
`;
}

/** xmlsec1 over a XAdES-T file, trusting only the demo CA (test/kit/xmlsec.ts). */
const xmlsec = (file: string): { ok: boolean; out: string } => xmlsecVerify(file, { idAttrs: ['SignedProperties', 'SignatureValue'] });

/** Namespace declarations in scope at `el` from its ancestors (for inclusive C14N of a subset). */
function ancestorNamespaces(el: XEl): { prefix: string; namespaceURI: string }[] {
  const seen = new Map<string, string>();
  for (let n = el.parentNode; n && n.nodeType === 1; n = n.parentNode) {
    for (let i = 0; i < n.attributes.length; i++) {
      const a = n.attributes[i];
      const prefix = a.name === 'xmlns' ? '' : a.name.startsWith('xmlns:') ? a.name.slice(6) : null;
      if (prefix !== null && !seen.has(prefix)) seen.set(prefix, a.value);
    }
  }
  return [...seen].map(([prefix, namespaceURI]) => ({ prefix, namespaceURI }));
}

/**
 * Re-derives the time-stamped bytes from a signed file: the top-level signature's
 * ds:SignatureValue, canonicalized with the algorithm SignatureTimeStamp declares.
 */
function timestampedBytes(file: string): { c14n: Buffer; token: Buffer; algorithm: string } {
  const doc = new DOMParser().parseFromString(fs.readFileSync(file, 'utf8'), 'text/xml');
  const root = doc.documentElement!;
  const sig = Array.from(root.childNodes)
    .filter((n) => n.nodeType === 1 && n.localName === 'Signature' && n.namespaceURI === NS_DS)
    .pop()!;
  expect(sig).toBeTruthy();
  const sv = sig.getElementsByTagNameNS(NS_DS, 'SignatureValue')[0];
  const sts = sig.getElementsByTagNameNS(NS_XADES, 'SignatureTimeStamp');
  expect(sts.length).toBe(1);
  const usp = sts[0].parentNode!;
  expect(usp.localName).toBe('UnsignedSignatureProperties');
  expect(usp.parentNode!.localName).toBe('UnsignedProperties');
  const algorithm = sts[0].getElementsByTagNameNS(NS_DS, 'CanonicalizationMethod')[0].getAttribute('Algorithm')!;
  const token = Buffer.from(sts[0].getElementsByTagNameNS(NS_XADES, 'EncapsulatedTimeStamp')[0].textContent!.replace(/\s+/g, ''), 'base64');
  const C = {
    'http://www.w3.org/2001/10/xml-exc-c14n#': xmlCrypto.ExclusiveCanonicalization,
    'http://www.w3.org/2001/10/xml-exc-c14n#WithComments': xmlCrypto.ExclusiveCanonicalizationWithComments,
    'http://www.w3.org/TR/2001/REC-xml-c14n-20010315': xmlCrypto.C14nCanonicalization,
    'http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments': xmlCrypto.C14nCanonicalizationWithComments,
  }[algorithm];
  expect(C, `unsupported CanonicalizationMethod ${algorithm}`).toBeTruthy();
  const c14n = new C!().process(sv, { ancestorNamespaces: ancestorNamespaces(sv) });
  return { c14n: Buffer.from(c14n, 'utf8'), token, algorithm };
}

function opensslTsVerify(c14n: Buffer, token: Buffer, caPath: string): string {
  const d = path.join(dir, 'sv.c14n');
  const t = path.join(dir, 'token.der');
  fs.writeFileSync(d, c14n);
  fs.writeFileSync(t, token);
  return execFileSync('openssl', ['ts', '-verify', '-data', d, '-in', t, '-token_in', '-CAfile', caPath], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function rfcCfg(extra: Partial<TsaConfig> = {}): TsaConfig {
  return { url: rfc.url, mode: 'rfc3161', trustedCerts: [rfc.caDer], timeoutMs: 5000, ...extra };
}

async function caught(p: Promise<unknown>): Promise<{ code: string; reason?: string; message: string }> {
  try {
    await p;
  } catch (e) {
    const err = e as { code: string; details?: { reason?: string }; message: string };
    return { code: err.code, reason: err.details?.reason, message: err.message };
  }
  throw new Error('expected a rejection');
}

function leftovers(): string[] {
  return fs.readdirSync(dir).filter((f) => f.startsWith('.') || f.endsWith('.tmp'));
}

beforeAll(async () => {
  rfc = await startTestTsa();
  kamu = await startTestTsa({ kind: 'kamusm' });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'edefter-xades-t-'));
  fs.writeFileSync(path.join(dir, 'berat.xml'), unsignedBerat());
  fs.copyFileSync(path.join(repoRoot, 'test/fixtures/sample-yevmiye.xml'), path.join(dir, 'defter.xml'));
  signer = await openSigner({ tokenLabel: 'DEMO MALI MUHUR', certId: '01', pin: Buffer.from('123456') });
});
afterAll(async () => {
  await signer?.close();
  await shutdownTokenWorker();
  await rfc?.close();
  await kamu?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('XAdES-T', () => {
  for (const [name, input, useKamu] of [
    ['berat (RFC 3161 TSA)', 'berat.xml', false],
    ['defter (Kamu SM TSA)', 'defter.xml', true],
  ] as const) {
    it(`${name}: xmlsec1, openssl ts -verify over the re-derived c14n SignatureValue, our verifiers`, async () => {
      const tsa = useKamu ? kamu : rfc;
      const cfg: TsaConfig = useKamu ? { url: kamu.url, mode: 'kamusm', customerId: '123456', password: 'test-parola', trustedCerts: [kamu.caDer] } : rfcCfg();
      const output = path.join(dir, `signed-${input}`);
      const res = await signXmlFile({ input: path.join(dir, input), output, signer, timestamp: createTimestamper(cfg) });
      expect(fs.existsSync(output)).toBe(true);

      const x = xmlsec(output);
      expect(x.ok, x.out).toBe(true);

      const { c14n, token, algorithm } = timestampedBytes(output);
      expect(algorithm).toMatch(/c14n/);
      expect(c14n.toString()).toContain(res.signatureValue.replace(/\s+/g, '').slice(0, 40));
      expect(opensslTsVerify(c14n, token, tsa.caPath)).toMatch(/Verification: OK/);

      const v = await verifyTimestampToken(token, c14n, [tsa.caDer]);
      expect(v).toMatchObject({ ok: true, errors: [] });
      const before = Date.now();
      expect(Math.abs(Date.parse(v.genTime!) - before)).toBeLessThan(120_000);

      const vx = await verifyXmlFile(output, {
        trustedCerts: [new X509Certificate(fs.readFileSync(path.join(repoRoot, 'var/demo-pki/ca.pem'))).raw, tsa.caDer],
      });
      expect(vx.ok, vx.errors.join('\n')).toBe(true);
      expect(vx.timestamp).toMatchObject({ ok: true, genTime: v.genTime });
    });
  }

  it('`edefter verify` prints the timestamp time and the TSA', async () => {
    const output = path.join(dir, 'verify-me.xml');
    await signXmlFile({ input: path.join(dir, 'berat.xml'), output, signer, timestamp: createTimestamper(rfcCfg()) });
    const { stdout, stderr, code } = await promisify(execFile)(
      process.execPath,
      [path.join(repoRoot, 'packages/bridge/bin/edefter.mjs'), 'verify', output, '--trust', rfc.caPath],
      {
        env: { ...process.env, EDEFTER_CONFIG_DIR: dir },
      },
    ).then(
      (r) => ({ ...r, code: 0 }),
      (e: { stdout: string; stderr: string; code: number }) => e,
    );
    expect(code, `${stdout}${stderr}`).toBe(0);
    const { token, c14n } = timestampedBytes(output);
    const v = await verifyTimestampToken(token, c14n, [rfc.caDer]);
    expect(stdout).toMatch(new RegExp(`\\[OK\\s*\\] Zaman damgası / SignatureTimeStamp ${v.genTime!.slice(0, 19)}.*\\(.*Zaman Damgası`));
    expect(stdout).toMatch(/İMZA GEÇERLİ/);
  });

  it('a wrong Kamu SM password gives a clear error and no file', async () => {
    const output = path.join(dir, 'wrong-pw.xml');
    const e = await caught(
      signXmlFile({
        input: path.join(dir, 'berat.xml'),
        output,
        signer,
        timestamp: createTimestamper({ url: kamu.url, mode: 'kamusm', customerId: '123456', password: 'yanlis', trustedCerts: [kamu.caDer] }),
      }),
    );
    expect(e).toMatchObject({ code: 'TSA_AUTH_FAILED', reason: 'wrong-password' });
    expect(e.message).toMatch(/parolası yanlış/);
    expect(fs.existsSync(output)).toBe(false);
    expect(leftovers()).toEqual([]);
  });

  for (const [fault, code, reason] of [
    ['down', 'TSA_UNAVAILABLE', 'unreachable'],
    ['slow', 'TSA_TIMEOUT', 'timeout'],
    ['wrong-nonce', 'TSA_RESPONSE_INVALID', 'wrong-nonce'],
    ['wrong-imprint', 'TSA_RESPONSE_INVALID', 'wrong-imprint'],
  ] as const) {
    it(`TSA ${fault}: the signature fails with ${reason} and writes no file`, async () => {
      rfc.setFault(fault, 2000);
      try {
        const output = path.join(dir, `fault-${fault}.xml`);
        const e = await caught(signXmlFile({ input: path.join(dir, 'berat.xml'), output, signer, timestamp: createTimestamper(rfcCfg({ timeoutMs: 300 })) }));
        expect(e).toMatchObject({ code, reason });
        expect(fs.existsSync(output)).toBe(false);
        expect(leftovers()).toEqual([]);
      } finally {
        rfc.setFault('none');
      }
    });
  }

  it('TSA down: without the explicit option the user is told before signing; with it a BES file is written', async () => {
    rfc.setFault('down');
    try {
      const e = await caught(prepareTimestamper(rfcCfg()));
      expect(e.code).toBe('TSA_UNAVAILABLE');
      expect(e.message).toMatch(/--timestamp-optional/);

      const p = await prepareTimestamper(rfcCfg(), { withoutTimestampIfUnavailable: true });
      expect(p.timestamp).toBeUndefined();
      expect(p.skipped?.notice.en).toMatch(/WITHOUT a timestamp/);
      const output = path.join(dir, 'bes.xml');
      await signXmlFile({ input: path.join(dir, 'berat.xml'), output, signer, timestamp: p.timestamp });
      expect(fs.readFileSync(output, 'utf8')).not.toContain('SignatureTimeStamp');
      expect(xmlsec(output).ok).toBe(true);
    } finally {
      rfc.setFault('none');
    }
  });
});

/**
 * RFC 3161 client against the plain test TSA (`openssl ts -reply`): request shape checked by
 * `openssl ts -query -text`, tokens checked by `openssl ts -verify` and by our verifier, and
 * every failure the client must catch (down, slow, HTTP error, garbage, rejection, wrong nonce,
 * wrong imprint, untrusted chain, no trust list, clock skew), plus the explicit
 * "finish without a timestamp" choice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startTestTsa, type TestTsa } from '../../packages/simulators/src/tsa/index.ts';
import {
  createTimestamper,
  prepareTimestamper,
  requestTimestamp,
  verifyTimestampToken,
  buildTimeStampReq,
  isTsaUnavailable,
  timestamperFromSettings,
} from '../../packages/bridge/src/tsa/index.ts';
import { postTimestampQuery } from '../../packages/bridge/src/tsa/transport.ts';
import { checkTimeStampResp } from '../../packages/bridge/src/tsa/response.ts';
import { readCertificates } from '../../packages/bridge/src/tsa/settings.ts';
import { demoPkiDir } from '../../packages/dev/src/pki/demo-identity.ts';

let tsa: TestTsa;
let tmp: string;
const data = Buffer.from('<ds:SignatureValue xmlns:ds="http://www.w3.org/2000/09/xmldsig#" Id="SV">QUJD</ds:SignatureValue>');

async function caught(p: Promise<unknown>): Promise<{ code: string; reason?: string; message: string }> {
  try {
    await p;
  } catch (e) {
    const err = e as { code: string; details?: { reason?: string }; message: string };
    return { code: err.code, reason: err.details?.reason, message: err.message };
  }
  throw new Error('expected a rejection');
}

function cfg(extra: Partial<Parameters<typeof createTimestamper>[0]> = {}) {
  return { url: tsa.url, mode: 'rfc3161' as const, trustedCerts: [tsa.caDer], timeoutMs: 5000, ...extra };
}

beforeAll(async () => {
  tsa = await startTestTsa();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'edefter-tsa-client-'));
});
afterAll(async () => {
  await tsa?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('TimeStampReq', () => {
  it('is SHA-256 with a nonce and certReq, as openssl ts -query reads it', () => {
    const req = buildTimeStampReq(data);
    const f = path.join(tmp, 'q.tsq');
    fs.writeFileSync(f, req.der);
    const text = execFileSync('openssl', ['ts', '-query', '-in', f, '-text'], { encoding: 'utf8' });
    expect(text).toMatch(/Hash Algorithm: sha256/);
    expect(text).toMatch(/Certificate required: yes/);
    const imprint = /Message data:\s*([\s\S]*?)\n\s*Policy OID/.exec(text)![1];
    const hex = [...imprint.matchAll(/^\s*[0-9a-f]{4} - ((?:[0-9a-f]{2}[ -]){15}[0-9a-f]{2})/gm)].map((m) => m[1].replace(/[ -]/g, '')).join('');
    expect(hex).toBe(req.digest.toString('hex'));
    const nonceHex = /Nonce: 0x([0-9A-F]+)/i.exec(text)![1].toLowerCase();
    expect(BigInt(`0x${nonceHex}`)).toBe(BigInt(`0x${req.nonce.toString('hex')}`));
    expect(buildTimeStampReq(data).nonce.equals(req.nonce)).toBe(false);
  });
});

describe('timestamper against the openssl test TSA', () => {
  it('returns a token that openssl ts -verify and verifyTimestampToken accept', async () => {
    const timestamp = createTimestamper(cfg());
    const token = await timestamp(data);
    const tokFile = path.join(tmp, 'tok.der');
    const dataFile = path.join(tmp, 'data.bin');
    fs.writeFileSync(tokFile, token);
    fs.writeFileSync(dataFile, data);
    const out = execFileSync('openssl', ['ts', '-verify', '-data', dataFile, '-in', tokFile, '-token_in', '-CAfile', tsa.caPath], { encoding: 'utf8' });
    expect(out).toMatch(/Verification: OK/);

    const v = await verifyTimestampToken(token, data, [tsa.caDer]);
    expect(v.ok).toBe(true);
    expect(v.errors).toEqual([]);
    expect(Math.abs(Date.parse(v.genTime!) - Date.now())).toBeLessThan(60_000);
    expect(v.tsaName).toMatch(/Zaman Damgası/);

    const other = await verifyTimestampToken(token, Buffer.from('other data'), [tsa.caDer]);
    expect(other).toMatchObject({ ok: false, reason: 'wrong-imprint' });
    const foreign = await verifyTimestampToken(token, data, await readCertificates(path.join(demoPkiDir(), 'mali-muhur-rsa.pem')));
    expect(foreign).toMatchObject({ ok: false, reason: 'untrusted-chain' });
    const garbage = await verifyTimestampToken(Buffer.from('3003020101', 'hex'), data, [tsa.caDer]);
    expect(garbage).toMatchObject({ ok: false, reason: 'not-a-response' });
  });

  it('rejects a validly signed token for another nonce', async () => {
    tsa.setFault('wrong-nonce');
    try {
      expect(await caught(requestTimestamp(cfg(), data))).toMatchObject({ code: 'TSA_RESPONSE_INVALID', reason: 'wrong-nonce' });
    } finally {
      tsa.setFault('none');
    }
  });

  it('rejects a validly signed token over other data', async () => {
    tsa.setFault('wrong-imprint');
    try {
      expect(await caught(requestTimestamp(cfg(), data))).toMatchObject({ code: 'TSA_RESPONSE_INVALID', reason: 'wrong-imprint' });
    } finally {
      tsa.setFault('none');
    }
  });

  it('reports a rejection with its failure info', async () => {
    tsa.setFault('reject');
    try {
      const e = await caught(requestTimestamp(cfg(), data));
      expect(e).toMatchObject({ code: 'TSA_ERROR', reason: 'bad-status' });
      expect(e.message).toMatch(/unacceptedPolicy/);
    } finally {
      tsa.setFault('none');
    }
  });

  it('reports garbage answers', async () => {
    tsa.setFault('garbage');
    try {
      expect(await caught(requestTimestamp(cfg(), data))).toMatchObject({ code: 'TSA_RESPONSE_INVALID', reason: 'not-a-response' });
    } finally {
      tsa.setFault('none');
    }
  });

  it('refuses a TSA outside the trust list, and an empty trust list before any request', async () => {
    const foreign = await readCertificates(path.join(demoPkiDir(), 'mali-muhur-rsa.pem'));
    expect(await caught(requestTimestamp(cfg({ trustedCerts: foreign }), data))).toMatchObject({ code: 'TSA_UNTRUSTED', reason: 'untrusted-chain' });
    const before = tsa.stats.requests;
    expect(() => createTimestamper(cfg({ trustedCerts: [] }))).toThrow(/güvenilen kök|trusted root/i);
    expect(tsa.stats.requests).toBe(before);
  });

  it('warns when genTime and the local clock differ', async () => {
    const req = buildTimeStampReq(data);
    const res = await postTimestampQuery(tsa.url, req.der);
    const warnings: string[] = [];
    const now = () => new Date(Date.now() + 10 * 60_000);
    const t = await checkTimeStampResp(res.body, { data, nonce: req.nonce, trustedCerts: [tsa.caDer], now, onWarning: (w) => warnings.push(w.en) });
    expect(t.skewMs).toBeLessThan(-9 * 60_000);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/ahead of the timestamp time/);
    const quiet: string[] = [];
    await checkTimeStampResp(res.body, { data, nonce: req.nonce, trustedCerts: [tsa.caDer], onWarning: (w) => quiet.push(w.en) });
    expect(quiet).toHaveLength(0);
  });
});

describe('TSA down or slow', () => {
  it('reports a reset connection, a closed port and an HTTP error as TSA_UNAVAILABLE', async () => {
    tsa.setFault('down');
    try {
      const e = await caught(requestTimestamp(cfg(), data));
      expect(e.code).toBe('TSA_UNAVAILABLE');
      expect(e.message).toMatch(/ulaşılamadı/);
    } finally {
      tsa.setFault('none');
    }
    const srv = net.createServer();
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
    const port = (srv.address() as net.AddressInfo).port;
    await new Promise<void>((r) => srv.close(() => r()));
    expect(await caught(requestTimestamp(cfg({ url: `http://127.0.0.1:${port}/` }), data))).toMatchObject({ code: 'TSA_UNAVAILABLE', reason: 'unreachable' });
    tsa.setFault('http-500');
    try {
      expect(await caught(requestTimestamp(cfg(), data))).toMatchObject({ code: 'TSA_UNAVAILABLE', reason: 'http-status' });
    } finally {
      tsa.setFault('none');
    }
  });

  it('reports HTTP 4xx as a refusal, not as "down" (never skippable)', async () => {
    tsa.setFault('http-403');
    try {
      expect(await caught(requestTimestamp(cfg(), data))).toMatchObject({ code: 'TSA_ERROR', reason: 'http-status' });
      expect((await caught(prepareTimestamper(cfg(), { withoutTimestampIfUnavailable: true }))).code).toBe('TSA_ERROR');
    } finally {
      tsa.setFault('none');
    }
  });

  it('gives up after the timeout', async () => {
    tsa.setFault('slow', 3000);
    try {
      const t0 = Date.now();
      const e = await caught(requestTimestamp(cfg({ timeoutMs: 300 }), data));
      expect(e).toMatchObject({ code: 'TSA_TIMEOUT', reason: 'timeout' });
      expect(Date.now() - t0).toBeLessThan(2000);
    } finally {
      tsa.setFault('none');
    }
  });

  it('finishes without a timestamp only when the caller chose so', async () => {
    tsa.setFault('down');
    try {
      const e = await caught(prepareTimestamper(cfg()));
      expect(e.code).toBe('TSA_UNAVAILABLE');
      expect(e.message).toMatch(/--timestamp-optional/);
      const p = await prepareTimestamper(cfg(), { withoutTimestampIfUnavailable: true });
      expect(p.timestamp).toBeUndefined();
      expect(isTsaUnavailable(p.skipped!.error)).toBe(true);
      expect(p.skipped!.notice.tr).toMatch(/zaman damgası OLMADAN/);
      // a forged answer is never "unavailable": it throws even with the option
      tsa.setFault('wrong-nonce');
      const forged = await caught(prepareTimestamper(cfg(), { withoutTimestampIfUnavailable: true }));
      expect(forged.reason).toBe('wrong-nonce');
    } finally {
      tsa.setFault('none');
    }
    const ok = await prepareTimestamper(cfg(), { withoutTimestampIfUnavailable: true });
    expect(ok.skipped).toBeUndefined();
    expect(ok.readiness?.tsa).toMatch(/Zaman Damgası/);
    expect((await ok.timestamp!(data)).length).toBeGreaterThan(1000);
  });
});

describe('timestamperFromSettings', () => {
  it('no timestamp asked: nothing; asked without a configured TSA: TSA_NOT_CONFIGURED', async () => {
    const saved = process.env.EDEFTER_CONFIG_DIR;
    process.env.EDEFTER_CONFIG_DIR = path.join(tmp, 'empty-config');
    try {
      expect(await timestamperFromSettings({ timestamp: false })).toBeUndefined();
      expect(await caught(timestamperFromSettings({ timestamp: true }))).toMatchObject({ code: 'TSA_NOT_CONFIGURED' });
    } finally {
      if (saved === undefined) delete process.env.EDEFTER_CONFIG_DIR;
      else process.env.EDEFTER_CONFIG_DIR = saved;
    }
  });

  it('skips only on the explicit choice, and says so', async () => {
    const notices: string[] = [];
    const ts = await timestamperFromSettings({ timestamp: true, config: cfg() });
    expect(typeof ts).toBe('function');
    tsa.setFault('down');
    try {
      expect((await caught(timestamperFromSettings({ timestamp: true, config: cfg() }))).code).toBe('TSA_UNAVAILABLE');
      expect(await timestamperFromSettings({ timestamp: true, timestampOptional: true, config: cfg(), onNotice: (n) => notices.push(n.tr) })).toBeUndefined();
      expect(notices).toHaveLength(1);
    } finally {
      tsa.setFault('none');
    }
  });
});

/**
 * Pure parts of the token layer: ECDSA r||s normalization, the RSA DigestInfo fallback, CKR →
 * EdefterError mapping, RFC 4514 subjects and VKN/TCKN extraction, module path lists.
 * No token needed; signatures come from node:crypto keys.
 */
import { describe, expect, it } from 'vitest';
import { constants, createHash, generateKeyPairSync, privateEncrypt, sign, verify } from 'node:crypto';
import { ecdsaToRaw, parseDerEcdsa, sha256DigestInfo } from '../../packages/bridge/src/token/signature.ts';
import { CKF, CKR, mapCkr, mapWorkerError, retriesFromFlags } from '../../packages/bridge/src/token/errors.ts';
import { identityNumber, parseCertificate } from '../../packages/bridge/src/token/cert-info.ts';
import { escapeRfc4514 } from '../../packages/bridge/src/xades/dn.ts';
import { candidateModules, KNOWN_MODULES } from '../../packages/bridge/src/token/modules.ts';
import { issueWithNewKey, maliMuhurSubject } from '../../packages/dev/src/pki/demo-pki.ts';
import { formatTokenList } from '../../packages/bridge/src/cli/commands/token.ts';

describe('ECDSA signature forms', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'secp384r1' });

  it('DER from node (variable length, leading zeros) becomes 96-byte r||s that verifies', () => {
    for (let i = 0; i < 200; i++) {
      const data = Buffer.from(`m${i}`);
      const der = sign('sha384', data, { key: privateKey, dsaEncoding: 'der' });
      const raw = ecdsaToRaw(der, 384);
      expect(raw.length).toBe(96);
      expect(verify('sha384', data, { key: publicKey, dsaEncoding: 'ieee-p1363' }, raw)).toBe(true);
      expect(raw.equals(ecdsaToRaw(raw, 384))).toBe(true); // already raw: unchanged
    }
  });

  it('pads short raw halves (tokens that strip leading zeros)', () => {
    const r = Buffer.alloc(47, 0x11);
    const s = Buffer.alloc(47, 0x22);
    const out = ecdsaToRaw(Buffer.concat([r, s]), 384);
    expect(out.length).toBe(96);
    expect(out[0]).toBe(0);
    expect(out[48]).toBe(0);
  });

  it('P-521 gives 132 bytes; garbage is refused', () => {
    const k = generateKeyPairSync('ec', { namedCurve: 'secp521r1' });
    const der = sign('sha512', Buffer.from('x'), { key: k.privateKey, dsaEncoding: 'der' });
    expect(ecdsaToRaw(der, 521).length).toBe(132);
    expect(() => ecdsaToRaw(Buffer.alloc(97, 1), 384)).toThrow();
    expect(parseDerEcdsa(Buffer.from('300302'))).toBeNull();
  });
});

describe('RSA DigestInfo fallback', () => {
  it('CKM_RSA_PKCS over sha256DigestInfo(data) equals RSASSA-PKCS1-v1_5 SHA-256', () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const data = Buffer.from('SignedInfo');
    const viaDigestInfo = privateEncrypt({ key: privateKey, padding: constants.RSA_PKCS1_PADDING }, sha256DigestInfo(data));
    expect(viaDigestInfo.equals(sign('sha256', data, privateKey))).toBe(true);
    expect(sha256DigestInfo(data).subarray(19).equals(createHash('sha256').update(data).digest())).toBe(true);
  });
});

describe('CKR mapping', () => {
  it('PIN counters: flags to retries left', () => {
    expect(retriesFromFlags(0)).toEqual({ pinCountLow: false, pinFinalTry: false, pinLocked: false });
    expect(retriesFromFlags(CKF.USER_PIN_COUNT_LOW | CKF.USER_PIN_FINAL_TRY)).toMatchObject({ retriesLeft: 1, pinFinalTry: true });
    expect(retriesFromFlags(CKF.USER_PIN_LOCKED)).toMatchObject({ retriesLeft: 0, pinLocked: true });
  });

  it('maps the codes users meet to typed, bilingual errors', () => {
    const cases: Array<[number, string]> = [
      [CKR.PIN_INCORRECT, 'PIN_INCORRECT'],
      [CKR.PIN_LOCKED, 'PIN_LOCKED'],
      [CKR.PIN_LEN_RANGE, 'PIN_INCORRECT'],
      [CKR.FUNCTION_CANCELED, 'PINPAD_CANCELLED'],
      [CKR.DEVICE_REMOVED, 'TOKEN_REMOVED'],
      [CKR.TOKEN_NOT_PRESENT, 'TOKEN_REMOVED'],
      [CKR.SESSION_HANDLE_INVALID, 'TOKEN_REMOVED'],
      [CKR.USER_NOT_LOGGED_IN, 'PIN_REQUIRED'],
      [CKR.SLOT_ID_INVALID, 'TOKEN_NOT_FOUND'],
      [CKR.KEY_HANDLE_INVALID, 'KEY_NOT_FOUND'],
      [CKR.GENERAL_ERROR, 'TOKEN_ERROR'],
    ];
    for (const [ckr, code] of cases) {
      const e = mapCkr(ckr, { ckr: 'X' });
      expect(e.code).toBe(code);
      expect(e.tr.length).toBeGreaterThan(5);
      expect(e.en.length).toBeGreaterThan(5);
      expect(e.message).toBe(`${e.tr} / ${e.en}`);
    }
    expect(mapCkr(CKR.PIN_INCORRECT, {}, CKF.USER_PIN_LOCKED).code).toBe('PIN_LOCKED');
    expect(mapCkr(CKR.PIN_INCORRECT, {}, CKF.USER_PIN_FINAL_TRY).details).toMatchObject({ retriesLeft: 1 });
    expect(mapWorkerError({ kind: 'edefter', code: 'KEY_NOT_FOUND', message: 'x' }).code).toBe('KEY_NOT_FOUND');
    expect(mapWorkerError({ kind: 'other', message: 'boom' }).code).toBe('TOKEN_ERROR');
  });
});

describe('certificate parsing', () => {
  it('VKN, TCKN and prefixes', () => {
    expect(identityNumber('6090408038')).toEqual({ vkn: '6090408038' });
    expect(identityNumber('12345678901')).toEqual({ tckn: '12345678901' });
    expect(identityNumber('TCKN:12345678901')).toEqual({ tckn: '12345678901' });
    expect(identityNumber('VKN 6090408038')).toEqual({ vkn: '6090408038' });
    expect(identityNumber('PNOTR-123')).toEqual({});
    expect(identityNumber(undefined)).toEqual({});
  });

  it('RFC 4514 escaping', () => {
    expect(escapeRfc4514('A, B+C "D"')).toBe('A\\, B\\+C \\"D\\"');
    expect(escapeRfc4514('#x ')).toBe('\\#x\\ ');
  });

  it('parses a TEST mali mühür for a person (TCKN) with special characters in the title', async () => {
    const c = await issueWithNewKey({
      keyType: 'ec',
      subject: maliMuhurSubject('12345678901', 'ÖRNEK, YILDIZ + OĞUL LTD. ŞTİ.'),
      keyUsage: ['digitalSignature', 'nonRepudiation'],
    });
    const info = parseCertificate(c.der, { id: 'ab', label: 'l', tokenLabel: 't', tokenSerial: 's' });
    expect(info.tckn).toBe('12345678901');
    expect(info.vkn).toBeUndefined();
    expect(info.organization).toBe('ÖRNEK, YILDIZ + OĞUL LTD. ŞTİ.');
    expect(info.subject).toBe('CN=ÖRNEK\\, YILDIZ \\+ OĞUL LTD. ŞTİ.,serialNumber=12345678901,O=ÖRNEK\\, YILDIZ \\+ OĞUL LTD. ŞTİ.,C=TR');
    expect(info.keyType).toBe('ec');
    expect(info.keyBits).toBe(384);
  });
});

describe('module paths', () => {
  it('has AKİS, SafeNet, OpenSC and SoftHSM for each OS', () => {
    for (const os of ['linux', 'win32', 'darwin'] as const) {
      const vendors = new Set(KNOWN_MODULES[os].map((m) => m.vendor));
      expect([...vendors].sort()).toEqual(['akis', 'opensc', 'safenet', 'softhsm']);
    }
    expect(KNOWN_MODULES.linux.some((m) => m.path.includes('akisp11'))).toBe(true);
    expect(KNOWN_MODULES.win32.some((m) => m.path.includes('eTPKCS11'))).toBe(true);
  });

  it('explicit module, then EDEFTER_PKCS11_MODULE, then installed known modules', () => {
    const saved = process.env.EDEFTER_PKCS11_MODULE;
    try {
      expect(candidateModules('/x.so')).toEqual(['/x.so']);
      process.env.EDEFTER_PKCS11_MODULE = '/y.so';
      expect(candidateModules()).toEqual(['/y.so']);
      delete process.env.EDEFTER_PKCS11_MODULE;
      expect(candidateModules()).toContain('/usr/lib/softhsm/libsofthsm2.so');
    } finally {
      if (saved === undefined) delete process.env.EDEFTER_PKCS11_MODULE;
      else process.env.EDEFTER_PKCS11_MODULE = saved;
    }
  });
});

describe('token list formatting', () => {
  it('tells a reader without a card apart from no reader at all', () => {
    const text = formatTokenList(
      [],
      [],
      [{ slotId: '0', description: 'ACS ACR39U ICC Reader 00 00', manufacturer: 'ACS', tokenPresent: false, removable: true, module: '/m.so' }],
    );
    expect(text).toContain('Okuyucu / Reader: ACS ACR39U ICC Reader 00 00 — kart takılı değil / no card inserted');
    expect(text).toContain('Takılı kart / token yok. / No token present.');
  });

  it('flags expired certificates and locked PINs', () => {
    const token = {
      slotId: '5',
      label: 'KART',
      serial: 'S1',
      manufacturer: 'M',
      model: 'X',
      pinPad: true,
      userPinCountLow: false,
      userPinFinalTry: false,
      userPinLocked: true,
    };
    const cert = {
      id: '01',
      label: 'c',
      tokenLabel: 'KART',
      tokenSerial: 'S1',
      slotId: '5',
      subject: 'CN=A',
      vkn: '6090408038',
      notBefore: '2020-01-01T00:00:00.000Z',
      notAfter: '2021-01-01T00:00:00.000Z',
      keyType: 'rsa' as const,
      keyBits: 2048,
      der: '',
    };
    const text = formatTokenList([token], [cert]);
    expect(text).toContain('PIN tuş takımı / PIN pad:    evet / yes');
    expect(text).toContain('KİLİTLİ / LOCKED');
    expect(text).toContain('SÜRESİ DOLMUŞ / EXPIRED');
    expect(text).toMatch(/VKN:\s+6090408038/);
  });
});

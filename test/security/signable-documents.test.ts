/**
 * Attack suite, class `signable-documents` (issue 10 item 7): only GİB e-Defter documents are
 * signable, decided by a real XML parse of the very bytes on the bridge (`document-inspect`).
 *
 *  - every GİB type (Y, K, YB, KB, DR built by our ledger; E and EB in GİB's envanter shape) is
 *    recognised through the bridge with the facts the ledger wrote (VKN, unvan, period, kontrol no,
 *    maddeler, satırlar, totals);
 *  - a non-e-Defter XML declared as `yevmiye` (and look-alikes: wrong namespace, wrong entriesType,
 *    wrong context, no VKN, a defter declared as berat) is refused by `document-inspect` and cannot
 *    be signed: session-open for it is refused before C_Login (no PIN reaches the token);
 *  - non-XML bytes (text, PDF, zip, UTF-16, broken UTF-8, truncated XML) are refused;
 *  - DOCTYPE / XXE anywhere is refused: internal subset, external entity, external DTD, parameter
 *    entity, billion laughs, a DOCTYPE after a 5 KB comment, an ENTITY declaration inside a comment.
 * Real bridge, real SoftHSM2 token; no mocks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { inspectDocument } from '../../packages/bridge/src/documents/index.ts';
import { shutdownTokenWorker } from '../../packages/bridge/src/token/index.ts';
import { isolatedTokens, repoRoot, tempStore } from '../token/helpers.ts';
import { attack } from './kit.ts';
import { PIN, PORTAL, TOKEN, buildGibDocs, codeOf, inspect, reasonOf, startSigningBridge, type Doc, type GibDocs, type SigningBridge } from './signing-kit.ts';

const sample = fs.readFileSync(path.join(repoRoot, 'test', 'fixtures', 'sample-yevmiye.xml'));
const Y_NAME = '6090408038-202610-Y-000000.xml';
let dir: string;
let b: SigningBridge;
let docs: GibDocs;

beforeAll(async () => {
  dir = tempStore('signable');
  await isolatedTokens(path.join(dir, 'token'), [{}]);
  b = await startSigningBridge(dir);
  docs = await buildGibDocs();
}, 120_000);

afterAll(async () => {
  await b?.close();
  await shutdownTokenWorker().catch(() => undefined);
  fs.rmSync(dir, { recursive: true, force: true });
});

const kurus = (k: bigint): string => `${k / 100n}.${String(k % 100n).padStart(2, '0')}`;

describe('GİB documents are recognised', () => {
  it('Y, K, E, YB, KB, EB, DR: type and facts read from the element structure', async () => {
    for (const t of ['Y', 'K', 'E', 'YB', 'KB', 'EB', 'DR'] as const) {
      const r = await inspect(b.client, docs[t]);
      expect(r.ok, `${t}: ${JSON.stringify(r.error)}`).toBe(true);
      expect(r.result).toMatchObject({
        type: t,
        kind: docs[t].kind,
        vkn: '6090408038',
        idKind: 'VKN',
        title: 'DEMO TİCARET A.Ş.',
        signed: false,
        size: docs[t].bytes.length,
      });
      const f = r.result as { periodStart: string; periodEnd: string; part?: string };
      expect(f.periodStart).toMatch(/^2026-01-01$/);
      expect(f.periodEnd).toMatch(/^2026-01-31$/);
    }
    const y = (await inspect(b.client, docs.Y)).result as Record<string, unknown>;
    expect(y).toMatchObject({
      entries: docs.facts.entries,
      lines: docs.facts.lines,
      totalDebit: kurus(docs.facts.totalDebit),
      totalCredit: kurus(docs.facts.totalCredit),
      part: '000000',
    });
    expect(String(y.uniqueId)).toMatch(/^YEV2026010000\d\d$/);
    const yb = (await inspect(b.client, docs.YB)).result as Record<string, unknown>;
    expect(yb).toMatchObject({ entries: 1, lines: 10, numberOfEntries: docs.facts.entries });
    expect(String(yb.ettn)).toMatch(/^[0-9a-f-]{36}$/);
    const s = (await inspect(b.client, { name: Y_NAME, kind: 'yevmiye', bytes: sample })).result;
    expect(s).toMatchObject({
      type: 'Y',
      vkn: '6090408038',
      periodStart: '2026-10-01',
      uniqueId: 'YEV202610000010',
      entries: 4,
      lines: 10,
      totalDebit: '103800.00',
      totalCredit: '103800.00',
    });
  });

  it('E and EB (envanter shapes) carry the same facts as the Y and YB they were derived from', () => {
    expect(inspectDocument(docs.E.bytes, docs.E.name)).toMatchObject({
      type: 'E',
      kind: 'envanter',
      vkn: '6090408038',
      entries: docs.facts.entries,
      lines: docs.facts.lines,
    });
    expect(inspectDocument(docs.EB.bytes, docs.EB.name)).toMatchObject({
      type: 'EB',
      kind: 'envanter-berati',
      vkn: '6090408038',
      numberOfEntries: docs.facts.entries,
    });
  });

  it('an already signed document is refused (ALREADY_SIGNED)', async () => {
    const signed = Buffer.from(
      sample
        .toString('utf8')
        .replace('</edefter:defter>', '<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo/></ds:Signature></edefter:defter>'),
    );
    expect(codeOf(await inspect(b.client, { name: Y_NAME, kind: 'yevmiye', bytes: signed }))).toBe('ALREADY_SIGNED');
  });
});

/** Look-alikes of an e-Defter document that are not one. */
function notEdefter(): Array<[string, Doc]> {
  const s = sample.toString('utf8');
  // each variant gets its own trailing comment, so its digest was never inspected as a good document
  let n = 0;
  const d = (name: string, text: string, kind = 'yevmiye'): [string, Doc] => [name, { name: 'belge.xml', kind, bytes: Buffer.from(`${text}<!-- ${++n} -->`) }];
  return [
    d(
      'plain invoice XML declared as yevmiye',
      '<?xml version="1.0" encoding="UTF-8"?><Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"><ID>1</ID><AccountingSupplierParty>6090408038</AccountingSupplierParty></Invoice>',
    ),
    d('a contract declared as yevmiye', '<?xml version="1.0"?><sozlesme><taraf vkn="6090408038">DEMO TİCARET A.Ş.</taraf><tutar>1000000</tutar></sozlesme>'),
    d('root defter in another namespace', s.replace('xmlns:edefter="http://www.edefter.gov.tr"', 'xmlns:edefter="http://evil.example/edefter"')),
    d('entriesType changed to something else', s.replace('>journal</gl-cor:entriesType>', '>account</gl-cor:entriesType>')),
    d('context id not journal_context', s.replaceAll('journal_context', 'other_context')),
    d('no VKN in xbrli:identifier', s.replace('>6090408038</xbrli:identifier>', '>DEMO</xbrli:identifier>')),
    d('no period', s.replace(/<gl-cor:periodCoveredStart[\s\S]*?<\/gl-cor:periodCoveredEnd>/, '')),
    d('a yevmiye declared as yevmiye beratı', s, 'yevmiye-berati'),
    d('a yevmiye declared as defter raporu', s, 'defter-raporu'),
    d(
      'a second documentInfo',
      s.replace(
        '<gl-cor:entityInformation>',
        '<gl-cor:documentInfo><gl-cor:entriesType>journal</gl-cor:entriesType></gl-cor:documentInfo><gl-cor:entityInformation>',
      ),
    ),
    d(
      'a second context',
      s.replace(
        '<xbrli:unit id="try">',
        '<xbrli:context id="journal_context"><xbrli:entity><xbrli:identifier scheme="http://www.gib.gov.tr">1111111111</xbrli:identifier></xbrli:entity></xbrli:context><xbrli:unit id="try">',
      ),
    ),
    d('defter element wrapped in another root', `<?xml version="1.0"?><wrapper>${s.replace(/^<\?xml[^>]*\?>\s*<\?xml-stylesheet[^>]*\?>/, '')}</wrapper>`),
    [
      'a GİB file name that contradicts the content',
      { name: '1111111111-202610-Y-000000.xml', kind: 'yevmiye', bytes: Buffer.concat([sample, Buffer.from('<!-- name -->')]) },
    ],
  ];
}

describe('non-e-Defter XML is refused before any PIN', () => {
  it('document-inspect refuses look-alikes, and session-open for them is refused before C_Login', async () => {
    const seen: string[] = [];
    const r = await attack(
      'signable-documents',
      'non-e-Defter XML declared as an e-Defter kind',
      notEdefter().map(([what, doc]) => async () => {
        const i = await inspect(b.client, doc);
        seen.push(`${what}: ${codeOf(i)} ${reasonOf(i) ?? ''}`);
        if (i.ok) return false;
        // even a session asked for it does not log in: the digest was never inspected
        const sha = (await import('node:crypto')).createHash('sha256').update(doc.bytes).digest('hex');
        const o = await b.client.request('session-open', { certificateId: '01', tokenLabel: TOKEN, pin: 'frame', forDocuments: [sha] }, PORTAL, PIN);
        seen.push(`  session-open: ${codeOf(o)} ${reasonOf(o) ?? ''}`);
        return i.ok === false && codeOf(i) === 'BAD_INPUT' && o.ok === false && reasonOf(o) === 'not-inspected';
      }),
    );
    expect(r.served, seen.join('\n')).toBe(0);
    expect(r.attempts).toBeGreaterThanOrEqual(13);
  });

  it('non-XML bytes are refused (NOT_XML)', async () => {
    const junk: Array<[string, Buffer]> = [
      ['text', Buffer.from('Merhaba, bu bir XML değil.')],
      ['PDF', Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF')],
      ['zip', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 8, 0])],
      ['UTF-16 XML', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(sample.toString('utf8'), 'utf16le')])],
      ['broken UTF-8', Buffer.concat([sample.subarray(0, 2000), Buffer.from([0xc3, 0x28]), sample.subarray(2000)])],
      ['truncated XML', sample.subarray(0, sample.length - 40)],
      ['two roots', Buffer.concat([sample, Buffer.from('<edefter:defter xmlns:edefter="http://www.edefter.gov.tr"/>')])],
      ['latin-1 declared', Buffer.from(sample.toString('utf8').replace('encoding="UTF-8"', 'encoding="ISO-8859-9"'))],
    ];
    const seen: string[] = [];
    const r = await attack(
      'signable-documents',
      'non-XML bytes',
      junk.map(([what, bytes]) => async () => {
        const i = await inspect(b.client, { name: Y_NAME, kind: 'yevmiye', bytes });
        seen.push(`${what}: ${codeOf(i)}`);
        return codeOf(i) === 'NOT_XML';
      }),
    );
    expect(r.served, seen.join('\n')).toBe(0);
  });

  it('DOCTYPE / XXE anywhere is refused (DOCTYPE_FORBIDDEN), also after a 5 KB comment', async () => {
    const body = sample.toString('utf8').replace(/^<\?xml[^>]*\?>/, '');
    const decl = '<?xml version="1.0" encoding="UTF-8"?>';
    const comment = `<!-- ${'x'.repeat(5 * 1024)} -->`;
    const variants: Array<[string, string]> = [
      ['internal subset', `${decl}<!DOCTYPE edefter:defter [<!ENTITY u "MASUM LTD.">]>${body}`],
      [
        'external entity',
        `${decl}<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>${body.replace('DEMO TİCARET A.Ş.</gl-bus:organizationIdentifier>', '&x;</gl-bus:organizationIdentifier>')}`,
      ],
      ['external DTD', `${decl}<!DOCTYPE edefter:defter SYSTEM "http://127.0.0.1:9/x.dtd">${body}`],
      ['parameter entity', `${decl}<!DOCTYPE d [<!ENTITY % p SYSTEM "file:///etc/hostname"> %p;]>${body}`],
      [
        'billion laughs',
        `${decl}<!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>${body}`,
      ],
      ['DOCTYPE after a 5 KB comment', `${decl}${comment}<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>${body}`],
      [
        'DOCTYPE after a 5 KB comment and the stylesheet PI',
        `${decl}\n<?xml-stylesheet type="text/xsl" href="yevmiye.xslt"?>${comment}<!DOCTYPE d SYSTEM "x.dtd">${body.replace(/^\s*<\?xml-stylesheet[^>]*\?>/, '')}`,
      ],
      ['ENTITY declaration inside a comment', `${decl}<!-- <!ENTITY x SYSTEM "file:///etc/passwd"> -->${body}`],
      ['DOCTYPE inside a comment after 5 KB', `${decl}${comment}<!-- <!DOCTYPE d> -->${body}`],
    ];
    const seen: string[] = [];
    const r = await attack(
      'signable-documents',
      'DOCTYPE / XXE anywhere',
      variants.map(([what, text]) => async () => {
        const i = await inspect(b.client, { name: Y_NAME, kind: 'yevmiye', bytes: Buffer.from(text) });
        seen.push(`${what}: ${codeOf(i)}`);
        return codeOf(i) === 'DOCTYPE_FORBIDDEN' && !JSON.stringify(i).includes('root:');
      }),
    );
    expect(r.served, seen.join('\n')).toBe(0);
  });

  it('file names with control or direction characters are refused (they would reach the console and the audit listing)', async () => {
    const names = ['a\u001b[31mKIRMIZI\u001b[0m.xml', 'satir\nEK.xml', 'yevmiye\u202elmx.exe', 'a\u0007.xml', 'b\u0085.xml', 'c\u2028.xml'];
    const seen: string[] = [];
    const r = await attack(
      'signable-documents',
      'unprintable file names',
      names.map((name) => async () => {
        const i = await inspect(b.client, { name, kind: 'yevmiye', bytes: sample });
        seen.push(`${JSON.stringify(name)}: ${codeOf(i)} ${reasonOf(i) ?? ''}`);
        return codeOf(i) === 'BAD_INPUT';
      }),
    );
    expect(r.served, seen.join('\n')).toBe(0);
    expect(b.log()).not.toContain('\u001b[31m');
    expect(fs.readFileSync(path.join(dir, 'data', 'audit.log'), 'utf8')).not.toMatch(/[\u202e\u0007]/);
  });

  it('a valid e-Defter document is accepted and signable with the same digest (control)', async () => {
    const i = await inspect(b.client, docs.K);
    expect(i.ok).toBe(true);
    const sha = (i.result as { sha256: string }).sha256;
    const o = await b.client.request('session-open', { certificateId: '01', tokenLabel: TOKEN, pin: 'frame', forDocuments: [sha] }, PORTAL, PIN);
    expect(o.ok, JSON.stringify(o.error)).toBe(true);
    const sessionId = (o.result as { sessionId: string }).sessionId;
    // the same bytes under another declared kind or another name than the window showed: refused
    const other = await b.client.request(
      'session-sign',
      { sessionId, name: docs.K.name, kind: 'yevmiye', bytes: docs.K.bytes.toString('base64'), timestamp: false, approvedSha256: sha },
      PORTAL,
    );
    expect([codeOf(other), reasonOf(other)]).toEqual(['BAD_INPUT', 'kind-mismatch']);
    const renamed = await b.client.request(
      'session-sign',
      { sessionId, name: 'masum.xml', kind: 'kebir', bytes: docs.K.bytes.toString('base64'), timestamp: false, approvedSha256: sha },
      PORTAL,
    );
    expect([codeOf(renamed), reasonOf(renamed)]).toEqual(['BAD_INPUT', 'name-mismatch']);
    const s = await b.client.request(
      'session-sign',
      { sessionId, name: docs.K.name, kind: 'kebir', bytes: docs.K.bytes.toString('base64'), timestamp: false, approvedSha256: sha },
      PORTAL,
      undefined,
      60_000,
    );
    expect(s.ok, JSON.stringify(s.error)).toBe(true);
    await b.client.request('session-close', { sessionId }, PORTAL);
  });
});

/**
 * The streaming C14N scanner against libxml2 (`xmllint --c14n`, C14N 1.0 with comments) on a torture
 * set (namespaces declared and re-declared, default namespace, attribute order, xml:* attributes,
 * CDATA, comments, PIs, character references, CRLF and lone CR, whitespace outside the root, `'` quotes,
 * BOM, UTF-8), fed in chunks of every awkward size; and the without-comments form (what Reference URI=""
 * digests) against xmlsec1 by signing every torture file and verifying it with `xmlsec1 --verify`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BufferSink, C14nScanner, CanonicalWriter, canonicalize, signXmlFile, verifyXmlFile } from '../../packages/bridge/src/xades/index.ts';
import { softSigner, tmpDir, TORTURE_DIR, xmllintC14n, xmlsecVerify } from './helpers.ts';

const files = fs
  .readdirSync(TORTURE_DIR)
  .filter((f) => f.endsWith('.xml'))
  .sort();
const work = tmpDir('c14n');

function scan(data: Buffer, chunk: number, withComments: boolean): Buffer {
  const sink = new BufferSink();
  const sc = new C14nScanner(new CanonicalWriter(sink), { withComments });
  for (let i = 0; i < data.length; i += chunk) sc.push(data, i, Math.min(data.length, i + chunk));
  sc.finish();
  return sink.result();
}

/** The torture files plus CRLF and lone-CR variants of each. */
function variants(): { name: string; file: string }[] {
  const out: { name: string; file: string }[] = [];
  for (const f of files) {
    const src = path.join(TORTURE_DIR, f);
    out.push({ name: f, file: src });
    const text = fs.readFileSync(src);
    for (const [tag, eol] of [
      ['crlf', '\r\n'],
      ['cr', '\r'],
    ] as const) {
      const v = path.join(work, `${path.basename(f, '.xml')}.${tag}.xml`);
      fs.writeFileSync(v, Buffer.from(text.toString('latin1').replace(/\n/g, eol), 'latin1'));
      out.push({ name: `${f} (${tag})`, file: v });
    }
  }
  return out;
}

describe('C14N 1.0 streaming scanner = libxml2', () => {
  for (const v of variants()) {
    it(`${v.name}: same bytes as xmllint --c14n for chunk sizes 1…1 MiB`, () => {
      const expected = xmllintC14n(v.file);
      const data = fs.readFileSync(v.file);
      for (const chunk of [1, 2, 3, 5, 8, 13, 64, 1 << 20]) {
        expect(scan(data, chunk, true).toString('utf8'), `chunk ${chunk}`).toBe(expected.toString('utf8'));
      }
    });
  }

  it('without comments drops every comment and the newline that separates a comment outside the root', () => {
    const out = canonicalize('<!-- a -->\n<r><!-- b -->x<!--c--></r>\n<!-- d -->\n<?pi?>').toString();
    expect(out).toBe('<r>x</r>\n<?pi?>');
  });

  it('subset: the apex renders the namespaces and xml:* attributes it inherits', () => {
    const xml = '<a xmlns="urn:d" xmlns:p="urn:p" xml:lang="tr"><b xml:space="preserve" Id="x"><p:c/></b></a>';
    expect(canonicalize(xml, { subset: { id: 'x' } }).toString()).toBe(
      '<b xmlns="urn:d" xmlns:p="urn:p" Id="x" xml:lang="tr" xml:space="preserve"><p:c></p:c></b>',
    );
  });
});

describe('C14N without comments = what xmlsec1 digests for URI=""', () => {
  for (const v of variants()) {
    it(`${v.name}: signed with our signer, verified by xmlsec1 and by us`, async () => {
      const signer = await signers;
      for (const s of [signer.rsa, signer.ec]) {
        const out = path.join(work, `signed-${s.keyType}-${path.basename(v.file)}`);
        await signXmlFile({ input: v.file, output: out, signer: s, checkVkn: false, chunkSize: 7 });
        const x = xmlsecVerify(out);
        expect(x.ok, x.out).toBe(true);
        const r = await verifyXmlFile(out, { chunkSize: 5, hashThread: true });
        expect(r.errors).toEqual([]);
        expect(r.ok).toBe(true);
      }
    });
  }
});

const signers = (async () => ({ rsa: await softSigner({ keyType: 'rsa' }), ec: await softSigner({ keyType: 'ec' }) }))();

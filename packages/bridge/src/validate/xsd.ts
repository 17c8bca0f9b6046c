/**
 * Layer (b): GİB's XSD (`xsd/edefter.xsd` with the XBRL-GL 2006-10-25 case-c-b taxonomy) through
 * libxml2's `xmllint` in streaming mode (`--stream`: flat memory for 200 MB parts), offline
 * (`--nonet`). The taxonomy imports `http://www.xbrl.org/2003/...` schemas; an XML catalog
 * (XML_CATALOG_FILES) maps them to the local copies in the package, so nothing is ever fetched.
 *
 * Unsigned drafts: `edefter_unsigned.xsd` has an empty `xs:choice` that libxml2 (correctly, per the
 * XSD spec) treats as unsatisfiable, so drafts are validated with `edefter.xsd` and only the
 * root's "missing ds:Signature / HashValue" error is dropped.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { EdefterError, ErrorCode } from '@edefter/protocol';
import type { Finding } from './findings.ts';
import type { GibPackage } from './gib-package.ts';

const catalogs = new Map<string, string>();

/** Writes (once per process and package) the XML catalog mapping xbrl.org URLs to the package's xsd folder. */
export function catalogFor(pkg: GibPackage): string {
  let c = catalogs.get(pkg.xsdDir);
  if (!c) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'edefter-xsd-'));
    c = path.join(dir, 'catalog.xml');
    const local = pathToFileURL(pkg.xsdDir).href + '/';
    writeFileSync(c, `<?xml version="1.0"?>
<catalog xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog">
  <rewriteSystem systemIdStartString="http://www.xbrl.org/2003/" rewritePrefix="${local}"/>
  <rewriteURI uriStartString="http://www.xbrl.org/2003/" rewritePrefix="${local}"/>
</catalog>
`);
    catalogs.set(pkg.xsdDir, c);
  }
  return c;
}

/** Options of {@link validateXsd}. */
export interface XsdOptions {
  /** Files that are unsigned drafts (their missing-signature error is dropped). */
  drafts?: Set<string>;
  /** xmllint binary (default `xmllint`). */
  xmllint?: string;
}

/**
 * libxml2 (2.9/2.10) stores xs:integer/xs:decimal in 24 digits and rejects longer values as
 * "not a valid value of the atomic type 'xs:integer'" — e.g. a 128-bit certificate serial in
 * ds:X509SerialNumber (38 digits), which IS a valid xs:integer. Such errors are dropped.
 */
const LIBXML_BIG_INTEGER = /'(-?[0-9]{25,})' is not a valid value of the atomic type 'xs:integer'/;

const DRAFT_ROOT_ERR = /Element '\{http:\/\/www\.edefter\.gov\.tr\}(defter|berat|defterraporu)': Missing child element\(s\)\. Expected is (one of )?\( .*(Signature|HashValue).*\)\./;

/**
 * Validates files against GİB's XSD in one xmllint run (the schema compiles once, ≈ 1 s).
 * @returns findings per file path (empty array = valid)
 * @throws EdefterError(INTERNAL) when xmllint is missing
 */
export async function validateXsd(files: string[], pkg: GibPackage, o: XsdOptions = {}): Promise<Map<string, Finding[]>> {
  const out = new Map<string, Finding[]>(files.map((f) => [f, []]));
  if (!files.length) return out;
  const args = ['--noout', '--nonet', '--stream', '--schema', pkg.xsd, ...files];
  const env = { ...process.env, XML_CATALOG_FILES: catalogFor(pkg) };
  const { code, stderr } = await new Promise<{ code: number; stderr: string }>((resolve, reject) => {
    const p = spawn(o.xmllint ?? 'xmllint', args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr.setEncoding('utf8');
    p.stderr.on('data', (d: string) => { if (err.length < 4 << 20) err += d; });
    p.on('error', (e) => reject(new EdefterError(ErrorCode.Internal, `xmllint çalıştırılamadı (libxml2-utils kurulu mu?): ${e.message}`, `cannot run xmllint (is libxml2-utils installed?): ${e.message}`)));
    p.on('close', (c) => resolve({ code: c ?? 1, stderr: err }));
  });
  const byName = new Map(files.map((f) => [f, f]));
  const bigIntOnly = new Set<string>();
  for (const line of stderr.split('\n')) {
    if (!line || /Schemas parser warning|validates$/.test(line)) continue;
    const failed = /^(.*) fails to validate$/.exec(line);
    if (failed) continue;
    const m = /^(.*?):(\d+): (?:element [^:]*: )?(.*)$/.exec(line);
    const file = m && byName.get(m[1]);
    if (!m || !file) continue;
    const msg = m[3];
    if (o.drafts?.has(file) && DRAFT_ROOT_ERR.test(msg)) continue;
    if (LIBXML_BIG_INTEGER.test(msg)) { bigIntOnly.add(file); continue; }
    out.get(file)!.push({ layer: 'b', file: path.basename(file), code: 'XSD', tr: `GİB XSD: ${msg}`, en: `GİB XSD: ${msg}`, xmlLine: +m[2] });
  }
  if (code !== 0 && code !== 3 && code !== 4 && [...out.values()].every((v) => v.length === 0) && !stderr.includes('fails to validate')) {
    throw new EdefterError(ErrorCode.Internal, `xmllint beklenmedik biçimde bitti (kod ${code}): ${stderr.slice(0, 400)}`, `xmllint failed (code ${code}): ${stderr.slice(0, 400)}`);
  }
  for (const [f, list] of out) {
    if (!list.length && new RegExp(`^${escapeRe(f)} fails to validate$`, 'm').test(stderr) && !o.drafts?.has(f) && !bigIntOnly.has(f)) {
      list.push({ layer: 'b', file: path.basename(f), code: 'XSD', tr: 'GİB XSD: dosya şemaya uymuyor', en: 'GİB XSD: the file does not validate' });
    }
  }
  return out;
}

function escapeRe(s: string): string { return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'); }

/**
 * The reference for the XSD layer in tests only: the system's libxml2 `xmllint --schema` on GİB's
 * XSD (layer b ran `--stream` before it had its own validator). Offline (`--nonet`): an XML
 * catalog maps the taxonomy's `http://www.xbrl.org/2003/...` imports to the package's xsd folder.
 *
 * Tree mode (the default here) compiles the schema once for all files and checks xs:ID
 * uniqueness; `--stream` re-reads the schema for every file (≈ 1 s CPU each) and does not check
 * IDs, so it is only worth it for files too big for a tree.
 *
 * Verdicts follow what layer b always reported:
 *  - unsigned drafts are validated with `edefter.xsd` and only the root's "missing ds:Signature /
 *    HashValue" error is dropped (`edefter_unsigned.xsd` has an empty xs:choice libxml2 reads as
 *    unsatisfiable, per the XSD spec);
 *  - libxml2 (2.9/2.10) stores xs:integer/xs:decimal in 24 digits and rejects longer values, e.g. a
 *    38-digit certificate serial in ds:X509SerialNumber, which IS a valid xs:integer: such errors
 *    are dropped.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** Writes an XML catalog mapping xbrl.org URLs to `xsdDir`; returns its path. */
export function xmllintCatalog(xsdDir: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'edefter-xsd-'));
  const c = path.join(dir, 'catalog.xml');
  const local = pathToFileURL(xsdDir).href + '/';
  writeFileSync(
    c,
    `<?xml version="1.0"?>
<catalog xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog">
  <rewriteSystem systemIdStartString="http://www.xbrl.org/2003/" rewritePrefix="${local}"/>
  <rewriteURI uriStartString="http://www.xbrl.org/2003/" rewritePrefix="${local}"/>
</catalog>
`,
  );
  return c;
}

const LIBXML_BIG_INTEGER = /'(-?[0-9]{25,})' is not a valid value of the atomic type 'xs:integer'/;
const DRAFT_ROOT_ERR = new RegExp(
  "Element '\\{http://www\\.edefter\\.gov\\.tr\\}(defter|berat|defterraporu)': " +
    'Missing child element\\(s\\)\\. Expected is (one of )?\\( .*(Signature|HashValue).*\\)\\.',
);

/** xmllint's verdict on one file: its error lines (after the drops above). */
export interface XmllintVerdict {
  ok: boolean;
  errors: string[];
}

/**
 * Runs `xmllint --noout --nonet [--stream] --schema <xsd>` once on all files.
 * @param drafts files validated as unsigned drafts (see file comment)
 * @param stream use libxml2's reader (`--stream`) instead of a tree
 */
export async function xmllintVerdicts(files: string[], xsd: string, drafts: Set<string> = new Set(), stream = false): Promise<Map<string, XmllintVerdict>> {
  const out = new Map<string, XmllintVerdict>(files.map((f) => [f, { ok: true, errors: [] }]));
  if (!files.length) return out;
  const env = { ...process.env, XML_CATALOG_FILES: xmllintCatalog(path.dirname(xsd)) };
  const stderr = await new Promise<string>((resolve, reject) => {
    const p = spawn('xmllint', ['--noout', '--nonet', ...(stream ? ['--stream'] : []), '--schema', xsd, ...files], {
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    p.stderr.setEncoding('utf8');
    p.stderr.on('data', (d: string) => {
      err += d;
    });
    p.on('error', reject);
    p.on('close', () => resolve(err));
  });
  const failed = new Set<string>();
  const dropped = new Set<string>();
  for (const line of stderr.split('\n')) {
    if (!line || /Schemas parser warning|validates$/.test(line)) continue;
    const fm = /^(.*) fails to validate$/.exec(line);
    if (fm) {
      failed.add(fm[1]);
      continue;
    }
    const m = /^(.*?):(\d+): (.*)$/.exec(line);
    const v = m && out.get(m[1]);
    if (!m || !v) continue;
    if ((drafts.has(m[1]) && DRAFT_ROOT_ERR.test(m[3])) || LIBXML_BIG_INTEGER.test(m[3])) {
      dropped.add(m[1]);
      continue;
    }
    v.ok = false;
    v.errors.push(`${m[2]}: ${m[3]}`);
  }
  for (const f of failed) {
    const v = out.get(f);
    if (v && v.ok && !dropped.has(f)) {
      v.ok = false;
      v.errors.push('fails to validate');
    }
  }
  return out;
}

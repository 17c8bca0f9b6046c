/**
 * TEST CORPUS — text mutations of the product's serialized XML (one element per line, as the
 * writers emit it; the enveloped `ds:Signature` on one line before the root's end tag).
 *
 * A systematic mutant is named by its operator and target, so its fault is re-created from the name
 * alone (`del gl-cor:enteredBy@last`, `attr-X gl-cor:amount/@decimals`, …):
 *  - `del Q[@last]`   delete the element (a leaf line, or a container's whole block);
 *  - `empty Q[@last]` empty a leaf's text;  `X Q[@last]` set a leaf's text to `X`;
 *  - `dup Q[@last]`   write the element (or block) twice;
 *  - `attr-del Q/@A`, `attr-X Q/@A` delete an attribute of the first Q, or set it to `X`.
 * `@last` is the last occurrence in the file (in a defter: inside the LAST madde), otherwise the first.
 */

/** Systematic operators. */
export type SysOp = 'del' | 'empty' | 'X' | 'dup' | 'attr-del' | 'attr-X';

/** One parsed line of the serialized XML. */
interface Line {
  kind: 'leaf' | 'open' | 'close' | 'other';
  q: string;
  attrs: string[];
}

const LEAF = /^<([\w.-]+:[\w.-]+|[\w.-]+)((?:\s+[^\s=>]+="[^"]*")*)\s*>([^<]*)<\/\1>$/;
const OPEN = /^<([\w.-]+:[\w.-]+|[\w.-]+)((?:\s+[^\s=>]+="[^"]*")*)\s*>$/;
const CLOSE = /^<\/([\w.-]+:[\w.-]+|[\w.-]+)>$/;

function parseLine(s: string): Line {
  let m = LEAF.exec(s);
  if (m) return { kind: 'leaf', q: m[1], attrs: attrNames(m[2]) };
  m = OPEN.exec(s);
  if (m) return { kind: 'open', q: m[1], attrs: attrNames(m[2]) };
  m = CLOSE.exec(s);
  if (m) return { kind: 'close', q: m[1], attrs: [] };
  return { kind: 'other', q: '', attrs: [] };
}
const attrNames = (s: string): string[] => [...s.matchAll(/([^\s=]+)="/g)].map((m) => m[1]).filter((a) => a !== 'xmlns' && !a.startsWith('xmlns:'));

/** The unsigned draft of a signed file: its own enveloped `ds:Signature` cut out (berats keep the defter's top-level `ds:SignatureValue`). */
export function draftOf(signed: string): string {
  return signed.replace(/<ds:Signature [\s\S]*<\/ds:Signature>\n?/, '');
}

/** [start, end) line range of the element whose start line is `i` (a block for a container). */
function blockAt(lines: string[], parsed: Line[], i: number): [number, number] {
  if (parsed[i].kind !== 'open') return [i, i + 1];
  let depth = 0;
  for (let j = i; j < lines.length; j++) {
    if (parsed[j].kind === 'open' && parsed[j].q === parsed[i].q) depth++;
    else if (parsed[j].kind === 'close' && parsed[j].q === parsed[i].q && --depth === 0) return [i, j + 1];
  }
  throw new Error(`no end tag for ${parsed[i].q}`);
}

/** One systematic target: operator, element, position and attribute. */
export interface SysTarget {
  op: SysOp;
  q: string;
  last: boolean;
  attr?: string;
}

/** The name of a systematic mutant (parsed back by {@link parseSysName}). */
export function sysName(t: SysTarget): string {
  return t.attr ? `${t.op} ${t.q}/@${t.attr}` : `${t.op} ${t.q}${t.last ? '@last' : ''}`;
}

/** Parses a systematic mutant name. @returns null for another name */
export function parseSysName(name: string): SysTarget | null {
  const m = /^(del|empty|X|dup|attr-del|attr-X) ([\w.:-]+?)(@last)?(?:\/@([\w.:-]+))?$/.exec(name);
  if (!m) return null;
  return { op: m[1] as SysOp, q: m[2], last: !!m[3], ...(m[4] ? { attr: m[4] } : {}) };
}

/**
 * Every systematic target of a draft: each element below the root (not the root, not the XML
 * declaration or processing instructions) at its first and, when it occurs more than once, its
 * last occurrence; leaves get del/empty/X/dup, containers del/dup; each attribute of the first
 * occurrence attr-del/attr-X.
 */
export function sysTargets(draft: string): SysTarget[] {
  const parsed = draft.split('\n').map(parseLine);
  const rootQ = parsed.find((p) => p.kind === 'open')?.q;
  const seen = new Map<string, { kind: Line['kind']; n: number; attrs: string[] }>();
  for (const p of parsed) {
    if ((p.kind !== 'leaf' && p.kind !== 'open') || p.q === rootQ) continue;
    const s = seen.get(p.q);
    if (s) s.n++;
    else seen.set(p.q, { kind: p.kind, n: 1, attrs: p.attrs });
  }
  const out: SysTarget[] = [];
  for (const [q, s] of seen) {
    const ops: SysOp[] = s.kind === 'leaf' ? ['del', 'empty', 'X', 'dup'] : ['del', 'dup'];
    for (const last of s.n > 1 ? [false, true] : [false]) for (const op of ops) out.push({ op, q, last });
    for (const a of s.attrs) for (const op of ['attr-del', 'attr-X'] as const) out.push({ op, q, last: false, attr: a });
  }
  // An operator that changes nothing (emptying an empty element) is no mutant.
  return out.filter((t) => applySys(draft, t) !== draft);
}

/**
 * Applies a systematic target to a draft.
 * @throws Error when the element is not there (the corpus changed under a recorded name)
 */
export function applySys(draft: string, t: SysTarget): string {
  const lines = draft.split('\n');
  const parsed = lines.map(parseLine);
  const idx = parsed.map((p, i) => ((p.kind === 'leaf' || p.kind === 'open') && p.q === t.q ? i : -1)).filter((i) => i >= 0);
  if (!idx.length) throw new Error(`mutant target not found: ${t.q}`);
  const i = t.last ? idx[idx.length - 1] : idx[0];
  const [a, b] = blockAt(lines, parsed, i);
  const leafText = (f: (text: string) => string) => {
    const m = LEAF.exec(lines[i]);
    if (!m) throw new Error(`${t.op}: ${t.q} is not a leaf`);
    lines[i] = lines[i].replace(/>([^<]*)</, () => `>${f(m[3])}<`);
  };
  switch (t.op) {
    case 'del':
      lines.splice(a, b - a);
      break;
    case 'dup':
      lines.splice(b, 0, ...lines.slice(a, b));
      break;
    case 'empty':
      leafText(() => '');
      break;
    case 'X':
      leafText(() => 'X');
      break;
    case 'attr-del':
    case 'attr-X': {
      const re = new RegExp(`\\s${t.attr!.replace(/[.:-]/g, '\\$&')}="[^"]*"`);
      if (!re.test(lines[i])) throw new Error(`${t.op}: ${t.q} has no @${t.attr}`);
      lines[i] = lines[i].replace(re, t.op === 'attr-del' ? '' : ` ${t.attr}="X"`);
      break;
    }
  }
  return lines.join('\n');
}

/**
 * Replaces the n-th match (0-based; negative counts from the end) of `re` with `f(match, ...groups)`.
 * @throws Error when there is no such match
 */
export function nth(x: string, re: RegExp, n: number, f: (m: string, ...g: string[]) => string): string {
  const all = [...x.matchAll(new RegExp(re.source, re.flags.includes('g') ? re.flags : re.flags + 'g'))];
  const m = all[n < 0 ? all.length + n : n];
  if (!m) throw new Error(`mutant pattern not found: ${re} #${n}`);
  return x.slice(0, m.index) + f(m[0], ...(m.slice(1) as string[])) + x.slice(m.index! + m[0].length);
}

/** Text of the LAST `<gl-cor:entryHeader>` block edited by `f` (the last madde of a defter). */
export function inLastHeader(x: string, f: (block: string) => string): string {
  const i = x.lastIndexOf('<gl-cor:entryHeader>');
  const j = x.indexOf('</gl-cor:entryHeader>', i);
  if (i < 0 || j < 0) throw new Error('no entryHeader');
  const out = f(x.slice(i, j));
  return x.slice(0, i) + out + x.slice(j);
}

/** Text of the FIRST `<gl-cor:entryHeader>` block edited by `f`. */
export function inFirstHeader(x: string, f: (block: string) => string): string {
  const i = x.indexOf('<gl-cor:entryHeader>');
  const j = x.indexOf('</gl-cor:entryHeader>', i);
  if (i < 0 || j < 0) throw new Error('no entryHeader');
  return x.slice(0, i) + f(x.slice(i, j)) + x.slice(j);
}

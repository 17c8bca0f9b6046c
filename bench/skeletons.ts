/**
 * A measuring probe for the next validator design (issue 14): how many distinct unit SKELETONS a ledger has, and what
 * keying them costs over the byte lexer. A unit is a madde (`gl-cor:entryHeader` under `gl-cor:accountingEntries`) or,
 * with `--lines`, a line (`gl-cor:entryDetail`; a Kebir madde is one account with all its lines, so its lines are the
 * unit that repeats). Its skeleton is the sequence of start tags (name and attribute text), end tags and indentation,
 * with every other text as a value slot: two units with the same skeleton differ only in their values, so what the
 * validation layers decide from structure alone could be decided once per skeleton. Skeletons are interned in a trie
 * keyed by the lexer's strings (Map per node), which is what the figure `keyed` costs over `lexer alone`.
 *
 * Usage: node scripts/run.mjs tsx bench/skeletons.ts <file.xml> [--lines]
 * Prints: units, value slots, distinct skeletons, the largest skeleton counts, trie nodes, and the two times (ms).
 * No assertions: figures only.
 */
import { lexFile } from '../packages/bridge/src/validate/xml-read.ts';
import type { LexerHandler } from '../packages/bridge/src/validate/xml-lexer.ts';

/** A trie node: a skeleton prefix, numbered. */
interface Node {
  readonly next: Map<unknown, Node>;
  readonly id: number;
}

/** Keys of the trie besides the lexer's own strings. */
const VALUE = Symbol('value');
const END = Symbol('end');

/** What one pass found. */
interface Found {
  units: number;
  values: number;
  skeletons: Map<number, number>;
  nodes: number;
}

/** A handler that walks the trie through each unit and counts where each unit ends. */
function skeletonHandler(unitName: string, found: Found): LexerHandler {
  const root: Node = { next: new Map(), id: found.nodes++ };
  let cur: Node | null = null;
  let depth = 0;
  let unitDepth = -1;
  const step = (k: unknown) => {
    let n = cur!.next.get(k);
    if (n === undefined) {
      n = { next: new Map(), id: found.nodes++ };
      cur!.next.set(k, n);
    }
    cur = n;
  };
  return {
    start(qname, attrs) {
      depth++;
      if (cur === null && qname === unitName) {
        cur = root;
        unitDepth = depth;
        found.units++;
      }
      if (cur !== null) {
        step(qname);
        step(attrs);
      }
    },
    end() {
      if (cur !== null) {
        step(END);
        if (depth === unitDepth) {
          found.skeletons.set(cur.id, (found.skeletons.get(cur.id) ?? 0) + 1);
          cur = null;
        }
      }
      depth--;
    },
    text(s) {
      if (cur === null) return;
      // indentation is part of the skeleton (the lexer hands it out interned); anything else is a value slot
      if (s.charCodeAt(0) === 10 && s.trim() === '') step(s);
      else {
        step(VALUE);
        found.values++;
      }
    },
  };
}

async function main(): Promise<void> {
  const file = process.argv[2];
  if (!file) throw new Error('usage: bench/skeletons.ts <file.xml> [--lines]');
  const unit = process.argv.includes('--lines') ? 'gl-cor:entryDetail' : 'gl-cor:entryHeader';
  const none: LexerHandler = { start() {}, end() {}, text() {} };
  let t0 = performance.now();
  await lexFile(file, none);
  const lexMs = performance.now() - t0;
  const found: Found = { units: 0, values: 0, skeletons: new Map(), nodes: 0 };
  t0 = performance.now();
  await lexFile(file, skeletonHandler(unit, found));
  const keyedMs = performance.now() - t0;
  const top = [...found.skeletons.values()].sort((a, b) => b - a).slice(0, 10);
  console.log(`unit ${unit}: ${found.units} units, ${found.values} value slots, ${found.skeletons.size} distinct skeletons`);
  console.log(`largest skeleton counts: ${top.join(', ')}; trie nodes ${found.nodes}`);
  console.log(`lexer alone ${lexMs.toFixed(0)} ms, keyed ${keyedMs.toFixed(0)} ms (+${(keyedMs - lexMs).toFixed(0)} ms)`);
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack}\n`);
  process.exit(1);
});

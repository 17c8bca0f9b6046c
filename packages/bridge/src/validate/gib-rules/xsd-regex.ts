/**
 * Translates an XPath 2.0 regular expression (F&O §7.6.1: XML Schema regex plus `^`/`$` anchors,
 * reluctant quantifiers and back-references) to a JavaScript RegExp with the `u` flag.
 * Mapped with care: `\d` is any Unicode decimal digit (`\p{Nd}`) and `\w` its XSD meaning, `.`
 * excludes only `\n` and `\r` (not U+2028/2029 as JS does), `$` matches only at the very end
 * (no flag `m`), XSD's `\i`/`\c` name classes and character-class subtraction (`[a-z-[aeiou]]`)
 * are refused, as are flags other than `i`, `s`, `m`, `x`.
 */
import { XPathError } from './xpath-values.ts';

const cache = new Map<string, RegExp>();
const cacheFlags = new Map<string, RegExp>();

/** The JS RegExp for an XPath pattern and flags (cached). @throws XPathError FORX0002 / FORX0001 */
export function xpathRegex(pattern: string, flags = ''): RegExp {
  if (flags === '') {
    let re = cache.get(pattern);
    if (!re) {
      re = translate(pattern, flags);
      cache.set(pattern, re);
    }
    return re;
  }
  const key = `${flags}\u0000${pattern}`;
  let re = cacheFlags.get(key);
  if (!re) {
    re = translate(pattern, flags);
    cacheFlags.set(key, re);
  }
  return re;
}

function translate(pattern: string, flags: string): RegExp {
  if (/[^ismx]/.test(flags)) throw new XPathError('FORX0001', `geçersiz regex bayrağı (invalid regex flags) "${flags}"`);
  const src = flags.includes('x') ? pattern.replace(/[\t\n\r ]/g, '') : pattern;
  let out = '';
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') {
      const n = src[i + 1];
      if (n === undefined) throw new XPathError('FORX0002', 'regex sonunda \\ (trailing backslash)');
      i++;
      if (n === 'd') out += inClass ? '\\p{Nd}' : '\\p{Nd}';
      else if (n === 'D') out += inClass ? bad('\\D in a class') : '\\P{Nd}';
      else if (n === 'w') out += inClass ? bad('\\w in a class') : '[^\\p{P}\\p{Z}\\p{C}]';
      else if (n === 'W') out += inClass ? bad('\\W in a class') : '[\\p{P}\\p{Z}\\p{C}]';
      else if (n === 's') out += '[ \\t\\n\\r]'.slice(inClass ? 1 : 0, inClass ? -1 : undefined);
      else if (n === 'S') out += inClass ? bad('\\S in a class') : '[^ \\t\\n\\r]';
      else if (n === 'i' || n === 'I' || n === 'c' || n === 'C') bad(`\\${n}`);
      else if (n === 'p' || n === 'P') {
        const m = /^\{([A-Za-z0-9-]+)\}/.exec(src.slice(i + 1));
        if (!m) bad('\\p without {…}');
        if (m![1].startsWith('Is')) bad('\\p{Is…} block escapes');
        out += `\\${n}{${m![1]}}`;
        i += m![0].length;
      } else if ('nrt\\|.?*+(){}[]^$-'.includes(n)) out += `\\${n}`;
      else if (/[1-9]/.test(n) && !inClass) out += `\\${n}`;
      else bad(`\\${n}`);
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      else if (c === '-' && src[i + 1] === '[') bad('character-class subtraction');
      else if (c === '[') bad('[ inside a class');
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      if (src[i + 1] === '^') {
        out += '^';
        i++;
      }
      continue;
    }
    if (c === '.') {
      out += flags.includes('s') ? '[^]' : '[^\\n\\r]';
      continue;
    }
    if (c === '(' && src[i + 1] === '?') {
      if (src[i + 2] === ':') {
        out += '(?:';
        i += 2;
        continue;
      }
      bad('(? groups other than (?:');
    }
    out += c;
  }
  if (inClass) throw new XPathError('FORX0002', 'kapanmamış karakter sınıfı (unterminated class)');
  let jsFlags = 'u';
  if (flags.includes('i')) jsFlags += 'i';
  if (flags.includes('m')) jsFlags += 'm';
  try {
    return new RegExp(out, jsFlags);
  } catch (e) {
    throw new XPathError('FORX0002', `geçersiz düzenli ifade (invalid regex) ${pattern}: ${(e as Error).message}`);
  }
  function bad(what: string): never {
    throw new XPathError('FORX0002', `desteklenmeyen regex öğesi (unsupported regex construct) ${what} in ${pattern}`);
  }
}

/**
 * Translates an XSD 1.0 regular expression (XSD Part 2, Appendix F) into a JavaScript RegExp with
 * the `u` flag. XSD patterns are implicitly anchored, `^` and `$` are ordinary characters, `.`
 * excludes only CR and LF, `\s` is exactly space/tab/CR/LF, `\d` is any Unicode decimal digit and
 * `\i`/`\c` are the XML name start/name characters. Character-class subtraction (`[a-z-[aeiou]]`)
 * and block escapes (`\p{IsBasicLatin}`) are refused with an error (GİB's schemas use neither).
 */

const NAME_START =
  'A-Z_a-z:\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C-\\u200D\\u2070-\\u218F' +
  '\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD\\u{10000}-\\u{EFFFF}';
const NAME_CHAR = `${NAME_START}\\-.0-9\\u00B7\\u0300-\\u036F\\u203F-\\u2040`;

/** Class bodies (without brackets) of the multi-character escapes; negated ones are marked with `^`. */
const CLASS_ESC: Record<string, [string, boolean]> = {
  s: [' \\t\\n\\r', false],
  S: [' \\t\\n\\r', true],
  i: [NAME_START, false],
  I: [NAME_START, true],
  c: [NAME_CHAR, false],
  C: [NAME_CHAR, true],
  d: ['\\p{Nd}', false],
  D: ['\\p{Nd}', true],
  w: ['\\p{P}\\p{Z}\\p{C}', true],
  W: ['\\p{P}\\p{Z}\\p{C}', false],
};
const SINGLE_ESC = new Set(['n', 'r', 't', '\\', '|', '.', '?', '*', '+', '(', ')', '{', '}', '-', '[', ']', '^', '$']);

/**
 * @returns an anchored RegExp equivalent to the XSD pattern
 * @throws Error naming the construct when it is not supported or the pattern is malformed
 */
export function xsdRegex(pattern: string): RegExp {
  let out = '';
  let i = 0;
  const n = pattern.length;
  const readEscape = (inClass: boolean): string => {
    const c = pattern[i + 1];
    if (c === undefined) throw new Error(`pattern ends with '\\': ${pattern}`);
    i += 2;
    if (c === 'p' || c === 'P') {
      const e = pattern.indexOf('}', i);
      if (pattern[i] !== '{' || e < 0) throw new Error(`malformed \\${c} in ${pattern}`);
      const prop = pattern.slice(i + 1, e);
      if (prop.startsWith('Is')) throw new Error(`block escape \\${c}{${prop}} is not supported`);
      i = e + 1;
      return `\\${c}{${prop}}`;
    }
    const cls = CLASS_ESC[c];
    if (cls) {
      if (inClass && cls[1]) throw new Error(`negated escape \\${c} inside a character class is not supported`);
      return inClass ? cls[0] : `[${cls[1] ? '^' : ''}${cls[0]}]`;
    }
    if (SINGLE_ESC.has(c)) return c === 'n' || c === 'r' || c === 't' ? `\\${c}` : `\\${c}`;
    throw new Error(`unknown escape \\${c} in ${pattern}`);
  };
  while (i < n) {
    const c = pattern[i];
    if (c === '\\') {
      out += readEscape(false);
      continue;
    }
    if (c === '[') {
      let body = '';
      i++;
      if (pattern[i] === '^') {
        body += '^';
        i++;
      }
      let first = true;
      while (i < n && (pattern[i] !== ']' || first)) {
        first = false;
        const d = pattern[i];
        if (d === '\\') {
          body += readEscape(true);
          continue;
        }
        if (d === '-' && pattern[i + 1] === '[') throw new Error(`character class subtraction is not supported: ${pattern}`);
        if (d === '[') throw new Error(`'[' inside a character class: ${pattern}`);
        body += d === '/' || d === '^' ? `\\${d}` : d;
        i++;
      }
      if (pattern[i] !== ']') throw new Error(`unclosed character class: ${pattern}`);
      i++;
      out += `[${body}]`;
      continue;
    }
    if (c === '.') {
      out += '[^\\n\\r]';
      i++;
      continue;
    }
    if (c === '^' || c === '$' || c === '/') {
      out += `\\${c}`;
      i++;
      continue;
    }
    if (c === '(') {
      out += '(?:';
      i++;
      continue;
    }
    out += c;
    i++;
  }
  return new RegExp(`^(?:${out})$`, 'u');
}

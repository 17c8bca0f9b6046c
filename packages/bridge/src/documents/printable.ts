/**
 * File names from pages are shown in the consent window, printed in the bridge's console and listed
 * by `edefter audit list`: only printable names are accepted, and a refused one is logged escaped.
 */

/** C0 and C1 controls, DEL, line / paragraph separators and bidi embedding / override / isolate marks. */
export const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** The name with every unprintable character written as `\uXXXX` (for the log and the audit record). */
export function printable(name: string): string {
  return name.replace(new RegExp(UNPRINTABLE.source, 'g'), (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

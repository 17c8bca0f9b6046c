/**
 * Check digits of Turkish identity numbers: the 10-digit Vergi Kimlik Numarası (VKN) and the 11-digit
 * T.C. Kimlik Numarası (TCKN). GİB's schematron only checks the digit count (`^[0-9]{10,11}$`); a
 * mistyped number would still pass it and end up in a signed legal ledger, so we check the digits
 * wherever a number enters: company.json, export rows (`taxNumber`) and documents to be signed.
 * (Moved from the bridge's ledger/tax-id.ts so validate/ and ledger/ share it; ledger keeps assertTaxId.)
 *
 * Algorithms (public, as published by GİB and the Nüfus ve Vatandaşlık İşleri):
 *  - VKN: for the first nine digits dᵢ (i = 1…9) t = (dᵢ + 10 − i) mod 10; vᵢ = 9 when t = 9, else
 *    (t · 2^(10−i)) mod 9; the tenth digit is (10 − Σvᵢ mod 10) mod 10.
 *  - TCKN: the first digit is not 0; d₁₀ = ((d₁+d₃+d₅+d₇+d₉)·7 − (d₂+d₄+d₆+d₈)) mod 10;
 *    d₁₁ = (d₁ + … + d₁₀) mod 10.
 */

/** What a number is, by its length. */
export type TaxIdKind = 'VKN' | 'TCKN';

/** True when `s` is ten digits with a correct VKN check digit. */
export function isValidVkn(s: string): boolean {
  if (!/^[0-9]{10}$/.test(s)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    const t = (s.charCodeAt(i) - 48 + 9 - i) % 10;
    sum += t === 9 ? 9 : (t * 2 ** (9 - i)) % 9;
  }
  return (10 - (sum % 10)) % 10 === s.charCodeAt(9) - 48;
}

/** True when `s` is eleven digits, not starting with 0, with both TCKN check digits correct. */
export function isValidTckn(s: string): boolean {
  if (!/^[1-9][0-9]{10}$/.test(s)) return false;
  const d = Array.from(s, (c) => c.charCodeAt(0) - 48);
  const odd = d[0] + d[2] + d[4] + d[6] + d[8];
  const even = d[1] + d[3] + d[5] + d[7];
  if ((((odd * 7 - even) % 10) + 10) % 10 !== d[9]) return false;
  return d.slice(0, 10).reduce((a, b) => a + b, 0) % 10 === d[10];
}

/**
 * Checks a VKN (10 digits) or TCKN (11 digits).
 * @returns null when valid, else the reason in Turkish and English (without the "where" prefix)
 */
export function taxIdProblem(s: string): { tr: string; en: string; kind?: TaxIdKind } | null {
  if (/^[0-9]{10}$/.test(s)) {
    return isValidVkn(s)
      ? null
      : {
          kind: 'VKN',
          tr: `VKN ${s} geçersiz: kontrol basamağı tutmuyor (yanlış yazılmış olabilir)`,
          en: `VKN ${s} is invalid: the check digit does not match (probably mistyped)`,
        };
  }
  if (/^[0-9]{11}$/.test(s)) {
    if (s[0] === '0') return { kind: 'TCKN', tr: `TCKN ${s} geçersiz: 0 ile başlayamaz`, en: `TCKN ${s} is invalid: it cannot start with 0` };
    return isValidTckn(s)
      ? null
      : {
          kind: 'TCKN',
          tr: `TCKN ${s} geçersiz: kontrol basamakları tutmuyor (yanlış yazılmış olabilir)`,
          en: `TCKN ${s} is invalid: the check digits do not match (probably mistyped)`,
        };
  }
  return { tr: `'${s}' 10 haneli VKN veya 11 haneli TCKN değil`, en: `'${s}' is neither a 10-digit VKN nor an 11-digit TCKN` };
}

/** Kind of a valid number, by length. */
export function taxIdKind(s: string): TaxIdKind {
  return s.length === 11 ? 'TCKN' : 'VKN';
}

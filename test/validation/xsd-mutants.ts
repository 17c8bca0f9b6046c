/**
 * Single-fault XSD mutants of a valid e-Defter file, for the XSD equivalence test: each mutant
 * changes one thing in a DOM of the file (test code only; the product never builds a DOM of a
 * defter). Kinds: a missing element, a duplicated (extra) element, two siblings swapped (wrong
 * order), an unknown element name, the right name in a wrong namespace, bad values (date, decimal,
 * enumeration, empty, free text), an unknown / missing / bad attribute, xsi:nil, text in
 * element-only content, a bad base64 value; and, in the text, characters XML does not allow (raw and referenced).
 */
import type { Element, Node } from '@xmldom/xmldom';
import { bridgeRequire } from './xsd-kit.ts';

const { DOMParser, XMLSerializer } = bridgeRequire('@xmldom/xmldom') as typeof import('@xmldom/xmldom');

/** One mutant: a short description and the document text. */
export interface Mutant {
  name: string;
  xml: string;
}

const NS_XSI = 'http://www.w3.org/2001/XMLSchema-instance';

function elements(root: Element): Element[] {
  const out: Element[] = [];
  const walk = (e: Element) => {
    out.push(e);
    for (let n = e.firstChild; n; n = n.nextSibling) if (n.nodeType === 1) walk(n as Element);
  };
  walk(root);
  return out;
}

function nextElement(e: Element): Element | null {
  for (let n = e.nextSibling; n; n = n.nextSibling) if (n.nodeType === 1) return n as Element;
  return null;
}

function isLeaf(e: Element): boolean {
  for (let n = e.firstChild; n; n = n.nextSibling) if (n.nodeType === 1) return false;
  return true;
}

/**
 * Builds mutants of `xml`, at most `perKind` per kind (first occurrence of each distinct element name).
 * Elements under ds:Signature are left alone except for the base64 and algorithm mutants.
 */
export function xsdMutants(xml: string, perKind = 12): Mutant[] {
  const out: Mutant[] = [];
  const mutate = (name: string, edit: (doc: Document, els: Element[]) => boolean): void => {
    const doc = new DOMParser().parseFromString(xml, 'text/xml') as unknown as Document;
    const els = elements(doc.documentElement as unknown as Element);
    if (edit(doc, els)) out.push({ name, xml: new XMLSerializer().serializeToString(doc as unknown as Node) });
  };
  const probe = elements(new DOMParser().parseFromString(xml, 'text/xml').documentElement as unknown as Element);
  const firstIndex = new Map<string, number>();
  probe.forEach((e, i) => {
    if (!firstIndex.has(e.tagName) && i > 0) firstIndex.set(e.tagName, i);
  });
  const names = [...firstIndex.entries()].filter(([n]) => !/^(ds|xades):/.test(n) || n === 'ds:Signature');
  const pick = <T>(list: T[], n: number): T[] => {
    if (list.length <= n) return list;
    const step = list.length / n;
    return Array.from({ length: n }, (_, i) => list[Math.floor(i * step)]);
  };
  const leaves = names.filter(([, i]) => isLeaf(probe[i]) && (probe[i].textContent ?? '').trim() !== '');

  for (const [n, i] of pick(names, perKind))
    mutate(`eksik ${n}`, (_d, els) => {
      els[i].parentNode!.removeChild(els[i]);
      return true;
    });
  for (const [n, i] of pick(names, perKind))
    mutate(`fazla ${n}`, (_d, els) => {
      els[i].parentNode!.insertBefore(els[i].cloneNode(true), els[i]);
      return true;
    });
  for (const [n, i] of pick(names, perKind)) {
    mutate(`sıra ${n}`, (_d, els) => {
      const nx = nextElement(els[i]);
      if (!nx || nx.tagName === els[i].tagName) return false;
      els[i].parentNode!.insertBefore(nx, els[i]);
      return true;
    });
  }
  for (const [n, i] of pick(names, perKind)) {
    mutate(`bilinmeyen ad ${n}X`, (d, els) => {
      const e = els[i];
      const r = d.createElementNS(e.namespaceURI, `${e.tagName}X`) as unknown as Element;
      while (e.firstChild) r.appendChild(e.firstChild);
      for (let k = 0; k < e.attributes.length; k++) r.setAttributeNode(e.attributes[k].cloneNode(true) as never);
      e.parentNode!.replaceChild(r, e);
      return true;
    });
  }
  for (const [n, i] of pick(names, Math.ceil(perKind / 2))) {
    mutate(`yanlış ad alanı ${n}`, (d, els) => {
      const e = els[i];
      const r = d.createElementNS('urn:yanlis', `yanlis:${e.localName}`) as unknown as Element;
      while (e.firstChild) r.appendChild(e.firstChild);
      e.parentNode!.replaceChild(r, e);
      return true;
    });
  }
  const values: [string, string][] = [
    ['bozuk tarih', '2026-02-30'],
    ['bozuk ondalık', '1,5'],
    ['boş değer', ''],
    ['serbest metin', 'ÇÖP değer'],
    ['bozuk saat', '2026-01-01T25:00:00'],
  ];
  for (const [what, v] of values) {
    for (const [n, i] of pick(leaves, perKind))
      mutate(`${what} ${n}`, (_d, els) => {
        els[i].textContent = v;
        return true;
      });
  }
  const withAttrs = names.filter(([, i]) => probe[i].attributes.length > 0 && !probe[i].tagName.includes('defter'));
  for (const [n, i] of pick(withAttrs, perKind))
    mutate(`bilinmeyen nitelik ${n}`, (_d, els) => {
      els[i].setAttribute('yanlisNitelik', '1');
      return true;
    });
  for (const [n, i] of pick(withAttrs, perKind)) {
    mutate(`eksik nitelik ${n}`, (_d, els) => {
      const a = [...Array(els[i].attributes.length).keys()].map((k) => els[i].attributes[k]).find((x) => !x.name.startsWith('xmlns'));
      if (!a) return false;
      els[i].removeAttribute(a.name);
      return true;
    });
  }
  for (const [n, i] of pick(withAttrs, perKind)) {
    mutate(`bozuk nitelik ${n}`, (_d, els) => {
      const a = [...Array(els[i].attributes.length).keys()].map((k) => els[i].attributes[k]).find((x) => !x.name.startsWith('xmlns'));
      if (!a) return false;
      els[i].setAttribute(a.name, 'ÇÖP değer');
      return true;
    });
  }
  for (const [n, i] of pick(
    names.filter(([, i]) => !isLeaf(probe[i])),
    Math.ceil(perKind / 2),
  )) {
    mutate(`metin ${n}`, (d, els) => {
      els[i].insertBefore(d.createTextNode('yanlış metin') as never, els[i].firstChild);
      return true;
    });
  }
  for (const [n, i] of pick(leaves, Math.ceil(perKind / 2))) {
    mutate(`xsi:nil dolu ${n}`, (_d, els) => {
      els[i].setAttributeNS(NS_XSI, 'xsi:nil', 'true');
      return true;
    });
    mutate(`xsi:nil boş ${n}`, (_d, els) => {
      els[i].setAttributeNS(NS_XSI, 'xsi:nil', 'true');
      els[i].textContent = '';
      return true;
    });
  }
  /** One mutant on the first element `test` accepts (none when the file has no such element). */
  const onFirst = (name: string, test: (e: Element) => boolean, edit: (e: Element, d: Document) => void): void =>
    mutate(name, (d, els) => {
      const e = els.find(test);
      if (!e) return false;
      edit(e, d);
      return true;
    });
  const named = (local: string) => (e: Element) => e.localName === local;
  onFirst('bozuk base64 ds:SignatureValue', named('SignatureValue'), (e) => {
    e.textContent = 'QUJD*RA==';
  });
  onFirst('base64 dolgu ds:DigestValue', named('DigestValue'), (e) => {
    e.textContent = 'QUJDRA=';
  });
  onFirst('ds:SignedInfo eksik', named('SignedInfo'), (e) => {
    e.parentNode!.removeChild(e);
  });
  onFirst('Algorithm eksik', named('SignatureMethod'), (e) => {
    e.removeAttribute('Algorithm');
  });
  onFirst('bozuk xades:SigningTime', named('SigningTime'), (e) => {
    e.textContent = '2026-13-01T00:00:00Z';
  });
  onFirst('bozuk entriesType', named('entriesType'), (e) => {
    e.textContent = 'yanlis';
  });
  onFirst('entriesType boşluklu', named('entriesType'), (e) => {
    e.textContent = `  ${e.textContent}\n `;
  });
  onFirst('bozuk debitCreditCode', named('debitCreditCode'), (e) => {
    e.textContent = 'B';
  });
  onFirst(
    'decimals INF yerine X',
    (e) => !!e.getAttribute('decimals'),
    (e) => {
      e.setAttribute('decimals', 'X');
    },
  );
  onFirst(
    'decimals -2',
    (e) => !!e.getAttribute('decimals'),
    (e) => {
      e.setAttribute('decimals', '-2');
    },
  );
  onFirst(
    'tanımsız QName öneki',
    (e) => e.localName === 'language' || e.localName === 'measure',
    (e) => {
      e.textContent = 'yok:tr';
    },
  );
  onFirst('xsi:type', named('uniqueID'), (e) => {
    e.setAttributeNS(NS_XSI, 'xsi:type', 'xs:string');
  });
  // Characters XML does not allow (§2.2), in the file's last text: not well-formed (xmllint: "PCDATA invalid Char
  // value", "xmlParseCharRef: invalid xmlChar value")
  let textAt = -1;
  for (const m of xml.matchAll(/>[^<>&\s][^<>&]*<\//g)) textAt = m.index + 2;
  if (textAt > 0) {
    const chars: [string, string][] = [
      ['denetim karakteri U+0001', '\u0001'],
      ['dikey sekme U+000B', '\u000b'],
      ['&#1; başvurusu', '&#1;'],
      ['&#xFFFE; başvurusu', '&#xFFFE;'],
    ];
    for (const [what, v] of chars) out.push({ name: `${what} (son metinde)`, xml: xml.slice(0, textAt) + v + xml.slice(textAt) });
  }
  mutate('kök yanlış', (d) => {
    const r = d.documentElement as unknown as Element;
    const x = d.createElementNS(r.namespaceURI, 'edefter:yanlis') as unknown as Element;
    while (r.firstChild) x.appendChild(r.firstChild);
    d.replaceChild(x as never, r as never);
    return true;
  });
  return out;
}

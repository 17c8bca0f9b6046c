/**
 * XML namespaces of e-Defter documents (spec §1.2): GİB fixes the prefix of each; the writer (bridge
 * ledger/xbrl-header.ts) declares them and the checker (bridge validate/) reads by them.
 */
/** Namespace URIs by GİB's fixed prefixes (spec §1.2). */
export const NS = {
  ds: 'http://www.w3.org/2000/09/xmldsig#',
  edefter: 'http://www.edefter.gov.tr',
  'gl-bus': 'http://www.xbrl.org/int/gl/bus/2006-10-25',
  'gl-cor': 'http://www.xbrl.org/int/gl/cor/2006-10-25',
  'gl-muc': 'http://www.xbrl.org/int/gl/muc/2006-10-25',
  iso4217: 'http://www.xbrl.org/2003/iso4217',
  iso639: 'http://www.xbrl.org/2005/iso639',
  link: 'http://www.xbrl.org/2003/linkbase',
  xbrli: 'http://www.xbrl.org/2003/instance',
  xlink: 'http://www.w3.org/1999/xlink',
  xsi: 'http://www.w3.org/2001/XMLSchema-instance',
} as const;

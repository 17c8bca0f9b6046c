/**
 * A tiny valid PDF 1.4 document (one A4 page, Helvetica text lines) for the ticari rehin sözleşmesi
 * attachment of the compliance scenarios. The cross-reference table is computed from the real byte
 * offsets (ISO 32000-1 §7.5.4), so strict readers open it. Text must be printable ASCII.
 */

/** Escapes a string for a PDF literal string (ISO 32000-1 §7.3.4.2). */
function pdfString(s: string): string {
  if (!/^[\x20-\x7e]*$/.test(s)) throw new Error('tiny PDF text must be printable ASCII');
  return `(${s.replace(/[\\()]/g, (c) => `\\${c}`)})`;
}

/**
 * Builds the PDF bytes.
 * @param lines text lines, top to bottom (printable ASCII)
 * @throws Error for non-ASCII text
 */
export function tinyPdf(lines: string[]): Buffer {
  const text = lines.map((l, i) => `BT /F1 12 Tf 72 ${770 - i * 18} Td ${pdfString(l)} Tj ET`).join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    `<< /Length ${Buffer.byteLength(text, 'latin1')} >>\nstream\n${text}\nendstream`,
  ];
  let body = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

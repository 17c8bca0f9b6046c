/**
 * `edefter token list`: the tokens the bridge can see (PIN pad, PIN counters) and the signing
 * certificates on them (subject, VKN/TCKN, validity, key type). Turkish labels first, English second.
 */
import type { Command } from 'commander';
import { listCertificates, listSlots, listTokens, shutdownTokenWorker, type CertificateInfo, type SlotInfo, type TokenInfo } from '../../token/index.ts';

function yesNo(v: boolean): string {
  return v ? 'evet / yes' : 'hayır / no';
}

function dateOnly(iso: string): string {
  return iso.slice(0, 10);
}

function validity(c: CertificateInfo, now = Date.now()): string {
  if (now < Date.parse(c.notBefore)) return 'henüz geçerli değil / not yet valid';
  if (now > Date.parse(c.notAfter)) return 'SÜRESİ DOLMUŞ / EXPIRED';
  return 'geçerli / valid';
}

/** Formats tokens and their certificates as the human-readable listing. */
export function formatTokenList(tokens: TokenInfo[], certs: CertificateInfo[], slots: SlotInfo[] = []): string {
  const lines: string[] = [];
  for (const s of slots.filter((x) => x.removable && !x.tokenPresent)) {
    lines.push(`Okuyucu / Reader: ${s.description} — kart takılı değil / no card inserted`);
  }
  if (!tokens.length) lines.push('Takılı kart / token yok. / No token present.');
  for (const t of tokens) {
    lines.push(`Kart / Token: ${t.label}`);
    lines.push(`  Seri no / Serial:            ${t.serial}`);
    lines.push(`  Üretici / Manufacturer:      ${t.manufacturer} (${t.model})`);
    lines.push(`  Yuva / Slot:                 ${t.slotId}${t.slotDescription ? ` — ${t.slotDescription}` : ''}`);
    lines.push(`  Modül / Module:              ${t.module ?? ''}`);
    lines.push(`  PIN tuş takımı / PIN pad:    ${yesNo(t.pinPad)}`);
    const pin = t.userPinLocked
      ? 'KİLİTLİ / LOCKED'
      : t.userPinFinalTry
        ? 'son deneme hakkı / final try'
        : t.userPinCountLow
          ? 'hatalı deneme yapıldı, hak azaldı / count low'
          : 'normal';
    lines.push(`  PIN durumu / PIN status:     ${pin}`);
    const mine = certs.filter((c) => c.tokenSerial === t.serial && c.tokenLabel === t.label && c.slotId === t.slotId);
    if (!mine.length) lines.push('  Sertifika yok / No certificates');
    for (const c of mine) {
      lines.push(`  Sertifika / Certificate [id ${c.id}] ${c.label}`);
      lines.push(`    Konu / Subject:            ${c.subject}`);
      if (c.vkn) lines.push(`    VKN:                       ${c.vkn}`);
      if (c.tckn) lines.push(`    TCKN:                      ${c.tckn}`);
      lines.push(`    Geçerlilik / Validity:     ${dateOnly(c.notBefore)} – ${dateOnly(c.notAfter)} (${validity(c)})`);
      lines.push(`    Anahtar / Key:             ${c.keyType === 'rsa' ? 'RSA' : 'ECDSA'} ${c.keyBits}`);
      if (c.issuer) lines.push(`    Yayıncı / Issuer:          ${c.issuer}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Registers `edefter token list`. */
export function registerToken(program: Command): void {
  const token = program.command('token').description('Akıllı kart / token işlemleri (smart card / token operations)');
  token
    .command('list')
    .description('Takılı kartları ve sertifikaları listeler (lists tokens and certificates)')
    .option('--module <path>', 'PKCS#11 modülü / module path (varsayılan: bilinen yollar / default: known paths)')
    .option('--json', 'JSON çıktı / JSON output')
    .action(async (o: { module?: string; json?: boolean }) => {
      try {
        const slots = await listSlots({ module: o.module });
        const tokens = await listTokens({ module: o.module });
        const certs = await listCertificates({ module: o.module });
        if (o.json) {
          process.stdout.write(`${JSON.stringify({ slots, tokens, certificates: certs }, null, 2)}\n`);
        } else {
          process.stdout.write(formatTokenList(tokens, certs, slots));
        }
      } finally {
        await shutdownTokenWorker();
      }
    });
}

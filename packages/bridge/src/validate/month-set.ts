/**
 * Cross-file checks of one month (spec §3.5 — what GİB's schematron cannot see): part numbering,
 * gap-free periods, madde/line/uniqueID continuity across parts (and from the previous month),
 * Y ↔ K coverage, defter ↔ berat binding (signature value, numberOfEntries, size, vergi detayı)
 * and Defter Raporu ↔ kebir totals.
 *
 * Each finding's code is the rule id of the check, beside GİB's `<sch>:<n>` ids of layer c:
 * `edefter:parts`, `edefter:continuity-period`, `edefter:continuity-uniqueid`,
 * `edefter:continuity-entry`, `edefter:continuity-line`, `edefter:k-covers-y`,
 * `edefter:berat-binding`, `edefter:berat-vergi`, `edefter:dr-covers-k`.
 */
import { VERGI_ACCOUNTS, addDays, mib2, monthEnd, monthStart, parseGibName, partNumber, type Numbering, type YearMonth } from '@edefter/domain';
import type { Finding } from './findings.ts';
import type { FileSummary } from './own/records.ts';

/** MiB with 2 decimals as GİB's measurableQuantity: @edefter/domain. */

const norm = (s: string | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

/**
 * The defter ↔ berat binding of one berat (spec §1.5, GİB-TK §2.3: the berat is built from its
 * signed defter): the copied ds:SignatureValue, numberOfEntries (YB), measurableQuantity = the
 * defter's size in MiB, uniqueID, periods, entriesType, VKN and the vergi detayı sums.
 * @param b layer-(a) summary of the berat
 * @param d layer-(a) summary of its defter (same part)
 * @returns findings (codes `edefter:berat-binding` / `edefter:berat-vergi`), empty when the berat belongs to the defter
 */
export function beratBindingFindings(b: FileSummary, d: FileSummary): Finding[] {
  const out: Finding[] = [];
  const add = (file: string, code: string, tr: string, en: string) => out.push({ layer: 'a', file, code, tr, en });
  if (d.signature.value && b.beratSignatureValue !== d.signature.value)
    add(
      b.file,
      'edefter:berat-binding',
      `beratın ds:SignatureValue değeri defterin (${d.file}) imza değeriyle aynı değil`,
      `the berat's ds:SignatureValue differs from the defter's (${d.file})`,
    );
  if (b.kind === 'YB' && Number(b.segment['gl-bus:numberOfEntries']) !== d.headers)
    add(
      b.file,
      'edefter:berat-binding',
      `numberOfEntries ${b.segment['gl-bus:numberOfEntries']}, defterde ${d.headers} madde var`,
      `numberOfEntries ${b.segment['gl-bus:numberOfEntries']}, the defter has ${d.headers}`,
    );
  if (norm(b.segment['gl-bus:measurableQuantity']) !== mib2(d.bytes))
    add(
      b.file,
      'edefter:berat-binding',
      `measurableQuantity ${b.segment['gl-bus:measurableQuantity']}, defter boyutu ${mib2(d.bytes)} MiB`,
      `measurableQuantity ${b.segment['gl-bus:measurableQuantity']}, defter size ${mib2(d.bytes)} MiB`,
    );
  for (const k of ['gl-cor:uniqueID', 'gl-cor:periodCoveredStart', 'gl-cor:periodCoveredEnd', 'gl-cor:entriesType']) {
    if (norm(b.documentInfo[k]) !== norm(d.documentInfo[k]))
      add(b.file, 'edefter:berat-binding', `${k} defterdekiyle aynı olmalı`, `${k} must equal the defter's`);
  }
  if (b.vkn !== d.vkn) add(b.file, 'edefter:berat-binding', 'VKN defterdekiyle aynı olmalı', "the VKN must equal the defter's");
  for (const a of VERGI_ACCOUNTS)
    for (const dc of ['D', 'C'] as const) {
      if (b.vergi[a][dc] !== d.vergi[a][dc])
        add(
          b.file,
          'edefter:berat-vergi',
          `vergi detayı ${a} ${dc}: beratta ${b.vergi[a][dc]}, defterde ${d.vergi[a][dc]} kuruş`,
          `vergi detayı ${a} ${dc}: berat ${b.vergi[a][dc]}, defter ${d.vergi[a][dc]} kuruş`,
        );
    }
  return out;
}

/**
 * Checks the set of files of one month.
 * @param start numbers the month starts from (previous month's last), when known
 */
export function checkMonthSet(files: FileSummary[], month: YearMonth, start?: Numbering): Finding[] {
  const out: Finding[] = [];
  const add = (file: string, code: string, tr: string, en: string) => out.push({ layer: 'a', file, code, tr, en });
  const byKind = (k: string) =>
    files
      .filter((f) => f.kind === k)
      .map((f) => ({ f, p: parseGibName(f.file) }))
      .filter((x) => x.p)
      .sort((a, b) => a.p!.part.localeCompare(b.p!.part));
  const ys = byKind('Y'),
    ks = byKind('K'),
    ybs = byKind('YB'),
    kbs = byKind('KB'),
    drs = byKind('DR');
  // part numbering
  for (const [name, set] of [
    ['Y', ys],
    ['K', ks],
  ] as const) {
    const parts = set.map((x) => partNumber(x.p!));
    if (parts.includes(0) && parts.length > 1)
      add(set[0].f.file, 'edefter:parts', `${name}: 000000 ile parçalı dosyalar bir arada olamaz`, `${name}: part 000000 cannot coexist with split parts`);
    else if (!parts.includes(0))
      parts.forEach((p, i) => {
        if (p !== i + 1)
          add(
            set[i].f.file,
            'edefter:parts',
            `${name}: parça numaraları 000001'den başlayıp ardışık olmalı (${p}, beklenen ${i + 1})`,
            `${name}: parts must run from 000001 without gaps (${p}, expected ${i + 1})`,
          );
      });
  }
  if (ys.length !== ks.length || ys.some((y, i) => ks[i]?.p?.part !== y.p!.part))
    add(ys[0]?.f.file ?? ks[0]?.f.file ?? '', 'edefter:k-covers-y', 'yevmiye ve kebir parçaları aynı olmalı', 'the Y and K parts must match');
  // periods and numbering
  const ms = monthStart(month),
    me = monthEnd(month);
  let prevEnd: string | null = null;
  let lastEntry = start?.lastEntryNumberCounter,
    lastLine = start?.lastLineNumber,
    lastUniq = start?.lastUniqueCounter;
  ys.forEach(({ f }, i) => {
    const ps = norm(f.documentInfo['gl-cor:periodCoveredStart']),
      pe = norm(f.documentInfo['gl-cor:periodCoveredEnd']);
    const want = prevEnd === null ? ms : addDays(prevEnd, 1);
    if (ps !== want)
      add(
        f.file,
        'edefter:continuity-period',
        `periodCoveredStart ${ps}, beklenen ${want} (parça dönemleri boşluksuz olmalı)`,
        `periodCoveredStart ${ps}, expected ${want} (no gaps between parts)`,
      );
    if (i === ys.length - 1 && pe !== me)
      add(
        f.file,
        'edefter:continuity-period',
        `son parçanın periodCoveredEnd değeri ayın son günü (${me}) olmalı (${pe})`,
        `the last part must end on ${me} (${pe})`,
      );
    prevEnd = pe;
    const u = Number(norm(f.documentInfo['gl-cor:uniqueID']).slice(-6));
    if (lastUniq !== undefined && u !== lastUniq + 1)
      add(
        f.file,
        'edefter:continuity-uniqueid',
        `kontrol numarası sayacı ${u}, beklenen ${lastUniq + 1} (hesap dönemi boyunca ardışık)`,
        `uniqueID counter ${u}, expected ${lastUniq + 1}`,
      );
    lastUniq = u;
    if (f.firstEntry !== undefined) {
      if (lastEntry !== undefined && f.firstEntry !== lastEntry + 1)
        add(
          f.file,
          'edefter:continuity-entry',
          `ilk yevmiye madde numarası ${f.firstEntry}, beklenen ${lastEntry + 1}`,
          `first entryNumberCounter ${f.firstEntry}, expected ${lastEntry + 1}`,
        );
      lastEntry = f.lastEntry;
    }
    if (f.firstLine !== undefined) {
      if (lastLine !== undefined && f.firstLine !== lastLine + 1)
        add(
          f.file,
          'edefter:continuity-line',
          `ilk satır numarası ${f.firstLine}, beklenen ${lastLine + 1}`,
          `first lineNumber ${f.firstLine}, expected ${lastLine + 1}`,
        );
      lastLine = f.lastLine;
    }
    const k = ks.find((x) => x.p!.part === parseGibName(f.file)!.part)?.f;
    if (k) {
      if (norm(k.documentInfo['gl-cor:periodCoveredStart']) !== ps || norm(k.documentInfo['gl-cor:periodCoveredEnd']) !== pe)
        add(k.file, 'edefter:k-covers-y', 'kebir parçası yevmiye ile aynı dönemi kapsamalı', 'the K part must cover the same period as the Y part');
      if (norm(k.documentInfo['gl-cor:uniqueID']).slice(3) !== norm(f.documentInfo['gl-cor:uniqueID']).slice(3))
        add(
          k.file,
          'edefter:continuity-uniqueid',
          'kebir kontrol numarası yevmiye ile aynı dönem ve sayacı taşımalı',
          'the K uniqueID must carry the Y period and counter',
        );
      if (k.details !== f.details || k.debit !== f.debit || k.credit !== f.credit)
        add(
          k.file,
          'edefter:k-covers-y',
          `kebir yevmiyedeki satırları kapsamıyor (satır ${k.details}/${f.details}, borç ${k.debit}/${f.debit}, alacak ${k.credit}/${f.credit} kuruş)`,
          `the K part does not carry the Y part's lines (lines ${k.details}/${f.details}, D ${k.debit}/${f.debit}, C ${k.credit}/${f.credit})`,
        );
    }
  });
  // berats
  for (const [bset, dset] of [
    [ybs, ys],
    [kbs, ks],
  ] as const) {
    for (const { f: b, p } of bset) {
      const d = dset.find((x) => x.p!.part === p!.part)?.f;
      if (!d) {
        add(b.file, 'edefter:berat-binding', 'beratın defteri bulunamadı', 'the berat has no defter');
        continue;
      }
      out.push(...beratBindingFindings(b, d));
    }
  }
  // DR ↔ K
  for (const { f: dr } of drs) {
    const union = new Map<string, { d: bigint; c: bigint; dn: number; cn: number }>();
    for (const { f: k } of ks)
      for (const [m, a] of k.accounts) {
        const u = union.get(m) ?? { d: 0n, c: 0n, dn: 0, cn: 0 };
        u.d += a.debit;
        u.c += a.credit;
        u.dn += a.debitCount;
        u.cn += a.creditCount;
        union.set(m, u);
      }
    for (const [m, u] of union) {
      const a = dr.accounts.get(m);
      if (!a) {
        add(dr.file, 'edefter:dr-covers-k', `defter raporunda ${m} hesabı yok`, `the Defter Raporu lacks account ${m}`);
        continue;
      }
      if (a.debit !== u.d || a.credit !== u.c)
        add(
          dr.file,
          'edefter:dr-covers-k',
          `defter raporu ${m}: borç/alacak ${a.debit}/${a.credit}, kebirde ${u.d}/${u.c} kuruş`,
          `Defter Raporu ${m}: D/C ${a.debit}/${a.credit}, ledger ${u.d}/${u.c}`,
        );
      if (a.debitCount !== u.dn || a.creditCount !== u.cn)
        add(
          dr.file,
          'edefter:dr-covers-k',
          `defter raporu ${m}: işlem sayısı ${a.debitCount}/${a.creditCount}, kebirde ${u.dn}/${u.cn}`,
          `Defter Raporu ${m}: counts ${a.debitCount}/${a.creditCount}, ledger ${u.dn}/${u.cn}`,
        );
    }
    for (const m of dr.accounts.keys())
      if (!union.has(m))
        add(dr.file, 'edefter:dr-covers-k', `defter raporundaki ${m} hesabı kebirde yok`, `account ${m} of the Defter Raporu is not in the ledger`);
  }
  return out;
}

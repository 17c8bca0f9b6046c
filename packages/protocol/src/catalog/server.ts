/**
 * Error catalog, area `server`: the bridge server (WebSocket connection, actions, sessions, local channel).
 * One file per area so that engineers never edit the same file; the entry shape and rules
 * (named typed parameters, never secrets, Turkish first) are in entry.ts.
 */
import { ErrorCode } from '../errors.ts';
import { area, msg } from './entry.ts';

/** `server.*` entries. */
export const SERVER = area('server', {
  'server.portInUse': msg<{ port: number }>({
    code: ErrorCode.Busy,
    retriable: false,
    tr: (p) => `Port ${p.port} kullanımda: köprü zaten çalışıyor olabilir.`,
    en: (p) => `Port ${p.port} is in use: the bridge may already be running.`,
    sample: { port: 47390 },
  }),
  'server.pinNotReceived': msg<{ reason?: 'pin-frame-missing' }>({
    code: ErrorCode.PinRequired,
    retriable: false,
    tr: () => 'PIN alınmadı (bağlantı kapandı ya da PIN gelmedi); işlemi yeniden başlatın.',
    en: () => 'The PIN was not received (the connection closed or no PIN arrived); start the operation again.',
  }),
  'server.pairCodeWrong': msg<{ reason: 'code' }>({
    code: ErrorCode.PairingRejected,
    retriable: false,
    tr: () => 'Eşleştirme kodu geçersiz ya da süresi dolmuş. "edefter pair" ile yeni bir kod alın.',
    en: () => 'The pairing code is wrong or expired. Get a new one with "edefter pair".',
    sample: { reason: 'code' },
  }),
  'server.pairingCallerRefused': msg<{ reason: string }>({
    code: ErrorCode.PairingRejected,
    retriable: false,
    tr: () => 'Eşleştirme reddedildi: çağıran, e-Defter İmza eklentisi değil.',
    en: () => 'Pairing refused: the caller is not the e-Defter signing extension.',
    sample: { reason: 'origin' },
  }),
  'server.localChannelInUse': msg<{ socket: string }>({
    code: ErrorCode.Busy,
    retriable: false,
    tr: (p) => `Başka bir köprü bu yerel kanalı kullanıyor: ${p.socket}`,
    en: (p) => `Another bridge already uses this local channel: ${p.socket}`,
    sample: { socket: '/run/user/1000/edefter/bridge.sock' },
  }),
  'server.localChannelUnsafe': msg<{ folder: string; problem: string; mode: string }>({
    code: ErrorCode.ClientNotAllowed,
    retriable: false,
    tr: (p) => `Yerel kanal klasörü güvenli değil (${p.problem}): ${p.folder}. Klasör köprüyü çalıştıran kullanıcıya ait ve 0700 olmalı (chmod 700).`,
    en: (p) => `The local channel folder is not safe (${p.problem}): ${p.folder}. It must belong to the user running the bridge and be mode 0700 (chmod 700).`,
    sample: { folder: '/run/user/1000/edefter', problem: 'mode 755', mode: '755' },
  }),
  'server.bridgeNotRunning': msg<{ reason: 'not-running' }>({
    code: ErrorCode.BridgeUnavailable,
    retriable: true,
    tr: () => 'Köprü çalışmıyor (yerel kanal yok). Önce "edefter bridge" komutunu çalıştırın.',
    en: () => 'The bridge is not running (no local channel). Start "edefter bridge" first.',
    sample: { reason: 'not-running' },
  }),
  'server.nameUnprintable': msg<{ reason: 'name-unprintable' }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: () => 'Dosya adında denetim veya yön karakteri var; yalnızca yazdırılabilir adlar kabul edilir.',
    en: () => 'The file name contains control or direction characters; only printable names are accepted.',
    sample: { reason: 'name-unprintable' },
  }),
  'server.alreadySigned': msg<{ name: string }>({
    code: ErrorCode.AlreadySigned,
    retriable: false,
    tr: (p) => `Dosya zaten imzalı: ${p.name}`,
    en: (p) => `The file is already signed: ${p.name}`,
    sample: { name: '6090408038-202601-Y-000000.xml' },
  }),
  'server.declaredKindContradictsContent': msg<{ name: string; reason: 'kind-mismatch'; declaredKind: string; type: string }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `Sayfanın bildirdiği belge türü (${p.declaredKind}) dosyanın içeriğiyle (${p.type}) uyuşmuyor: ${p.name}`,
    en: (p) => `The declared document kind (${p.declaredKind}) does not match the file's content (${p.type}): ${p.name}`,
    sample: { name: '6090408038-202601-Y-000000.xml', reason: 'kind-mismatch', declaredKind: 'kebir', type: 'Y' },
  }),
  'server.pinLockedNotSent': msg<{ tokenLabel: string; userPinCountLow?: boolean; userPinFinalTry?: boolean; userPinLocked?: boolean }>({
    code: ErrorCode.PinLocked,
    retriable: false,
    tr: () => 'PIN blokeli: kartın PUK koduyla açılması gerekir. PIN gönderilmedi.',
    en: () => 'The PIN is locked: unblock the card with its PUK. No PIN was sent.',
    sample: { tokenLabel: 'AKİS', userPinLocked: true },
  }),
  'server.lastTryNotConfirmed': msg<{
    tokenLabel: string;
    reason: 'last-try-not-confirmed';
    userPinCountLow?: boolean;
    userPinFinalTry?: boolean;
    userPinLocked?: boolean;
  }>({
    code: ErrorCode.PinRequired,
    retriable: false,
    tr: (p) =>
      p.userPinFinalTry
        ? 'Kartta son PIN deneme hakkı kaldı: yanlış bir PIN kartı kilitler. ' +
          'Denemek için onay penceresinde "son deneme" kutusunu işaretleyin. PIN karta gönderilmedi.'
        : 'Kart daha önce yanlış PIN girildiğini bildiriyor (deneme hakkı azaldı). ' +
          'Denemek için onay penceresinde "son deneme" kutusunu işaretleyin. PIN karta gönderilmedi.',
    en: (p) =>
      p.userPinFinalTry
        ? 'The card has one PIN try left: a wrong PIN locks it. Tick the "last try" box in the consent window to use it. The PIN was not sent to the card.'
        : 'The card reports earlier wrong PINs (tries are low). Tick the "last try" box in the consent window to continue. The PIN was not sent to the card.',
    sample: { tokenLabel: 'AKİS', reason: 'last-try-not-confirmed', userPinFinalTry: true },
  }),
  'server.approvedListDiffers': msg({
    code: ErrorCode.ValidationFailed,
    retriable: false,
    tr: () => 'Onaylanan paket listesi hazırlanan listeyle aynı değil; hiçbir şey gönderilmedi. Gönderimi yeniden başlatın.',
    en: () => 'The approved package list differs from the prepared one; nothing was sent. Start the send again.',
  }),
  'server.noSiteLedger': msg<{ vkn: string; period: string; part?: string }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `${p.vkn} ${p.period}${p.part ? ` ${p.part}` : ''} için bu sitenin bu bilgisayarda hazırladığı defter yok.`,
    en: (p) => `No ledger of ${p.vkn} ${p.period}${p.part ? ` ${p.part}` : ''} was prepared by this site on this computer.`,
    sample: { vkn: '6090408038', period: '2026-01', part: '000001' },
  }),
  'server.noPackageSentFromSite': msg<{ vkn: string; period: string }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `${p.vkn} ${p.period} için bu siteden GİB'e gönderilmiş paket yok.`,
    en: (p) => `No package of ${p.vkn} ${p.period} was sent to GİB from this site.`,
    sample: { vkn: '6090408038', period: '2026-01' },
  }),
  'server.notTheInspectedDocument': msg<{ reason: 'name-or-kind-mismatch'; name: string }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `${p.name}: incelenen belgeyle aynı değil.`,
    en: (p) => `${p.name}: not the inspected document.`,
    sample: { reason: 'name-or-kind-mismatch', name: '6090408038-202601-Y-000000.xml' },
  }),
  'server.notInspected': msg<{ reason: 'not-inspected'; sha256: string }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: () => 'Bu belge köprüde incelenmedi (ya da incelemenin süresi doldu); yalnızca onay penceresinde bilgileri gösterilen belgeler imzalanır.',
    en: () => 'This document was not inspected by the bridge (or the inspection expired); only documents whose facts the consent window showed are signed.',
    sample: { reason: 'not-inspected', sha256: 'ab'.repeat(32) },
  }),
  'server.taxIdMismatch': msg<{
    reason: 'vkn-mismatch';
    name: string;
    idKind: string;
    documentVkn: string;
    certificateVkn: string | null;
    certificateId: string;
    sha256: string;
  }>({
    code: ErrorCode.VknMismatch,
    retriable: false,
    tr: (p) =>
      `${p.name}: belgenin ${p.idKind} değeri (${p.documentVkn}) seçilen sertifikanınkiyle (${p.certificateVkn ?? 'yok'}) aynı değil; imzalanmaz. ` +
      'PIN karta gönderilmedi.',
    en: (p) =>
      `${p.name}: the document's ${p.idKind} (${p.documentVkn}) differs from the chosen certificate's (${p.certificateVkn ?? 'none'}); ` +
      'it is not signed. No PIN was sent to the card.',
    sample: {
      reason: 'vkn-mismatch',
      name: '6090408038-202601-Y-000000.xml',
      idKind: 'VKN',
      documentVkn: '6090408038',
      certificateVkn: null,
      certificateId: '01',
      sha256: 'ab'.repeat(32),
    },
  }),
  'server.bytesNotApproved': msg<{ reason: 'digest-mismatch'; name: string; approvedSha256: string; sha256: string }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `${p.name}: imzalanacak baytlar onay penceresinde gösterilen belgeyle aynı değil (SHA-256 farklı); imzalanmadı.`,
    en: (p) => `${p.name}: the bytes to sign are not the document the consent window showed (SHA-256 differs); not signed.`,
    sample: { reason: 'digest-mismatch', name: '6090408038-202601-Y-000000.xml', approvedSha256: 'ab'.repeat(32), sha256: 'cd'.repeat(32) },
  }),
  'server.notApprovedInSession': msg<{ reason: 'not-approved'; name: string; sha256: string }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `${p.name}: bu belge imza oturumu açılırken onaylanan belgeler arasında değil; imzalanmadı.`,
    en: (p) => `${p.name}: this document is not among those approved when the signing session was opened; not signed.`,
    sample: { reason: 'not-approved', name: '6090408038-202601-Y-000000.xml', sha256: 'ab'.repeat(32) },
  }),
  'server.nameNotShown': msg<{ reason: 'name-mismatch'; name: string; shownName: string }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `${p.name}: dosya adı onay penceresinde gösterilen addan (${p.shownName}) farklı; imzalanmadı.`,
    en: (p) => `${p.name}: the file name differs from the one the consent window showed (${p.shownName}); not signed.`,
    sample: { reason: 'name-mismatch', name: '6090408038-202601-Y-000000.xml', shownName: '6090408038-202601-K-000000.xml' },
  }),
  'server.kindNotInspected': msg<{ reason: 'kind-mismatch'; name: string; declaredKind: string; type: string }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `${p.name}: bildirilen belge türü (${p.declaredKind}) incelenen belgeninkiyle (${p.type}) aynı değil.`,
    en: (p) => `${p.name}: the declared kind (${p.declaredKind}) differs from the inspected document's (${p.type}).`,
    sample: { reason: 'kind-mismatch', name: '6090408038-202601-Y-000000.xml', declaredKind: 'kebir', type: 'Y' },
  }),
  'server.notGibName': msg<{ name: string }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `GİB dosya adı değil: ${p.name}`,
    en: (p) => `Not a GİB file name: ${p.name}`,
    sample: { name: 'defter.xml' },
  }),
  'server.kindContradictsName': msg<{ name: string; kind: string }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `${p.name}: belge türü (${p.kind}) dosya adıyla uyuşmuyor`,
    en: (p) => `${p.name}: the kind (${p.kind}) contradicts the name`,
    sample: { name: '6090408038-202601-YB-000000.xml', kind: 'kebir-berati' },
  }),
  'server.oneMonthOnly': msg({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: () => 'Dosyalar aynı VKN ve aynı döneme ait olmalı.',
    en: () => 'All files must belong to one VKN and one period.',
  }),
  'server.emptyFileToSend': msg<{ name: string }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `Dosya boş: ${p.name}`,
    en: (p) => `Empty file: ${p.name}`,
    sample: { name: '6090408038-202601-YB-000000.xml' },
  }),
  'server.noBeratToSend': msg({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: () => 'Gönderilecek berat yok (…-YB-…xml / …-KB-…xml ya da DR).',
    en: () => 'No berat to send (…-YB-…xml / …-KB-…xml or DR).',
  }),
});

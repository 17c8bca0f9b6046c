/**
 * Error catalog, area `flows`: the orchestrated flows (a whole month, GİB send/download, backup).
 * One file per area so that engineers never edit the same file; the entry shape and rules
 * (named typed parameters, never secrets, Turkish first) are in entry.ts.
 */
import { ErrorCode } from '../errors.ts';
import { area, msg, type Bilingual } from './entry.ts';

/** Why a month-run document was refused before anything was signed (`details.reason`). */
type MonthRefusal = 'digest-mismatch' | 'not-approved' | 'not-inspected' | 'name-or-kind-mismatch' | 'other-month';
type RefusalFacts = { reason: MonthRefusal; name: string; sha256: string; vkn?: string; period?: string };

const REFUSAL: Record<MonthRefusal, (p: RefusalFacts) => Bilingual> = {
  'digest-mismatch': () => ({
    tr: 'baytlar onay penceresinde gösterilen belgeyle aynı değil (SHA-256 farklı)',
    en: 'the bytes are not the document the consent window showed (SHA-256 differs)',
  }),
  'not-approved': () => ({ tr: 'bu belge onaylanan belgeler arasında değil', en: 'this document is not among the approved ones' }),
  'not-inspected': () => ({ tr: 'belge köprüde incelenmedi', en: 'the document was not inspected by the bridge' }),
  'name-or-kind-mismatch': () => ({
    tr: 'dosya adı ya da türü incelenen belgeninkiyle aynı değil',
    en: 'the name or kind differs from the inspected document',
  }),
  'other-month': (p) => ({ tr: `belge ${p.vkn} ${p.period} ayına ait değil`, en: `the document is not of ${p.vkn} ${p.period}` }),
};

/** One package of a month run as an error reports it. */
type PackageOutcome = { paketId: string; result?: string; state?: string; message?: string; code?: string };

const Y = '6090408038-202601-Y-000000.xml';

/** `flows.*` entries. */
export const FLOWS = area('flows', {
  'flows.notMonthFile': msg<{ name: string }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `${p.name}: "Ayı tamamla" yalnızca ayın imzasız Y, K ve DR dosyalarını alır.`,
    en: (p) => `${p.name}: the month run takes only the month's unsigned Y, K and DR files.`,
    sample: { name: '6090408038-202601-YB-000000.xml' },
  }),
  'flows.otherMonth': msg<{ name: string; vkn: string; period: string }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `${p.name}: ${p.vkn} ${p.period} ayına ait değil.`,
    en: (p) => `${p.name}: not of ${p.vkn} ${p.period}.`,
    sample: { name: Y, vkn: '6090408038', period: '202602' },
  }),
  'flows.needsYevmiyeAndKebir': msg({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: () => 'Ayın hem yevmiye hem kebir dosyası gerekir.',
    en: () => 'The month needs both its yevmiye and kebir files.',
  }),
  'flows.approvedPackagesDiffer': msg<{ reason: 'packages-differ'; approved: readonly string[]; planned: readonly string[] }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: () => 'Onaylanan paket listesi bu belgelerden çıkan listeyle aynı değil; hiçbir şey imzalanmadı ve gönderilmedi.',
    en: () => 'The approved package list differs from the one these documents give; nothing was signed or sent.',
    sample: { reason: 'packages-differ', approved: ['A'], planned: ['A', 'B'] },
  }),
  'flows.preparedPackagesDiffer': msg<{ reason: 'packages-differ'; found: readonly string[]; approved: readonly string[] }>({
    code: ErrorCode.ValidationFailed,
    retriable: false,
    tr: () => 'Hazırlanan paketler onaylanan listeyle aynı değil; hiçbir şey gönderilmedi.',
    en: () => 'The packages prepared differ from the approved list; nothing was sent.',
    sample: { reason: 'packages-differ', found: ['A'], approved: ['A', 'B'] },
  }),
  'flows.monthRunCancelled': msg<{ reason: 'month-run-cancelled'; before: string }>({
    code: ErrorCode.UserCancelled,
    retriable: false,
    tr: (p) => `Ayı tamamla iptal edildi (${p.before} adımından önce durdu); yeniden başlatınca kaldığı yerden sürer.`,
    en: (p) => `The month run was cancelled (stopped before ${p.before}); starting it again resumes there.`,
    sample: { reason: 'month-run-cancelled', before: 'gib-send' },
  }),
  'flows.unexpectedBeratName': msg<{ name: string }>({
    code: ErrorCode.Internal,
    retriable: false,
    tr: (p) => `Beklenmeyen berat adı: ${p.name}`,
    en: (p) => `Unexpected berat name: ${p.name}`,
    sample: { name: 'x.xml' },
  }),
  'flows.gibSendFailed': msg<{ failed: readonly PackageOutcome[]; packages: readonly PackageOutcome[] }>({
    code: ErrorCode.GibError,
    retriable: false,
    tr: (p) => `GİB'e gönderilemedi: ${p.failed.map((r) => `${r.paketId} (${r.message})`).join('; ')}`,
    en: (p) => `Not sent to GİB: ${p.failed.map((r) => r.paketId).join(', ')}`,
    sample: { failed: [{ paketId: 'P1', message: 'zaman aşımı' }], packages: [{ paketId: 'P1', result: 'failed', message: 'zaman aşımı' }] },
  }),
  'flows.approvedBeratsMissing': msg<{ failed: readonly PackageOutcome[] }>({
    code: ErrorCode.GibError,
    retriable: false,
    tr: (p) => `Onaylı berat alınamadı: ${p.failed.map((r) => `${r.paketId} (${r.message})`).join('; ')}`,
    en: (p) => `Approved berats not received: ${p.failed.map((r) => r.paketId).join(', ')}`,
    sample: { failed: [{ paketId: 'P1', state: 'PROCESSING', message: 'işleniyor' }] },
  }),
  'flows.backupFailed': msg<{ why: Bilingual }>({
    code: ErrorCode.BackupError,
    retriable: false,
    tr: (p) => `Yedeklenemedi: ${p.why.tr}`,
    en: (p) => `Backup failed: ${p.why.en}`,
    sample: { why: { tr: 'entegratör reddetti', en: 'the integrator refused' } },
  }),
  'flows.monthDocumentRefused': msg<RefusalFacts>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `${p.name}: ${REFUSAL[p.reason](p).tr}; ayın hiçbir dosyası imzalanmadı.`,
    en: (p) => `${p.name}: ${REFUSAL[p.reason](p).en}; nothing of the month was signed.`,
    sample: { reason: 'other-month', name: Y, sha256: 'ab'.repeat(32), vkn: '6090408038', period: '202602' },
  }),
});

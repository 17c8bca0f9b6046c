// e-Defter page API — "Ayı tamamla": the whole month after ONE consent window and ONE PIN
// (sign Y/K → build and sign the berats → sign the Defter Raporu → GİB'e Gönder → wait →
// Onaylı Beratı İndir → Yedekleme). Progress arrives through onProgress.
import { createEdefterClient } from '/edefter-page.js';

const edefter = createEdefterClient();
const VKN = '6090408038';
const PERIOD = '202610';
/** The month's unsigned files on your portal (the demo portal's paths) with their GİB names and kinds. */
const FILES = [
  { url: '/api/dosya/y/defter', name: `${VKN}-${PERIOD}-Y-000000.xml`, kind: 'yevmiye' },
  { url: '/api/dosya/k/defter', name: `${VKN}-${PERIOD}-K-000000.xml`, kind: 'kebir' },
  { url: '/api/dosya/dr/defter', name: `${VKN}-${PERIOD}-DR-000000.xml`, kind: 'defter-raporu' },
];

/** Runs the month; returns each step's outcome. Calling it again after an error resumes. */
export async function completeMonth() {
  const documents = [];
  for (const f of FILES) documents.push({ name: f.name, kind: f.kind, bytes: new Uint8Array(await (await fetch(f.url)).arrayBuffer()) });
  const res = await edefter.monthRun(VKN, PERIOD, documents, {
    timestamp: false,
    onProgress: (p) => console.log(`${p.label ?? p.phase}: ${p.done}${p.total ? `/${p.total}` : ''} ${p.unit ?? ''}`),
  });
  // res.signed: the signed files (bytes) to store; res.sent: GİB uploads; res.packages: the approved berats
  return res;
}

try {
  const res = await completeMonth();
  console.log('Ay tamamlandı:', res.steps ?? res);
} catch (e) {
  if (e.code === 'USER_CANCELLED') console.log(`e-Defter (${e.code}): ay çalıştırılmadı.`);
  else console.error(`e-Defter (${e.code}): ${e.tr}`);
}

// e-Defter page API — GİB'e Gönder: the signed Yevmiye, Kebir, their signed berats (and the signed
// Defter Raporu) go to the bridge, which lists the packages in the extension's consent window,
// asks for the PIN and uploads them to GİB.
import { createEdefterClient } from '/edefter-page.js';

const edefter = createEdefterClient();
const VKN = '6090408038';
const PERIOD = '202610';
/** The signed files on your portal (the demo portal's paths). */
const FILES = [
  { url: '/api/dosya/y/defter-imzali', name: `${VKN}-${PERIOD}-Y-000000.xml`, kind: 'yevmiye' },
  { url: '/api/dosya/y/berat-imzali', name: `${VKN}-${PERIOD}-YB-000000.xml`, kind: 'yevmiye-berati' },
  { url: '/api/dosya/k/defter-imzali', name: `${VKN}-${PERIOD}-K-000000.xml`, kind: 'kebir' },
  { url: '/api/dosya/k/berat-imzali', name: `${VKN}-${PERIOD}-KB-000000.xml`, kind: 'kebir-berati' },
];

/** Sends the month to GİB; returns per package the outcome and the rows' new statuses. */
export async function sendToGib() {
  const documents = [];
  for (const f of FILES) {
    const r = await fetch(f.url);
    if (r.ok) documents.push({ name: f.name, kind: f.kind, bytes: new Uint8Array(await r.arrayBuffer()) });
  }
  const res = await edefter.sendToGib(documents, { onProgress: (p) => console.log(`GİB: ${p.label ?? p.phase} ${p.done}/${p.total ?? '?'}`) });
  for (const p of res.packages) console.log(`${p.paketId}: ${p.result} — ${p.message}`);
  return res.rows.map((r) => `${r.book} ${r.part}: ${r.statusTr}`);
}

try {
  console.log("GİB'e gönderildi:", await sendToGib());
} catch (e) {
  if (e.code === 'USER_CANCELLED') console.log(`e-Defter (${e.code}): gönderilmedi.`);
  else console.error(`e-Defter (${e.code}): ${e.tr}`);
}

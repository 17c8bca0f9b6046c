// e-Defter page API — progress: every call takes onProgress({ phase, done, total, unit, label })
// while the bridge signs, uploads, polls GİB, downloads or backs up. Here a <progress> bar follows
// the signing of the Yevmiye and the Kebir.
import { createEdefterClient } from '/edefter-page.js';

const edefter = createEdefterClient();
const FILES = [
  { url: '/api/dosya/y/defter', name: '6090408038-202610-Y-000000.xml', kind: 'yevmiye' },
  { url: '/api/dosya/k/defter', name: '6090408038-202610-K-000000.xml', kind: 'kebir' },
];

const bar = document.body.appendChild(document.createElement('progress'));
const label = document.body.appendChild(document.createElement('span'));
label.setAttribute('role', 'status');

/** Shows one progress event. */
function showProgress(p) {
  if (p.total) { bar.max = p.total; bar.value = p.done; } else bar.removeAttribute('value');
  label.textContent = `${p.label ?? p.phase}: ${p.done}${p.total ? ` / ${p.total}` : ''} ${p.unit ?? ''}`;
  console.log('İlerleme:', label.textContent);
}

/** Signs both books with a progress bar; returns the signed names. */
export async function signWithProgress() {
  const documents = [];
  for (const f of FILES) documents.push({ name: f.name, kind: f.kind, bytes: new Uint8Array(await (await fetch(f.url)).arrayBuffer()) });
  const signed = await edefter.signDocuments(documents, { onProgress: showProgress });
  return signed.map((d) => d.name);
}

try {
  console.log('İmzalandı:', await signWithProgress());
} catch (e) {
  if (e.code === 'USER_CANCELLED') console.log(`e-Defter (${e.code}): kullanıcı imzalamadı.`);
  else console.error(`e-Defter (${e.code}): ${e.tr}`);
} finally {
  bar.remove();
}

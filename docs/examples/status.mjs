// e-Defter page API — status: is the extension there, is this site allowed, is the bridge connected?
// Paste into <script type="module"> on your portal (serve edefter-page.js from your own origin).
import { createEdefterClient } from '/edefter-page.js';

const edefter = createEdefterClient();

/** Reads the extension's and the bridge's state; throws an EdefterError (e.code, e.tr, e.en). */
export async function checkEdefter() {
  const st = await edefter.status();
  if (st.requiresUpdate) return `Güncelleme gerekli: ${st.requiresUpdate}`;
  if (st.bridge.state !== 'connected') return `Köprü bağlı değil (${st.bridge.state}): köprüyü başlatın ve eklentiyi eşleştirin.`;
  return `Eklenti ${st.extension.version}, köprü ${st.bridge.version} bağlı${st.bridge.tsaConfigured ? ', zaman damgası ayarlı' : ''}.`;
}

try {
  console.log('e-Defter durum:', await checkEdefter());
} catch (e) {
  if (e.code === 'EXTENSION_NOT_FOUND') console.error(`e-Defter (${e.code}): e-Defter İmza eklentisini kurun ve sayfayı yenileyin.`);
  else if (e.code === 'ORIGIN_NOT_ALLOWED') console.error(`e-Defter (${e.code}): eklenti simgesi → İzinli siteler → ${location.origin} ekleyin.`);
  else console.error(`e-Defter (${e.code}): ${e.tr}`);
}

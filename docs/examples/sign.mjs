// e-Defter page API — sign: Dosya İmzala for one unsigned Yevmiye. The user approves it in the
// extension's own window and enters the PIN there; the page gets the signed bytes back.
import { createEdefterClient } from '/edefter-page.js';

const edefter = createEdefterClient();
/** Where your portal keeps the unsigned file and where the signed one goes (the demo portal's paths). */
const UNSIGNED_URL = '/api/dosya/y/defter';
const SIGNED_URL = '/api/dosya/y/defter-imzali';
const NAME = '6090408038-202610-Y-000000.xml';

/** Signs one Yevmiye and stores the result; returns the signed document's facts. */
export async function signYevmiye() {
  const bytes = new Uint8Array(await (await fetch(UNSIGNED_URL)).arrayBuffer());
  const [signed] = await edefter.signDocuments([{ name: NAME, kind: 'yevmiye', bytes }], { timestamp: false });
  await fetch(SIGNED_URL, { method: 'PUT', headers: { 'content-type': 'application/xml' }, body: signed.bytes });
  return { name: signed.name, bytes: signed.bytes.length, sha256: signed.sha256, signingTime: signed.signingTime };
}

try {
  console.log('İmzalandı:', await signYevmiye());
} catch (e) {
  if (e.code === 'USER_CANCELLED') console.log(`e-Defter (${e.code}): kullanıcı imzalamadı.`);
  else console.error(`e-Defter (${e.code}): ${e.tr}`);
}

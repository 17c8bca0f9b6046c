// e-Defter page API — Onaylı Beratı İndir: the bridge asks GİB for the month's approved berats
// (consent + PIN in the extension), checks GİB's counter-signature and returns them.
import { createEdefterClient } from '/edefter-page.js';

const edefter = createEdefterClient();
const VKN = '6090408038';
const PERIOD = '202610';

/** Downloads the approved berats; returns their names and sizes (store `p.approved.bytes` on your side). */
export async function downloadApproved() {
  const res = await edefter.downloadApprovedBerats(VKN, PERIOD, { wait: false });
  return res.packages.map((p) => (p.approved ? `${p.approved.name} (${p.approved.bytes.length} bayt)` : `${p.paketId}: ${p.stateTr}`));
}

try {
  console.log('Onaylı beratlar:', await downloadApproved());
} catch (e) {
  // BAD_INPUT: nothing of this month was sent from this site on this computer yet
  console.error(`e-Defter (${e.code}): ${e.tr}`);
}

// e-Defter page API — Yedekleme: send the month's six files to the integrator set in the
// extension's options (no PIN: nothing is signed), then ask for the status.
import { createEdefterClient } from '/edefter-page.js';

const edefter = createEdefterClient();
const VKN = '6090408038';
const PERIOD = '202610';

/** Yedekleme › Gönder, then Durum Sorgula; returns the status text of each part. */
export async function backupMonth() {
  const sent = await edefter.backupSend(VKN, PERIOD);
  console.log(`Yedekleme Durumu: ${sent.statusTr}`);
  const parts = await edefter.backupStatus(VKN, PERIOD, { query: true });
  return parts.map((b) => `${b.part}: ${b.statusTr}${b.message ? ` — ${b.message}` : ''}`);
}

try {
  console.log('Yedekleme:', await backupMonth());
} catch (e) {
  // EMPTY_FILE: approved berats not downloaded yet; BACKUP_AUTH_FAILED: wrong integrator password;
  // BAD_INPUT: this site prepared no such month on this computer
  console.error(`e-Defter (${e.code}): ${e.tr}`);
}

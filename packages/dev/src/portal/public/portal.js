// Demo integrator portal: the seed's e-Defter screen, signing only through the page API.
import { createEdefterClient, DOCUMENT_KIND_LABELS } from '/edefter-page.js';

const edefter = createEdefterClient();
const $ = (id) => document.getElementById(id);
const STATUS_CLASS = {
  'İşlem Yapılmadı': 's0',
  'Dosya Oluşturuldu': 's1',
  'Dosya İmzalandı': 's2',
  'Berat Oluşturuldu': 's3',
  'Berat İmzalandı': 's4',
  "GİB'e Gönderildi": 's5',
  'Onaylı Berat İndirildi': 's6',
  "GİB'e Gönderilemedi": 'serr',
  'GİB Tarafından Reddedildi': 'serr',
  'Onaylı Berat İndirilemedi': 'serr',
};
const VKN = '6090408038';
/** The bridge's row (book Y/K/DR, part) → the portal's row id. */
const rowIdOf = (book, part) => (book === 'DR' ? 'dr' : `${book.toLowerCase()}${part && part !== '000000' ? `-${part}` : ''}`);
/** File slots as the seed names them (link texts). */
const SLOT_LABEL = { defter: 'Defter', 'defter-imzali': 'İmzalı defter', berat: 'Berat', 'berat-imzali': 'İmzalı berat', 'gib-berat': 'GİB onaylı berat' };
/** The bridge link's states in Turkish (status() answers codes). */
const BRIDGE_STATE_TR = {
  connected: 'bağlı',
  disconnected: 'bağlı değil',
  'not-paired': 'eşleştirilmemiş',
  pairing: 'eşleştiriliyor',
  'version-mismatch': 'sürüm uyuşmuyor',
};
/** ISO date (YYYY-MM-DD…) → GG.AA.YYYY. */
const trDate = (iso) => (iso ? iso.slice(0, 10).split('-').reverse().join('.') : '—');
/** Kuruş (decimal string) → 1.234.567,89 */
const trMoney = (k) => {
  if (k === undefined || k === null) return '—';
  const n = BigInt(k);
  const neg = n < 0n;
  const a = neg ? -n : n;
  const lira = (a / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${neg ? '-' : ''}${lira},${(a % 100n).toString().padStart(2, '0')}`;
};
let rows = [];
/** Yedekleme state of the month (the bridge's `backup-status`), shared by the Y and K rows. */
let backup = null;
const BACKUP_CLASS = { NOT_SENT: 'b0', RECEIVED: 'b1', PROCESSED: 'b1', STORED: 'b2', FAILED: 'berr' };

function log(text) {
  const li = document.createElement('li');
  li.textContent = `${new Date().toLocaleTimeString('tr-TR')} ${text}`;
  $('log').prepend(li);
}

function message(text, kind, code) {
  const m = $('message');
  m.textContent = text;
  m.className = `message ${kind ?? ''}`;
  if (code) m.dataset.code = code;
  else delete m.dataset.code;
  m.dataset.state = kind ?? '';
  log(text);
}

function showError(e) {
  const code = e && e.code ? e.code : 'INTERNAL';
  message(`HATA (${code}): ${e && e.tr ? e.tr : String(e && e.message ? e.message : e)}`, 'err', code);
}

async function api(path, opts = {}) {
  const r = await fetch(path, opts);
  if (!r.ok) throw new Error((await r.json().catch(() => ({}))).error ?? `HTTP ${r.status}`);
  return r.headers.get('content-type')?.includes('json') ? r.json() : new Uint8Array(await r.arrayBuffer());
}

function selected() {
  const ids = [...document.querySelectorAll('input.row-chk:checked')].map((c) => c.value);
  return rows.filter((r) => ids.includes(r.id));
}

function render() {
  const tb = $('rows');
  const checked = new Set([...document.querySelectorAll('input.row-chk:checked')].map((c) => c.value));
  tb.innerHTML = '';
  for (const r of rows) {
    const tr = document.createElement('tr');
    tr.dataset.testid = `row-${r.id}`;
    tr.setAttribute('data-testid', `row-${r.id}`);
    const files = Object.keys(r.files)
      .map((k) => `<a href="/api/dosya/${r.id}/${k}" download data-testid="file-${r.id}-${k}">${SLOT_LABEL[k] ?? k}</a>`)
      .join('');
    const balanced = r.totalDebit !== undefined && r.totalDebit === r.totalCredit;
    tr.innerHTML = `<td><input type="checkbox" class="row-chk" value="${r.id}" data-testid="chk-${r.id}" ${checked.has(r.id) ? 'checked' : ''}/></td>
      <td>${r.type}${r.part && r.part !== '000000' ? ` <span class="part">(${Number(r.part)}. parça)</span>` : ''}</td><td>${r.kontrolNo ?? '—'}</td><td>${r.period}</td><td>${r.unit}</td>
      <td data-testid="start-${r.id}">${trDate(r.start)}</td><td data-testid="end-${r.id}">${trDate(r.end)}</td>
      <td data-testid="madde-${r.id}">${r.maddeRange ?? '—'}</td>
      <td class="num" data-testid="borc-${r.id}">${trMoney(r.totalDebit)}</td><td class="num ${balanced ? 'eq' : ''}" data-testid="alacak-${r.id}" title="${balanced ? 'Toplam Borç = Toplam Alacak' : ''}">${trMoney(r.totalCredit)}${balanced ? ' ✓' : ''}</td><td class="status ${STATUS_CLASS[r.status] ?? ''}" data-testid="status-${r.id}">${r.status}</td>
      <td class="backup ${BACKUP_CLASS[backup?.status ?? 'NOT_SENT']}" data-testid="backup-${r.id}" data-status="${backup?.status ?? 'NOT_SENT'}" title="${backup?.message ?? ''}">${backup?.statusTr ?? 'Entegratöre Gönderilmedi'}</td>
      <td class="files">${files}</td>
      <td><details class="menu" data-testid="menu-${r.id}"><summary>İşlemler ▾</summary><div class="items">
        <span class="grp">Yedekleme</span>
        <button type="button" data-act="backup-send" data-testid="backup-send-${r.id}" ${backup?.canSend || r.files['gib-berat'] ? '' : 'disabled'}>Yedekleme › Gönder</button>
        <button type="button" data-act="backup-query" data-testid="backup-query-${r.id}" ${backup?.canQuery ? '' : 'disabled'}>Yedekleme › Durum Sorgula</button>
      </div></details></td>`;
    tr.querySelector('[data-act=backup-send]').onclick = () => backupSend(r);
    tr.querySelector('[data-act=backup-query]').onclick = () => backupQuery(r);
    tb.appendChild(tr);
  }
}

async function refresh() {
  rows = await api('/api/defterler');
  render();
  await loadImportFiles().catch(() => undefined);
  // Backups exist only once GİB's approved berats are here: ask the bridge from then on.
  if (backup || rows.some((r) => r.files['gib-berat'] || r.status === 'Onaylı Berat İndirildi')) await loadBackup();
}

const periodOf = (r) => r.period.replace('/', '');

/** Yedekleme Durumu column: the bridge's recorded state, no question to the integrator. */
async function loadBackup() {
  if (!rows.length) return;
  try {
    const list = await edefter.backupStatus(VKN, periodOf(rows[0]), { query: false });
    backup = list[0] ?? null;
  } catch {
    backup = null; // month not prepared through the bridge yet, or no extension
  }
  render();
}

function showBackup(b) {
  backup = b;
  const text = `Yedekleme Durumu: ${b.statusTr}${b.message ? ` — ${b.message}` : ''}`;
  message(b.status === 'STORED' && b.message ? b.message : text, b.status === 'FAILED' ? 'err' : 'ok', b.status === 'FAILED' ? 'BACKUP_FAILED' : 'OK');
}

// Yedekleme › Gönder: the bridge checks the six files of the month (çapraz doğrulama) and sends
// them to the integrator set in the extension's options; no PIN, nothing is signed.
function backupSend(r) {
  return withButtons(async () => {
    message('Ayın dosyaları kontrol edilip entegratöre gönderiliyor…');
    showBackup(await edefter.backupSend(VKN, periodOf(r), { onProgress }));
  });
}

// Yedekleme › Durum Sorgula: the bridge asks the integrator.
function backupQuery(r) {
  return withButtons(async () => {
    message('Yedekleme durumu entegratörden soruluyor…');
    const list = await edefter.backupStatus(VKN, periodOf(r));
    if (list[0]) showBackup(list[0]);
  });
}

async function withButtons(fn) {
  const buttons = document.querySelectorAll('.toolbar button, details.menu button');
  buttons.forEach((b) => {
    b.disabled = true;
  });
  try {
    await fn();
  } catch (e) {
    showError(e);
  } finally {
    buttons.forEach((b) => {
      b.disabled = false;
    });
    await refresh();
  }
}

async function sign(which) {
  const sel = selected().filter((r) => r.files[which]);
  if (!sel.length) {
    message('Önce uygun satırları seçin.', 'err');
    return;
  }
  const docs = [];
  for (const r of sel)
    docs.push({ name: r.names[which], kind: which === 'defter' ? r.kind : r.beratKind, bytes: await api(`/api/dosya/${r.id}/${which}`), row: r });
  const wantTs = which === 'berat' && $('chk-ts').checked ? { timestamp: true } : {};
  message(`${docs.length} belge için imza isteniyor; eklentinin onay penceresine bakın…`);
  const signed = await edefter.signDocuments(
    docs.map(({ name, kind, bytes }) => ({ name, kind, bytes })),
    { ...wantTs, onProgress },
  );
  for (let i = 0; i < signed.length; i++) {
    await api(`/api/dosya/${docs[i].row.id}/${which}-imzali`, { method: 'PUT', headers: { 'content-type': 'application/xml' }, body: signed[i].bytes });
    log(
      `${DOCUMENT_KIND_LABELS[signed[i].kind].tr} imzalandı: ${signed[i].name} (${signed[i].bytes.length} bayt${signed[i].timestamped ? ', zaman damgalı' : ''}) SHA-256 ${signed[i].sha256.slice(0, 16)}…`,
    );
  }
  message(`${signed.length} belge imzalandı.`, 'ok', 'OK');
}

$('btn-olustur').onclick = () =>
  withButtons(async () => {
    const sel = selected();
    if (!sel.length) {
      message('Önce satır seçin.', 'err');
      return;
    }
    await api('/api/olustur', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ids: sel.map((r) => r.id) }) });
    message('Dosyalar oluşturuldu.', 'ok', 'OK');
  });
$('btn-imzala').onclick = () => withButtons(() => sign('defter'));
$('btn-berat').onclick = () =>
  withButtons(async () => {
    const sel = selected();
    if (!sel.length) {
      message('Önce satır seçin.', 'err');
      return;
    }
    await api('/api/berat', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ids: sel.map((r) => r.id) }) });
    message('Beratlar oluşturuldu.', 'ok', 'OK');
  });
$('btn-berat-imzala').onclick = () => withButtons(() => sign('berat'));
/** The bridge's row statuses (book Y/K) → the portal's rows. */
async function reportStatuses(bridgeRows) {
  const updates = bridgeRows.filter((b) => b.book !== 'E').map((b) => ({ id: rowIdOf(b.book, b.part), status: b.statusTr }));
  await api('/api/gib-durum', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rows: updates }) });
}

// GİB'e Gönder: the signed defters and berats of the selected rows go to the bridge, which shows the
// packages in the extension's own consent window, asks for the PIN and uploads them to GİB.
$('btn-gib').onclick = () =>
  withButtons(async () => {
    // Y/K rows need the signed defter and berat; the Defter Raporu row only its signed file
    const sel = selected().filter((r) => r.files['defter-imzali'] && (r.kind === 'defter-raporu' || r.files['berat-imzali']));
    if (!sel.length) {
      message('Önce imzalı defteri ve imzalı beratı olan satırları seçin.', 'err');
      return;
    }
    const docs = [];
    for (const r of sel) {
      docs.push({ name: r.names['defter-imzali'], kind: r.kind, bytes: await api(`/api/dosya/${r.id}/defter-imzali`) });
      if (r.beratKind) docs.push({ name: r.names['berat-imzali'], kind: r.beratKind, bytes: await api(`/api/dosya/${r.id}/berat-imzali`) });
    }
    message(`${sel.length} defter GİB'e gönderiliyor; eklentinin onay penceresine bakın…`);
    const res = await edefter.sendToGib(docs, { onProgress });
    await reportStatuses(res.rows);
    for (const p of res.packages) log(`${p.paketId}: ${p.result === 'failed' ? 'HATA — ' : ''}${p.message}`);
    const failed = res.packages.filter((p) => p.result === 'failed');
    if (failed.length)
      message(`Gönderilemeyen paket: ${failed.map((p) => `${p.paketId} (${p.message})`).join('; ')}`, 'err', failed[0].error?.code ?? 'GIB_ERROR');
    else message(`${res.packages.length} paket GİB'e gönderildi (${res.endpoint}).`, 'ok', 'OK');
  });

// Onaylı Beratı İndir: the bridge asks GİB (consent + PIN in the extension), checks GİB's seal and
// returns the approved berats; the portal stores them beside the row.
$('btn-onayli').onclick = () =>
  withButtons(async () => {
    const sel = selected();
    const period = (sel[0] ?? rows[0]).period.replace('/', '');
    message("Onaylı beratlar GİB'den isteniyor; eklentinin onay penceresine bakın…");
    const res = await edefter.downloadApprovedBerats(VKN, period, { wait: true, onProgress });
    for (const p of res.packages) {
      log(`${p.paketId}: ${p.stateTr} — ${p.message}`);
      if (p.approved) {
        const id =
          rows.find((r) => r.names.berat && r.names.berat.startsWith(p.paketId))?.id ??
          (p.paketId.includes('-YB-') ? 'y' : p.paketId.includes('-KB-') ? 'k' : null);
        if (id) await api(`/api/dosya/${id}/gib-berat`, { method: 'PUT', headers: { 'content-type': 'application/xml' }, body: p.approved.bytes });
      }
    }
    await reportStatuses(res.rows);
    const bad = res.packages.filter((p) => p.error);
    if (bad.length) message(`Onaylı berat alınamadı: ${bad.map((p) => `${p.paketId} (${p.message})`).join('; ')}`, 'err', bad[0].error.code);
    else message(`${res.packages.filter((p) => p.approved).length} onaylı berat indirildi ve doğrulandı.`, 'ok', 'OK');
  });
$('chk-all').onchange = (e) => {
  document.querySelectorAll('input.row-chk').forEach((c) => {
    c.checked = e.target.checked;
  });
};

async function checkExtension() {
  const b = $('banner');
  try {
    const st = await edefter.status();
    b.dataset.bridge = st.bridge.state;
    b.dataset.allowed = String(st.originAllowed);
    if (st.requiresUpdate) {
      b.className = 'banner bad';
      b.textContent = `Güncelleme gerekli: ${st.requiresUpdate}`;
      return;
    }
    if (st.bridge.state !== 'connected') {
      b.className = 'banner bad';
      b.textContent = `Eklenti kurulu; köprü ${BRIDGE_STATE_TR[st.bridge.state] ?? 'bağlı değil'}. Köprü çalışıyor ("pnpm edefter bridge" ya da "npm run portal") ve eklenti eşleştirilmiş olmalı.`;
      return;
    }
    b.className = 'banner ok';
    b.textContent = `Eklenti v${st.extension.version} · köprü v${st.bridge.version} bağlı${st.bridge.tsaConfigured ? ' · zaman damgası sunucusu ayarlı' : ''}.`;
  } catch (e) {
    b.className = 'banner bad';
    b.dataset.bridge = 'none';
    // a site that is not allowed learns only this (no versions, no bridge state)
    if (e && e.code === 'ORIGIN_NOT_ALLOWED') {
      b.dataset.allowed = 'false';
      b.textContent = `Eklenti bu siteye izin vermiyor: eklenti simgesi → "İzinli siteler" → ${location.origin} ekleyin.`;
      return;
    }
    b.textContent =
      e && e.code === 'EXTENSION_NOT_FOUND'
        ? 'e-Defter İmza eklentisi bulunamadı. Eklentiyi kurun ve sayfayı yenileyin.'
        : `Eklenti hatası: ${e && e.tr ? e.tr : e}`;
  }
}

/** Dosya Sorgula: the exports found in the portal's import folder, read with the CSV options. */
async function loadImportFiles() {
  const { folder, files } = await api('/api/dosya-sorgula');
  $('import-folder').textContent = folder ?? 'tanımlı değil';
  const tb = $('import-rows');
  tb.innerHTML = '';
  for (const f of files) {
    const tr = document.createElement('tr');
    tr.setAttribute('data-testid', `import-${f.name}`);
    for (const [text, cls] of [
      [f.name],
      [f.period ?? '—'],
      [f.start ?? '—'],
      [f.end ?? '—'],
      [f.bytes < 1024 ? `${f.bytes} bayt` : `${(f.bytes / 1024).toLocaleString('tr-TR', { maximumFractionDigits: 1 })} KB`, 'num'],
      [f.status, f.status === 'Hatalı' ? 'status serr' : 'status s2'],
      [f.error ?? ''],
    ]) {
      const td = document.createElement('td');
      td.textContent = text;
      if (cls) td.className = cls;
      tr.appendChild(td);
    }
    tb.appendChild(tr);
  }
  if (!files.length) tb.innerHTML = '<tr><td colspan="7">Klasörde dosya yok.</td></tr>';
}

$('btn-sorgula').onclick = () =>
  withButtons(async () => {
    await api('/api/csv', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ header: $('chk-header').checked, delimiter: $('sel-delimiter').value }),
    });
    await loadImportFiles();
    message('Dosyalar sorgulandı.', 'ok', 'OK');
  });

/** Parçalı dönem: the dates typed as GG.AA.YYYY (one per line or comma separated) → ISO. */
function parseSplitDates(text) {
  return text
    .split(/[\s,;]+/)
    .filter(Boolean)
    .map((d) => {
      const m = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(d);
      if (!m) throw Object.assign(new Error(`Tarih GG.AA.YYYY biçiminde olmalı: ${d}`), { code: 'BAD_INPUT', tr: `Tarih GG.AA.YYYY biçiminde olmalı: ${d}` });
      return `${m[3]}-${m[2]}-${m[1]}`;
    });
}

// Tarihleri Kaydet: the parçalı dates of the month (each ends a part); the rows are planned again.
$('btn-tarihler').onclick = () =>
  withButtons(async () => {
    const splitAt = $('chk-parcali').checked ? parseSplitDates($('txt-tarihler').value) : [];
    await api('/api/tarihler', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ splitAt }) });
    message(splitAt.length ? `Parça tarihleri kaydedildi: ${splitAt.map(trDate).join(', ')}.` : 'Dönem tek parça olarak kaydedildi.', 'ok', 'OK');
  });

/**
 * Progress of the running request, as the bridge reports it through the extension (onProgress):
 * once the consent window has closed the message line shows what is running instead of
 * "look at the consent window". Every report is also kept in `window.edefterProgress` (tests).
 */
function onProgress(p) {
  (window.edefterProgress ??= []).push(p);
  const m = $('message');
  const amount = !p.total ? '' : p.unit === 'bytes' ? ` — %${Math.floor((p.done / p.total) * 100)}` : ` — ${p.done}/${p.total}`;
  m.textContent = `${p.label ?? p.phase}${amount}`;
  m.dataset.phase = p.phase;
}

// Ayı tamamla: the month's unsigned Y and K (and the Defter Raporu when the portal has one) go to the
// extension, which lists the whole month in ONE consent window; after ONE PIN the bridge signs, builds
// and signs the berats, sends to GİB, downloads the approved berats and backs up. The portal stores
// the files it gets back; "İptal" stops the bridge before its next step.
async function monthRun() {
  const src = rows.filter((r) => r.files.defter && ['yevmiye', 'kebir', 'defter-raporu'].includes(r.kind));
  if (!src.some((r) => r.kind === 'yevmiye')) {
    message('Önce "Dosya Oluştur" ile ayın defterlerini oluşturun.', 'err');
    return;
  }
  const period = periodOf(src[0]);
  const docs = [];
  for (const r of src) docs.push({ name: r.names.defter, kind: r.kind, bytes: await api(`/api/dosya/${r.id}/defter`) });
  message('Ayı tamamla: ayın bütün belgeleri eklentinin onay penceresinde; PIN bir kez girilir…');
  $('btn-ay-iptal').disabled = false;
  try {
    const res = await edefter.monthRun(VKN, period, docs, { ...($('chk-ts').checked ? { timestamp: true } : {}), onProgress });
    for (const s of res.signed) {
      const r = rows.find((x) => x.names.defter === s.name);
      const b = rows.find((x) => x.kind !== 'defter-raporu' && x.names.defter && x.names.defter.replace(/-(Y|K)-/, '-$1B-') === s.name);
      if (r) await api(`/api/dosya/${r.id}/defter-imzali`, { method: 'PUT', headers: { 'content-type': 'application/xml' }, body: s.bytes });
      else if (b) await api(`/api/dosya/${b.id}/berat-imzali`, { method: 'PUT', headers: { 'content-type': 'application/xml' }, body: s.bytes });
    }
    for (const p of res.packages) {
      const r = p.approved && rows.find((x) => x.names.defter && x.names.defter.replace(/-(Y|K)-/, '-$1B-').replace(/\.xml$/, '') === p.paketId);
      if (r) await api(`/api/dosya/${r.id}/gib-berat`, { method: 'PUT', headers: { 'content-type': 'application/xml' }, body: p.approved.bytes });
    }
    await reportStatuses(res.rows);
    for (const s of res.steps)
      log(
        `Ayı tamamla › ${s.step}: ${s.status === 'done' ? 'yapıldı' : s.status === 'resumed' ? 'önceden yapılmıştı' : 'atlandı'}${s.message ? ` — ${s.message}` : ''}`,
      );
    if (res.backup) backup = res.backup;
    message(
      `Ay tamamlandı: ${res.packages.filter((p) => p.approved).length} onaylı berat indirildi${res.backup ? `; Yedekleme Durumu: ${res.backup.statusTr}` : ''}.`,
      'ok',
      'OK',
    );
  } finally {
    $('btn-ay-iptal').disabled = true;
  }
}

{
  // the two buttons sit in the first toolbar, after GİB's
  const bar = document.querySelector('.toolbar');
  const run = document.createElement('button');
  run.id = 'btn-ay';
  run.dataset.testid = 'btn-ayi-tamamla';
  run.textContent = 'Ayı tamamla';
  run.onclick = () => withButtons(monthRun);
  const stop = document.createElement('button');
  stop.id = 'btn-ay-iptal';
  stop.dataset.testid = 'btn-ayi-tamamla-iptal';
  stop.textContent = 'İptal';
  stop.disabled = true;
  stop.onclick = () => {
    stop.disabled = true;
    void edefter
      .cancelMonthRun(VKN, periodOf(rows[0]))
      .then((ok) => log(ok ? 'Ayı tamamla: iptal istendi; bir sonraki adımdan önce durur.' : 'Çalışan bir "Ayı tamamla" yok.'));
  };
  bar.append(run, stop);
}

window.edefterPortal = { edefter, refresh, checkExtension };
await refresh();
await checkExtension();
document.body.dataset.ready = '1';

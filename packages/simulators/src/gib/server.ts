/**
 * HTTP side of the GİB simulator: SOAP 1.2 POSTs to `/edefter/services/EDefterWsPort` (WS-Security
 * checked first), HEAD/GET for the clock check (Date header), and a small JSON admin API under
 * `/_sim/` (state, faults) for the demo and cross-process tests. Binds 127.0.0.1 only.
 */
import http from 'node:http';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PACKAGE_KINDS, parseGibName } from '@edefter/domain';
import { verifyWsSecurity } from './wssec-verify.ts';
import { certVkn } from './inspect.ts';
import type { FaultPlan, FaultRule } from './faults.ts';
import { DURUM } from './processing.ts';
import { gibFault, opResponse, serverFault, text, wsseFault } from './soap-out.ts';
import type { StateStore, Upload } from './state.ts';
import { tamperApproved } from './tamper.ts';

/** Path of the service (as GİB's). */
export const SERVICE_PATH = '/edefter/services/EDefterWsPort';

/** What the server needs from the simulator. */
export interface ServerContext {
  store: StateStore;
  faults: FaultPlan;
  now: () => number;
  /** DER of CAs trusted for SOAP signers (mali mühür / NES). */
  trusted: Buffer[];
  /** VKNs (or subject substrings) of software firms allowed to act for any taxpayer. */
  authorizedSenders: string[];
  /** VKNs that get 114 on upload. */
  blockedVkns: string[];
  maxPackageBytes: number;
  delayMs: number;
  /** Wakes the processing queue. */
  kick: () => void;
  log: (line: string) => void;
  /** Held sockets (timeout faults), destroyed on close. */
  held: Set<http.ServerResponse>;
}

function childText(el: Element, local: string): string | undefined {
  const walk = (n: Node): string | undefined => {
    for (let c = n.firstChild; c; c = c.nextSibling) {
      if (c.nodeType !== 1) continue;
      if ((c as Element).localName?.toLowerCase() === local.toLowerCase()) return (c as Element).textContent ?? '';
      const r = walk(c);
      if (r !== undefined) return r;
    }
    return undefined;
  };
  return walk(el);
}

function mayAct(ctx: ServerContext, senderVkn: string | undefined, senderSubject: string, vkn: string): boolean {
  return senderVkn === vkn || ctx.authorizedSenders.some((a) => a === senderVkn || senderSubject.includes(a));
}

type Answer = { status: number; body: string };

function handleSend(ctx: ServerContext, op: Element, sender: { vkn?: string; subject: string }, fault: FaultRule | undefined): Answer {
  const fileName = childText(op, 'fileName');
  const b64 = childText(op, 'binaryData');
  if (fileName === undefined && b64 === undefined) return { status: 500, body: gibFault(103) };
  if (!fileName) return { status: 500, body: gibFault(104) };
  if (!b64 || !b64.trim()) return { status: 500, body: gibFault(105) };
  const paketId = fileName.replace(/\.zip$/i, '');
  const n = parseGibName(fileName.replace(/\.zip$/i, '.zip'));
  if (!n || n.ext !== '.zip' || n.approved || !(PACKAGE_KINDS as readonly string[]).includes(n.type)) return { status: 500, body: gibFault(108, fileName) };
  const data = Buffer.from(b64.replace(/\s+/g, ''), 'base64');
  if (!data.length || data.toString('base64') !== b64.replace(/\s+/g, '')) return { status: 500, body: gibFault(107) };
  if (data.length > ctx.maxPackageBytes) return { status: 500, body: gibFault(106) };
  const { vkn, period, type: kind, part, branch } = n;
  if (!mayAct(ctx, sender.vkn, sender.subject, vkn)) return { status: 500, body: gibFault(109) };
  if (ctx.blockedVkns.includes(vkn)) return { status: 500, body: gibFault(114) };
  const prev = ctx.store.latest(paketId);
  if (prev && prev.stage !== 'failed') return { status: 500, body: gibFault(111) };
  const seq = ctx.store.state.nextSeq++;
  const zipFile = path.join(ctx.store.dir, 'uploads', `${seq}-${paketId}.zip`);
  fs.writeFileSync(zipFile, data);
  const u: Upload = {
    seq,
    paketId,
    vkn,
    period,
    part,
    branch: branch ?? '',
    kind: kind as Upload['kind'],
    receivedAt: new Date(ctx.now()).toISOString(),
    sender: sender.subject.replace(/\n/g, ', '),
    zipFile,
    sha256: createHash('sha256').update(data).digest('hex'),
    bytes: data.length,
    stage: 'queued',
    ...DURUM.queued,
    dueAt: ctx.now() + ctx.delayMs,
  };
  ctx.store.state.uploads.push(u);
  ctx.store.save();
  ctx.log(`upload #${seq} ${paketId} (${data.length} bytes)${fault?.afterReceive ? ' — answer will fault' : ''}`);
  ctx.kick();
  return { status: 200, body: opResponse('sendDocumentFile', text(`${fileName.replace(/\.zip$/i, '')} paketi işleme alındı`)) };
}

function handleStatus(ctx: ServerContext, op: Element, sender: { vkn?: string; subject: string }): Answer {
  const id = (childText(op, 'paketID') ?? '').trim().replace(/\.zip$/i, '');
  // either the …-YB-… (package) or the …-Y-… (defter) form (GİB-WS §getBatchStatus)
  const paketId = id.replace(/-(Y|K)-(\d{6})/, '-$1B-$2');
  const ups = ctx.store.uploadsOf(paketId);
  if (!ups.length) return { status: 500, body: gibFault(304, id) };
  if (!mayAct(ctx, sender.vkn, sender.subject, ups[0].vkn)) return { status: 500, body: gibFault(305) };
  const u = ups.at(-1)!;
  return {
    status: 200,
    body: opResponse(
      'getBatchStatus',
      `<durum><durumAciklama>${text(u.text)}</durumAciklama><durumKodu>${u.code}</durumKodu><paketKimligi>${text(u.paketId)}</paketKimligi></durum>`,
    ),
  };
}

async function handleReceive(ctx: ServerContext, op: Element, sender: { vkn?: string; subject: string }, fault?: FaultRule): Promise<Answer> {
  const paketId = (childText(op, 'PaketID') ?? '').trim().replace(/\.zip$/i, '');
  const ok = ctx.store
    .uploadsOf(paketId)
    .filter((u) => u.stage === 'processed' && u.approvedFile)
    .at(-1);
  if (!ok) return { status: 500, body: gibFault(204, paketId) };
  if (!mayAct(ctx, sender.vkn, sender.subject, ok.vkn)) return { status: 500, body: gibFault(205) };
  let data: Buffer = fs.readFileSync(ok.approvedFile!);
  if (fault?.kind === 'tamper') data = await tamperApproved(data, fault.tamper ?? 'countersignature', ctx.store.dir);
  return {
    status: 200,
    body: opResponse(
      'receiveDocumentFile',
      `<Attachment><fileName>GIB-${text(paketId)}.zip</fileName><binaryData>${data.toString('base64')}</binaryData></Attachment>`,
    ),
  };
}

function send(res: http.ServerResponse, a: Answer, ctx: ServerContext): void {
  res.writeHead(a.status, { 'Content-Type': 'application/soap+xml; charset=utf-8', Date: new Date(ctx.now()).toUTCString() });
  res.end(a.body);
}

async function applyFault(ctx: ServerContext, res: http.ServerResponse, f: FaultRule, normal: () => Promise<Answer>): Promise<void> {
  switch (f.kind) {
    case 'http':
      send(res, { status: f.status ?? 503, body: serverFault(`Service Unavailable (simulated ${f.status ?? 503})`) }, ctx);
      return;
    case 'gib-code':
      send(res, { status: 500, body: gibFault(f.code ?? 110) }, ctx);
      return;
    case 'drop':
      res.socket?.destroy();
      return;
    case 'timeout':
      ctx.held.add(res);
      res.on('close', () => ctx.held.delete(res));
      return;
    case 'slow':
      await new Promise((r) => setTimeout(r, f.delayMs ?? 2000));
      send(res, await normal(), ctx);
      return;
    default:
      send(res, await normal(), ctx);
  }
}

/** Handles one SOAP request. */
export async function handleSoap(ctx: ServerContext, body: string, res: http.ServerResponse): Promise<void> {
  const v = verifyWsSecurity(body, { now: new Date(ctx.now()), trusted: ctx.trusted });
  const opEl = (() => {
    const env = v.doc?.documentElement;
    if (!env) return undefined;
    for (let c = env.firstChild; c; c = c.nextSibling) {
      if (c.nodeType === 1 && (c as Element).localName === 'Body') {
        for (let d = c.firstChild; d; d = d.nextSibling) if (d.nodeType === 1) return d as Element;
      }
    }
    return undefined;
  })();
  const op = opEl?.localName ?? 'unknown';
  ctx.store.count(op);
  if (!v.ok) {
    ctx.log(`${op}: WS-Security refused: ${v.errors.join('; ')}`);
    send(res, { status: 500, body: wsseFault(v.fault ?? 'InvalidSecurity', v.errors.join('; ')) }, ctx);
    return;
  }
  if (!opEl || !['sendDocumentFile', 'getBatchStatus', 'receiveDocumentFile'].includes(op)) {
    send(res, { status: 500, body: serverFault(`unknown operation ${op}`) }, ctx);
    return;
  }
  const sender = { vkn: certVkn(v.signer), subject: v.signer!.subject };
  const idText = childText(opEl, 'fileName') ?? childText(opEl, 'paketID') ?? childText(opEl, 'PaketID');
  const fault = ctx.faults.take(op as 'sendDocumentFile', idText);
  const normal = async (): Promise<Answer> =>
    op === 'sendDocumentFile'
      ? handleSend(ctx, opEl, sender, fault)
      : op === 'getBatchStatus'
        ? handleStatus(ctx, opEl, sender)
        : handleReceive(ctx, opEl, sender, fault);
  if (!fault) {
    send(res, await normal(), ctx);
    return;
  }
  ctx.log(`fault ${fault.kind} on ${op} ${idText ?? ''}`);
  // afterReceive: the upload lands now, then the answer faults (lost, late, or an error)
  const pre = op === 'sendDocumentFile' && fault.afterReceive ? await normal() : undefined;
  await applyFault(ctx, res, fault, async () => pre ?? normal());
}

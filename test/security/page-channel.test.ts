/**
 * Attack suite, class `web-origins`, in the real browser (issue 10, "the ones that already hold":
 * iframes, forged postMessage, pages opening the bridge themselves). Chromium with the built
 * extension, the real `edefter bridge` and the demo portal (the allowed site, paired through the
 * harness's native-messaging path), plus an attacker's own small site on another origin
 * (`http://localhost:<port>`, which the content script serves but which is not allowed).
 *
 * How the extension decides the origin (packages/extension/src/content/index.ts,
 * background/page-requests.ts): the content script runs in top frames only (`all_frames: false`),
 * relays only messages whose `source` is its own window and whose fields have the request shape,
 * and the service worker takes the origin from the browser's sender information, never from the
 * message. So:
 *  - a cross-origin iframe inside the allowed site gets nothing relayed, whether it posts on its
 *    own window or on the top window;
 *  - a hostile site that frames the allowed portal, or opens it and posts into it, gets nothing;
 *  - a request that names another origin is run with the sender's own origin (not allowed);
 *  - messages with wrong channel fields, or imitating the extension's ack/response, are ignored,
 *    and a forged response does not settle a real request of the page library;
 *  - no page can open the bridge's WebSocket or read its HTTPS answers.
 * What reached the service worker is observed with a runtime.onMessage listener added in the
 * service worker (it only records); what reached the bridge, with its "İstek / request" log lines.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Frame, Page } from 'playwright-core';
import { PAGE_CHANNEL, PROTOCOL_VERSION } from '../../packages/protocol/src/index.ts';
import { clickInConsent, nthConsent, repoRoot, startStack, type Stack } from '../e2e/harness.ts';
import { openConnectedPortal, openPortal, selectRows, settled, startAction } from '../e2e/portal-driver.ts';
import { attack } from './kit.ts';

let s: Stack;
let portal: Page;
let paired = false;
let pairError = '';
let evil: { origin: string; close(): Promise<void> };

const sample = fs.readFileSync(path.join(repoRoot, 'test', 'fixtures', 'sample-yevmiye.xml'));
const signParams = { documents: [{ name: '6090408038-202610-Y-000000.xml', kind: 'yevmiye', bytes: sample.toString('base64') }], options: {} };

/** A fresh request id (32 hex, as the page library makes them). */
const newId = (): string => randomBytes(16).toString('hex');

/** A well-formed page request (hop 1) for `action`. */
function pageRequest(id: string, action = 'sign-documents', params: unknown = signParams): Record<string, unknown> {
  return { channel: PAGE_CHANNEL, direction: 'to-extension', type: 'request', id, action, params, library: { version: '0.1.0', protocol: PROTOCOL_VERSION } };
}

/** Starts the attacker's site: one blank page and one with a button that opens a window (a user gesture). */
function startEvilSite(): Promise<{ origin: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const body = req.url?.startsWith('/opener')
      ? '<!doctype html><meta charset="utf-8"><title>evil opener</title><button id="open" onclick="window.w = window.open(decodeURIComponent(location.hash.slice(1)))">aç</button>'
      : '<!doctype html><meta charset="utf-8"><title>evil</title><p>evil</p>';
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(body);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      resolve({
        origin: `http://localhost:${port}`,
        close: () =>
          new Promise<void>((r) => {
            server.closeAllConnections();
            server.close(() => r());
          }),
      });
    }),
  );
}

/** Records every hop-1 message a window receives (main world), from now on. */
async function recordMessages(f: Page | Frame): Promise<void> {
  await f.evaluate((ch) => {
    const w = window as unknown as { __secMsgs?: unknown[] };
    if (w.__secMsgs) return;
    w.__secMsgs = [];
    window.addEventListener('message', (ev: MessageEvent) => {
      const d = ev.data as { channel?: unknown } | null;
      if (d && d.channel === ch) w.__secMsgs!.push({ ...(d as object), fromSelf: ev.source === window });
    });
  }, PAGE_CHANNEL);
}

/** The extension's messages (`direction: to-page`) a window received for `ids`. */
async function extensionReplies(
  f: Page | Frame,
  ids: string[],
): Promise<Array<{ id: string; type: string; ok?: boolean; error?: { code: string; details?: Record<string, unknown> } }>> {
  const all = (await f.evaluate(() => (window as unknown as { __secMsgs?: unknown[] }).__secMsgs ?? [])) as Array<{
    id: string;
    direction: string;
    type: string;
  }>;
  return all.filter((m) => m.direction === 'to-page' && ids.includes(m.id)) as never;
}

/** Page requests the service worker received (id, action, the browser-given sender origin and URL). */
async function swSeen(): Promise<Array<{ id: string; action: string; origin?: string; url?: string }>> {
  return s.worker.evaluate(() => (globalThis as unknown as { __secSeen?: unknown[] }).__secSeen ?? []) as never;
}

/** "İstek / request" lines the bridge logged so far (every bridge request except status). */
const bridgeRequests = (): number => (s.bridge.output().match(/İstek \/ request/g) ?? []).length;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  s = await startStack();
  evil = await startEvilSite();
  try {
    portal = await openConnectedPortal(s);
    paired = true;
  } catch (e) {
    // pairing is another engineer's moving part: the attacks below are refused before pairing
    // matters; the ones that need a paired extension say so and are skipped
    pairError = String(e).slice(0, 500);
    portal = await openPortal(s);
  }
  await s.worker.evaluate(() => {
    const g = globalThis as unknown as {
      __secSeen?: unknown[];
      chrome: { runtime: { onMessage: { addListener(fn: (m: unknown, sender: { origin?: string; url?: string }) => undefined): void } } };
    };
    if (g.__secSeen) return;
    g.__secSeen = [];
    g.chrome.runtime.onMessage.addListener((m, sender) => {
      const msg = m as { kind?: string; id?: string; action?: string } | null;
      if (msg?.kind === 'page-request') g.__secSeen!.push({ id: msg.id, action: msg.action, origin: sender.origin, url: sender.url });
      return undefined;
    });
  });
  await recordMessages(portal);
}, 240_000);

afterAll(async () => {
  await evil?.close();
  await s?.close();
});

describe('the page channel', () => {
  it("control: the allowed portal's own request is relayed with the portal's origin", async () => {
    if (!paired) console.warn(`pairing failed, paired-only checks skipped: ${pairError}`);
    const id = newId();
    await portal.evaluate((m) => window.postMessage(m, location.origin), pageRequest(id, 'status', {}));
    await expect
      .poll(
        async () =>
          (await extensionReplies(portal, [id]))
            .map((m) => m.type)
            .sort()
            .join(','),
        { timeout: 10_000 },
      )
      .toBe('ack,response');
    const seen = (await swSeen()).filter((x) => x.id === id);
    expect(seen).toEqual([expect.objectContaining({ action: 'status', origin: s.portal.origin })]);
  });

  it("a cross-origin iframe inside the allowed site cannot act for it (own window, top window, parent with the portal's origin)", async () => {
    const consentsBefore = s.consentPages.length;
    const bridgeBefore = bridgeRequests();
    await portal.evaluate(
      (src) =>
        new Promise<void>((resolve) => {
          const f = document.createElement('iframe');
          f.id = 'sec-evil-frame';
          f.src = src;
          f.onload = () => resolve();
          document.body.appendChild(f);
        }),
      `${evil.origin}/frame`,
    );
    const frame = portal.frames().find((f) => f.url().startsWith(evil.origin))!;
    expect(frame).toBeTruthy();
    await recordMessages(frame);
    const ids = { self: newId(), topStar: newId(), parentOrigin: newId(), selfStatus: newId() };
    await frame.evaluate(
      ({ reqs, portalOrigin }) => {
        window.postMessage(reqs.self, '*');
        window.postMessage(reqs.selfStatus, '*');
        window.top!.postMessage(reqs.topStar, '*');
        window.parent.postMessage(reqs.parentOrigin, portalOrigin);
      },
      {
        reqs: {
          self: pageRequest(ids.self),
          selfStatus: pageRequest(ids.selfStatus, 'status', {}),
          topStar: pageRequest(ids.topStar),
          parentOrigin: pageRequest(ids.parentOrigin),
        },
        portalOrigin: s.portal.origin,
      },
    );
    await sleep(2_500);
    const all = Object.values(ids);
    const inTop = await extensionReplies(portal, all);
    const inFrame = await extensionReplies(frame, all);
    const seen = (await swSeen()).filter((x) => all.includes(x.id));
    const r = await attack(
      'web-origins',
      'cross-origin iframe in an allowed site posts page requests',
      all.map((id) => async () => !inTop.some((m) => m.id === id) && !inFrame.some((m) => m.id === id) && !seen.some((x) => x.id === id)),
    );
    expect(r.served, JSON.stringify({ inTop, inFrame, seen })).toBe(0);
    expect(s.consentPages.length).toBe(consentsBefore);
    expect(bridgeRequests()).toBe(bridgeBefore);
    // the top page itself keeps working
    const id = newId();
    await portal.evaluate((m) => window.postMessage(m, location.origin), pageRequest(id, 'status', {}));
    await expect.poll(async () => (await extensionReplies(portal, [id])).length, { timeout: 10_000 }).toBe(2);
  });

  it('a hostile site that frames the allowed portal gets no extension in the frame (clickjacking)', async () => {
    const page = await s.context.newPage();
    try {
      await page.goto(`${evil.origin}/top`);
      await page.evaluate(
        (src) =>
          new Promise<void>((resolve) => {
            const f = document.createElement('iframe');
            f.src = src;
            f.width = '1200';
            f.height = '900';
            f.onload = () => resolve();
            document.body.appendChild(f);
          }),
        `${s.portal.origin}/`,
      );
      const framed = page.frames().find((f) => f.url().startsWith(s.portal.origin))!;
      expect(framed).toBeTruthy();
      await framed.locator('body[data-ready="1"]').waitFor({ timeout: 20_000 });
      await recordMessages(framed);
      const consentsBefore = s.consentPages.length;
      const bridgeBefore = bridgeRequests();
      const ids = [newId(), newId()];
      await framed.evaluate(
        (reqs) => {
          for (const q of reqs) window.postMessage(q, location.origin);
        },
        [pageRequest(ids[0]), pageRequest(ids[1], 'list-certificates', {})],
      );
      // and the user is tricked into clicking the framed portal's own "Dosya İmzala"
      for (const id of ['y', 'k']) await framed.getByTestId(`chk-${id}`).setChecked(id === 'y');
      await framed.evaluate(() => {
        document.getElementById('message')!.dataset.state = 'pending';
      });
      await framed.getByTestId('btn-dosya-olustur').click();
      await framed.locator('[data-testid=portal-message]:is([data-state=ok],[data-state=err])').waitFor({ timeout: 60_000 });
      await framed.evaluate(() => {
        document.getElementById('message')!.dataset.state = 'pending';
      });
      await framed.getByTestId('btn-dosya-imzala').click();
      await framed.locator('[data-testid=portal-message]:is([data-state=ok],[data-state=err])').waitFor({ timeout: 30_000 });
      const clicked = {
        state: await framed.getByTestId('portal-message').getAttribute('data-state'),
        code: await framed.getByTestId('portal-message').getAttribute('data-code'),
      };
      await sleep(500);
      const replies = await extensionReplies(framed, ids);
      const seen = (await swSeen()).filter((x) => ids.includes(x.id) || (x.url ?? '').startsWith(evil.origin));
      const r = await attack('web-origins', 'hostile site frames the allowed portal (requests and a tricked click)', [
        ...ids.map((id) => async () => !replies.some((m) => m.id === id) && !seen.some((x) => x.id === id)),
        async () => clicked.state === 'err' && ['EXTENSION_NOT_FOUND', 'INSECURE_CONTEXT'].includes(clicked.code ?? ''),
      ]);
      expect(r.served, JSON.stringify({ replies, seen, clicked })).toBe(0);
      expect(s.consentPages.length).toBe(consentsBefore);
      expect(bridgeRequests()).toBe(bridgeBefore);
    } finally {
      await page.close();
    }
  });

  it('a hostile site that opens the portal and posts into its window gets nothing relayed', async () => {
    const page = await s.context.newPage();
    try {
      await page.goto(`${evil.origin}/opener#${encodeURIComponent(`${s.portal.origin}/`)}`);
      const [popup] = await Promise.all([s.context.waitForEvent('page'), page.click('#open')]);
      await popup.locator('body[data-ready="1"]').waitFor({ timeout: 20_000 });
      await recordMessages(popup);
      const consentsBefore = s.consentPages.length;
      const bridgeBefore = bridgeRequests();
      const ids = [newId(), newId(), newId()];
      await page.evaluate(
        ({ reqs, portalOrigin }) => {
          const w = (window as unknown as { w: Window }).w;
          w.postMessage(reqs[0], '*');
          w.postMessage(reqs[1], portalOrigin);
          w.postMessage(reqs[2], portalOrigin);
        },
        { reqs: [pageRequest(ids[0]), pageRequest(ids[1], 'send-to-gib', {}), pageRequest(ids[2], 'list-certificates', {})], portalOrigin: s.portal.origin },
      );
      await sleep(2_500);
      const replies = await extensionReplies(popup, ids);
      const seen = (await swSeen()).filter((x) => ids.includes(x.id));
      const r = await attack(
        'web-origins',
        "hostile opener posts page requests into the allowed portal's window",
        ids.map((id) => async () => !replies.some((m) => m.id === id) && !seen.some((x) => x.id === id)),
      );
      expect(r.served, JSON.stringify({ replies, seen })).toBe(0);
      expect(s.consentPages.length).toBe(consentsBefore);
      expect(bridgeRequests()).toBe(bridgeBefore);
      await popup.close();
    } finally {
      await page.close();
    }
  });

  it("a site that is not allowed cannot borrow the allowed site's origin by naming it in the message", async () => {
    const page = await s.context.newPage();
    try {
      await page.goto(`${evil.origin}/top`);
      await recordMessages(page);
      const consentsBefore = s.consentPages.length;
      const bridgeBefore = bridgeRequests();
      const ids = [newId(), newId(), newId()];
      await page.evaluate(
        ({ reqs }) => {
          for (const q of reqs) window.postMessage(q, location.origin);
        },
        {
          reqs: [
            { ...pageRequest(ids[0]), origin: s.portal.origin, sender: { origin: s.portal.origin } },
            pageRequest(ids[1], 'sign-documents', { ...signParams, origin: s.portal.origin }),
            { ...pageRequest(ids[2], 'list-certificates', {}), origin: s.portal.origin },
          ],
        },
      );
      await expect.poll(async () => (await extensionReplies(page, ids)).filter((m) => m.type === 'response').length, { timeout: 15_000 }).toBe(3);
      const responses = (await extensionReplies(page, ids)).filter((m) => m.type === 'response');
      const seen = (await swSeen()).filter((x) => ids.includes(x.id));
      const r = await attack(
        'web-origins',
        'page names another (allowed) origin in its request',
        ids.map((id) => async () => {
          const resp = responses.find((m) => m.id === id);
          const sw = seen.find((x) => x.id === id);
          const detailsOrigin = resp?.error?.details?.origin;
          return (
            resp?.ok === false &&
            ['ORIGIN_NOT_ALLOWED', 'BAD_INPUT'].includes(resp.error!.code) &&
            (detailsOrigin === undefined || detailsOrigin === evil.origin) &&
            (!sw || sw.origin === evil.origin)
          );
        }),
      );
      expect(r.served, JSON.stringify({ responses, seen })).toBe(0);
      expect(seen.every((x) => x.origin === evil.origin)).toBe(true);
      expect(s.consentPages.length).toBe(consentsBefore);
      expect(bridgeRequests()).toBe(bridgeBefore);
    } finally {
      await page.close();
    }
  });

  it("messages with wrong channel fields, or imitating the extension's ack and response, are ignored", async () => {
    const consentsBefore = s.consentPages.length;
    const bridgeBefore = bridgeRequests();
    const forged: Array<{ id: string; msg: Record<string, unknown> }> = [];
    const add = (f: (id: string) => Record<string, unknown>): void => {
      const id = newId();
      forged.push({ id, msg: f(id) });
    };
    add((id) => ({ ...pageRequest(id), channel: 'edefter-bridge ' }));
    add((id) => ({ ...pageRequest(id), channel: 'EDEFTER-BRIDGE' }));
    add((id) => ({ ...pageRequest(id), direction: 'to-page' }));
    add((id) => ({ ...pageRequest(id), type: 'response', ok: true, result: {} }));
    add((id) => ({ ...pageRequest(id), type: 'ack' }));
    add((id) => ({ ...pageRequest(id), id: id.toUpperCase() }));
    add((id) => ({ ...pageRequest(id), id: `${id}0` }));
    add((id) => {
      const m = pageRequest(id);
      delete m.library;
      return m;
    });
    add((id) => ({ ...pageRequest(id), library: { version: '0.1.0', protocol: 'x'.repeat(33) } }));
    add((id) => ({ ...pageRequest(id), action: 'a'.repeat(65) }));
    add((id) => ({ ...pageRequest(id), action: '' }));
    add((id) => ({ channel: PAGE_CHANNEL, direction: 'to-page', type: 'ack', id, extension: { version: '9.9.9', protocol: PROTOCOL_VERSION } }));
    add((id) => ({ channel: PAGE_CHANNEL, direction: 'to-page', type: 'response', id, ok: true, result: { documents: [] } }));
    await portal.evaluate(
      (msgs) => {
        for (const m of msgs) window.postMessage(m, location.origin);
        window.postMessage(JSON.stringify(msgs[0]), location.origin);
      },
      forged.map((f) => f.msg),
    );
    await sleep(2_500);
    const ids = forged.map((f) => f.id).flatMap((id) => [id, id.toUpperCase(), `${id}0`]);
    // what the content script would have posted: an ack or a response for one of these ids (our own
    // two forged to-page messages are told apart by their content: version 9.9.9, an empty document list)
    const fromExtension = (
      await portal.evaluate(
        () =>
          (
            window as unknown as {
              __secMsgs: Array<{ id: string; direction: string; type: string; extension?: { version: string }; result?: { documents?: unknown[] } }>;
            }
          ).__secMsgs,
      )
    ).filter(
      (m) =>
        ids.includes(m.id) &&
        m.direction === 'to-page' &&
        ((m.type === 'ack' && m.extension?.version !== '9.9.9') || (m.type === 'response' && m.result?.documents?.length !== 0)),
    );
    const seen = (await swSeen()).filter((x) => ids.includes(x.id));
    const r = await attack(
      'web-origins',
      'forged page-channel messages (wrong channel fields, fake ack/response)',
      forged.map((f) => async () => !fromExtension.some((m) => m.id.toLowerCase().startsWith(f.id)) && !seen.some((x) => x.id.toLowerCase().startsWith(f.id))),
    );
    expect(r.served, JSON.stringify({ fromExtension, seen })).toBe(0);
    expect(s.consentPages.length).toBe(consentsBefore);
    expect(bridgeRequests()).toBe(bridgeBefore);
  });

  it("a forged response from another window does not settle the page library's real request, even with the right id", async () => {
    if (!paired) {
      console.warn('skipped: needs a paired extension (pairing failed)');
      return;
    }
    const page = await s.context.newPage();
    try {
      await page.goto(`${evil.origin}/opener#${encodeURIComponent(`${s.portal.origin}/`)}`);
      const [victim] = await Promise.all([s.context.waitForEvent('page'), page.click('#open')]);
      await victim.locator('[data-testid=banner][data-bridge=connected]').waitFor({ timeout: 20_000 });
      // the worst case: the attacker knows the request id (captured here from the page's own post)
      await victim.evaluate(() => {
        const w = window as unknown as { __ids: string[] };
        w.__ids = [];
        const orig = window.postMessage.bind(window);
        window.postMessage = ((m: { direction?: string; id?: string }, o: string) => {
          if (m?.direction === 'to-extension' && m.id) w.__ids.push(m.id);
          return orig(m, o);
        }) as typeof window.postMessage;
      });
      await selectRows(victim, ['y']);
      await startAction(victim, 'btn-dosya-olustur');
      expect((await settled(victim)).state).toBe('ok');
      const base = s.consentPages.length;
      await startAction(victim, 'btn-dosya-imzala');
      const consent = await nthConsent(s, base + 1);
      const id = await victim.evaluate(() => (window as unknown as { __ids: string[] }).__ids.at(-1));
      expect(id).toMatch(/^[0-9a-f]{32}$/);
      const fake = sample.toString('base64');
      const forgedReplies = [
        {
          channel: PAGE_CHANNEL,
          direction: 'to-page',
          type: 'response',
          id,
          ok: true,
          result: {
            documents: [
              {
                name: '6090408038-202610-Y-000000.xml',
                kind: 'yevmiye',
                bytes: fake,
                sha256: '0'.repeat(64),
                signingTime: new Date().toISOString(),
                timestamped: false,
                certificateId: '01',
              },
            ],
          },
        },
        { channel: PAGE_CHANNEL, direction: 'to-page', type: 'response', id, ok: false, error: { code: 'USER_CANCELLED', tr: 'sahte', en: 'forged' } },
      ];
      await page.evaluate(
        ({ msgs, portalOrigin }) => {
          const w = (window as unknown as { w: Window }).w;
          for (const m of msgs) w.postMessage(m, portalOrigin);
        },
        { msgs: forgedReplies, portalOrigin: s.portal.origin },
      );
      await sleep(1_500);
      const stillPending = await victim.getByTestId('portal-message').getAttribute('data-state');
      // the real outcome comes from the extension: the user refuses in the consent window
      await clickInConsent(consent.getByTestId('refuse'));
      const outcome = await settled(victim);
      const r = await attack('web-origins', 'forged extension response from another window with the right id', [
        async () => stillPending !== 'ok' && stillPending !== 'err', // not settled by the forgeries
        async () => outcome.state === 'err' && outcome.code === 'USER_CANCELLED' && !/sahte|forged/.test(outcome.text),
      ]);
      expect(r.served, JSON.stringify({ stillPending, outcome })).toBe(0);
      await victim.close();
    } finally {
      await page.close();
    }
  });

  it("no page (allowed site, hostile site, iframe) can open the bridge's WebSocket or read its HTTPS answers", async () => {
    const port = s.bridge.port;
    const refusedBefore = (s.bridge.output().match(/WebSocket reddedildi/g) ?? []).length;
    const hostile = await s.context.newPage();
    try {
      await hostile.goto(`${evil.origin}/top`);
      const frame = portal.frames().find((f) => f.url().startsWith(evil.origin));
      const contexts: Array<[string, Page | Frame]> = [
        ['allowed portal', portal],
        ['hostile site', hostile],
        ...(frame ? [['iframe in the portal', frame] as [string, Frame]] : []),
      ];
      const outcomes: string[] = [];
      const tries = contexts.flatMap(([label, f]) => [
        ...[`wss://127.0.0.1:${port}/`, `wss://localhost:${port}/`].map((url) => async () => {
          const o = await f.evaluate(
            (u) =>
              new Promise<string>((resolve) => {
                const ws = new WebSocket(u);
                ws.onopen = () => {
                  resolve('open');
                  ws.close();
                };
                ws.onerror = () => resolve('error');
                setTimeout(() => resolve('timeout'), 8_000);
              }),
            url,
          );
          outcomes.push(`${label} ${url}: ${o}`);
          return o !== 'open';
        }),
        async () => {
          const o = await f.evaluate(
            (u) =>
              fetch(u).then(
                async (res) => `read ${res.status} ${(await res.text()).slice(0, 40)}`,
                (e: unknown) => `blocked ${String(e).slice(0, 60)}`,
              ),
            `https://127.0.0.1:${port}/status`,
          );
          outcomes.push(`${label} fetch: ${o}`);
          return o.startsWith('blocked');
        },
        async () => {
          const o = await f.evaluate(
            (u) =>
              fetch(u, { mode: 'no-cors' }).then(
                async (res) => `${res.type} ${(await res.text()).length}`,
                (e: unknown) => `blocked ${String(e).slice(0, 60)}`,
              ),
            `https://127.0.0.1:${port}/status`,
          );
          outcomes.push(`${label} no-cors: ${o}`);
          return o.startsWith('blocked') || o === 'opaque 0';
        },
      ]);
      const r = await attack('web-origins', 'web page opens the bridge WebSocket or reads its HTTPS answers', tries);
      expect(r.served, outcomes.join('\n')).toBe(0);
      // every WebSocket that reached the bridge was refused there for its web Origin
      const refusedNow = (s.bridge.output().match(/WebSocket reddedildi/g) ?? []).length;
      expect(refusedNow).toBeGreaterThan(refusedBefore);
      expect(s.bridge.output()).toMatch(new RegExp(`WebSocket reddedildi.*reason=origin origin=${evil.origin.replace(/[.:/]/g, '\\$&')}`));
    } finally {
      await hostile.close();
    }
  });
});

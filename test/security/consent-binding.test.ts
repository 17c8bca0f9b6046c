/**
 * Attack suite, class `consent-binding` (issue 10 item 6): the consent window's facts come from a
 * real XML parse of the very bytes that will be signed, and the bridge signs only those bytes.
 *
 *  - comments, processing instructions, CDATA and misplaced elements cannot change any fact
 *    (`<!-- <gl-bus:organizationIdentifier>MASUM LTD. ŞTİ.… -->` and friends); a second real
 *    "Kurum Unvanı" / documentInfo is refused as ambiguous;
 *  - session-sign with bytes whose SHA-256 differs from the approved digest is refused; so are
 *    bytes never inspected, inspected for another origin or on another connection, and bytes not
 *    among the session's `forDocuments`;
 *  - a document whose VKN is not the certificate's is refused by session-open BEFORE C_Login:
 *    a wrong PIN sent with it does not reach the token (SoftHSM2 would set CKF_USER_PIN_COUNT_LOW);
 *  - the audit log holds `sign` (kind, name, SHA-256 in and out, VKN, period, certificate, origin)
 *    and `sign-refused` with the reason, and no PIN.
 * In-process bridge, real SoftHSM2 token, real signer; no mocks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { shutdownTokenWorker } from '../../packages/bridge/src/token/index.ts';
import { isolatedTokens, repoRoot, tempStore } from '../token/helpers.ts';
import { pairedClient } from '../bridge/pair-kit.ts';
import { attack } from './kit.ts';
import { PIN, PORTAL, TOKEN, codeOf, inspect, reasonOf, startSigningBridge, type Doc, type SigningBridge } from './signing-kit.ts';

const sampleText = fs.readFileSync(path.join(repoRoot, 'test', 'fixtures', 'sample-yevmiye.xml'), 'utf8');
const NAME = '6090408038-202610-Y-000000.xml';
const WRONG = '999999';
let dir: string;
let b: SigningBridge;

const sha = (x: Buffer): string => createHash('sha256').update(x).digest('hex');
const doc = (text: string, name = NAME): Doc => ({ name, kind: 'yevmiye', bytes: Buffer.from(text) });

beforeAll(async () => {
  dir = tempStore('consent-binding');
  await isolatedTokens(path.join(dir, 'token'), [{}]);
  b = await startSigningBridge(dir);
}, 60_000);

afterAll(async () => {
  await b?.close();
  await shutdownTokenWorker().catch(() => undefined);
  fs.rmSync(dir, { recursive: true, force: true });
});

async function tokenFlags(): Promise<{ userPinCountLow: boolean; userPinFinalTry: boolean; userPinLocked: boolean }> {
  const r = await b.client.request('token-list', {}, PORTAL);
  return (r.result as { tokens: Array<{ label: string; userPinCountLow: boolean; userPinFinalTry: boolean; userPinLocked: boolean }> }).tokens.find(
    (t) => t.label === TOKEN,
  )!;
}

async function openFor(digests: string[], pin = PIN): Promise<Record<string, unknown>> {
  return b.client.request('session-open', { certificateId: '01', tokenLabel: TOKEN, pin: 'frame', forDocuments: digests }, PORTAL, pin, 30_000);
}

function sign(sessionId: string, d: Doc, approvedSha256: string, origin = PORTAL): Promise<Record<string, unknown>> {
  return b.client.request(
    'session-sign',
    { sessionId, name: d.name, kind: d.kind, bytes: d.bytes.toString('base64'), timestamp: false, approvedSha256 },
    origin,
    undefined,
    60_000,
  );
}

describe('facts cannot be faked by comments, PIs or CDATA', () => {
  const SPOOF_ORG =
    '<gl-bus:organizationIdentifiers><gl-bus:organizationIdentifier contextRef="journal_context">MASUM LTD. ŞTİ.</gl-bus:organizationIdentifier><gl-bus:organizationDescription contextRef="journal_context">Kurum Unvanı</gl-bus:organizationDescription></gl-bus:organizationIdentifiers>';
  const SPOOF_PERIOD =
    '<gl-cor:periodCoveredStart contextRef="journal_context">2019-01-01</gl-cor:periodCoveredStart><gl-cor:periodCoveredEnd contextRef="journal_context">2019-01-31</gl-cor:periodCoveredEnd>';
  const SPOOF_ID = '<xbrli:identifier scheme="http://www.gib.gov.tr">1111111111</xbrli:identifier>';
  const at = (marker: string, insert: string): string => sampleText.replace(marker, `${insert}${marker}`);

  it('every spoof shows the real unvan, VKN and period', async () => {
    const truth = (await inspect(b.client, doc(sampleText))).result as Record<string, unknown>;
    expect(truth).toMatchObject({ title: 'DEMO TİCARET A.Ş.', vkn: '6090408038', periodStart: '2026-10-01', periodEnd: '2026-10-31' });
    const spoofs: Array<[string, string]> = [
      ['comment with a Kurum Unvanı before the real one', at('<gl-bus:organizationIdentifiers>', `<!-- ${SPOOF_ORG} -->`)],
      ['comment with a Kurum Unvanı at the top', sampleText.replace('<edefter:defter ', `<!-- ${SPOOF_ORG}${SPOOF_PERIOD}${SPOOF_ID} --><edefter:defter `)],
      ['comment with period and VKN in documentInfo', at('<gl-cor:periodCoveredStart', `<!-- ${SPOOF_PERIOD} -->`)],
      ['comment inside the identifier', sampleText.replace('>6090408038</xbrli:identifier>', '>6090408038<!-- 1111111111 --></xbrli:identifier>')],
      ['processing instruction with markup', at('<gl-bus:organizationIdentifiers>', `<?spoof ${SPOOF_ORG}?>`)],
      ['CDATA with markup in entriesComment', sampleText.replace('Ekim 2026 dönemi yevmiye defteri (örnek)', `<![CDATA[${SPOOF_ORG}${SPOOF_PERIOD}]]>`)],
      ['unvan and period inside an entryDetail', at('</gl-cor:entryDetail>', `${SPOOF_ORG}${SPOOF_PERIOD}`)],
      [
        'unvan in an extension element after xbrl',
        sampleText.replace('</edefter:defter>', `<extensions><extension>${SPOOF_ORG}${SPOOF_ID}</extension></extensions></edefter:defter>`),
      ],
      ['identifier in a foreign namespace', at('<xbrli:context ', `<x:identifier xmlns:x="urn:evil">1111111111</x:identifier>`)],
      [
        'Kurum Unvanı with a foreign-namespace description',
        at(
          '<gl-bus:organizationIdentifiers>',
          '<gl-bus:organizationIdentifiers><gl-bus:organizationIdentifier>MASUM LTD. ŞTİ.</gl-bus:organizationIdentifier><x:organizationDescription xmlns:x="urn:evil">Kurum Unvanı</x:organizationDescription></gl-bus:organizationIdentifiers>',
        ),
      ],
    ];
    const seen: string[] = [];
    const r = await attack(
      'consent-binding',
      'spoofed facts in comments, PIs, CDATA, misplaced elements',
      spoofs.map(([what, text]) => async () => {
        const i = await inspect(b.client, doc(text));
        const f = i.result as Record<string, unknown> | undefined;
        seen.push(`${what}: ${codeOf(i)} ${f ? `${String(f.title)} ${String(f.vkn)} ${String(f.periodStart)}` : ''}`);
        // refused, or accepted with the real facts (never MASUM, 1111111111 or 2019)
        return !i.ok || (f!.title === truth.title && f!.vkn === truth.vkn && f!.periodStart === truth.periodStart && f!.periodEnd === truth.periodEnd);
      }),
    );
    expect(r.served, seen.join('\n')).toBe(0);
    expect(seen.join('\n')).not.toMatch(/MASUM|1111111111|2019/);
  });

  it('a second real Kurum Unvanı or documentInfo is ambiguous and refused', async () => {
    const seen: string[] = [];
    const r = await attack(
      'consent-binding',
      'second real fact element',
      [
        at('<gl-bus:organizationIdentifiers>', SPOOF_ORG),
        sampleText.replace(
          '<gl-cor:entityInformation>',
          `<gl-cor:documentInfo><gl-cor:entriesType contextRef="journal_context">journal</gl-cor:entriesType>${SPOOF_PERIOD}</gl-cor:documentInfo><gl-cor:entityInformation>`,
        ),
        at('<gl-cor:periodCoveredEnd', SPOOF_PERIOD.split('<gl-cor:periodCoveredEnd')[0]),
      ].map((text) => async () => {
        const i = await inspect(b.client, doc(text));
        seen.push(`${codeOf(i)} ${reasonOf(i)}`);
        return codeOf(i) === 'BAD_INPUT' && reasonOf(i) === 'ambiguous';
      }),
    );
    expect(r.served, seen.join('\n')).toBe(0);
  });
});

describe('only the approved bytes are signed', () => {
  it('refuses other bytes, un-inspected bytes, other origins, other connections and bytes outside forDocuments; signs the approved one', async () => {
    const good = doc(sampleText);
    const other = doc(
      sampleText.replace('<gl-cor:entriesComment contextRef="journal_context">Ekim', '<gl-cor:entriesComment contextRef="journal_context">EKİM'),
    );
    const tampered = doc(sampleText.replace('>50000.00</gl-cor:amount>', '>5000000.00</gl-cor:amount>'));
    const never = doc(sampleText.replace('</edefter:defter>', '</edefter:defter>\n'));
    const goodSha = sha(good.bytes);
    expect((await inspect(b.client, good)).ok).toBe(true);
    expect((await inspect(b.client, other)).ok).toBe(true);
    // inspected for another allowed origin only
    const OTHER_ORIGIN = 'https://other.example.com.tr';
    await b.client.request('allowlist-set', { origins: [PORTAL, OTHER_ORIGIN] });
    const foreign = doc(sampleText.replace('Ekim 2026', 'Ekim 2026 '));
    expect((await inspect(b.client, foreign, OTHER_ORIGIN)).ok).toBe(true);
    // inspected on another connection only
    const second = await pairedClient(b.server, b.server.tls.caPem, [PORTAL]);
    const elsewhere = doc(sampleText.replace('Ekim 2026', ' Ekim 2026'));
    expect((await inspect(second.client, elsewhere)).ok).toBe(true);
    second.client.close();

    const o = await openFor([goodSha]);
    expect(o.ok, JSON.stringify(o.error)).toBe(true);
    const sessionId = (o.result as { sessionId: string }).sessionId;
    const seen: string[] = [];
    const tries: Array<[string, () => Promise<Record<string, unknown>>, string]> = [
      ['tampered bytes under the approved digest', () => sign(sessionId, tampered, goodSha), 'digest-mismatch'],
      ['another inspected document under the approved digest', () => sign(sessionId, other, goodSha), 'digest-mismatch'],
      ['another inspected document under its own digest (not in forDocuments)', () => sign(sessionId, other, sha(other.bytes)), 'not-approved'],
      ['never inspected bytes under their own digest', () => sign(sessionId, never, sha(never.bytes)), 'not-approved'],
      ['approved bytes asked for by another origin', () => sign(sessionId, good, goodSha, OTHER_ORIGIN), 'SESSION_NOT_FOUND'],
    ];
    const r = await attack(
      'consent-binding',
      'sign bytes other than the approved ones',
      tries.map(([what, run, want]) => async () => {
        const x = await run();
        seen.push(`${what}: ${codeOf(x)} ${reasonOf(x) ?? ''}`);
        return !x.ok && (reasonOf(x) === want || codeOf(x) === want);
      }),
    );
    expect(r.served, seen.join('\n')).toBe(0);
    const signed = await sign(sessionId, good, goodSha);
    expect(signed.ok, JSON.stringify(signed.error)).toBe(true);
    await b.client.request('session-close', { sessionId }, PORTAL);

    // sessions asked for documents not inspected here / for this origin are refused before login
    const seen2: string[] = [];
    const r2 = await attack(
      'consent-binding',
      'session for documents not inspected on this connection and origin',
      [never, foreign, elsewhere].map((d) => async () => {
        const x = await openFor([sha(d.bytes)]);
        seen2.push(`${codeOf(x)} ${reasonOf(x) ?? ''}`);
        return !x.ok && reasonOf(x) === 'not-inspected';
      }),
    );
    expect(r2.served, seen2.join('\n')).toBe(0);
  });

  it("a VKN that is not the certificate's is refused before C_Login: a wrong PIN sent with it never reaches the token", async () => {
    // another company's real-looking numbers (valid check digits: inspect refuses a bad VKN/TCKN before any of this)
    const foreignVkn = doc(sampleText.replace('>6090408038</xbrli:identifier>', '>4540536920</xbrli:identifier>'), '4540536920-202610-Y-000000.xml');
    const tckn = doc(
      sampleText.replace('>6090408038</xbrli:identifier>', '>10000000146</xbrli:identifier>').replace('Kurum Unvanı', 'Adı Soyadı'),
      'belge.xml',
    );
    const good = doc(sampleText.replace('(örnek)', '(örnek 2)'));
    for (const d of [foreignVkn, tckn, good]) expect((await inspect(b.client, d)).ok).toBe(true);
    expect(await tokenFlags()).toMatchObject({ userPinCountLow: false, userPinFinalTry: false, userPinLocked: false });
    const seen: string[] = [];
    const r = await attack(
      'consent-binding',
      'session for a document of another VKN/TCKN',
      [[foreignVkn], [tckn], [good, foreignVkn]].map((ds) => async () => {
        const x = await openFor(
          ds.map((d) => sha(d.bytes)),
          WRONG,
        );
        const f = await tokenFlags();
        seen.push(`${codeOf(x)} ${reasonOf(x) ?? ''} countLow=${f.userPinCountLow}`);
        // VKN_MISMATCH, and the wrong PIN did not reach the token (its counter is untouched)
        return codeOf(x) === 'VKN_MISMATCH' && !f.userPinCountLow;
      }),
    );
    expect(r.served, seen.join('\n')).toBe(0);
    // control: the same wrong PIN with a matching document does reach the token
    const ctl = await openFor([sha(good.bytes)], WRONG);
    expect(codeOf(ctl)).toBe('PIN_INCORRECT');
    expect((await tokenFlags()).userPinCountLow).toBe(true);
    // a right PIN (with the user's "son deneme") resets the counter
    const ok = await b.client.request(
      'session-open',
      { certificateId: '01', tokenLabel: TOKEN, pin: 'frame', forDocuments: [sha(good.bytes)], lastTry: true },
      PORTAL,
      PIN,
      30_000,
    );
    expect(ok.ok, JSON.stringify(ok.error)).toBe(true);
    await b.client.request('session-close', { sessionId: (ok.result as { sessionId: string }).sessionId }, PORTAL);
    expect((await tokenFlags()).userPinCountLow).toBe(false);
  });
});

describe('audit log', () => {
  it('records sign with the facts and sign-refused with the reason; never a PIN', () => {
    const text = fs.readFileSync(path.join(dir, 'data', 'audit.log'), 'utf8');
    const recs = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const signRec = recs.find((x) => x.type === 'sign');
    expect(signRec).toMatchObject({
      origin: PORTAL,
      file: NAME,
      type: 'sign',
      kind: 'Y',
      vkn: '6090408038',
      title: 'DEMO TİCARET A.Ş.',
      period: '202610',
      periodStart: '2026-10-01',
      periodEnd: '2026-10-31',
      certificate: '01',
    });
    expect(String(signRec!.sha256)).toMatch(/^[0-9a-f]{64}$/);
    expect(String(signRec!.signedSha256)).toMatch(/^[0-9a-f]{64}$/);
    expect(signRec!.signedSha256).not.toBe(signRec!.sha256);
    expect(String(signRec!.certificateSubject)).toContain('6090408038');
    const reasons = new Set(recs.filter((x) => x.type === 'sign-refused').map((x) => x.reason));
    for (const want of ['digest-mismatch', 'not-approved', 'not-inspected', 'vkn-mismatch', 'ambiguous'])
      expect(reasons.has(want), [...reasons].join(',')).toBe(true);
    expect(text).not.toContain(PIN);
    expect(text).not.toContain(WRONG);
    expect(b.log()).not.toContain(PIN);
  });
});

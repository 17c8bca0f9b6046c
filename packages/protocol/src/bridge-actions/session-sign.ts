/**
 * Bridge `session-sign`: sign one document in an open session (XAdES-BES, or -T with `timestamp`).
 * The bridge signs only when SHA-256(bytes) equals `approvedSha256` (the digest the consent window
 * showed and the user approved), the digest is one of the session's `forDocuments`, it was
 * inspected on this connection for this origin as a GİB document of the declared kind, and its
 * VKN/TCKN equals the session certificate's. Refusals: BAD_INPUT (`details.reason`:
 * `digest-mismatch`, `not-approved`, `not-inspected`, `name-mismatch`, `kind-mismatch`), VKN_MISMATCH, ALREADY_SIGNED.
 */
import * as z from '../zod.ts';
import { SignedDocument, DocumentToSign } from '../actions/sign-documents.ts';
import { TIMEOUTS } from '../config.ts';
import { Sha256Hex } from './document-inspect.ts';
import { defineAction } from '../actions/define.ts';

export const sessionSign = defineAction({
  name: 'session-sign',
  params: () =>
    DocumentToSign.extend({
      sessionId: z.string().regex(/^[0-9a-f]{32}$/),
      timestamp: z.boolean(),
      /** SHA-256 (hex) of `bytes` as the consent window showed it and the user approved it */
      approvedSha256: Sha256Hex,
    }).strict(),
  result: () =>
    SignedDocument.extend({
      /** time spent on the bridge for this document (ms): parse + digest + token + TSA */
      bridgeMs: z.number(),
    }),
  timeoutMs: TIMEOUTS.bridgeSignMs,
  since: '1.0.0',
});

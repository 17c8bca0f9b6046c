/** Bridge `session-sign`: sign one document in an open session (XAdES-BES, or -T with `timestamp`). */
import { z } from 'zod';
import { SignedDocument, DocumentToSign } from '../actions/sign-documents.ts';
import { TIMEOUTS } from '../config.ts';
import { defineAction } from '../actions/define.ts';

export const sessionSign = defineAction({
  name: 'session-sign',
  params: DocumentToSign.extend({
    sessionId: z.string().regex(/^[0-9a-f]{32}$/),
    timestamp: z.boolean(),
  }).strict(),
  result: SignedDocument.extend({
    /** time spent on the bridge for this document (ms): parse + digest + token + TSA */
    bridgeMs: z.number(),
  }),
  timeoutMs: TIMEOUTS.bridgeSignMs,
  since: '1.0.0',
});

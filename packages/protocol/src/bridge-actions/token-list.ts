/** Bridge `token-list`: tokens (with PIN-pad and PIN-counter flags) and their certificates. */
import * as z from '../zod.ts';
import { lazySchema } from '../lazy-schema.ts';
import { CertificateSummary, TokenSummary } from '../common.ts';
import { TIMEOUTS } from '../config.ts';
import { defineAction } from '../actions/define.ts';

/** A token and the signing certificates on it. */
export const TokenWithCertificates = lazySchema(() => TokenSummary.extend({ certificates: z.array(CertificateSummary) }));
export type TokenWithCertificates = z.infer<typeof TokenWithCertificates>;

export const tokenList = defineAction({
  name: 'token-list',
  params: () => z.object({}).strict(),
  result: () => z.object({ tokens: z.array(TokenWithCertificates) }),
  timeoutMs: TIMEOUTS.shortRequestMs,
  since: '1.0.0',
});

/** `list-certificates`: the signing certificates on the connected tokens (public data only). */
import * as z from '../zod.ts';
import { CertificateSummary } from '../common.ts';
import { TIMEOUTS } from '../config.ts';
import { defineAction } from './define.ts';

export const listCertificates = defineAction({
  name: 'list-certificates',
  params: () => z.object({}).strict(),
  result: () => z.object({ certificates: z.array(CertificateSummary) }),
  timeoutMs: TIMEOUTS.shortRequestMs,
  since: '1.0.0',
});

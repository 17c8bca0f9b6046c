/** The extension's half of the origin rule (the bridge checks its own copy too). */
import { fail } from '@edefter/protocol';
import type { ActionContext } from './context.ts';

/** @throws EdefterError ORIGIN_NOT_ALLOWED (with the origin) when the site is not on the allowed list */
export function requireAllowedOrigin(ctx: ActionContext): void {
  if (!ctx.originAllowed) throw fail('transport.originNotAllowed', { origin: ctx.origin });
}

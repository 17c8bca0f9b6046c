/** Sends a UI message to the service worker and unwraps `{ ok, result | error }`. */
import { EdefterError, fail, type SerializedError } from '@edefter/protocol';
import browser from './browser.ts';
import type { UiMessage } from './ui-messages.ts';

/**
 * @returns the `result` of the reply
 * @throws EdefterError the service worker's error
 */
export async function ask<T = unknown>(msg: UiMessage): Promise<T> {
  const reply = (await browser.runtime.sendMessage(msg)) as { ok: boolean; result?: T; error?: SerializedError } | undefined;
  if (!reply) throw fail('extension.noAnswer');
  if (!reply.ok && reply.error) throw EdefterError.fromJSON(reply.error);
  return reply.result as T;
}

/** Error text in the UI language (Turkish with English below when `lang` is tr). */
export function errorText(e: unknown, lang: 'tr' | 'en'): string {
  const err = e as Partial<SerializedError> & { message?: string };
  if (err && typeof err.tr === 'string' && typeof err.en === 'string') return lang === 'tr' ? err.tr : err.en;
  return err?.message ?? String(e);
}

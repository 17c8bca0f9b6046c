/** What every page-action handler gets. */
import type { BridgeConnection } from '../services/bridge-connection.ts';
import type { Progress } from '@edefter/protocol';
import type { Settings } from '../../shared/settings.ts';

/** Context of one page request. */
export interface ActionContext {
  /** request id (from the page) */
  id: string;
  /** requesting web origin, derived from the message sender by the browser (never page data) */
  origin: string;
  /** the origin is on the user's allowed sites list */
  originAllowed: boolean;
  bridge: BridgeConnection;
  settings: Settings;
  /** the page library's protocol version */
  libraryProtocol: string;
  /**
   * Relays a progress report of this request to the page that made it (its tab and frame, as the
   * browser reported them) and to the popup's list. Pass it as `onProgress` of long bridge requests.
   */
  progress(p: Progress): void;
}

/** A page-action handler: validated params in, result (validated by the page) out; throws EdefterError. */
export type ActionHandler<P, R> = (ctx: ActionContext, params: P) => Promise<R>;

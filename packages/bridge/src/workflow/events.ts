/**
 * The workflow's event bus (issue 11 item 3): a step that changes a month's state says so with a
 * typed event, and whoever follows that step subscribes, instead of the step calling the follower
 * (gib used to call backup directly). The flows layer (packages/bridge/src/flows/) wires the
 * subscribers: today the automatic Yedekleme after an approved berat (flows/backup.ts).
 *
 * Events are delivered in subscription order and awaited, so the emitter can report what each
 * listener did (a {@link EventNote}) on its own progress channel. A listener that throws never
 * breaks the emitter: its error becomes a note with `error: true`.
 */
import type { MonthPartKey } from '@edefter/domain';
import type { Actor } from './actor.ts';
import type { WorkflowStore } from './store.ts';

/** Every workflow event by name, with what it carries. */
export interface WorkflowEventMap {
  /**
   * GİB's approved berat of a package was verified and stored in the month folder (status
   * Onaylı Berat İndirildi, gib/download.ts). `trustedCerts`: the anchors the download trusted.
   */
  'approved-berat-stored': {
    store: WorkflowStore;
    ref: MonthPartKey;
    /** paket ID of the berat package (…-YB-… or …-KB-…) */
    paketId: string;
    /** month folder holding the defters, berats and approved berats */
    folder: string;
    /** path of the stored GIB-… file */
    stored: string;
    actor: Actor;
    trustedCerts?: Buffer[];
  };
}

/** Names of workflow events. */
export type WorkflowEventName = keyof WorkflowEventMap;

/** What a listener reports back to the emitter (shown as one progress line, Turkish). */
export interface EventNote {
  tr: string;
  /** the listener failed (its text says how) */
  error?: boolean;
}

/** A listener of event `K`: may report a note; may be async. */
export type WorkflowListener<K extends WorkflowEventName> = (event: WorkflowEventMap[K]) => Promise<EventNote | void> | EventNote | void;

/** A small typed event bus (one per flow context, or shared). */
export class WorkflowEvents {
  /** Listeners by event (one list per event name: a new event adds its line here). */
  private readonly listeners: { [K in WorkflowEventName]: WorkflowListener<K>[] } = { 'approved-berat-stored': [] };

  /**
   * Subscribes `fn` to event `name`.
   * @returns a function that unsubscribes it
   */
  on<K extends WorkflowEventName>(name: K, fn: WorkflowListener<K>): () => void {
    const list: WorkflowListener<K>[] = this.listeners[name];
    list.push(fn);
    return () => {
      const i = list.indexOf(fn);
      if (i >= 0) list.splice(i, 1);
    };
  }

  /** How many listeners `name` has. */
  count(name: WorkflowEventName): number {
    return this.listeners[name].length;
  }

  /**
   * Delivers an event to its listeners, one after the other. Never throws.
   * @returns the listeners' notes, in order (a thrown error becomes `{ tr: <message>, error: true }`)
   */
  async emit<K extends WorkflowEventName>(name: K, event: WorkflowEventMap[K]): Promise<EventNote[]> {
    const notes: EventNote[] = [];
    const list: WorkflowListener<K>[] = [...this.listeners[name]];
    for (const fn of list) {
      try {
        const note = await fn(event);
        if (note) notes.push(note);
      } catch (e) {
        const err = e as { tr?: unknown; message?: unknown };
        notes.push({ tr: typeof err?.tr === 'string' ? err.tr : String(err?.message ?? e), error: true });
      }
    }
    return notes;
  }
}

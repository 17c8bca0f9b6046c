/**
 * The workflow event bus (workflow/events.ts) and its one subscriber today: gib/download.ts announces
 * `approved-berat-stored`; flows/backup.ts follows it with the automatic Yedekleme (gib and backup
 * do not import each other).
 */
import { describe, expect, it } from 'vitest';
import { WorkflowEvents, type WorkflowEventMap } from '../../packages/bridge/src/workflow/events.ts';
import { gibFlowEvents, withGibFlowEvents } from '../../packages/bridge/src/flows/gib.ts';
import { autoBackupNote } from '../../packages/bridge/src/flows/backup.ts';
import type { GibFlowContext } from '../../packages/bridge/src/gib/send.ts';

const event = {
  ref: { vkn: '6090408038', period: '202501', part: '000000' },
  paketId: '6090408038-202501-YB-000000',
  folder: '/x',
  stored: '/x/GIB-a.xml',
  actor: { origin: 'test' },
} as unknown as WorkflowEventMap['approved-berat-stored'];

describe('WorkflowEvents', () => {
  it('delivers in subscription order, collects notes, turns a throwing listener into an error note, unsubscribes', async () => {
    const bus = new WorkflowEvents();
    const seen: string[] = [];
    bus.on('approved-berat-stored', (e) => {
      seen.push(`a:${e.paketId}`);
      return { tr: 'birinci' };
    });
    const off = bus.on('approved-berat-stored', async () => {
      seen.push('b');
      throw Object.assign(new Error('boom'), { tr: 'patladı' });
    });
    bus.on('approved-berat-stored', () => {
      seen.push('c');
    });
    expect(await bus.emit('approved-berat-stored', event)).toEqual([{ tr: 'birinci' }, { tr: 'patladı', error: true }]);
    expect(seen).toEqual(['a:6090408038-202501-YB-000000', 'b', 'c']);
    off();
    expect(bus.count('approved-berat-stored')).toBe(2);
    expect(await bus.emit('approved-berat-stored', event)).toEqual([{ tr: 'birinci' }]);
  });

  it('the GİB flows subscribe the automatic Yedekleme; a context with its own bus keeps it', () => {
    expect(gibFlowEvents().count('approved-berat-stored')).toBe(1);
    const own = new WorkflowEvents();
    const ctx = { events: own } as unknown as GibFlowContext;
    expect(withGibFlowEvents(ctx).events).toBe(own);
    expect(withGibFlowEvents<GibFlowContext>({ ...ctx, events: undefined }).events?.count('approved-berat-stored')).toBe(1);
  });

  it('an automatic backup that did not start says nothing; one that ran or failed says so', () => {
    expect(autoBackupNote({ started: false, reason: 'auto-off' })).toBeUndefined();
    expect(autoBackupNote({ started: true, error: Object.assign(new Error('x'), { code: 'BACKUP_ERROR', tr: 'bağlanılamadı', en: 'no link' }) })).toEqual({
      tr: 'Otomatik yedekleme: bağlanılamadı',
      error: true,
    });
  });
});

import { describe, expect, it } from 'vitest';
import { approveWhy, type ApproveState } from '../src/consent/approve-why.ts';
import { t } from '../src/shared/i18n.ts';

const ready: ApproveState = {
  armed: true,
  busy: false,
  hasCert: true,
  locked: false,
  vknMismatch: false,
  tsaMissing: false,
  lastTryNeeded: false,
  lastTryConfirmed: false,
  needsPin: true,
  pinLength: 6,
};

describe('why Onayla is disabled', () => {
  it('is enabled only when nothing is missing, and then says so', () => {
    expect(approveWhy(ready)).toEqual({ ok: true, reason: 'whyReady' });
  });
  it('names the first thing the user can act on, in Turkish', () => {
    const why = (s: Partial<ApproveState>): string => t('tr', approveWhy({ ...ready, ...s }).reason);
    expect(why({ pinLength: 3 })).toBe('PIN girin (en az 4 hane)');
    expect(why({ lastTryNeeded: true })).toBe('Son deneme kutusunu işaretleyin');
    expect(why({ vknMismatch: true, pinLength: 0 })).toBe("Sertifika VKN'si belgeyle uyuşmuyor");
    expect(why({ locked: true })).toBe('PIN blokeli');
    expect(why({ tsaMissing: true, pinLength: 0 })).toBe('TSA ayarlı değil: damgayı kaldırın');
    expect(why({ hasCert: false })).toBe('Sertifika seçin');
    expect(why({ busy: true })).toBe('İşleniyor…');
    expect(why({ armed: false })).toBe('Pencere hazırlanıyor…');
  });
  it('needs no PIN on a reader keypad or an open session', () => {
    expect(approveWhy({ ...ready, needsPin: false, pinLength: 0 }).ok).toBe(true);
  });
});

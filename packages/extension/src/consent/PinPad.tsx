/**
 * Virtual PIN pad: digit buttons (optionally shuffled with crypto.getRandomValues), delete,
 * clear, and keyboard input. It never holds the PIN as a string: the parent keeps char codes
 * in an array it zeroes after use; this component only reports key presses.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { t, type Lang } from '../shared/i18n.ts';
import { KEYPAD_DIGITS, shuffled } from '../shared/shuffle.ts';

/** Props of {@link PinPad}. */
export interface PinPadProps {
  lang: Lang;
  /** number of digits typed so far (for the masked display) */
  length: number;
  disabled?: boolean;
  onDigit: (d: number) => void;
  onBackspace: () => void;
  onClear: () => void;
  onEnter: () => void;
}

/** The PIN pad. */
export function PinPad(p: PinPadProps) {
  const [order, setOrder] = useState<string[]>([...KEYPAD_DIGITS]);
  // The keyboard listener reads the props of the latest render: an effect re-registered after each
  // render would keep the previous `disabled` until effects run (after a frame, and background
  // windows throttle frames), dropping digits typed right after a wrong-PIN answer.
  const latest = useRef(p);
  latest.current = p;
  useEffect(() => {
    const onKey = (ev: KeyboardEvent): void => {
      const q = latest.current;
      if (q.disabled) return;
      if (/^[0-9]$/.test(ev.key)) { q.onDigit(ev.key.charCodeAt(0)); ev.preventDefault(); }
      else if (ev.key === 'Backspace') { q.onBackspace(); ev.preventDefault(); }
      else if (ev.key === 'Escape') { q.onClear(); ev.preventDefault(); }
      else if (ev.key === 'Enter') { q.onEnter(); ev.preventDefault(); }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  const key = (d: string) => (
    <button type="button" data-testid={`pin-digit-${d}`} disabled={p.disabled} onClick={() => p.onDigit(d.charCodeAt(0))}>{d}</button>
  );
  return (
    <div>
      <div class="pin-display" data-testid="pin-display" aria-label={t(p.lang, 'pin')}>{'●'.repeat(p.length)}</div>
      <div class="pinpad" data-testid="pinpad">
        {order.slice(0, 9).map(key)}
        <button type="button" data-testid="pin-clear" disabled={p.disabled} onClick={p.onClear}>{t(p.lang, 'clear')}</button>
        {key(order[9])}
        <button type="button" data-testid="pin-backspace" disabled={p.disabled} onClick={p.onBackspace}>⌫ {t(p.lang, 'backspace')}</button>
      </div>
      <div class="row" style="justify-content: space-between">
        <button type="button" data-testid="pin-shuffle" disabled={p.disabled} onClick={() => setOrder(shuffled(KEYPAD_DIGITS))}>{t(p.lang, 'shuffle')}</button>
        <span class="note">{t(p.lang, 'pinKeyboardHint')}</span>
      </div>
    </div>
  );
}

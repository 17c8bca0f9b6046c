/**
 * Virtual PIN pad with a focusable PIN entry. It never holds the PIN as a string: the parent keeps
 * char codes in an array it zeroes after use; this component only reports key presses.
 *
 * Keyboard (issue 10 item 8): there is no window-level key listener here. The PIN entry
 * (`data-testid="pin-input"`, role textbox, tabIndex 0) takes digits, Backspace and Enter (=
 * approve) only while it has the focus; the pad's buttons are ordinary buttons (Enter or Space on
 * a focused digit types that digit) and do not take the focus from the entry when clicked.
 */
import type { Ref } from 'preact';
import { useState } from 'preact/hooks';
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
  /** Enter in the PIN entry */
  onEnter: () => void;
  /** the PIN entry element, so the window can focus it */
  entryRef?: Ref<HTMLDivElement>;
}

/** Keeps the focus where it is (the PIN entry) when a pad button is clicked with the mouse. */
const keepFocus = (ev: MouseEvent): void => { ev.preventDefault(); };

/** The PIN pad. */
export function PinPad(p: PinPadProps) {
  const [order, setOrder] = useState<string[]>([...KEYPAD_DIGITS]);
  const onKeyDown = (ev: KeyboardEvent): void => {
    if (ev.defaultPrevented || ev.altKey || ev.ctrlKey || ev.metaKey) return;
    if (p.disabled) { if (ev.key !== 'Tab' && ev.key !== 'Escape') ev.preventDefault(); return; }
    if (/^[0-9]$/.test(ev.key)) { p.onDigit(ev.key.charCodeAt(0)); ev.preventDefault(); }
    else if (ev.key === 'Backspace') { p.onBackspace(); ev.preventDefault(); }
    else if (ev.key === 'Delete') { p.onClear(); ev.preventDefault(); }
    else if (ev.key === 'Enter') { p.onEnter(); ev.preventDefault(); }
  };
  const key = (d: string) => (
    <button type="button" data-testid={`pin-digit-${d}`} disabled={p.disabled} onMouseDown={keepFocus} onClick={() => p.onDigit(d.charCodeAt(0))}>{d}</button>
  );
  return (
    <div>
      <div class="pin-display" data-testid="pin-input" role="textbox" aria-label={t(p.lang, 'pinEntry')} aria-disabled={p.disabled ? 'true' : 'false'}
        tabIndex={0} ref={p.entryRef} onKeyDown={onKeyDown}>
        <span data-testid="pin-display">{'●'.repeat(p.length)}</span>
      </div>
      <div class="pinpad" data-testid="pinpad">
        {order.slice(0, 9).map(key)}
        <button type="button" data-testid="pin-clear" disabled={p.disabled} onMouseDown={keepFocus} onClick={p.onClear}>{t(p.lang, 'clear')}</button>
        {key(order[9])}
        <button type="button" data-testid="pin-backspace" disabled={p.disabled} onMouseDown={keepFocus} onClick={p.onBackspace}>⌫ {t(p.lang, 'backspace')}</button>
      </div>
      <div class="row" style="justify-content: space-between">
        <button type="button" data-testid="pin-shuffle" disabled={p.disabled} onMouseDown={keepFocus} onClick={() => setOrder(shuffled(KEYPAD_DIGITS))}>{t(p.lang, 'shuffle')}</button>
        <span class="note">{t(p.lang, 'pinKeyboardHint')}</span>
      </div>
    </div>
  );
}

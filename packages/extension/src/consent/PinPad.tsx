/**
 * Virtual PIN pad with a focusable PIN entry. It never holds the PIN as a string: the parent keeps
 * char codes in an array it zeroes after use; this component only reports key presses.
 *
 * Keyboard (issue 10 item 8): there is no window-level key listener here. The PIN entry
 * (`data-testid="pin-input"`, role textbox, tabIndex 0) takes digits, Backspace and Enter (=
 * approve) only while it has the focus; the pad's buttons are ordinary buttons (Enter or Space on
 * a focused digit types that digit) and do not take the focus from the entry when clicked.
 *
 * Layout and accessibility (issue 12 items 1 and 8): the entry, the "N hane girildi" line
 * (aria-live="polite", so a screen reader hears the length, never a digit), whatever the window
 * puts in `children` (PIN counter, "son deneme", zaman damgası) and "Rakamları Karıştır" stand in
 * a column left of the pad, so the pad and Onayla fit a 560×760 window without scrolling. Every
 * pad button has a name ("Rakam 5", "Temizle", "Sil").
 */
import type { ComponentChildren, Ref } from 'preact';
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
  /** shown in the column left of the pad, below the entry */
  children?: ComponentChildren;
}

/** Keeps the focus where it is (the PIN entry) when a pad button is clicked with the mouse. */
const keepFocus = (ev: MouseEvent): void => {
  ev.preventDefault();
};

/** The PIN pad. */
export function PinPad(p: PinPadProps) {
  const [order, setOrder] = useState<string[]>([...KEYPAD_DIGITS]);
  const onKeyDown = (ev: KeyboardEvent): void => {
    if (ev.defaultPrevented || ev.altKey || ev.ctrlKey || ev.metaKey) return;
    if (p.disabled) {
      if (ev.key !== 'Tab' && ev.key !== 'Escape') ev.preventDefault();
      return;
    }
    if (/^[0-9]$/.test(ev.key)) {
      p.onDigit(ev.key.charCodeAt(0));
      ev.preventDefault();
    } else if (ev.key === 'Backspace') {
      p.onBackspace();
      ev.preventDefault();
    } else if (ev.key === 'Delete') {
      p.onClear();
      ev.preventDefault();
    } else if (ev.key === 'Enter') {
      p.onEnter();
      ev.preventDefault();
    }
  };
  const key = (d: string) => (
    <button
      type="button"
      data-testid={`pin-digit-${d}`}
      aria-label={t(p.lang, 'pinDigit', { d })}
      disabled={p.disabled}
      onMouseDown={keepFocus}
      onClick={() => p.onDigit(d.charCodeAt(0))}
    >
      {d}
    </button>
  );
  return (
    <div class="pinarea">
      <div class="pin-left">
        {/* biome-ignore lint/a11y/useSemanticElements: the PIN never enters an <input> (no autofill, no page access); keys go to onKeyDown */}
        <div
          class="pin-display"
          data-testid="pin-input"
          role="textbox"
          aria-label={t(p.lang, 'pinEntry')}
          aria-disabled={p.disabled ? 'true' : 'false'}
          aria-describedby="pin-count"
          tabIndex={0}
          ref={p.entryRef}
          onKeyDown={onKeyDown}
        >
          <span data-testid="pin-display" aria-hidden="true">
            {'●'.repeat(p.length)}
          </span>
        </div>
        <p class="note" id="pin-count" data-testid="pin-count" aria-live="polite">
          {p.length ? t(p.lang, 'pinDigitsEntered', { n: p.length }) : t(p.lang, 'pinNoDigits')}
        </p>
        {p.children}
        <div class="row">
          <button type="button" data-testid="pin-shuffle" disabled={p.disabled} onMouseDown={keepFocus} onClick={() => setOrder(shuffled(KEYPAD_DIGITS))}>
            {t(p.lang, 'shuffle')}
          </button>
        </div>
        <p class="note">{t(p.lang, 'pinKeyboardHint')}</p>
      </div>
      {/* biome-ignore lint/a11y/useSemanticElements: a grid of keypad buttons, not a form's fieldset */}
      <div class="pinpad" data-testid="pinpad" role="group" aria-label={t(p.lang, 'pin')}>
        {order.slice(0, 9).map(key)}
        <button type="button" data-testid="pin-clear" disabled={p.disabled} onMouseDown={keepFocus} onClick={p.onClear}>
          {t(p.lang, 'clear')}
        </button>
        {key(order[9])}
        <button
          type="button"
          data-testid="pin-backspace"
          aria-label={t(p.lang, 'backspace')}
          disabled={p.disabled}
          onMouseDown={keepFocus}
          onClick={p.onBackspace}
        >
          <span aria-hidden="true">⌫ </span>
          {t(p.lang, 'backspace')}
        </button>
      </div>
    </div>
  );
}

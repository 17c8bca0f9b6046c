/** Popup entry. */
import { render } from 'preact';
import '../shared/ui.css';
import { PopupApp } from './PopupApp.tsx';

render(<PopupApp />, document.getElementById('app')!);

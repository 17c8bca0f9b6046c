/** Options page entry. */
import { render } from 'preact';
import '../shared/ui.css';
import { OptionsApp } from './OptionsApp.tsx';

render(<OptionsApp />, document.getElementById('app')!);

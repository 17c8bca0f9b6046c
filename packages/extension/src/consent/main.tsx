/** Consent window entry: `consent/index.html?id=<consentId>`. */
import { render } from 'preact';
import '../shared/ui.css';
import { ConsentApp } from './ConsentApp.tsx';

const id = new URLSearchParams(location.search).get('id') ?? '';
render(<ConsentApp consentId={id} />, document.getElementById('app')!);

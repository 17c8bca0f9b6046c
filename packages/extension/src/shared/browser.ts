/** The WebExtension API (`browser.*`, promise-based) in Chrome and Firefox alike. */
import browser from 'webextension-polyfill';

export default browser;

/** Which browser this build runs in (set by vite from the build target). */
export const BROWSER: 'chrome' | 'firefox' = import.meta.env.VITE_BROWSER === 'firefox' ? 'firefox' : 'chrome';

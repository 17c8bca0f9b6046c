/// <reference types="vite/client" />
interface ImportMetaEnv {
  readonly VITE_BROWSER: 'chrome' | 'firefox';
  readonly VITE_EXTENSION_VERSION: string;
  readonly VITE_TEST_HOOKS?: boolean;
}

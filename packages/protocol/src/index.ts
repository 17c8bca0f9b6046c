/** @edefter/protocol: the messages and errors that page, extension and bridge share. */
export * from './errors.ts';
export * from './error-messages.ts';
export * from './catalog/index.ts';
export * from './version.ts';
export * from './config.ts';
export * from './common.ts';
export * from './bytes.ts';
export * from './progress.ts';
export * from './extension-id.ts';
export * from './actions/index.ts';
export * from './bridge-actions/index.ts';
export * from './hops/page.ts';
export * from './hops/runtime.ts';
export * from './hops/bridge.ts';
export * from './hops/native-host.ts';
export * from './hops/local-channel.ts';

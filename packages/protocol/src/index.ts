/** @edefter/protocol: the messages and errors that page, extension and bridge share. */
export * from './errors.ts';

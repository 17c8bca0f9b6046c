/** The local channel's messages (schemas live in @edefter/protocol, hops/local-channel.ts). */
export { LOCAL_MAX_LINE_BYTES as MAX_LOCAL_LINE_BYTES, LocalRequest, type PairingListEntry } from '@edefter/protocol';

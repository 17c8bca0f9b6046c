/**
 * Every timeout and size limit of the protocol, in one frozen object (ms and bytes).
 * All sides read them from here so that, for example, the page never gives up before the
 * extension does.
 */
export const TIMEOUTS = Object.freeze({
  /** page → content script: the ack must arrive within this (ms); else EXTENSION_NOT_FOUND */
  extensionAckMs: 1_500,
  /** short requests (status, certificate list) end to end (ms) */
  shortRequestMs: 20_000,
  /** a request that waits for the user (consent, PIN, PIN pad) end to end (ms) */
  userInteractionMs: 10 * 60_000,
  /** one consent window waits this long for a decision (ms); then Timeout */
  consentWindowMs: 5 * 60_000,
  /** service worker → bridge: connect + hello + auth (ms) */
  bridgeConnectMs: 5_000,
  /** service worker → bridge: the bridge acks a request within (ms) */
  bridgeAckMs: 5_000,
  /** service worker → bridge: signing one document, token and TSA included (ms) */
  bridgeSignMs: 120_000,
  /** a PIN-pad login may wait this long for the keypad (ms; 90 s as Web eID found needed) */
  pinpadLoginMs: 95_000,
  /** pairing code must be confirmed within (ms) */
  pairingMs: 120_000,
  /** a signing session on the bridge closes (logout) after this much idle time (ms) */
  sessionIdleMs: 120_000,
});

/** Size limits (bytes). Larger defters are signed with the `edefter` CLI, not through a page. */
export const LIMITS = Object.freeze({
  /** one document through the page API (bytes; base64 on the wire is 4/3 of this) */
  maxDocumentBytes: 32 * 1024 * 1024,
  /** all documents of one request together (bytes) */
  maxRequestBytes: 40 * 1024 * 1024,
  /** documents in one signDocuments call */
  maxDocuments: 200,
  /** one WebSocket message (bytes) */
  maxWsMessageBytes: 64 * 1024 * 1024,
});

/** TCP port the bridge listens on by default (127.0.0.1 only); `edefter bridge --port N` and the extension's settings change it. */
export const DEFAULT_BRIDGE_PORT = 17443;

/** Key algorithm of the bridge's local CA and server certificate (WebCrypto parameters): ECDSA P-256 with SHA-256. */
export const EC_P256 = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

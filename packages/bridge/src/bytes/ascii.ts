/**
 * The ASCII bytes the byte-level XML readers look for (the signer's canonicaliser, xades/c14n/, and the validator's
 * byte lexer, validate/byte-lexer.ts). In UTF-8 they never occur inside a multi-byte sequence.
 */

export const LT = 0x3c; // <
export const GT = 0x3e; // >
export const AMP = 0x26; // &
export const SLASH = 0x2f; // /
export const QMARK = 0x3f; // ?
export const BANG = 0x21; // !
export const EQ = 0x3d; // =
export const DQ = 0x22; // "
export const SQ = 0x27; // '
export const SP = 0x20;
export const TAB = 0x09;
export const LF = 0x0a;
export const CR = 0x0d;
export const COLON = 0x3a;
export const SEMI = 0x3b;
export const HASH = 0x23;
export const DASH = 0x2d;
export const RBRACKET = 0x5d;

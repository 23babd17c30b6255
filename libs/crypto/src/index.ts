/**
 * Node identity and signed messages for the Littoral network: Ed25519 key files
 * (owner-only, atomic writes), RFC 7638 key ids, rotation announced by the old
 * key, and compact JWS signing and verification (EdDSA only, explicit `typ`,
 * issuer bound to the signing country, revoked / compromised / out-of-validity
 * keys refused). Pure apart from key-file I/O; no clock: `now` and
 * `receivedAt` are always passed in. Every refusal is a LittoralError with a
 * stable code and a message safe to log.
 */
export { JWS_TYPES } from './jws-types.js';
export type { JwsType } from './jws-types.js';
export { HUB_KEY_FILE_COUNTRY, generateKeyFile, activeKey, markCompromised, publicJwks } from './key-file.js';
export type { StoredKey, KeyFile } from './key-file.js';
export { readKeyFile, writeKeyFile } from './key-file-io.js';
export type { WriteKeyFileOptions } from './key-file-io.js';
export { thumbprint } from './key-material.js';
export { signJws } from './jws-sign.js';
export { verifyJws, DEFAULT_MAX_JWS_BYTES } from './jws-verify.js';
export type { TrustedKey, VerifyOptions, Verified } from './jws-verify.js';
export { rotateKeyFile, verifyKeyAnnouncement } from './key-rotation.js';

/**
 * The explicit `typ` of every kind of signed message in the network. A message
 * is verified only as the one kind the receiver expects, so a catalogue entry
 * can never pass as a tombstone, a key announcement or a token.
 */
export const JWS_TYPES = {
  catalogue: 'littoral-catalogue+jws',
  tombstone: 'littoral-tombstone+jws',
  keyAnnouncement: 'littoral-key-announcement+jws',
  /** A query the hub sends a node (federation). */
  queryEnvelope: 'littoral-query+jws',
  /** A node's answer to a query envelope. */
  queryAnswer: 'littoral-answer+jws',
  /** A signed {sequence, head hash, time} of an audit log. */
  auditCheckpoint: 'littoral-audit-checkpoint+jws',
  /** The signature over an exported audit log. */
  auditExport: 'littoral-audit-export+jws',
  /** An auditor's trace across the network: the hub's request (iss hub) and each node's signed answer (iss = the node). */
  auditTrace: 'littoral-audit-trace+jws',
} as const;

/** One of the {@link JWS_TYPES} values. */
export type JwsType = (typeof JWS_TYPES)[keyof typeof JWS_TYPES];

/** The only signature algorithm accepted anywhere in the network (Ed25519). */
export const SIGNING_ALG = 'EdDSA';

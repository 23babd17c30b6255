// Errors that do not know their transport. Each carries a stable string code;
// GraphQL maps the code to `extensions.code` and the CLI to its exit message
// (see libs/graphql/src/graphql-errors.ts). Messages name what is wrong and
// what was expected, never data the caller may not see.

export const ERROR_CODES = [
  'CONFIG_INVALID',
  'DATASET_NOT_FOUND',
  'DATASET_ALREADY_EXISTS',
  'DATASET_INVALID',
  'IMPORT_ROWS_INVALID',
  'IMPORT_FILE_UNREADABLE',
  'IMPORT_HEADER_INVALID',
  'IMPORT_FORMAT_UNKNOWN',
  'IMPORT_KIND_MISMATCH',
  'MAPPING_INVALID',
  'UNIT_UNKNOWN',
  'UNIT_CONVERSION_INVALID',
  'INPUT_INVALID',
  'KEY_FILE_INVALID',
  'SIGNATURE_INVALID',
  'KEY_UNKNOWN',
  'KEY_REVOKED',
  'KEY_COMPROMISED',
  'ALG_NOT_ALLOWED',
  'TYP_MISMATCH',
  'ISSUER_MISMATCH',
  'PAYLOAD_TOO_LARGE',
  'MESSAGE_MALFORMED',
  'CATALOGUE_ENTRY_INVALID',
  'VERSION_NOT_NEWER',
  'MEMBER_UNKNOWN',
  'MEMBER_ALREADY_EXISTS',
  'MEMBER_REVOKED',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'INTERNAL',
  'GRANT_INVALID',
  'GRANT_NOT_FOUND',
  'GRANT_VERSION_CONFLICT',
  'GRANT_REVOKED',
  // Federated queries (issue 5): refusals of envelopes, answers and cursors
  // (libs/federation), of the requester (node), and of an unconfigured side.
  // They reach users as GraphQL `extensions.code` (CURSOR_INVALID,
  // FEDERATION_NOT_CONFIGURED), as the NATS `Littoral-Error-Code` reply header
  // and in manifest reasons (`<CODE>: <text>`).
  'ENVELOPE_INVALID',
  'ENVELOPE_EXPIRED',
  'ENVELOPE_REPLAYED',
  'AUDIENCE_MISMATCH',
  'ANSWER_INVALID',
  'CORRELATION_MISMATCH',
  'CURSOR_INVALID',
  'NONCE_CACHE_FULL',
  'REQUESTER_MISMATCH',
  'REQUESTER_TOKEN_INVALID',
  'REQUESTER_UNVERIFIABLE',
  'REQUESTER_NOT_ANALYST',
  'FEDERATION_NOT_CONFIGURED',
  'NODE_CANNOT_SIGN',
  // Signed audit exports (libs/audit signed-export.ts): no key to sign with,
  // or a period holding more entries than one export may.
  'AUDIT_EXPORT_NO_KEY',
  'AUDIT_EXPORT_TOO_LARGE',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export class LittoralError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Extra machine-readable detail safe to show the caller. */
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
    this.name = 'LittoralError';
  }
}

export function isLittoralError(e: unknown): e is LittoralError {
  return e instanceof LittoralError;
}

import { LittoralError, type ErrorCode } from '@littoral/contracts';

/** One message from the catalogue stream, as the ingest sees it (no NATS types). */
export interface CatalogueMessage {
  subject: string;
  data: Uint8Array;
  stream: string;
  /** Stream sequence: a redelivery has the same one. */
  streamSeq: number;
  /** 1 on first delivery. */
  deliveryCount: number;
}

/** What became of a message; the consumer acks (or terms) accordingly. */
export type IngestOutcome =
  | { status: 'stored'; identifier: string; version: number }
  | { status: 'withdrawn'; identifier: string; version: number }
  | { status: 'key-added'; country: string; kid: string }
  | { status: 'duplicate' }
  | { status: 'rejected'; code: string; detail: string };

/** Codes a refusal is recorded with (LittoralError codes, plus INTERNAL for a message that kept failing). */
export type RejectionCode = ErrorCode;

/** A refusal: the message is recorded as a security event and never retried. */
export function refuse(code: ErrorCode, message: string, details?: Record<string, unknown>): LittoralError {
  return new LittoralError(code, message, details);
}

/** The unverified protected header of a compact JWS (for choosing the typ to verify as, and naming the claimed kid). */
export function peekHeader(jws: string): { typ?: unknown; kid?: unknown } {
  const dot = jws.indexOf('.');
  if (dot <= 0 || dot > 4096) return {};
  try {
    const header: unknown = JSON.parse(Buffer.from(jws.slice(0, dot), 'base64url').toString('utf8'));
    return typeof header === 'object' && header !== null ? (header as { typ?: unknown; kid?: unknown }) : {};
  } catch {
    return {};
  }
}

/** JWT claims the signer adds around the signed document; they are checked by verifyJws, not part of the entry. */
const ENVELOPE_CLAIMS = ['iss', 'sub', 'iat'] as const;

/** The signed document without its envelope claims. */
export function documentOf(payload: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...payload };
  for (const claim of ENVELOPE_CLAIMS) delete out[claim];
  return out;
}

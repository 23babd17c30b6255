/** What kind of security event: a refused message, or a change of trust. */
export const SECURITY_EVENT_KINDS = [
  'MESSAGE_REJECTED',
  'KEY_ANNOUNCED',
  'MEMBER_ADDED',
  'MEMBER_REVOKED',
  'KEY_ADDED',
  'KEY_REVOKED',
  'KEY_COMPROMISED',
] as const;
export type SecurityEventKind = (typeof SECURITY_EVENT_KINDS)[number];

export interface SecurityEventCreate {
  kind: SecurityEventKind;
  /** The country concerned; for a refused message, the one its subject claimed (unverified). */
  country?: string | null;
  /** NATS subject of the message, or what an administrator acted on. */
  subject?: string | null;
  /** The LittoralError code of a refusal. */
  reasonCode?: string | null;
  detail: string;
  /** The key named by the message or acted on. */
  kid?: string | null;
  /** Stream and sequence of the message, so a redelivery is recorded once. */
  stream?: string | null;
  msgSeq?: number | null;
  actor?: string | null;
  at?: Date;
}

export interface SecurityEvent {
  id: string;
  at: Date;
  kind: string;
  country: string | null;
  subject: string | null;
  reasonCode: string | null;
  detail: string;
  kid: string | null;
  stream: string | null;
  msgSeq: string | null;
  actor: string | null;
}

// Helpers for the specs only (not exported from the index).
import { createHmac } from 'node:crypto';
import type { LittoralError } from '@littoral/contracts';

export const T0 = new Date('2025-03-01T08:00:00.000Z');

/** `base` plus `seconds`. */
export const at = (base: Date, seconds: number): Date => new Date(base.getTime() + seconds * 1000);

export const b64 = (value: unknown): string => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** A compact JWS with any header, payload and signature, signed or not. */
export function craft(header: unknown, payload: unknown, signature = b64('not a signature')): string {
  return `${b64(header)}.${b64(payload)}.${signature}`;
}

/** An HS256 token keyed with the public key's `x`: the classic algorithm-confusion attack. */
export function hs256(header: Record<string, unknown>, payload: unknown, secret: string): string {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${createHmac('sha256', Buffer.from(secret, 'base64url')).update(input).digest('base64url')}`;
}

/** The LittoralError `promise` rejects with (fails the test if it resolves). */
export async function refusal(promise: Promise<unknown>): Promise<LittoralError> {
  try {
    await promise;
  } catch (err) {
    return err as LittoralError;
  }
  throw new Error('expected a refusal, but it resolved');
}

// Shared input checks. Values arrive from CSV importers and other untyped
// sources, so they are checked at run time, not only by the type system.
import { LittoralError } from '@littoral/contracts';

/** Describes a value for an error message without dumping large objects. */
export function describe(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return `the string "${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
  if (value === null) return 'null';
  return typeof value;
}

/** Throws UNIT_CONVERSION_INVALID unless `value` is a finite number. */
export function assertFinite(value: unknown, what: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new LittoralError(
      'UNIT_CONVERSION_INVALID',
      `${what} must be a finite number; got ${describe(value)}.`,
      { value: describe(value) },
    );
  }
}

/** Throws UNIT_CONVERSION_INVALID when a computed result over- or underflowed to a non-finite number. */
export function assertFiniteResult(result: number, what: string): number {
  if (!Number.isFinite(result)) {
    throw new LittoralError('UNIT_CONVERSION_INVALID', `${what} gives a result outside the range of a double (${result}).`);
  }
  return result;
}

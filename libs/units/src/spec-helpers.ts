// Test-only helper (not exported from the index): runs `fn` and returns the
// LittoralError it throws, failing the test if it does not throw one.
import { LittoralError } from '@littoral/contracts';

export function caught(fn: () => unknown): LittoralError {
  try {
    fn();
  } catch (e) {
    if (e instanceof LittoralError) return e;
    throw new Error(`expected a LittoralError, got ${String(e)}`);
  }
  throw new Error('expected a LittoralError, but nothing was thrown');
}

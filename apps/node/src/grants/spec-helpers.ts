import { LittoralError } from '@littoral/contracts';

/** Runs `fn` and returns the LittoralError it throws; fails the test if it throws none. */
export function caughtError(fn: () => unknown): LittoralError {
  try {
    fn();
  } catch (e) {
    if (e instanceof LittoralError) return e;
    throw new Error(`expected a LittoralError, got ${String(e)}`);
  }
  throw new Error('expected a LittoralError, but nothing was thrown');
}

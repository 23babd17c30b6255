/**
 * A failure the demo explains itself: its message says what is wrong and
 * what to do, and is printed without a stack trace.
 */
export class DemoError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DemoError';
  }
}

/** Thrown by {@link AbortFlag.check} once Ctrl-C (or SIGTERM) arrived during the start-up. */
export class DemoAborted extends Error {
  constructor(readonly signal: string) {
    super(`stopped by ${signal}`);
    this.name = 'DemoAborted';
  }
}

/** Set by the signal handler; the start-up checks it between steps. */
export class AbortFlag {
  signal: string | null = null;

  check(): void {
    if (this.signal) throw new DemoAborted(this.signal);
  }
}

/** One thing the demo created and must undo, with what to say when it did. */
interface CleanupAction {
  readonly label: string;
  /** Resolves to a more precise line than `label` when it has one (what was dropped, say). */
  readonly run: () => Promise<string | void>;
}

/**
 * What the demo created, undone in reverse order. Every resource is
 * registered right after it exists, so a failure or a Ctrl-C at any point of
 * the start-up removes exactly what was made so far — and nothing else.
 */
export class Cleanup {
  private readonly actions: CleanupAction[] = [];

  /** Registers `run`, to be called (once) by {@link runAll}. */
  add(label: string, run: () => Promise<string | void>): void {
    this.actions.push({ label, run });
  }

  /** Runs every action, newest first; one failing does not stop the others. Resolves to whether all succeeded. */
  async runAll(report: (line: string) => void): Promise<boolean> {
    let ok = true;
    for (let action = this.actions.pop(); action; action = this.actions.pop()) {
      const began = Date.now();
      try {
        const said = await action.run();
        report(`  ✓ ${said || action.label} (${((Date.now() - began) / 1000).toFixed(1)} s)`);
      } catch (e) {
        ok = false;
        report(`  ✗ ${action.label}: ${(e as Error)?.message ?? String(e)}`);
      }
    }
    return ok;
  }
}

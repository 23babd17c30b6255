/** Rung when outbox rows were committed in this process, so the publisher goes at once instead of at its next poll. */
export class OutboxBell {
  private readonly listeners = new Set<() => void>();

  ring(): void {
    for (const l of this.listeners) l();
  }

  onRing(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/**
 * "Something was written": the public read cache listens to it. Raised by this process's
 * writes (HTTP writes, finished jobs) and, through PostgreSQL NOTIFY, by other replicas'.
 */
export class ChangeSignal {
  private readonly listeners = new Set<(origin: 'local' | 'remote') => void>();
  /** Bumped on every change; a read that started before a change must not be cached. */
  generation = 0;

  changed(origin: 'local' | 'remote' = 'local'): void {
    this.generation += 1;
    for (const listener of this.listeners) listener(origin);
  }

  subscribe(listener: (origin: 'local' | 'remote') => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

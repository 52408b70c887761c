/** Wakes waiters when something changed; waiters also wake after a timeout or when any signal aborts. */
export class Notifier {
  private waiters = new Set<() => void>();

  notify(): void {
    const w = this.waiters;
    this.waiters = new Set();
    for (const wake of w) wake();
  }

  wait(timeoutMs: number, signals: AbortSignal[] = []): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        for (const s of signals) s.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.waiters.add(done);
      for (const s of signals) {
        if (s.aborted) return done();
        s.addEventListener('abort', done, { once: true });
      }
    });
  }
}

/**
 * Job handlers that send messages, tracked so that shutdown waits for them (beforeApplicationShutdown, while the
 * database is still open) and refuses new ones: a send that outlived its database would fail half-way.
 */
export class InFlight {
  private readonly running = new Set<Promise<unknown>>();
  private closing = false;

  /** Runs `work` unless shutting down; a job refused here stays queued (Redis) for another worker. */
  run<T>(work: () => Promise<T>): Promise<T> {
    if (this.closing) return Promise.reject(new Error('shutting down: the job runs again later'));
    const promise = work();
    this.running.add(promise);
    void promise.finally(() => this.running.delete(promise)).catch(() => undefined);
    return promise;
  }

  async drain(): Promise<void> {
    this.closing = true;
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }
}

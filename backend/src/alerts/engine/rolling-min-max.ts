import Denque from 'denque';

interface Sample {
  readonly atMs: number;
  readonly value: number;
}

/**
 * Minimum and maximum of the samples seen in the last `windowMs` milliseconds, in O(1) amortised per
 * sample: two monotonic deques (ascending for the minimum, descending for the maximum). A sample that
 * can never again be the extreme (an older, higher value for the minimum) is dropped on arrival, so
 * memory stays small for a trending series and is bounded by the number of samples in the window.
 *
 * The window is closed on both ends: a sample taken exactly `windowMs` before the newest one counts.
 * Samples must arrive in non-decreasing time order (ticks of one symbol do).
 */
export class RollingMinMax {
  private readonly minDeque = new Denque<Sample>();
  private readonly maxDeque = new Denque<Sample>();

  constructor(readonly windowMs: number) {
    if (!(windowMs > 0)) throw new RangeError('windowMs must be positive');
  }

  push(atMs: number, value: number): void {
    const sample: Sample = { atMs, value };
    while (this.minDeque.length > 0 && this.minDeque.peekBack()!.value >= value) this.minDeque.pop();
    this.minDeque.push(sample);
    while (this.maxDeque.length > 0 && this.maxDeque.peekBack()!.value <= value) this.maxDeque.pop();
    this.maxDeque.push(sample);
    this.evictBefore(atMs - this.windowMs);
  }

  /** Drops samples strictly older than `oldestKeptMs`. */
  private evictBefore(oldestKeptMs: number): void {
    while (this.minDeque.length > 0 && this.minDeque.peekFront()!.atMs < oldestKeptMs) this.minDeque.shift();
    while (this.maxDeque.length > 0 && this.maxDeque.peekFront()!.atMs < oldestKeptMs) this.maxDeque.shift();
  }

  get min(): number | undefined {
    return this.minDeque.peekFront()?.value;
  }

  get max(): number | undefined {
    return this.maxDeque.peekFront()?.value;
  }

  /** Samples held (both deques), for memory accounting in tests and benchmarks. */
  get heldSamples(): number {
    return this.minDeque.length + this.maxDeque.length;
  }
}

import BTree, { simpleComparator } from 'sorted-btree';

/**
 * A sorted multimap from a numeric key (a price threshold, a percentage, a wake-up time) to the
 * small integer handles of the rules registered at that key. Backed by a B+ tree (sorted leaf
 * arrays), so add/remove are O(log n) and a range query is O(log n + k) for k hits.
 *
 * Many rules may share one key; the bucket is the bare handle while it is alone (the common case
 * with real-valued thresholds, and it keeps 1M rules cheap in memory) and an array once shared.
 */
type Bucket = number | number[];

export class ThresholdTree {
  private readonly tree = new BTree<number, Bucket>(undefined, simpleComparator as (a: number, b: number) => number);
  private count = 0;

  /** Number of handles stored (not distinct keys). */
  get size(): number {
    return this.count;
  }

  add(key: number, handle: number): void {
    const bucket = this.tree.get(key);
    if (bucket === undefined) this.tree.set(key, handle);
    else if (typeof bucket === 'number') this.tree.set(key, [bucket, handle]);
    else bucket.push(handle);
    this.count++;
  }

  /** Returns false when the handle was not stored under that key. */
  remove(key: number, handle: number): boolean {
    const bucket = this.tree.get(key);
    if (bucket === undefined) return false;
    if (typeof bucket === 'number') {
      if (bucket !== handle) return false;
      this.tree.delete(key);
    } else {
      const at = bucket.indexOf(handle);
      if (at < 0) return false;
      bucket.splice(at, 1);
      if (bucket.length === 1) this.tree.set(key, bucket[0]!);
    }
    this.count--;
    return true;
  }

  /**
   * Calls `visit` for every handle whose key lies between `low` and `high` (each bound inclusive or
   * exclusive as asked), in ascending key order, and removes them — in one pass over the leaves,
   * cheaper than one remove() per handle when a tick hits many rules at once. `visit` must not
   * modify this tree.
   */
  takeRange(low: number, high: number, includeLow: boolean, includeHigh: boolean, visit: (handle: number, key: number) => void): void {
    if (low > high || (low === high && !(includeLow && includeHigh))) return;
    this.tree.editRange(low, high, includeHigh, (key, bucket) => {
      if (!includeLow && key === low) return undefined;
      if (typeof bucket === 'number') {
        visit(bucket, key);
        this.count--;
      } else {
        for (const handle of bucket) visit(handle, key);
        this.count -= bucket.length;
      }
      return { delete: true };
    });
  }

  /** Smallest key, or undefined when empty. */
  minKey(): number | undefined {
    return this.tree.minKey();
  }
}

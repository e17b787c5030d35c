import { RollingMinMax } from './rolling-min-max';
import { ThresholdTree } from './threshold-tree';

/**
 * The in-memory alert index: finds the rules a new value of a series triggers without scanning all
 * rules. Pure (no Nest, no database): the engine feeds it ticks and applies the outcome.
 *
 * A *series* is anything with a numeric value over time: a market symbol (`BTC/USDT`, value = last
 * price) or a portfolio (`portfolio:<id>`, value = its market value). Per series the index keeps one
 * sorted tree per condition family, so a tick is a few binary searches plus the rules actually hit.
 *
 * Semantics (strict inequalities everywhere; "touching" a threshold never fires by itself):
 * - level `above` T (price_above, portfolio_value above): fires on any tick whose value is > T.
 *   A value equal to T does not fire. Armed while already above → fires on the next tick.
 * - level `below` T: fires on any tick whose value is < T.
 * - cross `up` T (crosses_up): fires on the tick whose value is > T when the last value different
 *   from T was < T. So below→above fires; below→T→above fires on the tick that goes above;
 *   below→T→below and above→T→above never fire; a rule needs a value on each side, so a series
 *   already above T must first go below T. The crossing is judged from the last value the index saw.
 * - cross `down` T (crosses_down): the mirror image.
 * - pct P over W ms (pct_change): with min/max the lowest/highest value seen in the last W ms
 *   (including this tick), the up move is (v − min)/min·100 and the down move (max − v)/max·100;
 *   fires when the move in the rule's direction (or either) is ≥ P. The window fills from the
 *   ticks the index has seen since a rule of that window length was first indexed for the series.
 *
 * A rule that matches leaves the trees at once ("in flight"): it cannot match again until the
 * engine says what happened — `remove` (a once-rule fired, or the rule is gone), `sleep` (an
 * every-rule fired and is cooling down), or `upsert` (re-read from the database).
 */
export type IndexedCondition =
  | { readonly kind: 'level'; readonly direction: 'above' | 'below'; readonly threshold: number }
  | { readonly kind: 'cross'; readonly direction: 'up' | 'down'; readonly threshold: number }
  | {
      readonly kind: 'pct';
      readonly direction: 'up' | 'down' | 'either';
      readonly pct: number;
      readonly windowMs: number;
    };

export interface IndexedRule {
  readonly id: string;
  readonly seriesKey: string;
  readonly condition: IndexedCondition;
  /** Cooling down: the rule cannot match before this instant (epoch ms). */
  readonly sleepUntilMs?: number;
}

export interface AlertMatch {
  readonly ruleId: string;
  readonly seriesKey: string;
  readonly condition: IndexedCondition;
  /** The value that triggered the rule. */
  readonly value: number;
  /** The previous value of the series (undefined on its first tick). */
  readonly previous: number | undefined;
  /** pct rules: the move that triggered (signed percent) and the window extreme it is measured from. */
  readonly movePct?: number;
  readonly reference?: number;
  readonly atMs: number;
}

type EntryState = 'active' | 'sleeping' | 'in_flight';

interface Entry {
  rule: IndexedRule;
  readonly handle: number;
  state: EntryState;
  sleepUntilMs: number;
}

interface PctGroup {
  /** Rules of this window length on the series, in any state: the window lives as long as they do. */
  rules: number;
  readonly window: RollingMinMax;
  readonly up: ThresholdTree;
  readonly down: ThresholdTree;
  readonly either: ThresholdTree;
}

interface SeriesState {
  /** Last value seen. */
  last: number | undefined;
  /** The last value that differed from `last`: tells from which side a touch of a threshold came. */
  beforeLast: number | undefined;
  readonly above: ThresholdTree;
  readonly below: ThresholdTree;
  readonly crossUp: ThresholdTree;
  readonly crossDown: ThresholdTree;
  readonly pct: Map<number, PctGroup>;
}

export class AlertIndex {
  private readonly series = new Map<string, SeriesState>();
  private readonly entries: (Entry | undefined)[] = [];
  private readonly handleById = new Map<string, number>();
  private readonly freeHandles: number[] = [];
  /** Every-rules cooling down, keyed by wake-up time. */
  private readonly sleeping = new ThresholdTree();

  /** Number of rules known to the index (active, sleeping or in flight). */
  get size(): number {
    return this.handleById.size;
  }

  has(ruleId: string): boolean {
    return this.handleById.has(ruleId);
  }

  /** Adds a rule or replaces the rule with the same id. O(log n). */
  upsert(rule: IndexedRule): void {
    validateCondition(rule.condition);
    this.remove(rule.id);
    const handle = this.freeHandles.pop() ?? this.entries.length;
    const entry: Entry = { rule, handle, state: 'active', sleepUntilMs: 0 };
    this.entries[handle] = entry;
    this.handleById.set(rule.id, handle);
    if (rule.condition.kind === 'pct') this.pctGroup(rule.seriesKey, rule.condition.windowMs).rules++;
    if (rule.sleepUntilMs !== undefined) this.putToSleep(entry, rule.sleepUntilMs);
    else this.activate(entry);
  }

  /** Forgets a rule. O(log n). Returns false when it was not indexed. */
  remove(ruleId: string): boolean {
    const handle = this.handleById.get(ruleId);
    if (handle === undefined) return false;
    const entry = this.entries[handle]!;
    if (entry.state === 'active') this.deactivate(entry);
    else if (entry.state === 'sleeping') this.sleeping.remove(entry.sleepUntilMs, handle);
    const condition = entry.rule.condition;
    if (condition.kind === 'pct') {
      const pct = this.series.get(entry.rule.seriesKey)!.pct;
      const group = pct.get(condition.windowMs)!;
      if (--group.rules === 0) pct.delete(condition.windowMs);
    }
    this.handleById.delete(ruleId);
    this.entries[handle] = undefined;
    this.freeHandles.push(handle);
    return true;
  }

  /** Keeps a rule out of matching until `untilMs` (an every-rule's cooldown). O(log n). */
  sleep(ruleId: string, untilMs: number): boolean {
    const handle = this.handleById.get(ruleId);
    if (handle === undefined) return false;
    const entry = this.entries[handle]!;
    if (entry.state === 'active') this.deactivate(entry);
    else if (entry.state === 'sleeping') this.sleeping.remove(entry.sleepUntilMs, handle);
    this.putToSleep(entry, untilMs);
    return true;
  }

  /** Series with at least one rule (or a value) in the index. */
  seriesKeys(): string[] {
    return [...this.series.keys()];
  }

  /**
   * Sets the reference value of a series without evaluating any rule (a restarted engine primes it
   * with the last known price, so the first live tick can complete a crossing). No-op once the series
   * has seen a value.
   */
  primeValue(seriesKey: string, value: number): void {
    if (!Number.isFinite(value)) return;
    const state = this.seriesState(seriesKey);
    if (state.last === undefined) state.last = value;
  }

  /** The latest value seen for a series (used to judge crossings and to answer previews). */
  lastValue(seriesKey: string): number | undefined {
    return this.series.get(seriesKey)?.last;
  }

  /**
   * Feeds a new value of a series and returns the rules it triggers. Each returned rule is taken
   * out of matching ("in flight") until the engine calls remove/sleep/upsert for it.
   */
  onValue(seriesKey: string, value: number, atMs: number): AlertMatch[] {
    if (!Number.isFinite(value)) return [];
    this.wakeDue(atMs);
    const state = this.series.get(seriesKey);
    if (state === undefined) {
      // No rule on this series yet: remember the value so crossings can be judged later.
      const fresh = newSeriesState();
      fresh.last = value;
      this.series.set(seriesKey, fresh);
      return [];
    }
    const previous = state.last;
    const matches: AlertMatch[] = [];
    // Matched rules are taken out of their tree by the range walk itself (they are "in flight").
    const take =
      (movePct?: number, reference?: number) =>
      (handle: number): void => {
        const entry = this.entries[handle]!;
        entry.state = 'in_flight';
        matches.push(
          movePct === undefined
            ? { ruleId: entry.rule.id, seriesKey, condition: entry.rule.condition, value, previous, atMs }
            : { ruleId: entry.rule.id, seriesKey, condition: entry.rule.condition, value, previous, movePct, reference, atMs },
        );
      };
    const plain = take();

    state.above.takeRange(-Infinity, value, true, false, plain);
    state.below.takeRange(value, Infinity, false, true, plain);

    if (previous !== undefined && value !== previous) {
      const cameFrom = state.beforeLast;
      if (value > previous) {
        // Thresholds strictly inside (previous, value) are crossed; one equal to `previous` was
        // being touched and is crossed only if the series had come from below it.
        const touchedFromBelow = cameFrom !== undefined && cameFrom < previous;
        state.crossUp.takeRange(previous, value, touchedFromBelow, false, plain);
      } else {
        const touchedFromAbove = cameFrom !== undefined && cameFrom > previous;
        state.crossDown.takeRange(value, previous, false, touchedFromAbove, plain);
      }
    }

    for (const group of state.pct.values()) {
      group.window.push(atMs, value);
      const low = group.window.min!;
      const high = group.window.max!;
      const upPct = low > 0 ? ((value - low) / low) * 100 : 0;
      const downPct = high > 0 ? ((high - value) / high) * 100 : 0;
      if (upPct > 0) group.up.takeRange(-Infinity, upPct, true, true, take(upPct, low));
      if (downPct > 0) group.down.takeRange(-Infinity, downPct, true, true, take(-downPct, high));
      if (upPct > 0 || downPct > 0) {
        const either = upPct >= downPct ? take(upPct, low) : take(-downPct, high);
        group.either.takeRange(-Infinity, Math.max(upPct, downPct), true, true, either);
      }
    }

    if (previous === undefined || value !== previous) {
      state.beforeLast = previous;
      state.last = value;
    }
    return matches;
  }

  /** Moves every rule whose cooldown ended by `nowMs` back into matching. */
  wakeDue(nowMs: number): void {
    const smallest = this.sleeping.minKey();
    if (smallest === undefined || smallest > nowMs) return;
    const due: number[] = [];
    this.sleeping.takeRange(-Infinity, nowMs, true, true, (handle) => due.push(handle));
    for (const handle of due) this.activate(this.entries[handle]!);
  }

  private putToSleep(entry: Entry, untilMs: number): void {
    entry.state = 'sleeping';
    entry.sleepUntilMs = untilMs;
    this.sleeping.add(untilMs, entry.handle);
  }

  private seriesState(seriesKey: string): SeriesState {
    let state = this.series.get(seriesKey);
    if (state === undefined) {
      state = newSeriesState();
      this.series.set(seriesKey, state);
    }
    return state;
  }

  private pctGroup(seriesKey: string, windowMs: number): PctGroup {
    const pct = this.seriesState(seriesKey).pct;
    let group = pct.get(windowMs);
    if (group === undefined) {
      group = {
        rules: 0,
        window: new RollingMinMax(windowMs),
        up: new ThresholdTree(),
        down: new ThresholdTree(),
        either: new ThresholdTree(),
      };
      pct.set(windowMs, group);
    }
    return group;
  }

  private treeFor(rule: IndexedRule): ThresholdTree {
    const { condition } = rule;
    switch (condition.kind) {
      case 'level': {
        const state = this.seriesState(rule.seriesKey);
        return condition.direction === 'above' ? state.above : state.below;
      }
      case 'cross': {
        const state = this.seriesState(rule.seriesKey);
        return condition.direction === 'up' ? state.crossUp : state.crossDown;
      }
      case 'pct': {
        const group = this.pctGroup(rule.seriesKey, condition.windowMs);
        return condition.direction === 'up' ? group.up : condition.direction === 'down' ? group.down : group.either;
      }
    }
  }

  private activate(entry: Entry): void {
    this.treeFor(entry.rule).add(keyOf(entry.rule.condition), entry.handle);
    entry.state = 'active';
  }

  private deactivate(entry: Entry): void {
    if (entry.state !== 'active') return;
    this.treeFor(entry.rule).remove(keyOf(entry.rule.condition), entry.handle);
    entry.state = 'in_flight';
  }
}

function newSeriesState(): SeriesState {
  return {
    last: undefined,
    beforeLast: undefined,
    above: new ThresholdTree(),
    below: new ThresholdTree(),
    crossUp: new ThresholdTree(),
    crossDown: new ThresholdTree(),
    pct: new Map(),
  };
}

function keyOf(condition: IndexedCondition): number {
  return condition.kind === 'pct' ? condition.pct : condition.threshold;
}

function validateCondition(condition: IndexedCondition): void {
  const key = keyOf(condition);
  if (!Number.isFinite(key)) throw new RangeError(`Alert threshold must be a finite number, got ${key}`);
  if (condition.kind === 'pct' && !(condition.pct > 0 && condition.windowMs > 0)) {
    throw new RangeError('pct rules need a positive percentage and window');
  }
}

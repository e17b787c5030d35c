import { describe, expect, it } from 'vitest';
import { packArtifactFiles, unpackArtifactFiles } from '../../src/forecasts/artifact-blob';
import { latestSlot, shardOf, slotJobId, slotShardJobId, slotsToRun } from '../../src/forecasts/slots';

const H = 3_600_000;
const D = 86_400_000;

describe('slots', () => {
  const now = Date.UTC(2025, 4, 31, 23, 17);

  it('the latest slot is the last candle close at or before now', () => {
    expect(latestSlot('hourly', now)).toBe(Date.UTC(2025, 4, 31, 23));
    expect(latestSlot('daily', now)).toBe(Date.UTC(2025, 4, 31));
  });

  it('job ids are deterministic per slot', () => {
    expect(slotJobId('hourly', Date.UTC(2025, 4, 31, 23))).toBe('forecast:hourly:2025-05-31T23');
    expect(slotJobId('daily', Date.UTC(2025, 4, 31))).toBe('forecast:daily:2025-05-31');
  });

  it('nothing to run when the latest slot is done', () => {
    expect(slotsToRun('hourly', now, Date.UTC(2025, 4, 31, 23), 24)).toEqual([]);
  });

  it('catches up every missed slot after downtime, oldest first', () => {
    const lastDone = Date.UTC(2025, 4, 31, 19);
    expect(slotsToRun('hourly', now, lastDone, 24)).toEqual([20, 21, 22, 23].map((h) => Date.UTC(2025, 4, 31, h)));
  });

  it('bounds the catch-up to the newest slots', () => {
    const slots = slotsToRun('hourly', now, Date.UTC(2025, 3, 1), 6);
    expect(slots).toHaveLength(6);
    expect(slots.at(-1)).toBe(Date.UTC(2025, 4, 31, 23));
    expect(slots[1]! - slots[0]!).toBe(H);
  });

  it('a first start runs the latest N slots', () => {
    expect(slotsToRun('daily', now, undefined, 3)).toEqual([Date.UTC(2025, 4, 29), Date.UTC(2025, 4, 30), Date.UTC(2025, 4, 31)]);
    expect(slotsToRun('daily', now, undefined, 3)[1]! - slotsToRun('daily', now, undefined, 3)[0]!).toBe(D);
  });
});

describe('slot shards (issue 19)', () => {
  const symbols = Array.from({ length: 200 }, (_, i) => `COIN${i}/USDT`);

  it('splits markets deterministically, every market in exactly one shard, shards of similar size', () => {
    const sizes = Array.from({ length: 8 }, () => 0);
    for (const symbol of symbols) {
      const shard = shardOf(symbol, 8);
      expect(shard).toBe(shardOf(symbol, 8)); // same answer on every worker and retry
      expect(shard).toBeGreaterThanOrEqual(0);
      expect(shard).toBeLessThan(8);
      sizes[shard]! += 1;
    }
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(200);
    expect(Math.min(...sizes)).toBeGreaterThan(10); // 25 on average
    expect(Math.max(...sizes)).toBeLessThan(45);
  });

  it('a slot of one shard keeps its slot id; shards of a split slot are numbered', () => {
    const slot = Date.UTC(2025, 4, 31, 23);
    expect(slotShardJobId('hourly', slot, { index: 0, count: 1 })).toBe(slotJobId('hourly', slot));
    expect(slotShardJobId('hourly', slot, { index: 2, count: 8 })).toBe('forecast:hourly:2025-05-31T23:3-of-8');
  });
});

describe('artifact blob', () => {
  it('round-trips files through one blob and a manifest', () => {
    const files = { 'gru.weights.bin': new Uint8Array([1, 2, 3]), 'cnn.weights.bin': new Uint8Array([9, 8]), empty: new Uint8Array() };
    const { manifest, blob } = packArtifactFiles(files);
    expect(blob.byteLength).toBe(5);
    const back = unpackArtifactFiles(manifest, blob);
    expect(Object.keys(back).sort()).toEqual(Object.keys(files).sort());
    for (const [name, bytes] of Object.entries(files)) expect([...back[name]!]).toEqual([...bytes]);
  });

  it('detects a truncated blob', () => {
    const { manifest, blob } = packArtifactFiles({ a: new Uint8Array([1, 2, 3, 4]) });
    expect(() => unpackArtifactFiles(manifest, blob.subarray(0, 2))).toThrow(/truncated/);
  });
});

import { describe, expect, it } from 'vitest';
import { toDecimalString } from './decimal-format';

describe('toDecimalString', () => {
  it.each([
    [104591.88, '104591.88'],
    [109716.19246137, '109716.1925'],
    [0.758489615671, '0.75848962'],
    [0.00001234, '0.00001234'],
    [1e-9, '0'],
    [2.5e21, '2500000000000000000000'],
    [0.1 + 0.2, '0.3'],
  ])('%d → %s', (value, expected) => {
    expect(toDecimalString(value)).toBe(expected);
  });
});

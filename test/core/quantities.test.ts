import { describe, expect, it } from 'vitest';
import { parseQuantity, quantityProblem } from '../../src/core/index.ts';

describe('Kubernetes quantities', () => {
  it.each([
    ['500m', 0.5],
    ['1', 1],
    ['2.5', 2.5],
    ['4Gi', 4 * 2 ** 30],
    ['1000Mi', 1000 * 2 ** 20],
    ['10G', 10e9],
    ['1k', 1000],
    ['1e3', 1000],
    ['.5', 0.5],
  ])('parses %s', (text, value) => {
    expect(quantityProblem(text)).toBeUndefined();
    expect(parseQuantity(text)).toBeCloseTo(value);
  });

  it.each([
    ['4 cpus', 'is not a Kubernetes quantity'],
    ['-1Gi', 'must not be negative'],
    ['1e400', 'too large'],
    ['99999999999Ei', 'too large'],
    ['', 'is not a Kubernetes quantity'],
    ['4gi', 'is not a Kubernetes quantity'],
    ['1.2.3', 'is not a Kubernetes quantity'],
  ])('refuses %j (%s)', (text, why) => {
    expect(quantityProblem(text)).toContain(why);
  });
});

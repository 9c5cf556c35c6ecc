/**
 * Kubernetes resource quantities (the subset a quota needs): a non-negative decimal number
 * with an optional binary (Ki..Ei), decimal (m, k, M..E) or exponent suffix. Values are
 * turned into plain numbers of base units (cores, bytes) for sums and comparisons.
 */
const QUANTITY = /^(\d+(\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/;

const SUFFIX_FACTOR: Record<string, number> = {
  '': 1,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};

/** Kubernetes refuses quantities beyond this (2^63-1 in the smallest unit, roughly). */
const MAX_QUANTITY = 9.2e18;

export function quantityProblem(text: string): string | undefined {
  const match = QUANTITY.exec(text);
  if (!match) {
    if (text.trim().startsWith('-')) return 'must not be negative';
    return 'is not a Kubernetes quantity such as 500m, 2, 4Gi or 10G';
  }
  const value = parseQuantity(text);
  if (!Number.isFinite(value) || value > MAX_QUANTITY) return 'is too large';
  return undefined;
}

export function isQuantity(text: string): boolean {
  return quantityProblem(text) === undefined;
}

/** The quantity in base units. Call only on text that passed quantityProblem. */
export function parseQuantity(text: string): number {
  const match = QUANTITY.exec(text);
  if (!match) return Number.NaN;
  const [, digits = '', , suffix = ''] = match;
  if (/^[eE]/.test(suffix)) return Number(`${digits}${suffix}`);
  const factor = SUFFIX_FACTOR[suffix];
  return factor === undefined ? Number.NaN : Number(digits) * factor;
}

import type { components } from '../../shared/api-types.gen.ts';

export type NamespaceUsage = components['schemas']['NamespaceUsage'];
export type DatasetEntry = components['schemas']['DatasetEntry'];
export type UsagePoint = NonNullable<NamespaceUsage['series']>[number];

export const cores = (value: number | null | undefined) =>
  value === null || value === undefined
    ? '–'
    : value < 1
      ? `${Math.round(value * 1000)}m`
      : `${Number(value.toFixed(2))}`;
export const gib = (value: number | null | undefined) =>
  value === null || value === undefined ? '–' : `${Number((value / 2 ** 30).toFixed(2))} GiB`;

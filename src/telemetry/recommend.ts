import { parseQuantity, type QuotaTier } from '../core/index.ts';

export interface Recommendation {
  /** The smallest tier that fits, or "custom" when none does; null without usage. */
  tier: string | null;
  /** What a custom quota needs (also given when a tier fits: the need behind the choice). */
  need: { cpu: number; memory: number } | null;
  custom: { cpu: string; memory: string } | null;
  margin: number;
  explanation: string;
}

const GI = 1024 ** 3;
const MI = 1024 ** 2;

/**
 * The right size, as Robusta KRR reasons: CPU at the 95th percentile, memory at the peak
 * (a container over its memory is killed, one over its CPU only slowed), each with a
 * margin. The smallest tier whose CPU and memory both cover that, else "custom" with the
 * numbers (CPU rounded up to 10 millicores, memory up to a MiB).
 */
export function recommendTier(
  tiers: readonly QuotaTier[],
  usage: { cpuP95: number | null; memoryMax: number | null },
  margin: number,
): Recommendation {
  if (usage.cpuP95 === null || usage.memoryMax === null)
    return { tier: null, need: null, custom: null, margin, explanation: 'No usage harvested yet.' };
  const need = { cpu: usage.cpuP95 * (1 + margin), memory: usage.memoryMax * (1 + margin) };
  const percent = `${Math.round(margin * 100)}%`;
  const basis = `CPU p95 ${formatCores(usage.cpuP95)} + ${percent} = ${formatCores(need.cpu)}; peak memory ${formatBytes(usage.memoryMax)} + ${percent} = ${formatBytes(need.memory)}`;
  const fitting = tiers.find(
    (tier) =>
      tier.quota.cpu !== undefined &&
      tier.quota.memory !== undefined &&
      parseQuantity(tier.quota.cpu) >= need.cpu &&
      parseQuantity(tier.quota.memory) >= need.memory,
  );
  if (fitting)
    return {
      tier: fitting.name,
      need,
      custom: null,
      margin,
      explanation: `${basis}. ${fitting.name} (${fitting.quota.cpu} CPU, ${fitting.quota.memory} memory) is the smallest tier that covers both.`,
    };
  const cpuMilli = Math.ceil((need.cpu * 1000) / 10 - 1e-9) * 10;
  const memoryMi = Math.ceil(need.memory / MI - 1e-9);
  const custom = {
    cpu: cpuMilli % 1000 === 0 ? String(cpuMilli / 1000) : `${cpuMilli}m`,
    memory: memoryMi % 1024 === 0 ? `${memoryMi / 1024}Gi` : `${memoryMi}Mi`,
  };
  return {
    tier: 'custom',
    need,
    custom,
    margin,
    explanation: `${basis}. No tier covers both: a custom quota of ${custom.cpu} CPU and ${custom.memory} memory.`,
  };
}

export function formatCores(cores: number): string {
  return cores < 1 ? `${Math.round(cores * 1000)}m` : `${Number(cores.toFixed(2))} cores`;
}

export function formatBytes(bytes: number): string {
  return bytes >= GI
    ? `${Number((bytes / GI).toFixed(2))} GiB`
    : `${Number((bytes / MI).toFixed(1))} MiB`;
}

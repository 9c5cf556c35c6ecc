import {
  formatBytes,
  formatCpu as formatCores,
  formatDays,
  formatHours,
  percentOf,
} from './figures.ts';
import type {
  Coverage,
  Finding,
  FindingSeverity,
  IncidentEntry,
  NamespaceReport,
  NoticeEntry,
  ResourceFigures,
} from './model.ts';

/** Restarts in a period at which they are worth a warning rather than a note. */
export const RESTARTS_WARNING = 10;
/** Hours with pods never ready at which they are worth a warning (a working day's worth). */
export const NEVER_READY_WARNING_HOURS = 8;
/** A storage quota projected full within this many days is a warning. */
export const STORAGE_FULL_WARNING_DAYS = 30;
/** Under this share of its CPU and memory limits all period long, a namespace is idle. */
export const IDLE_SHARE = 0.1;
/** A limit's p95 at or over this share of it makes a reached limit critical. */
const CRITICAL_SHARE = 0.9;

const SEVERITY_ORDER: Record<FindingSeverity, number> = { critical: 0, warning: 1, info: 2 };

/** Worst first, then by kind, namespace and message: the same findings in the same order. */
export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) =>
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      a.kind.localeCompare(b.kind) ||
      (a.cluster ?? '').localeCompare(b.cluster ?? '') ||
      (a.namespace ?? '').localeCompare(b.namespace ?? '') ||
      a.message.localeCompare(b.message),
  );
}

export function coverageFindings(coverage: Coverage): Finding[] {
  if (coverage.missingHours === 0) return [];
  const where = coverage.gaps
    .map((g) => `${g.cluster} ${g.from.slice(0, 16)}Z–${g.to.slice(0, 16)}Z (${g.hours} h)`)
    .join('; ');
  return [
    {
      kind: 'coverage-gap',
      severity: coverage.missingHours * 10 > coverage.hours ? 'warning' : 'info',
      namespace: null,
      cluster: null,
      message: `Telemetry is missing for ${coverage.missingHours} of ${coverage.hours} hours: ${where}. Those hours are left out of every figure, not averaged over.`,
      suggestion: null,
      data: { hours: coverage.hours, missingHours: coverage.missingHours, gaps: coverage.gaps },
    },
  ];
}

export function namespaceFindings(ns: NamespaceReport, tierOrder: readonly string[]): Finding[] {
  const out: Finding[] = [];
  const at = { namespace: ns.namespace, cluster: ns.cluster };
  const memory = limitFinding(ns, 'memory', ns.memory, formatBytes);
  if (memory) out.push(memory);
  const cpu = limitFinding(ns, 'cpu', ns.cpu, formatCores);
  if (cpu) out.push(cpu);
  if (ns.oomKills.total > 0 && ns.oomKills.worstDay)
    out.push({
      kind: 'oom-kills',
      severity: 'warning',
      ...at,
      message: `${ns.oomKills.total} container${ns.oomKills.total === 1 ? ' was' : 's were'} killed for running out of memory; the worst day was ${ns.oomKills.worstDay.day} with ${ns.oomKills.worstDay.count}.`,
      suggestion: `Raise the memory limit of the containers that were killed, or look for a leak in what ran on ${ns.oomKills.worstDay.day}.`,
      data: { total: ns.oomKills.total, worstDay: ns.oomKills.worstDay },
    });
  if (ns.restarts.total > 0 && ns.restarts.worstDay)
    out.push({
      kind: 'restarts',
      severity: ns.restarts.total >= RESTARTS_WARNING ? 'warning' : 'info',
      ...at,
      message: `Containers restarted ${ns.restarts.total} time${ns.restarts.total === 1 ? '' : 's'}; the worst day was ${ns.restarts.worstDay.day} with ${ns.restarts.worstDay.count}.`,
      suggestion:
        ns.restarts.total >= RESTARTS_WARNING
          ? `Look at the logs and liveness probes of what restarted on ${ns.restarts.worstDay.day}.`
          : null,
      data: { total: ns.restarts.total, worstDay: ns.restarts.worstDay },
    });
  const stuck = ns.podsNeverReady;
  if (stuck.podHours > 0 && stuck.worstDay)
    out.push({
      kind: 'pods-never-ready',
      severity: stuck.hours >= NEVER_READY_WARNING_HOURS ? 'warning' : 'info',
      ...at,
      message: `Pods never became ready in ${stuck.hours} hour${stuck.hours === 1 ? '' : 's'} (${stuck.podHours} pod-hour${stuck.podHours === 1 ? '' : 's'}, at most ${stuck.peak} at once); the worst day was ${stuck.worstDay.day} with ${stuck.worstDay.count} pod-hours.`,
      suggestion: `A pod that never turns ready gets no traffic and still holds its share of the quota: look at the events and readiness probes of the pods of ${stuck.worstDay.day} (oc describe pod, oc get events -n ${ns.namespace}); fix the probe, the image or what it waits for, or scale the deployment to zero.`,
      data: { ...stuck },
    });
  const storage = storageFinding(ns);
  if (storage) out.push(storage);
  const size = rightSizeFinding(ns, tierOrder);
  if (size) out.push(size);
  const idle = idleFinding(ns);
  if (idle) out.push(idle);
  return out;
}

function limitFinding(
  ns: NamespaceReport,
  resource: 'cpu' | 'memory',
  figures: ResourceFigures,
  format: (value: number) => string,
): Finding | null {
  const days = figures.daysLimitReached;
  if (days.length === 0 || figures.limit === null) return null;
  const p95Share = figures.p95 === null ? null : percentOf(figures.p95, figures.limit);
  const name = resource === 'cpu' ? 'CPU' : 'memory';
  const growth = `look at the growth shown on ${formatDays(days.map((d) => d.day))}`;
  const raise =
    ns.recommendedTier && ns.recommendedTier !== ns.tier
      ? `raise the ${name} limit (the ${ns.recommendedTier === 'custom' ? 'custom quota' : `${ns.recommendedTier} tier`} covers it with the margin)`
      : `raise the ${name} limit`;
  return {
    kind: resource === 'cpu' ? 'cpu-limit-reached' : 'memory-limit-reached',
    severity: p95Share !== null && p95Share >= CRITICAL_SHARE * 100 ? 'critical' : 'warning',
    namespace: ns.namespace,
    cluster: ns.cluster,
    message: `The ${name} limit (${format(figures.limit)}) was reached on ${days.length} day${days.length === 1 ? '' : 's'} and p95 is ${p95Share}% of the limit.`,
    suggestion:
      resource === 'cpu'
        ? `Containers at their CPU limit are slowed down: ${raise}, or ${growth}.`
        : `Containers over their memory limit are killed: ${raise}, or ${growth}.`,
    data: {
      limit: figures.limit,
      p95: figures.p95,
      max: figures.max,
      p95PercentOfLimit: p95Share,
      days,
    },
  };
}

function storageFinding(ns: NamespaceReport): Finding | null {
  const { first, last, growth, growthPerDay: perDay, limit } = ns.storage;
  if (!growth || growth <= 0 || !perDay || limit === null || last === null || first === null)
    return null;
  const daysToFull = Math.floor((limit - last) / perDay);
  if (daysToFull > STORAGE_FULL_WARNING_DAYS) return null;
  return {
    kind: 'storage-growth',
    severity: 'warning',
    namespace: ns.namespace,
    cluster: ns.cluster,
    message: `Storage grew by ${formatBytes(growth)} (${formatBytes(first)} to ${formatBytes(last)} of ${formatBytes(limit)}); at this rate the storage quota is full in ${Math.max(0, daysToFull)} days.`,
    suggestion:
      'Delete what is no longer needed (old volumes, logs kept on disk) or ask for more storage.',
    data: { first, last, growth, limit, growthPerDay: perDay, daysToFull },
  };
}

function rightSizeFinding(ns: NamespaceReport, tierOrder: readonly string[]): Finding | null {
  const recommended = ns.recommendedTier;
  if (!recommended || !ns.tier || recommended === ns.tier) return null;
  const current = tierOrder.indexOf(ns.tier);
  const wanted = recommended === 'custom' ? tierOrder.length : tierOrder.indexOf(recommended);
  if (current < 0 || wanted < 0) return null;
  const smaller = wanted < current;
  return {
    kind: 'right-size',
    severity: smaller ? 'info' : 'warning',
    namespace: ns.namespace,
    cluster: ns.cluster,
    message: smaller
      ? `The namespace has the ${ns.tier} tier but its usage fits ${recommended}: ${ns.recommendation.explanation}`
      : `The namespace has the ${ns.tier} tier but its usage needs ${recommended === 'custom' ? 'more than any tier' : recommended}: ${ns.recommendation.explanation}`,
    suggestion: smaller
      ? `Ask for the ${recommended} tier: it frees quota for other projects.`
      : recommended === 'custom'
        ? `Ask for a custom quota of ${ns.recommendation.custom?.cpu} CPU and ${ns.recommendation.custom?.memory} memory.`
        : `Ask for the ${recommended} tier.`,
    data: {
      tier: ns.tier,
      recommendedTier: recommended,
      need: ns.recommendation.need,
      custom: ns.recommendation.custom,
    },
  };
}

function idleFinding(ns: NamespaceReport): Finding | null {
  const { cpu, memory } = ns;
  if (ns.coverage.missingHours > 0 || ns.days.every((d) => d.hours === 0)) return null;
  if (cpu.max === null || memory.max === null || !cpu.limit || !memory.limit) return null;
  if (cpu.max >= IDLE_SHARE * cpu.limit || memory.max >= IDLE_SHARE * memory.limit) return null;
  return {
    kind: 'idle',
    severity: 'info',
    namespace: ns.namespace,
    cluster: ns.cluster,
    message: `The namespace used under ${IDLE_SHARE * 100}% of its CPU and memory limits all period (peaks ${formatCores(cpu.max)} of ${formatCores(cpu.limit)}, ${formatBytes(memory.max)} of ${formatBytes(memory.limit)}).`,
    suggestion:
      'If it is no longer used, remove what runs there or ask for a smaller tier; if it waits for a release, say so at the next coordination meeting.',
    data: {
      cpuMax: cpu.max,
      cpuLimit: cpu.limit,
      memoryMax: memory.max,
      memoryLimit: memory.limit,
    },
  };
}

export function incidentFindings(incidents: IncidentEntry[]): Finding[] {
  return incidents.map((incident) => ({
    kind: 'incident',
    severity: incident.severity === 'minor' ? 'info' : 'warning',
    namespace: null,
    cluster: incident.clusters[0] ?? null,
    message: `Incident #${incident.id} "${incident.title}" (${incident.severity}) ${incident.resolvedAt ? 'lasted' : 'has been open for'} ${formatHours(incident.durationHours)}${incident.clusters.length ? ` on ${incident.clusters.join(', ')}` : ''}${incident.alerts.length ? `; alerts: ${incident.alerts.join(', ')}` : ''}.`,
    suggestion: `Read its timeline${incident.resolvedAt ? ' and post-mortem' : ''} at /incidents/${incident.id}.`,
    data: {
      id: incident.id,
      severity: incident.severity,
      startedAt: incident.startedAt,
      resolvedAt: incident.resolvedAt,
      durationHours: incident.durationHours,
    },
  }));
}

export function noticeFindings(
  project: string,
  notices: NoticeEntry[],
  medianHours: number | null,
): Finding[] {
  const out: Finding[] = notices
    .filter((n) => n.overdue)
    .map((n) => ({
      kind: 'notice-overdue' as const,
      severity: 'warning' as const,
      namespace: null,
      cluster: null,
      message: `Notice #${n.id} "${n.title}" was not acknowledged by ${n.respondBy.slice(0, 10)}.`,
      suggestion: `Acknowledge it: opf notices ack ${n.id} --project ${project}`,
      data: { id: n.id, respondBy: n.respondBy },
    }));
  if (medianHours !== null)
    out.push({
      kind: 'notice-acknowledgement',
      severity: 'info',
      namespace: null,
      cluster: null,
      message: `The team acknowledged ${notices.filter((n) => n.acknowledgedAt).length} of ${notices.length} notices, in ${formatHours(medianHours)} (median).`,
      suggestion: null,
      data: { acknowledged: notices.filter((n) => n.acknowledgedAt).length, medianHours },
    });
  return out;
}

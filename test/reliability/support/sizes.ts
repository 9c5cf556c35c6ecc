/**
 * How big each part of the suite runs. The defaults are what the issue asks for and what CI
 * runs; bigger runs set the variables (docs/reliability.md lists them).
 */
function positive(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!(Number.isFinite(value) && value > 0)) throw new Error(`${name} must be a positive number`);
  return value;
}

export const SIZES = {
  /** Onboardings driven through while servers and runners are killed. */
  onboardings: positive('OPF_REL_ONBOARDINGS', 200),
  /** Approvals spread over the replicas in the shared-work test, per replica count. */
  replicaApprovals: positive('OPF_REL_REPLICA_APPROVALS', 12),
  /** Concurrent clients, and seconds, of the load test. */
  loadClients: positive('OPF_REL_LOAD_CLIENTS', 200),
  loadSeconds: positive('OPF_REL_LOAD_SECONDS', 60),
  /** Fuzz cases over every route. */
  fuzzCases: positive('OPF_REL_FUZZ_CASES', 10_000),
  /** How long each outage lasts. */
  outageSeconds: positive('OPF_REL_OUTAGE_SECONDS', 10),
};

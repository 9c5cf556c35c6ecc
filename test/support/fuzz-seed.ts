/**
 * The seed of a property run: a new one each run, so the fuzz explores, printed so a
 * failure can be replayed with OPF_FUZZ_SEED=<seed> (fast-check also prints the seed and
 * the shrunk counterexample of a failure).
 */
export function fuzzSeed(what: string): number {
  const given = process.env.OPF_FUZZ_SEED;
  if (given !== undefined && given !== '') {
    const seed = Number(given);
    if (!Number.isSafeInteger(seed)) throw new Error(`OPF_FUZZ_SEED must be an integer: ${given}`);
    console.info(`${what}: replaying fuzz seed ${seed} (OPF_FUZZ_SEED)`);
    return seed;
  }
  const seed = Math.floor(Math.random() * 2 ** 31);
  console.info(`${what}: fuzz seed ${seed}; replay with OPF_FUZZ_SEED=${seed}`);
  return seed;
}

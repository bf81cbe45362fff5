/**
 * `npm run chaos -- --seeds 100`: the large chaos scenario (scenario.ts) over more seeds than
 * `npm test` runs. `--seed N` replays one seed, `--from N` starts the range elsewhere, `--fault
 * SPEC` (repeatable) replaces the default faults. Seeds run one after another against a simulator
 * on 127.0.0.1; at most 1,000 per run. Prints one line per seed, and for a failing seed what failed
 * and its replay command; exits 1 when any seed failed.
 */
import { parseArgs } from 'node:util';
import { CHAOS_FAULTS, runSeed, SeedFailure } from './scenario.js';

const MAX_SEEDS = 1000;

const { values } = parseArgs({
  options: {
    seeds: { type: 'string', default: '10' },
    seed: { type: 'string' },
    from: { type: 'string', default: '1' },
    fault: { type: 'string', multiple: true },
    help: { type: 'boolean', short: 'h' },
  },
});

if (values.help) {
  process.stdout.write('usage: npm run chaos -- [--seeds N] [--from N] [--seed N] [--fault SPEC]...\n');
  process.exit(0);
}

const count = (s: string | undefined, what: string): number => {
  const n = Number(s);
  if (!Number.isInteger(n) || n < 1) {
    process.stderr.write(`--${what} needs a whole number of at least 1, got ${String(s)}\n`);
    process.exit(1);
  }
  return n;
};

const seeds = values.seed !== undefined ? [count(values.seed, 'seed')] : Array.from({ length: Math.min(count(values.seeds, 'seeds'), MAX_SEEDS) }, (_, i) => count(values.from, 'from') + i);
const faults = values.fault ?? CHAOS_FAULTS;
process.stdout.write(`chaos: ${seeds.length} seed(s), faults ${faults.join(' ')}\n`);

let failed = 0;
for (const seed of seeds) {
  try {
    const o = await runSeed(seed, { faults });
    const hits = Object.entries(o.faults).map(([k, n]) => `${k} ${n}`).join(', ');
    process.stdout.write(`seed ${seed}: ok, ${o.objects} objects, ${o.requests} requests (${hits}), ${o.secrets} secrets in their sinks, ${o.ms} ms\n`);
  } catch (e) {
    failed++;
    process.stdout.write(`${e instanceof SeedFailure ? e.message : `seed ${seed}: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`}\n`);
  }
}
process.stdout.write(`chaos: ${seeds.length - failed} of ${seeds.length} seed(s) converged\n`);
process.exit(failed > 0 ? 1 : 0);

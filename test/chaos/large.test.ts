/**
 * Chaos at scale (issue 9 §7): the four shipped blueprints plus 200 plain objects, applied under
 * 5xx, drop-after-commit, 429 bursts and token expiry, over a fixed set of seeds (scenario.ts).
 * Each seed ends with an empty re-plan, no duplicates, nothing lost and every generated secret in
 * its sink, authenticating; a failing seed names its replay command (`npm run chaos -- --seed N`).
 */
import { describe, expect, it } from 'vitest';
import { FIXED_SEEDS, replayCommand, runSeed, type SeedOutcome } from './scenario.js';

const outcomes: SeedOutcome[] = [];

describe('apply of all blueprints plus 200 objects under every fault', () => {
  it.each(FIXED_SEEDS)('seed %i converges: empty re-plan, no duplicate, nothing lost, every secret in its sink', async (seed) => {
    const o = await runSeed(seed);
    outcomes.push(o);
    expect(o.objects).toBeGreaterThanOrEqual(210);
    expect(o.secrets).toBe(14);
    // The expired token was met (and renewed) in every seed.
    expect(o.faults['token-expiry']).toBeGreaterThan(0);
  }, 60_000);

  it('over the fixed seeds, every fault kind fired (the seeds test what they say they test)', () => {
    expect(outcomes.map((o) => o.seed), 'runs after the seeds above: run the whole file').toEqual(FIXED_SEEDS);
    for (const fault of ['5xx', '429-burst', 'drop-after-commit', 'token-expiry'] as const) {
      expect(outcomes.reduce((n, o) => n + o.faults[fault], 0), fault).toBeGreaterThan(0);
    }
  });

  it('a failing seed says what failed and prints how to replay it', async () => {
    // Every request answered 503: the seed cannot converge.
    const failing = runSeed(17, { faults: ['5xx:1'] });
    await expect(failing).rejects.toThrow(/^chaos seed 17 failed: .*\n {2}replay: npm run chaos -- --seed 17 --fault 5xx:1$/s);
    expect(replayCommand(17)).toBe('npm run chaos -- --seed 17');
  }, 30_000);
});

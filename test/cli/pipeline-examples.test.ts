/**
 * The shipped pipeline examples (examples/github-actions, examples/azure-devops), read as YAML:
 * the plan reaches the pull request also when plan fails or refuses (exit 1), and applies to one
 * tenant never run at the same time (two would both create what is missing: duplicates).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = fileURLToPath(new URL('../../', import.meta.url));
const read = (path: string) => parse(readFileSync(`${root}${path}`, 'utf8')) as Record<string, unknown>;

interface Step {
  name?: string;
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
}
interface Job {
  steps: Step[];
  concurrency?: { group: string; 'cancel-in-progress'?: boolean };
}

describe('GitHub Actions example', () => {
  const workflow = read('examples/github-actions/halo-iac.yml') as { jobs: Record<string, Job> };

  it('comments the plan on the PR also when the plan step failed (refused plan, stopped run)', () => {
    const steps = workflow.jobs.plan!.steps;
    const comment = steps.find((s) => s.uses?.startsWith('marocchino/sticky-pull-request-comment'));
    expect(comment?.if).toMatch(/^always\(\) && /);
    expect(comment?.if).toContain("github.event_name == 'pull_request'");
    // Not when plan never ran (validate failed): there is no plan.md to post.
    expect(comment?.if).toContain("steps.plan.outcome != 'skipped'");
    const summary = steps.find((s) => s.run?.includes('GITHUB_STEP_SUMMARY'));
    expect(summary?.if).toMatch(/^always\(\) && /);
  });

  it('runs one apply per tenant at a time, queued rather than cancelled', () => {
    expect(workflow.jobs.apply!.concurrency).toEqual({ group: 'halo-iac-apply-${{ matrix.env }}', 'cancel-in-progress': false });
  });
});

describe('Azure DevOps example', () => {
  const pipeline = read('examples/azure-devops/azure-pipelines.yml') as { stages: { stage: string; lockBehavior?: string; jobs: { steps?: { script?: string }[] }[] }[] };

  it('uploads the plan summary before the exit code can fail the step', () => {
    const plan = pipeline.stages.find((s) => s.stage === 'plan')!;
    const script = plan.jobs[0]!.steps!.map((s) => s.script ?? '').find((s) => s.includes('halo-iac plan'))!;
    expect(script.indexOf('task.uploadsummary')).toBeGreaterThan(0);
    expect(script.indexOf('task.uploadsummary')).toBeLessThan(script.indexOf('[ "$code" != 1 ]'));
  });

  it('runs the apply stage of one run after another (lockBehavior: sequential)', () => {
    expect(pipeline.stages.find((s) => s.stage === 'apply')?.lockBehavior).toBe('sequential');
  });
});

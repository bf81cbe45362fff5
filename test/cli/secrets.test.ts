import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run as apply } from '../../src/cli/apply.js';
import { run as plan } from '../../src/cli/plan.js';
import { docs, workspace, type Workspace } from './harness.js';

/** Values of the `...SECRET...=value` lines of an env-file sink. */
function sinkSecrets(text: string): string[] {
  return text
    .split('\n')
    .map((l) => /^\s*(?:export\s+)?([A-Za-z0-9_]*secret[A-Za-z0-9_]*)\s*=\s*(.+?)\s*$/i.exec(l)?.[2]?.replace(/^["']|["']$/g, ''))
    .filter((v): v is string => v !== undefined && v.length >= 8);
}

describe('secrets', () => {
  let ws: Workspace;
  beforeEach(async () => {
    ws = await workspace();
    ws.writeEnv(
      docs(
        'kind: Agent\nname: Sync API\nspec:\n  email: sync@example.com\n  apiOnly: true',
        'kind: Application\nname: Sync\nspec:\n  loginAs: Sync API\n  scopes: [read:tickets]\n  secret: { sink: "env-file:../../secrets/sync.env" }',
      ),
    );
  });
  afterEach(async () => ws.close());

  it('never show the generated or bootstrap secret in output, plan files or the simulator log', async () => {
    const planned = await ws.run(plan, { env: 'test', out: 'plan.json', format: 'json' });
    expect(planned.code).toBe(0);
    const applied = await ws.run(apply, { env: 'test', autoApprove: true });
    expect(applied.code).toBe(0);
    const replanned = await ws.run(plan, { env: 'test', format: 'text' });
    expect(replanned.stdout).toContain('No changes.');

    const sinkFile = join(ws.cwd, 'secrets', readdirSync(join(ws.cwd, 'secrets'))[0]!);
    const generated = sinkSecrets(readFileSync(sinkFile, 'utf8'));
    expect(generated.length).toBeGreaterThan(0);
    const secrets = [...generated, ws.sim.clientSecret];
    const haystacks = {
      planStdout: planned.stdout + planned.stderr,
      apply: applied.stdout + applied.stderr,
      replan: replanned.stdout + replanned.stderr,
      planFile: readFileSync(join(ws.cwd, 'plan.json'), 'utf8'),
      simLog: JSON.stringify(ws.sim.requests),
    };
    for (const secret of secrets) {
      for (const [where, text] of Object.entries(haystacks)) {
        expect({ where, leaked: text.includes(secret) }).toEqual({ where, leaked: false });
      }
    }
  });
});

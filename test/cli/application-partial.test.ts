/** An Application spec with only `scopes` is a valid partial spec: only the fields given are compared (issue 10 §5). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run as apply } from '../../src/cli/apply.js';
import { run as plan } from '../../src/cli/plan.js';
import { run as validate } from '../../src/cli/validate.js';
import type { Plan } from '../../src/model/plan.js';
import { docs, workspace, type Workspace } from './harness.js';

describe('a partial Application spec', () => {
  let ws: Workspace;
  beforeEach(async () => {
    ws = await workspace();
  });
  afterEach(async () => ws.close());

  const scopesOnly = docs('kind: Application\nname: Reporting\nspec:\n  scopes: [read:tickets, read:customers]');

  it('validates, plans and applies only its scopes, leaving the rest of the live application as it is', async () => {
    await ws.client().upsert('Application', [
      { displayName: 'Reporting', loginentity: 0, loginas_agent_id: 2, grant_type: 'client_credentials', inactive: false, scopes: [{ name: 'read:tickets' }] },
    ]);
    ws.writeEnv(scopesOnly);
    const checked = await ws.run(validate, { env: 'test' });
    expect(checked.stderr).toBe('');
    expect(checked.code).toBe(0);

    const r = await ws.run(plan, { env: 'test', format: 'json' });
    expect(r.code).toBe(0);
    const c = (JSON.parse(r.stdout) as Plan).resource_changes[0]!;
    expect(c.change.before).toEqual({ name: 'Reporting', scopes: ['read:tickets'] });
    expect(c.field_changes.map((f) => f.path)).toEqual(['scopes']);
    const body = (c.request?.body as Record<string, unknown>[])[0]!;
    expect(Object.keys(body).sort()).toEqual(['displayName', 'id', 'scopes']);

    expect((await ws.run(apply, { env: 'test', autoApprove: true })).code).toBe(0);
    const live = (await ws.client().list('Application')).find((a) => a.displayName === 'Reporting')!;
    expect(live.loginas_agent_id).toBe(2);
    expect((live.scopes as { name: string }[]).map((s) => s.name).sort()).toEqual(['read:customers', 'read:tickets']);
    expect((await ws.run(plan, { env: 'test', detailedExitcode: true })).code).toBe(0);
  });

  it('creating one still needs loginAs: the plan says so at its position', async () => {
    ws.writeEnv(scopesOnly);
    const r = await ws.run(plan, { env: 'test' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      "environments/test/resources.yaml:3:7: application/Reporting: a new application with loginType 'agent' needs loginAs (the agent to log in as); an existing one may leave it out",
    );
  });
});

/** The text view of the review fields (issue 10 §2, §3): risk reasons, whole destroys, dependents, unmanaged objects. */
import { describe, expect, it } from 'vitest';
import { changeLines, renderText, warningLines } from '../../src/render/text.js';
import { emptyPlan, mixedPlan, reviewPlan, unmanagedObjects } from './plan-fixture.js';

/** The lines of one section: from its heading to the next blank line. */
function section(out: string, heading: string): string[] {
  const lines = out.split('\n');
  const start = lines.findIndex((l) => l.startsWith(heading));
  expect(start).toBeGreaterThan(-1);
  const end = lines.indexOf('', start);
  return lines.slice(start, end);
}

function change(address: string) {
  const rc = reviewPlan().resource_changes.find((c) => c.address === address);
  if (!rc) throw new Error(`no ${address} in the fixture`);
  return changeLines(rc);
}

describe('text plan: risk reasons', () => {
  it('lists each risky change with its labels, then one line per reason', () => {
    expect(section(renderText(reviewPlan()), 'Risks:')).toEqual([
      'Risks:',
      '  ! lockout, privilege-escalation: update in-place agent/Moovila API',
      '      privilege-escalation: permissions.canDeleteTickets false -> true',
      '  ! privilege-escalation: update in-place application/Moovila',
      '      privilege-escalation: scopes + "all" (secret (sensitive value))',
      '  ! destroy: destroy team/Old',
      '      destroy: team/Old',
      '  ! destroy: destroy agent/Old Bot',
    ]);
  });

  it('under the change, a reason replaces its bare label; a label without one stays bare', () => {
    expect(change('agent/Moovila API')).toEqual([
      '  ~ update in-place agent/Moovila API (environments/prod/agents.yaml:10:7)',
      '      # risk: lockout',
      '      # privilege-escalation: permissions.canDeleteTickets false -> true',
      '      ~ permissions.canDeleteTickets: false -> true',
    ]);
  });

  it('never prints a secret, even one a reason quotes or a field holds under a sensitive path', () => {
    const out = renderText(reviewPlan());
    expect(out).not.toContain('TOPSECRET');
    expect(change('application/Moovila')).toEqual([
      '  ~ update in-place application/Moovila',
      '      # privilege-escalation: scopes + "all" (secret (sensitive value))',
      '      ~ scopes:',
      '        + "all"',
      '      ~ secret: (sensitive value)',
    ]);
  });
});

describe('text plan: destroys', () => {
  it('show every live field at any depth, lists item by item, then what depends on the object', () => {
    expect(change('team/Old')).toEqual([
      '  - destroy team/Old',
      '      # destroy: team/Old',
      '      - department: "Sales"',
      '      - inbox.address: "old@acme.com"',
      '      - inbox.rules.spam: true',
      '      - members:',
      '        - "Jane Smith"',
      '        - "Ops Bot"',
      '      - tags: []',
      '      - use:',
      '        - "tickets"',
      '      # depends on it:',
      '      #   agent/Jane Smith: member of team/Old',
      '      #   agent/Ops Bot: member of team/Old',
    ]);
    expect(change('agent/Old Bot')).toEqual([
      '  - destroy agent/Old Bot',
      '      # risk: destroy',
      '      - apiOnly: true',
      '      - email: "bot@acme.com"',
      '      # depends on it:',
      '      #   application/Old App: logs in as agent/Old Bot',
    ]);
  });

  it('mask a destroyed sensitive value wherever it sits', () => {
    const plan = reviewPlan();
    const rc = plan.resource_changes.find((c) => c.address === 'agent/Old Bot')!;
    rc.change.before = { email: 'bot@acme.com', login: { token: { value: 'TOPSECRET-LIVE' } }, keys: [{ secret: 'TOPSECRET-KEY' }] };
    rc.change.before_sensitive = ['login.token.value', 'keys.secret'];
    expect(changeLines(rc).filter((l) => l.includes('- ') && !l.includes('#'))).toEqual([
      '  - destroy agent/Old Bot',
      '      - email: "bot@acme.com"',
      '      - keys: (sensitive value)',
      '      - login.token.value: (sensitive value)',
    ]);
  });
});

describe('text plan: what nobody manages', () => {
  it('lists live objects no manifest declares after the changes, privileged first (most dangerous first), ids shown', () => {
    const out = renderText(reviewPlan());
    expect(section(out, 'Not managed by halo-iac:')).toEqual([
      'Not managed by halo-iac: 5 live objects no manifest declares (4 privileged):',
      '  ! agent/Hand Admin (id 5): api-only-agent, admin-agent',
      '  ! role/Super (id r-1): role-administrator',
      '  ! application/Legacy (id a-9): scope-all',
      '  ! agent/Helper (id 6): api-only-agent',
      '    team/Misc (id 14)',
    ]);
    expect(out.indexOf('Not managed by halo-iac:')).toBeGreaterThan(out.indexOf('  - destroy agent/Old Bot'));
    expect(out.trimEnd().split('\n').at(-1)).toBe('Plan: 1 to add, 2 to change, 2 to destroy.');
  });

  it('shows 20 and says how many more, so a big tenant does not flood the terminal', () => {
    const lines = section(renderText({ ...reviewPlan(), unmanaged: unmanagedObjects(300) }), 'Not managed by halo-iac:');
    expect(lines[0]).toBe('Not managed by halo-iac: 300 live objects no manifest declares (100 privileged):');
    expect(lines).toHaveLength(22);
    expect(lines.slice(1, 21).every((l) => l.startsWith('  ! agent/Admin '))).toBe(true);
    expect(lines[1]).toBe('  ! agent/Admin 0 (id 0): admin-agent');
    expect(lines[21]).toBe('    …and 280 more (the JSON plan lists them all: `unmanaged`)');
  });

  it('is shown on a plan with no changes too, which still ends with the No changes sentence', () => {
    const out = renderText({ ...emptyPlan(), unmanaged: [{ address: 'application/Legacy', live_id: 'a-9', risks: ['scope-all'] }] });
    expect(out).toContain('Not managed by halo-iac: 1 live object no manifest declares (1 privileged):\n  ! application/Legacy (id a-9): scope-all\n');
    expect(out.trimEnd().split('\n').at(-1)).toBe('No changes. Halo configuration matches the manifests.');
  });
});

describe('text plan: warnings', () => {
  const warned = () => ({
    ...mixedPlan(),
    warnings: [
      { message: 'no sink', address: 'application/X', source: { file: 'a.yaml', line: 4, column: 1 } },
      { message: 'no sink', address: 'application/X', source: { file: 'a.yaml', line: 4, column: 1 } },
      { message: 'no sink', address: 'application/Y' },
      { message: 'targeted plan' },
    ],
  });

  it('are left out of the text plan (the CLI prints them on stderr) unless asked for', () => {
    expect(renderText(warned())).toBe(renderText(mixedPlan()));
    expect(renderText(warned(), { includeWarnings: true })).toContain('a.yaml:4:1: warning: no sink\napplication/Y: warning: no sink\nwarning: targeted plan\n');
  });

  it('are each said once', () => {
    expect(warningLines(warned().warnings)).toEqual(['a.yaml:4:1: warning: no sink', 'application/Y: warning: no sink', 'warning: targeted plan']);
  });
});

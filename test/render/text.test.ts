import { describe, expect, it } from 'vitest';
import { palette, plain } from '../../src/render/colour.js';
import { errorLines, renderText } from '../../src/render/text.js';
import { emptyPlan, mixedPlan } from './plan-fixture.js';

describe('text renderer', () => {
  it('prints the exact No changes sentence for an empty plan', () => {
    const out = renderText(emptyPlan());
    expect(out.trimEnd().split('\n').at(-1)).toBe('No changes. Halo configuration matches the manifests.');
    expect(out).not.toContain('Plan:');
  });

  it('uses Terraform symbols, addresses, sources and field arrows', () => {
    const out = renderText(mixedPlan());
    expect(out).toContain('  + create team/Projects (environments/prod/teams.yaml:3:7)');
    expect(out).toContain('  ~ update in-place agent/Moovila API (environments/prod/agents.yaml:10:7)');
    expect(out).toContain('  - destroy team/Old');
    expect(out).toContain('~ email: "old@acme.com" -> "api@acme.com"');
    expect(out).toContain('+ department: "Service Delivery"');
    // Set fields list added and removed items.
    expect(out).toMatch(/teams\.members:\n\s+\+ "Projects"\n\s+- "Sales"/);
    // Destroy without field_changes shows the object's fields being removed.
    expect(out).toContain('- department: "Sales"');
    expect(out.trimEnd().split('\n').at(-1)).toBe('Plan: 1 to add, 2 to change, 1 to destroy.');
  });

  it('lists risks before the changes', () => {
    const out = renderText(mixedPlan());
    const risks = out.indexOf('Risks:');
    expect(risks).toBeGreaterThan(-1);
    expect(out.indexOf('privilege-escalation: update in-place agent/Moovila API')).toBeGreaterThan(risks);
    expect(risks).toBeLessThan(out.indexOf('  + create team/Projects'));
    expect(out).toContain('destroy: destroy team/Old');
  });

  it('masks sensitive paths', () => {
    const out = renderText(mixedPlan());
    expect(out).toContain('secret.rotate: (sensitive value)');
    expect(out).not.toContain('TOPSECRET');
  });

  it('skips no-op changes', () => {
    expect(renderText(mixedPlan())).not.toContain('team/Same');
  });

  it('prints refused changes as errors unless told not to', () => {
    const plan = { ...mixedPlan(), errors: [{ message: 'lockout refused', address: 'agent/Admin', source: { file: 'a.yaml', line: 2, column: 3 } }] };
    expect(renderText(plan)).toContain('a.yaml:2:3: error: lockout refused');
    expect(renderText(plan, { includeErrors: false })).not.toContain('lockout refused');
  });

  it('formats refusals for stderr with the same function: position, else address, then the refusal sentence', () => {
    const errors = [
      { message: 'lockout refused', address: 'agent/Admin', source: { file: 'a.yaml', line: 2, column: 3 } },
      { message: 'too many deletes', address: 'team/Old' },
      { message: 'no address' },
    ];
    expect(errorLines(errors, plain, 'diagnostics')).toEqual([
      'a.yaml:2:3: lockout refused',
      'team/Old: too many deletes',
      'no address',
      'Error: the plan was refused (3 problems above); nothing can be applied.',
    ]);
    expect(errorLines(errors.slice(0, 1), plain, 'diagnostics').at(-1)).toBe('Error: the plan was refused (1 problem above); nothing can be applied.');
    expect(errorLines([], plain, 'diagnostics')).toEqual([]);
    expect(errorLines(errors.slice(1, 2))).toEqual(['Refused:', 'team/Old: error: too many deletes', '']);
  });

  it('colours only with a TTY palette and honours NO_COLOR', () => {
    expect(renderText(mixedPlan())).not.toContain('\u001b[');
    expect(renderText(mixedPlan(), { palette: palette(true, {}) })).toContain('\u001b[32m+');
    expect(renderText(mixedPlan(), { palette: palette(true, { NO_COLOR: '1' }) })).not.toContain('\u001b[');
    expect(renderText(mixedPlan(), { palette: palette(false, {}) })).not.toContain('\u001b[');
  });
});

describe('text renderer with engine-style creates', () => {
  it('shows fields of a create as additions even when before is null', () => {
    const plan = mixedPlan();
    const rc = plan.resource_changes[0]!;
    rc.field_changes = [
      { path: 'department', before: null, after: 'Sales' },
      { path: 'use', before: null, after: ['tickets'], added: ['tickets'] },
    ];
    const out = renderText(plan);
    expect(out).toContain('+ department: "Sales"');
    expect(out).not.toContain('null ->');
    expect(out).toMatch(/\+ use:\n\s+\+ "tickets"/);
  });
});

describe('text renderer with a plan made before risk reasons, dependents and unmanaged existed', () => {
  it('renders it exactly as before (the whole text, line for line)', () => {
    expect(renderText(mixedPlan()).split('\n')).toEqual([
      'halo-iac plan for environment "prod": https://acme.halopsa.com (tenant acme)',
      '',
      'Resource actions are indicated with the following symbols:',
      '  + create',
      '  ~ update in-place',
      '  - destroy',
      '',
      'Risks:',
      '  ! privilege-escalation: update in-place agent/Moovila API',
      '  ! destroy: destroy team/Old',
      '',
      'halo-iac will perform the following actions:',
      '',
      '  + create team/Projects (environments/prod/teams.yaml:3:7)',
      '      + department: "Service Delivery"',
      '      + use: ["tickets"]',
      '',
      '  ~ update in-place agent/Moovila API (environments/prod/agents.yaml:10:7)',
      '      # risk: privilege-escalation',
      '      ~ email: "old@acme.com" -> "api@acme.com"',
      '      ~ teams.members:',
      '        + "Projects"',
      '        - "Sales"',
      '',
      '  ~ update in-place application/Moovila',
      '      ~ secret.rotate: (sensitive value)',
      '',
      '  - destroy team/Old',
      '      # risk: destroy',
      '      - department: "Sales"',
      '',
      'Plan: 1 to add, 2 to change, 1 to destroy.',
      '',
    ]);
  });
});

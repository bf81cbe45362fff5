/**
 * The markdown view for review (issue 10 §2, §3): refusals and risks first, risky changes
 * expanded and the rest collapsed, ```diff bodies GitHub colours (`+`, `-`, `!`), reasons,
 * dependents and the live objects nobody manages, all under the comment size limit.
 */
import { describe, expect, it } from 'vitest';
import { MARKDOWN_LIMIT, renderMarkdown } from '../../src/render/markdown.js';
import type { Plan, ResourceChange } from '../../src/model/plan.js';
import { createTeam, emptyPlan, mixedPlan, reviewPlan, unmanagedObjects } from './plan-fixture.js';

/** Each `<details>` block: whether it is open, its summary, and the lines of its diff body. */
function blocks(md: string): { open: boolean; summary: string; diff: string[] }[] {
  const found = [...md.matchAll(/<details( open)?><summary>(.*?)<\/summary>\n\n(`{3,})diff\n([\s\S]*?)\n\3\n\n<\/details>/g)];
  return found.map((m) => ({ open: m[1] !== undefined, summary: m[2]!, diff: m[4]!.split('\n') }));
}

function block(md: string, address: string) {
  const b = blocks(md).find((x) => x.summary.includes(`<code>${address}</code>`));
  if (!b) throw new Error(`no block for ${address}`);
  return b;
}

/** Section headings (### ...) and the summary table, in order. */
function outline(md: string): string[] {
  return md.split('\n').filter((l) => l.startsWith('### ') || l.startsWith('| :heavy_plus_sign: Add'));
}

describe('markdown plan: order and shape', () => {
  it('puts refused changes, then risks, before the counts, the unmanaged objects, the warnings and the changes', () => {
    const plan: Plan = { ...reviewPlan(), errors: [{ message: 'lockout refused', address: 'agent/Admin' }], warnings: [{ message: 'w' }] };
    expect(outline(renderMarkdown(plan))).toEqual([
      '### :no_entry: Refused changes',
      '### :warning: Risks',
      '| :heavy_plus_sign: Add | :pencil2: Change | :heavy_minus_sign: Destroy |',
      '### :mag: Not managed by halo-iac',
      '### :warning: Warnings',
      '### Changes (refused)',
    ]);
  });

  it('expands risky changes and collapses the others, each body a diff block', () => {
    const md = renderMarkdown(reviewPlan());
    expect(blocks(md).map((b) => [b.open, b.summary])).toEqual([
      [false, '<code>+</code> create <code>team/Projects</code>'],
      [true, '<code>~</code> update in-place <code>agent/Moovila API</code> (lockout, privilege-escalation)'],
      [true, '<code>~</code> update in-place <code>application/Moovila</code> (privilege-escalation)'],
      [true, '<code>-</code> destroy <code>team/Old</code> (destroy)'],
      [true, '<code>-</code> destroy <code>agent/Old Bot</code> (destroy)'],
    ]);
    // An older plan: its risky changes are expanded too, the others stay collapsed.
    expect(blocks(renderMarkdown(mixedPlan())).map((b) => b.open)).toEqual([false, true, false, true]);
  });

  it('marks in-place changes with ! in the first column, additions with +, removals with -', () => {
    expect(block(renderMarkdown(reviewPlan()), 'application/Moovila').diff).toEqual([
      '# privilege-escalation: scopes + "all" (secret (sensitive value))',
      '! scopes:',
      '+     "all"',
      '! secret: (sensitive value)',
    ]);
    expect(block(renderMarkdown(mixedPlan()), 'agent/Moovila API').diff).toEqual([
      '# environments/prod/agents.yaml:10:7',
      '! email: "old@acme.com" -> "api@acme.com"',
      '! teams.members:',
      '+     "Projects"',
      '-     "Sales"',
    ]);
    for (const plan of [mixedPlan(), reviewPlan()]) {
      for (const b of blocks(renderMarkdown(plan))) expect(b.diff.filter((l) => !/^[-+!#]/.test(l))).toEqual([]);
    }
  });

  it('shows a destroyed object whole and what depends on it', () => {
    expect(block(renderMarkdown(reviewPlan()), 'team/Old').diff).toEqual([
      '# destroy: team/Old',
      '- department: "Sales"',
      '- inbox.address: "old@acme.com"',
      '- inbox.rules.spam: true',
      '- members:',
      '-     "Jane Smith"',
      '-     "Ops Bot"',
      '- tags: []',
      '- use:',
      '-     "tickets"',
      '# depends on it:',
      '#   agent/Jane Smith: member of team/Old',
      '#   agent/Ops Bot: member of team/Old',
    ]);
  });

  it('caps the dependents listed under one destroy', () => {
    const plan = reviewPlan();
    const rc = plan.resource_changes.find((c) => c.address === 'team/Old')!;
    rc.dependents = Array.from({ length: 45 }, (_, i) => ({ address: `agent/A${i}`, reason: 'member of team/Old' }));
    const diff = block(renderMarkdown(plan), 'team/Old').diff;
    expect(diff.filter((l) => l.startsWith('#   agent/'))).toHaveLength(20);
    expect(diff.at(-1)).toBe('#   …and 25 more (see the JSON plan)');
  });
});

describe('markdown plan: risks and what nobody manages', () => {
  it('gives each risk its reason in the risk table, bare labels where the plan has none', () => {
    const rows = renderMarkdown(reviewPlan()).split('\n').filter((l) => l.startsWith('| `'));
    expect(rows.slice(0, 4)).toEqual([
      '| `lockout`<br>`privilege-escalation`: `permissions.canDeleteTickets false -> true` | update in-place | `agent/Moovila API` |',
      '| `privilege-escalation`: `scopes + "all" (secret (sensitive value))` | update in-place | `application/Moovila` |',
      '| `destroy`: `team/Old` | destroy | `team/Old` |',
      '| `destroy` | destroy | `agent/Old Bot` |',
    ]);
  });

  it('lists unmanaged objects privileged first in a short table', () => {
    const md = renderMarkdown(reviewPlan());
    const start = md.indexOf('### :mag: Not managed by halo-iac');
    expect(md.slice(start, md.indexOf('\n\n###', start)).split('\n')).toEqual([
      '### :mag: Not managed by halo-iac',
      '',
      '5 live objects no manifest declares (4 privileged), privileged first.',
      '',
      '| Risk | Address | Live id |',
      '|---|---|---|',
      '| `api-only-agent`, `admin-agent` | `agent/Hand Admin` | `5` |',
      '| `role-administrator` | `role/Super` | `r-1` |',
      '| `scope-all` | `application/Legacy` | `a-9` |',
      '| `api-only-agent` | `agent/Helper` | `6` |',
      '|  | `team/Misc` | `14` |',
    ]);
  });

  it('shows them on a plan without changes too', () => {
    const md = renderMarkdown({ ...emptyPlan(), unmanaged: unmanagedObjects(50) });
    expect(md).toContain('**No changes. Halo configuration matches the manifests.**');
    expect(md).toContain('50 live objects no manifest declares (17 privileged), privileged first.');
    expect(md.split('\n').filter((l) => l.startsWith('| `admin-agent` | `agent/Admin '))).toHaveLength(17);
    expect(md.split('\n').filter((l) => l.startsWith('|  | `team/Team '))).toHaveLength(3);
    expect(md).toContain('…and 30 more (the JSON plan lists them all: `unmanaged`).');
  });

  it('never prints a secret', () => {
    expect(renderMarkdown(reviewPlan())).not.toContain('TOPSECRET');
  });

  it('says each warning once', () => {
    const w = { message: 'no sink', address: 'application/X' };
    const md = renderMarkdown({ ...reviewPlan(), warnings: [w, w, { message: 'other' }] });
    const warnings = md.slice(md.indexOf('### :warning: Warnings'), md.indexOf('### Changes'));
    expect(warnings.split('\n').filter((l) => l.startsWith('- '))).toEqual(['- `application/X` no sink', '- other']);
  });
});

describe('markdown plan: size', () => {
  it('stays under the limit with 5,000 risky changes carrying reasons and dependents, and 5,000 unmanaged objects', () => {
    const changes: ResourceChange[] = [];
    for (let i = 0; i < 5000; i++) {
      const rc = { ...createTeam(`Team ${String(i).padStart(5, '0')} ${'x'.repeat(40)}`), risks: ['privilege-escalation' as const] };
      rc.risk_reasons = Array.from({ length: 8 }, (_, j) => ({ risk: 'privilege-escalation' as const, reason: `permissions.p${j} false -> true ${'y'.repeat(300)}` }));
      rc.dependents = Array.from({ length: 30 }, (_, j) => ({ address: `agent/A${j}`, reason: 'member' }));
      changes.push(rc);
    }
    const plan: Plan = { ...emptyPlan(), resource_changes: changes, summary: { add: 5000, change: 0, destroy: 0 }, unmanaged: unmanagedObjects(5000) };
    const md = renderMarkdown(plan);
    expect(md.length).toBeLessThan(MARKDOWN_LIMIT);
    expect(md).toMatch(/\*\*\d+ more changes not shown\*\*/);
    expect(md).toContain('halo-iac show plan.json');
    // The risk table stops at what fits its share (about 12,000 characters) and counts the rest.
    const riskRows = md.split('\n').filter((l) => l.startsWith('| `privilege-escalation`'));
    expect(riskRows.length).toBeGreaterThan(0);
    expect(riskRows.join('\n').length).toBeLessThanOrEqual(12_000);
    expect(md).toContain(`…and ${5000 - riskRows.length} more risky changes (see the JSON plan).`);
    expect(md).toContain('…and 4980 more (the JSON plan lists them all: `unmanaged`).');
    // A risk cell shows 5 reasons, each at most 200 characters, then how many more.
    const row = riskRows[0]!;
    expect(row.split('<br>')).toHaveLength(6);
    expect(row).toContain('<br>…and 3 more |');
    expect(md.trimEnd().split('\n').at(-1)).toBe('Plan: 5000 to add, 0 to change, 0 to destroy.');
    expect(md.match(/<details( open)?>/g)?.length).toBe(md.match(/<\/details>/g)?.length);
  });
});

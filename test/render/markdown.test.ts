import { describe, expect, it } from 'vitest';
import { MARKDOWN_LIMIT, renderMarkdown } from '../../src/render/markdown.js';
import { emptyPlan, hugePlan, mixedPlan } from './plan-fixture.js';

describe('markdown renderer', () => {
  it('titles the comment with the environment and summarises counts in a table', () => {
    const out = renderMarkdown(mixedPlan());
    expect(out.split('\n')[0]).toBe('## halo-iac plan: `prod`');
    expect(out).toContain('| 1 | 2 | 1 |');
    expect(out.trimEnd().split('\n').at(-1)).toBe('Plan: 1 to add, 2 to change, 1 to destroy.');
  });

  it('puts the risk table before the collapsed details', () => {
    const out = renderMarkdown(mixedPlan());
    const risks = out.indexOf('### :warning: Risks');
    expect(risks).toBeGreaterThan(-1);
    expect(out).toContain('| `privilege-escalation` | update in-place | `agent/Moovila API` |');
    expect(risks).toBeLessThan(out.indexOf('<details>'));
    expect(out.match(/<details( open)?>/g)).toHaveLength(4);
    expect(out).toContain('+     "Projects"');
  });

  it('masks sensitive values', () => {
    const out = renderMarkdown(mixedPlan());
    expect(out).toContain('secret.rotate: (sensitive value)');
    expect(out).not.toContain('TOPSECRET');
  });

  it('says No changes for an empty plan', () => {
    expect(renderMarkdown(emptyPlan())).toContain('**No changes. Halo configuration matches the manifests.**');
  });

  it('stays under the size limit with 5,000 changes and points at the JSON plan', () => {
    const out = renderMarkdown(hugePlan(5000));
    expect(out.length).toBeLessThan(MARKDOWN_LIMIT);
    expect(out).toMatch(/\*\*\d+ more changes not shown\*\*/);
    expect(out).toContain('halo-iac show plan.json');
    expect(out).toContain('…and 4950 more risky changes');
    expect(out.trimEnd().split('\n').at(-1)).toBe('Plan: 5000 to add, 0 to change, 0 to destroy.');
    // Every details block that was started is closed.
    expect(out.match(/<details( open)?>/g)?.length).toBe(out.match(/<\/details>/g)?.length);
  });

  it('stays under the limit even when one change is enormous', () => {
    const plan = hugePlan(1);
    plan.resource_changes[0]!.field_changes = [{ path: 'raw', before: undefined, after: 'y'.repeat(200_000) }];
    plan.warnings = Array.from({ length: 500 }, (_, i) => ({ message: `w${i} ${'z'.repeat(300)}` }));
    expect(renderMarkdown(plan).length).toBeLessThan(MARKDOWN_LIMIT);
  });

  it('escapes names that would break the markup', () => {
    const plan = hugePlan(1);
    plan.resource_changes[0]!.address = 'team/a|b<script>';
    const out = renderMarkdown(plan);
    // Inside HTML (the details summary) it is escaped; inside a table code span the pipe is.
    expect(out).toContain('<code>team/a|b&lt;script&gt;</code>');
    expect(out).not.toMatch(/<summary>[^\n]*<script>/);
    expect(out).toContain('`team/a\\|b<script>`');
  });
});

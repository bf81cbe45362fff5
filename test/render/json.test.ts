import { describe, expect, it } from 'vitest';
import { PLAN_KEYS, RESOURCE_CHANGE_KEYS, renderJson } from '../../src/render/json.js';
import { mixedPlan, reviewPlan } from './plan-fixture.js';

describe('json renderer', () => {
  it('round-trips the plan unchanged', () => {
    const plan = mixedPlan();
    expect(JSON.parse(renderJson(plan))).toEqual(JSON.parse(JSON.stringify(plan)));
  });

  it('orders keys as documented, independent of input order', () => {
    const plan = mixedPlan();
    const shuffled = Object.fromEntries(Object.entries(plan).reverse()) as unknown as typeof plan;
    const out = JSON.parse(renderJson(shuffled)) as Record<string, unknown>;
    expect(Object.keys(out)).toEqual(PLAN_KEYS.filter((k) => k in plan));
    const rc = (out.resource_changes as Record<string, unknown>[])[1]!;
    expect(Object.keys(rc)).toEqual(RESOURCE_CHANGE_KEYS.filter((k) => k in rc));
    expect(renderJson(shuffled)).toBe(renderJson(plan));
  });

  it('sorts keys of free-form objects', () => {
    const plan = mixedPlan();
    plan.resource_changes[0]!.change.after = { zeta: 1, alpha: { y: 1, b: 2 } };
    const text = renderJson(plan);
    expect(text.indexOf('"alpha"')).toBeLessThan(text.indexOf('"zeta"'));
    expect(text.indexOf('"b"')).toBeLessThan(text.indexOf('"y"'));
  });
});

describe('json renderer: review fields', () => {
  it('prints risk reasons, dependents and unmanaged objects as given, keys in the documented order', () => {
    const plan = reviewPlan();
    const out = JSON.parse(renderJson(plan)) as Record<string, unknown>;
    expect(out).toEqual(JSON.parse(JSON.stringify(plan)));
    expect(Object.keys(out).at(-1)).toBe('unmanaged');
    expect(out.unmanaged).toEqual(plan.unmanaged);
    const team = (out.resource_changes as Record<string, unknown>[]).find((c) => c.address === 'team/Old')!;
    expect(Object.keys(team)).toEqual(['address', 'kind', 'name', 'live_id', 'risks', 'risk_reasons', 'depends_on', 'dependents', 'change', 'field_changes']);
    const shuffled = { ...plan, unmanaged: plan.unmanaged!.map((u) => ({ risks: u.risks, live_id: u.live_id, address: u.address })) };
    shuffled.resource_changes = plan.resource_changes.map((c) => ({
      ...c,
      risk_reasons: c.risk_reasons?.map((r) => ({ reason: r.reason, risk: r.risk })),
      dependents: c.dependents?.map((d) => ({ reason: d.reason, address: d.address })),
    }));
    expect(renderJson(shuffled)).toBe(renderJson(plan));
  });

  it('leaves the new keys out of a plan that has none', () => {
    const text = renderJson(mixedPlan());
    expect(text).not.toMatch(/"(risk_reasons|dependents|unmanaged)"/);
  });
});

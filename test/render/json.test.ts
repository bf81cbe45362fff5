import { describe, expect, it } from 'vitest';
import { PLAN_KEYS, RESOURCE_CHANGE_KEYS, renderJson } from '../../src/render/json.js';
import { mixedPlan } from './plan-fixture.js';

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

/**
 * The saved plan's digest (README "JSON plan format"): sha256 of the document without its digest
 * key, as canonical JSON (keys sorted at every depth, no whitespace), so any edit breaks it and key
 * order or indentation do not.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { digestProblem, planDigest, sealPlan } from '../../src/engine/index.js';
import type { Plan } from '../../src/model/plan.js';

const sha256 = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex')}`;

describe('planDigest', () => {
  it('is the sha256 of the canonical JSON without the digest key', () => {
    const doc = { summary: { destroy: 0, add: 1 }, environment: 'prod', digest: 'sha256:old', resource_changes: [{ b: [2, { z: 1, a: 0 }], a: 'x' }] };
    expect(planDigest(doc)).toBe(sha256('{"environment":"prod","resource_changes":[{"a":"x","b":[2,{"a":0,"z":1}]}],"summary":{"add":1,"destroy":0}}'));
  });

  it('does not depend on key order or indentation; any value change breaks it', () => {
    const plan = { format_version: '1.1', environment: 'prod', summary: { add: 1, change: 0, destroy: 0 }, resource_changes: [] } as unknown as Plan;
    const sealed = sealPlan(plan);
    const reordered = JSON.parse(JSON.stringify({ resource_changes: [], digest: sealed.digest, summary: { destroy: 0, change: 0, add: 1 }, environment: 'prod', format_version: '1.1' }, null, 4)) as Record<string, unknown>;
    expect(digestProblem(reordered)).toBeUndefined();
    expect(digestProblem({ ...reordered, summary: { add: 0, change: 0, destroy: 0 } })).toBe('mismatch');
    expect(digestProblem({ ...reordered, digest: undefined })).toBe('missing');
  });
});

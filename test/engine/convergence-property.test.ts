/**
 * Convergence as a property (design.md §3, style.md "the most valuable test"): for random desired
 * states within what the manifests allow, apply on a fresh simulator, then plan again: no changes,
 * no errors. Then apply a second random state on top (updates, membership changes, renames via
 * `previously`): it converges too. Fixed seed and a modest number of runs keep CI deterministic.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { synthesizeDesiredState } from '../../constructs/index.js';
import { formatDiagnostic } from '../../src/model/diagnostics.js';
import type { ManifestDocument } from '../../src/model/desired.js';
import type { DesiredObject, EnvironmentConfig } from '../../src/model/desired.js';
import { documentValidators } from '../../src/manifest/schema-registry.js';
import { catalog } from './helpers/desired.js';
import { harness, type Harness } from './helpers/sim.js';
import { desiredDocuments, renamedOnto } from './helpers/random-state.js';

const ENV: EnvironmentConfig = {
  name: 'property',
  file: '/tmp/halo-iac-property/environment.yaml',
  connection: { url: 'http://127.0.0.1:1', scope: 'all' },
  policy: { allowDelete: false, maxDeletes: 5 },
  variables: {},
};

/** The documents as the manifest loader would accept them: schema-valid, no construct errors. */
function desiredObjects(docs: ManifestDocument[]): DesiredObject[] {
  const validators = documentValidators(Object.keys(catalog.scopes));
  for (const d of docs) {
    const validate = validators[d.kind];
    const document = { apiVersion: 'halo-iac/v1', kind: d.kind, name: d.name, spec: d.spec, ...(d.previously.length > 0 ? { previously: d.previously } : {}) };
    expect(validate(document), `${d.kind}/${d.name}: ${JSON.stringify(validate.errors)}`).toBe(true);
  }
  const { state, diagnostics } = synthesizeDesiredState(ENV, docs, catalog);
  expect(diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic)).toEqual([]);
  return state.objects;
}

/** Applies `docs` and checks the tenant converged: the apply's own re-plan and a fresh plan are empty. */
async function convergesTo(h: Harness, docs: ManifestDocument[]): Promise<void> {
  const objects = desiredObjects(docs);
  const first = await h.planFor(objects);
  expect(first.errors).toEqual([]);
  const result = await h.applyFor(objects);
  expect(result.failed).toEqual([]);
  expect(result.remaining.resource_changes.filter((c) => !c.change.actions.includes('no-op')).map((c) => [c.address, c.field_changes])).toEqual([]);
  const again = await h.planFor(objects);
  expect(again.errors).toEqual([]);
  expect(again.resource_changes.filter((c) => !c.change.actions.includes('no-op')).map((c) => [c.address, c.field_changes])).toEqual([]);
  expect(again.summary).toEqual({ add: 0, change: 0, destroy: 0 });
}

const RUNS = { numRuns: 20, seed: 20250101, endOnFailure: false } as const;

describe('convergence (property, simulator over real HTTP)', () => {
  it('a random desired state applied to a fresh tenant plans as no changes', async () => {
    await fc.assert(
      fc.asyncProperty(desiredDocuments(), async (docs) => {
        const h = await harness();
        try {
          await convergesTo(h, docs);
        } finally {
          await h.stop();
        }
      }),
      RUNS,
    );
  });

  it('a second random state (updates, membership changes, renames) applied on top converges too', async () => {
    const pair = desiredDocuments().chain((first) => renamedOnto(first, desiredDocuments()).map((second) => [first, second] as const));
    await fc.assert(
      fc.asyncProperty(pair, async ([first, second]) => {
        const h = await harness();
        try {
          await convergesTo(h, first);
          await convergesTo(h, second);
        } finally {
          await h.stop();
        }
      }),
      RUNS,
    );
  });
});

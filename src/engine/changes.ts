/**
 * Plan entry constructors (style.md "A sketch of the plan entry"): each checks its invariants so a
 * bad plan fails at plan time, not halfway through apply.
 */
import type { DesiredObject } from '../model/desired.js';
import type { LiveObject } from '../kinds/types.js';
import type { Canonical, FieldChange, ResourceChange, Risk, RiskReason } from '../model/plan.js';
import { sortKeys } from './canonical.js';

/** What every entry shares. */
export interface EntryBase {
  obj: DesiredObject;
  dependsOn: string[];
  risks: Risk[];
  /** Why risks apply, where the engine knows it (lockout). */
  reasons?: RiskReason[];
  sensitive: string[];
}

function base(b: EntryBase): Pick<ResourceChange, 'address' | 'kind' | 'name' | 'source' | 'risks' | 'risk_reasons' | 'depends_on' | 'origin'> {
  return {
    address: b.obj.address,
    kind: b.obj.kind,
    name: b.obj.name,
    source: b.obj.source,
    risks: [...new Set(b.risks)].sort(),
    ...(b.reasons && b.reasons.length > 0 ? { risk_reasons: b.reasons } : {}),
    depends_on: [...new Set(b.dependsOn)].sort(),
    ...(b.obj.origin ? { origin: b.obj.origin } : {}),
  };
}

function canon(c: Canonical): Canonical {
  return sortKeys(c) as Canonical;
}

/** A create: no live object, an `after`. */
export function createEntry(b: EntryBase, after: Canonical, fields: FieldChange[]): ResourceChange {
  if (b.obj.absent) throw new Error(`internal: create planned for absent ${b.obj.address}`);
  return {
    ...base(b),
    change: { actions: ['create'], before: null, after: canon(after), before_sensitive: [], after_sensitive: b.sensitive },
    field_changes: fields,
  };
}

/** An update (or no-op when there are no field changes): both sides and the live id. */
export function updateEntry(
  b: EntryBase,
  live: LiveObject,
  before: Canonical,
  after: Canonical,
  fields: FieldChange[],
  liveFingerprint: string,
  previousName?: string,
): ResourceChange {
  if (live.id === undefined || live.id === null) throw new Error(`internal: update of ${b.obj.address} without a live id`);
  return {
    ...base(b),
    live_id: live.id,
    ...(previousName !== undefined ? { previous_name: previousName } : {}),
    change: {
      actions: [fields.length > 0 ? 'update' : 'no-op'],
      before: canon(before),
      after: canon(after),
      before_sensitive: b.sensitive,
      after_sensitive: b.sensitive,
    },
    field_changes: fields,
    live_fingerprint: liveFingerprint,
  };
}

/** A delete: the live object, no `after`. */
export function deleteEntry(b: EntryBase, live: LiveObject, before: Canonical, liveFingerprint: string): ResourceChange {
  if (!b.obj.absent) throw new Error(`internal: delete planned for ${b.obj.address}, which is not absent`);
  return {
    ...base(b),
    live_id: live.id,
    change: { actions: ['delete'], before: canon(before), after: null, before_sensitive: b.sensitive, after_sensitive: [] },
    field_changes: [],
    live_fingerprint: liveFingerprint,
  };
}

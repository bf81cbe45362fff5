/**
 * Settings: the Control singleton (/api/Control; one object, 3,000+ fields). Friendly keys map to
 * Control fields through catalog.settings; `raw` sets Control fields directly. Updates POST
 * `[{id, field: value}]` (the live id; none when the read had none). Never created or deleted.
 */
import type { SettingsSpec } from '../../constructs/kinds/settings.js';
import { settingsReferences } from '../../constructs/kinds/settings.js';
import type { HaloRecord } from '../halo/types.js';
import type { Canonical } from '../model/plan.js';
import type { KindHandler } from './types.js';
import { fromHalo, toHalo } from './lookup.js';

function friendlyEntries(spec: SettingsSpec): [string, unknown][] {
  return Object.entries(spec).filter(([k, v]) => k !== 'raw' && v !== undefined);
}

/** Settings (Control): friendly settings keys plus raw Control fields. */
export const settingsHandler: KindHandler<SettingsSpec> = {
  kind: 'Settings',
  apiPath: 'Control',
  dependsOn: [],
  singleton: true,
  sets: [],
  liveName: () => 'settings',
  list: async (reader) => [await reader.getSingleton<HaloRecord>('Control')],
  references: settingsReferences,
  canonical(spec) {
    const out: Canonical = Object.fromEntries(friendlyEntries(spec));
    if (spec.raw !== undefined) out.raw = { ...spec.raw };
    return out;
  },
  normalize(live, spec, ctx) {
    const out: Canonical = {};
    for (const [key] of friendlyEntries(spec)) {
      const def = ctx.catalog.settings[key];
      out[key] = def ? (def.values ? fromHalo(def.values, live.raw[def.field]) : (live.raw[def.field] ?? null)) : null;
    }
    if (spec.raw !== undefined) {
      const r: Record<string, unknown> = {};
      for (const k of Object.keys(spec.raw)) r[k] = live.raw[k] ?? null;
      out.raw = r;
    }
    return out;
  },
  toPayload(desired, ctx, live) {
    // The id comes from the live read; without one the item targets the singleton anyway (POST
    // /api/Control merges an id-less item into it), so no id is invented.
    const p: HaloRecord = live?.id === undefined || live.id === null ? {} : { id: live.id };
    for (const [key, value] of friendlyEntries(desired.spec)) {
      const def = ctx.catalog.settings[key];
      if (!def) continue;
      p[def.field] = def.values ? (toHalo(def.values, String(value)) ?? value) : value;
    }
    Object.assign(p, desired.spec.raw ?? {});
    return p;
  },
  toSpec(live, ctx) {
    const spec: SettingsSpec = {};
    for (const [key, def] of Object.entries(ctx.catalog.settings)) {
      const v = live.raw[def.field];
      if (v === undefined || v === null) continue;
      const friendly = def.values ? fromHalo(def.values, v) : v;
      if (typeof friendly === 'string' || typeof friendly === 'number' || typeof friendly === 'boolean') spec[key] = friendly;
    }
    return spec;
  },
};

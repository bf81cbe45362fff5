/**
 * API application (/api/Application, schema NHD_Identity_Application; string ids; name is
 * `displayName`). Scopes are `[{name}]`, the auth method a `grant_type` string, the login type
 * `loginentity` (int) with `loginas_agent_id` (halo-enums.md §3, codes from the catalog).
 * The client secret is write-only: halo-iac generates it (engine), sends it as `clientSecret`,
 * and compares only a rotate counter kept in the field catalog.application.rotateCounterField.
 */
import type { ApplicationSpec } from '../../constructs/kinds/application.js';
import { applicationReferences } from '../../constructs/kinds/application.js';
import type { Catalog } from '../model/catalog.js';
import type { HaloRecord } from '../halo/types.js';
import type { Canonical, Risk } from '../model/plan.js';
import type { KindContext, KindHandler } from './types.js';
import { bool, fromHalo, nameSet, records, str, toHalo } from './lookup.js';
import { NO_SINK } from '../../constructs/secret/sink.js';

/** A secret block whose sink keeps the secret (not `none`): only then is there a rotate counter to compare. */
function managedSecret(spec: ApplicationSpec): boolean {
  return spec.secret !== undefined && spec.secret.sink?.trim() !== NO_SINK;
}

/** Key of the rotate counter inside a JSON-object field (catalog: OpenIddict `properties` string). */
const ROTATE_KEY = 'halo-iac/secret-rotate';

function jsonObject(v: unknown): Record<string, unknown> | undefined {
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  if (typeof v !== 'string' || v.trim() === '') return undefined;
  try {
    const parsed: unknown = JSON.parse(v);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Key of the "secret sent, not yet delivered" mark in the same JSON-object field (value: when it was sent). */
const UNDELIVERED_KEY = 'halo-iac/secret-undelivered';

/** The undelivered mark on a live application (see SecretHandling.undelivered). */
export function liveUndelivered(raw: HaloRecord, catalog: Catalog): string | undefined {
  const at = jsonObject(raw[catalog.application.rotateCounterField.halo])?.[UNDELIVERED_KEY];
  return typeof at === 'string' && at !== '' ? at : undefined;
}

/** The counter field's value with the mark set or removed, in the form it had; undefined when it is no JSON object. */
function withUndelivered(value: unknown, at: string | undefined): unknown {
  const obj = jsonObject(value);
  if (obj === undefined) return undefined;
  const next = { ...obj };
  if (at === undefined) delete next[UNDELIVERED_KEY];
  else next[UNDELIVERED_KEY] = at;
  return typeof value === 'string' ? JSON.stringify(next) : next;
}

/** The rotate counter stored on the live application, or null when halo-iac never set one. */
export function liveRotateCounter(raw: HaloRecord, catalog: Catalog): number | null {
  const v = raw[catalog.application.rotateCounterField.halo];
  if (typeof v === 'number') return v;
  const n = jsonObject(v)?.[ROTATE_KEY];
  return typeof n === 'number' ? n : null;
}

/**
 * The counter field's new value: a number field gets the number; otherwise the counter is merged
 * into the field's JSON object (other keys kept), as a string unless Halo returned an object.
 */
export function withRotateCounter(liveValue: unknown, n: number): unknown {
  if (typeof liveValue === 'number') return n;
  const merged = { ...(jsonObject(liveValue) ?? {}), [ROTATE_KEY]: n };
  return liveValue !== null && typeof liveValue === 'object' ? merged : JSON.stringify(merged);
}

function liveScopes(raw: HaloRecord): string[] {
  return nameSet(records(raw, 'scopes').map((s) => str(s, 'name') ?? '').filter((s) => s !== ''));
}

function loginAsName(raw: HaloRecord, ctx: KindContext): string | null {
  const id = raw.loginas_agent_id;
  if (id === undefined || id === null || id === 0) return null;
  return ctx.nameOf('Agent', id as number) ?? str(raw, 'loginas_agent_name') ?? String(id);
}

/** Applications: auth method, login type, agent to log in as, scopes, active, secret. */
export const applicationHandler: KindHandler<ApplicationSpec> = {
  kind: 'Application',
  apiPath: 'Application',
  dependsOn: ['Agent'],
  sets: ['scopes'],
  sensitive: ['secret'],
  delete: true,
  liveName: (raw) => str(raw, 'displayName') ?? str(raw, 'name') ?? '',
  list: (reader) => reader.list<HaloRecord>('Application'),
  async detail(reader, listed) {
    return listed.scopes === undefined ? reader.get<HaloRecord>('Application', listed.id as string, { includedetails: true }) : listed;
  },
  references: applicationReferences,
  // validate warns about a declared login agent that is not API-only; a live, undeclared one is only visible here.
  warnings(spec, ctx) {
    if (spec.loginAs === undefined) return [];
    const agent = ctx.undeclaredLive('Agent', spec.loginAs);
    if (!agent || agent['isapiagent'] !== false) return [];
    return [{
      path: 'loginAs',
      message: `logs in as agent '${String(agent['name'] ?? spec.loginAs)}', which exists in Halo and is not API-only (a normal agent uses a licence and can log in interactively; prefer an API-only agent)`,
    }];
  },
  canonical(spec, ctx) {
    const out: Canonical = {};
    if (spec.authMethod !== undefined) out.authMethod = spec.authMethod;
    if (spec.loginType !== undefined) out.loginType = spec.loginType;
    if (spec.loginAs !== undefined) out.loginAs = ctx.displayName('Agent', spec.loginAs);
    out.scopes = nameSet(spec.scopes);
    if (spec.active !== undefined) out.active = spec.active;
    if (managedSecret(spec)) out.secret = { rotate: spec.secret?.rotate ?? 0 };
    return out;
  },
  normalize(live, spec, ctx) {
    const raw = live.raw;
    const out: Canonical = {};
    if (spec.authMethod !== undefined) out.authMethod = fromHalo(ctx.catalog.authMethods, raw.grant_type);
    if (spec.loginType !== undefined) out.loginType = fromHalo(ctx.catalog.loginTypes, raw.loginentity);
    if (spec.loginAs !== undefined) out.loginAs = loginAsName(raw, ctx);
    out.scopes = liveScopes(raw);
    if (spec.active !== undefined) out.active = !bool(raw, 'inactive');
    if (managedSecret(spec)) out.secret = { rotate: liveRotateCounter(raw, ctx.catalog) };
    return out;
  },
  toPayload(desired, ctx, live) {
    const spec = desired.spec;
    const p: HaloRecord = live ? { id: live.id, displayName: desired.name } : { displayName: desired.name };
    // Defaults on create: the only supported shape is an agent logging in with client credentials.
    const authMethod = spec.authMethod ?? (live ? undefined : 'clientCredentials');
    const loginType = spec.loginType ?? (live ? undefined : 'agent');
    if (authMethod !== undefined) p.grant_type = toHalo(ctx.catalog.authMethods, authMethod) ?? authMethod;
    if (loginType !== undefined) p.loginentity = toHalo(ctx.catalog.loginTypes, loginType) ?? loginType;
    if (spec.loginAs !== undefined) p.loginas_agent_id = ctx.idOf('Agent', spec.loginAs);
    p.scopes = nameSet(spec.scopes).map((name) => ({ name }));
    if (spec.active !== undefined) p.inactive = !spec.active;
    if (managedSecret(spec)) {
      const field = ctx.catalog.application.rotateCounterField.halo;
      p[field] = withRotateCounter(live?.raw[field], spec.secret?.rotate ?? 0);
    }
    return p;
  },
  // No `secret` block: secrets are write-only (Halo never returns them), so export cannot know
  // one; a `secret` block would make plan generate and send a new secret, breaking the integration.
  toSpec(live, ctx) {
    const raw = live.raw;
    const spec: ApplicationSpec = { scopes: liveScopes(raw), active: !bool(raw, 'inactive') };
    const auth = fromHalo(ctx.catalog.authMethods, raw.grant_type);
    if (typeof auth === 'string') spec.authMethod = auth;
    const login = fromHalo(ctx.catalog.loginTypes, raw.loginentity);
    if (typeof login === 'string') spec.loginType = login;
    const loginAs = loginAsName(raw, ctx);
    if (loginAs) spec.loginAs = loginAs;
    return spec;
  },
  exportable: (raw) => !bool(raw, '_issystem'),
  secret: {
    path: 'secret',
    sink: (spec) => spec.secret?.sink,
    sinkSpec(spec) {
      const s = spec.secret;
      if (s === undefined) return undefined;
      return { sink: s.sink, ...(s.shell !== undefined ? { shell: s.shell } : {}), ...(s.keys !== undefined ? { keys: s.keys } : {}) };
    },
    scopes(spec, live) {
      const granted = live ? liveScopes(live) : [];
      return granted.length > 0 ? granted : nameSet(spec.scopes);
    },
    inject(payload, secret) {
      payload.clientSecret = secret;
    },
    clientId: (raw) => str(raw, 'clientId'),
    undelivered: liveUndelivered,
    markUndelivered(payload, catalog, at) {
      const field = catalog.application.rotateCounterField.halo;
      const next = withUndelivered(payload[field], at);
      if (next === undefined) return false;
      payload[field] = next;
      return true;
    },
    clearingItem(raw, catalog) {
      const field = catalog.application.rotateCounterField.halo;
      const next = withUndelivered(raw[field], undefined);
      return next === undefined ? undefined : { id: raw.id, displayName: raw.displayName, [field]: next };
    },
  },
  risks({ before, after, catalog }): Risk[] {
    const was = new Set((before?.scopes as string[] | undefined) ?? []);
    const added = ((after?.scopes as string[] | undefined) ?? []).filter((s) => !was.has(s));
    // Which scopes grant broad rights is catalog data (catalog/scopes.yaml `privileged`), overridable per environment.
    const privileged = added.some((s) => catalog.scopes[s]?.privileged === true);
    return privileged ? ['privilege-escalation'] : [];
  },
};

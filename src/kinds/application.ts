/**
 * API application (/api/Application, schema NHD_Identity_Application; string ids; name is
 * `displayName`). Scopes are `[{name}]`, the auth method a `grant_type` string, the login type
 * `loginentity` (int) with `loginas_agent_id` (halo-enums.md §3, codes from the catalog).
 * The client secret is write-only: halo-iac generates it (engine), sends it as `clientSecret`,
 * and compares only a rotate counter kept in the field catalog.application.rotateCounterField.
 */
import { applicationKind, newApplicationProblems, type ApplicationSpec } from '../../constructs/kinds/application.js';
import { NO_SINK } from '../../constructs/secret/sink.js';
import type { HaloRecord } from '../halo/types.js';
import type { Catalog } from '../model/catalog.js';
import type { UnmanagedRisk } from '../model/plan.js';
import type { FieldCodec } from './fields.js';
import { kindHandler } from './handler.js';
import { bool, nameSet, records, str } from './lookup.js';
import { addedRisks } from './risks.js';

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

/**
 * The privileged scopes (catalog `privileged`) of a live application, by family: `all` and `all:*`
 * are scope-all, the others (`admin`, `admin:*`) scope-admin.
 */
function scopeRisks(raw: HaloRecord, catalog: Catalog): UnmanagedRisk[] {
  const privileged = liveScopes(raw).filter((s) => catalog.scopes[s]?.privileged === true);
  const risks = new Set<UnmanagedRisk>(privileged.map((s) => (s.split(':')[0] === 'all' ? 'scope-all' : 'scope-admin')));
  return (['scope-all', 'scope-admin'] as const).filter((r) => risks.has(r));
}

/** `secret`: only its rotate counter is compared (the secret itself is write-only); never exported. */
const secret: FieldCodec<ApplicationSpec> = {
  canonical: (spec) => (managedSecret(spec) ? { rotate: spec.secret?.rotate ?? 0 } : undefined),
  normalize: (live, spec, ctx) => (managedSecret(spec) ? { rotate: liveRotateCounter(live.raw, ctx.catalog) } : undefined),
  payload(p, spec, ctx, live) {
    if (!managedSecret(spec)) return;
    const field = ctx.catalog.application.rotateCounterField.halo;
    p[field] = withRotateCounter(live?.raw[field], spec.secret?.rotate ?? 0);
  },
};

/**
 * Applications: auth method, login type, agent to log in as, scopes, active, secret. Export writes
 * no `secret` block: secrets are write-only (Halo never returns them), so export cannot know one,
 * and a `secret` block would make plan generate and send a new secret, breaking the integration.
 * halo-iac's own application is the one whose client id is the connection's (`login: 'clientId'`).
 */
export const applicationHandler = kindHandler(applicationKind, {
  apiPath: 'Application',
  schema: 'NHD_Identity_Application',
  delete: true,
  nameField: 'displayName',
  login: 'clientId',
  sensitive: ['secret'],
  list: (reader) => reader.list<HaloRecord>('Application'),
  async detail(reader, listed) {
    return listed.scopes === undefined ? reader.get<HaloRecord>('Application', listed.id as string, { includedetails: true }) : listed;
  },
  codecs: { secret },
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
  exportable: (raw) => !bool(raw, '_issystem'),
  secret: {
    path: 'secret',
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
  // Which scopes grant broad rights is catalog data (catalog/scopes.yaml `privileged`), overridable per environment.
  risks: (input) => addedRisks(input, 'scopes', (scope, catalog) => catalog.scopes[String(scope)]?.privileged === true),
  unmanagedRisks: (raw, { catalog }) => scopeRisks(raw, catalog),
  createProblems: newApplicationProblems,
});

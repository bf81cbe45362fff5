/**
 * API applications against the catalog (catalog/auth-methods.yaml, login-types.yaml, scopes.yaml):
 * the grant_type and loginentity codes in use, and whether the login application (the one whose
 * client id is the connection's) has a scope halo-iac needs for every kind the environment declares.
 * The login application is decisive for two codes: halo-iac got its token with client credentials,
 * and GET /api/Agent/me answered with an agent, so its grant_type must be the catalog's
 * `clientCredentials` code and its loginentity the catalog's `agent` code.
 */
import type { HaloRecord } from '../halo/types.js';
import { requiredScopesOf, type Catalog, type CatalogValue } from '../model/catalog.js';
import { RESOURCE_KINDS, type KindName } from '../model/kinds.js';
import { GRANT_TYPE, grantType, isAdministrator, LOGIN_ENTITY, loginEntity, logsInAs, scopeNames } from './halo-fields.js';
import { nameFor, overrideYaml, SEEN } from './overrides.js';
import type { TenantRead } from './tenant.js';
import type { CheckResult } from './types.js';
import { code, count, isCode, listing, notRead, quoted } from './words.js';

const AREA = 'applications';

/** The three application checks. */
export function applicationChecks(catalog: Catalog, read: TenantRead, declared: readonly KindName[]): CheckResult[] {
  return [
    codeCheck(read, {
      id: 'applications.grant-type',
      field: GRANT_TYPE,
      section: 'authMethods',
      table: catalog.authMethods,
      loginKey: 'clientCredentials',
      why: 'halo-iac authenticates with client credentials',
      valueOf: grantType,
      teachable: (v): v is string => typeof v === 'string' && v !== '' && isCode(v),
    }),
    codeCheck(read, {
      id: 'applications.login-type',
      field: LOGIN_ENTITY,
      section: 'loginTypes',
      table: catalog.loginTypes,
      loginKey: 'agent',
      why: 'GET /api/Agent/me answers with an agent',
      valueOf: loginEntity,
      teachable: (v): v is number => typeof v === 'number' && Number.isInteger(v),
    }),
    scopeCheck(catalog, read, declared),
  ];
}

interface CodeSpec {
  id: string;
  field: string;
  section: 'authMethods' | 'loginTypes';
  table: Record<string, CatalogValue>;
  /** The catalog entry the login application must match. */
  loginKey: string;
  why: string;
  valueOf(app: HaloRecord): unknown;
  /** Whether a value can be written into this catalog section. */
  teachable(v: unknown): v is string | number;
}

function codeCheck(read: TenantRead, spec: CodeSpec): CheckResult {
  const entries = Object.entries(spec.table);
  const base = {
    id: spec.id,
    area: AREA,
    assumption: `Application ${spec.field} values are the catalog's ${spec.section} (${entries.map(([n, v]) => `${n} ${quoted(v.halo)}`).join(', ')}), and the login application's is ${spec.loginKey} (${spec.why})`,
  };
  const apps = read.applications;
  if (!apps) return { ...base, observed: notRead('the application list', read.failures.applications), verdict: 'not seen' };
  const nameOf = (v: unknown) => entries.find(([, e]) => String(e.halo) === String(v))?.[0];
  const values = new Map<string, { value: unknown; n: number }>();
  let unset = 0;
  for (const app of apps) {
    const v = spec.valueOf(app);
    if (v === undefined || v === null || v === '') unset += 1;
    else values.set(JSON.stringify(v), { value: v, n: (values.get(JSON.stringify(v))?.n ?? 0) + 1 });
  }
  const seen = [...values.values()];
  const login = read.loginApplication ? spec.valueOf(read.loginApplication) : undefined;
  const expected = spec.table[spec.loginKey]?.halo;
  const parts = [
    `${spec.field} on ${count(apps.length, 'application')}: ${seen.map((s) => `${quoted(s.value)} ×${s.n} (${nameOf(s.value) ?? 'not in the catalog'})`).join(', ') || 'none set'}${unset > 0 ? `; ${unset} without one` : ''}`,
    read.loginApplication ? `the login application's is ${quoted(login ?? null)}` : "no application has the connection's client id",
  ];
  const observed = parts.join('; ');
  const loginWrong = read.loginApplication !== undefined && login !== undefined && login !== null && String(login) !== String(expected);
  const unknown = seen.filter((s) => nameOf(s.value) === undefined && !(loginWrong && String(s.value) === String(login)));
  if (!loginWrong && unknown.length === 0) return { ...base, observed, verdict: seen.length === 0 ? 'not seen' : 'agrees' };
  return {
    ...base,
    observed,
    verdict: 'disagrees',
    override: overrideYaml([
      ...(loginWrong && spec.teachable(login) ? [{ [spec.section]: { [spec.loginKey]: { halo: login, ...SEEN } } }] : []),
      ...unknown.filter((s): s is { value: string | number; n: number } => spec.teachable(s.value)).map((s) => ({ [spec.section]: { [nameFor(s.value)]: { halo: s.value, ...SEEN } } })),
    ]),
  };
}

function scopeCheck(catalog: Catalog, read: TenantRead, declared: readonly KindName[]): CheckResult {
  const kinds = RESOURCE_KINDS.filter((k) => declared.includes(k));
  const base = {
    id: 'applications.login-scopes',
    area: AREA,
    assumption: "The login application (the connection's client id) has a scope halo-iac needs for each kind the environment declares (catalog requiredScopes)",
  };
  if (!read.applications) return { ...base, observed: notRead('the application list', read.failures.applications), verdict: 'not seen' };
  const app = read.loginApplication;
  if (!app) return { ...base, observed: `no application among ${count(read.applications.length, 'listed application')} has the connection's client id`, verdict: 'not seen' };
  const scopes = scopeNames(app);
  const have = new Set(scopes.map((s) => s.toLowerCase()));
  const agent = logsInAs(app, read.me)
    ? `it logs in as the agent GET /api/Agent/me returns (${isAdministrator(read.me) ? 'an administrator' : 'not an administrator'})`
    : 'GET /api/Agent/me returns another agent than the one it logs in as';
  const head = `the login application has ${scopes.length > 0 ? `scopes ${listing(scopes.map(code))}` : 'no scopes'}; ${agent}`;
  if (kinds.length === 0) return { ...base, observed: `${head}; the environment declares no objects`, verdict: 'not seen' };
  const groups = new Map<string, { anyOf: string[]; kinds: KindName[]; covered: boolean }>();
  for (const kind of kinds) {
    const anyOf = requiredScopesOf(catalog, kind)?.anyOf ?? [];
    const key = anyOf.join(' ');
    const g = groups.get(key) ?? { anyOf, kinds: [], covered: anyOf.length === 0 || anyOf.some((s) => granted(s, have)) };
    g.kinds.push(kind);
    groups.set(key, g);
  }
  const text = [...groups.values()].map((g) =>
    g.anyOf.length === 0 ? `${listing(g.kinds)}: no scope in the catalog` : `${listing(g.kinds)} need${g.kinds.length === 1 ? 's' : ''} ${g.anyOf.join(' or ')}: ${g.covered ? 'covered' : 'missing'}`,
  );
  const observed = `${head}; ${text.join('; ')}`;
  const missing = [...groups.values()].filter((g) => !g.covered);
  if (missing.length === 0) return { ...base, observed, verdict: 'agrees' };
  const known = scopes.filter((s) => s in catalog.scopes);
  return {
    ...base,
    observed,
    verdict: 'disagrees',
    override: overrideYaml(
      known.length === 0 ? [] : missing.flatMap((g) => g.kinds.map((k) => ({ requiredScopes: { [k]: { anyOf: [...g.anyOf, ...known], ...SEEN } } }))),
      [`Either tick ${missing.flatMap((g) => g.anyOf).filter((s, i, a) => a.indexOf(s) === i).join(' or ')} on the application's Permissions tab, or, if halo-iac manages these kinds with the scopes it has:`],
    ),
  };
}

/** Whether the scopes held grant `scope`: held as is, or `read:X` through `edit:X` (halo-api.md §1.5, live-verified). */
function granted(scope: string, have: ReadonlySet<string>): boolean {
  const s = scope.toLowerCase();
  return have.has(s) || (s.startsWith('read:') && have.has(`edit:${s.slice('read:'.length)}`));
}

/**
 * fast-check arbitraries for whole desired states, kept within what the manifests allow: every
 * generated document passes the JSON schemas and the construct checks (the property asserts it),
 * and references point only at declared objects or at objects the seeded simulator tenant has.
 */
import fc from 'fast-check';
import type { ManifestDocument } from '../../../src/model/desired.js';
import { naturalKey, type KindName } from '../../../src/model/kinds.js';
import { catalog } from './desired.js';
import { OPTION_TYPES } from '../../../constructs/kinds/custom-field.js';

/** Objects the seeded simulator tenant has (src/simulator/seed.ts), by kind. */
export const SEED = {
  Department: ['Service Delivery', 'Professional Services', 'Sales'],
  Team: ['1st Line Support', '2nd Line Support', 'Projects', 'Sales'],
  TicketType: ['Incident', 'Service Request', 'Change Request', 'Problem'],
  // "Administrator" is left out: the tool's own agent (Admin) holds it.
  Role: ['Agent', 'Read Only'],
  Customer: ['Acme Corp', 'Globex', 'Initech'],
  CustomField: ['CFCustomerReference', 'CFImpactArea'],
} as const;

/**
 * Name pools: a small alphabet with case variants (unique per kind case-insensitively, so `ops`
 * and `Ops` never appear together) and some seed names, so adopting live objects is exercised.
 * Agents avoid `Admin` and applications avoid `halo-iac bootstrap`: those are what the tool logs
 * in as, and changing them is refused by the lockout guard (a plan error by design).
 */
const POOLS: Record<Exclude<KindName, 'Settings'>, string[]> = {
  Department: ['Ops', 'ops', 'Finance', 'Legal', 'HR', 'Sales'],
  Team: ['Alpha', 'ALPHA', 'Beta', 'Gamma', 'Delta', 'Epsilon', 'projects'],
  Role: ['Role A', 'role a', 'Role B', 'Role C', 'Read Only'],
  Agent: ['Bot A', 'bot a', 'Bot B', 'Bot C', 'Bot D', 'Bot E', 'Bot F'],
  Application: ['App A', 'APP A', 'App B', 'App C'],
  TicketType: ['Type A', 'type a', 'Type B', 'Type C', 'Problem'],
  Webhook: ['Hook A', 'hook a', 'Hook B', 'Hook C'],
  CustomField: ['CFAlpha', 'cfalpha', 'CFBeta', 'CFImpactArea'],
};

/** Catalog permissions a manifest may set under `permissions`. */
const PERMISSION_KEYS = Object.keys(catalog.permissions).filter(
  // The "allow all" flags are what `access` writes (generated there); set under `permissions` as
  // well they could contradict it, which plan refuses by design (accessPermissionConflicts).
  (k) => catalog.permissions[k]?.restriction === undefined,
);
/** Role permissions: field-encoded ones (`admin` -> is_admin) are agent fields roles lack; plan refuses them. */
const ROLE_PERMISSION_KEYS = PERMISSION_KEYS.filter((k) => !('field' in (catalog.permissions[k]?.target ?? {})));
const SCOPES = Object.keys(catalog.scopes);

/** Union of name lists, unique by natural key (first spelling wins). */
function union(...lists: readonly (readonly string[])[]): string[] {
  const seen = new Map<string, string>();
  for (const n of lists.flat()) if (!seen.has(naturalKey(n))) seen.set(naturalKey(n), n);
  return [...seen.values()];
}

/** A reference spelled as declared, in lower case or in upper case (references match case-insensitively). */
function spelled(name: string): fc.Arbitrary<string> {
  return fc.constantFrom(name, name.toLowerCase(), name.toUpperCase());
}

/** A subset of `names`, each spelled in some case. */
function someOf(names: readonly string[], max = names.length): fc.Arbitrary<string[]> {
  if (names.length === 0) return fc.constant([]);
  return fc.subarray([...names], { maxLength: max }).chain((picked) => (picked.length === 0 ? fc.constant([]) : fc.tuple(...picked.map(spelled))));
}

function uniqueNames(kind: keyof typeof POOLS, max: number): fc.Arbitrary<string[]> {
  return fc.uniqueArray(fc.constantFrom(...POOLS[kind]), { maxLength: max, selector: naturalKey });
}

function permissionValue(key: string): fc.Arbitrary<unknown> {
  const def = catalog.permissions[key];
  if (!def || def.type === 'boolean') return fc.boolean();
  return fc.constantFrom(...Object.keys(def.values ?? {}));
}

/** A few catalog permissions with valid values. */
function permissions(max: number, keys: readonly string[] = PERMISSION_KEYS): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .uniqueArray(fc.constantFrom(...keys), { minLength: 1, maxLength: max })
    .chain((keys) => fc.tuple(...keys.map(permissionValue)).map((values) => Object.fromEntries(keys.map((k, i) => [k, values[i]]))));
}

/** Only the keys whose value is defined (fc.option gives null for "absent"). */
function defined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined));
}

const opt = <T>(a: fc.Arbitrary<T>): fc.Arbitrary<T | null> => fc.option(a, { nil: null });

interface Names {
  Department: string[];
  Team: string[];
  Role: string[];
  Agent: string[];
  Application: string[];
  TicketType: string[];
  Webhook: string[];
  CustomField: string[];
}

function teamSpec(n: Names): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .record({
      department: opt(fc.constantFrom(...union(n.Department, SEED.Department)).chain(spelled)),
      use: opt(fc.subarray(Object.keys(catalog.teamUse))),
      inactive: opt(fc.boolean()),
    })
    .map(defined);
}

function roleSpec(): fc.Arbitrary<Record<string, unknown>> {
  return fc.record({ description: opt(fc.constantFrom('for integrations', 'read only bots', '')), permissions: opt(permissions(3, ROLE_PERMISSION_KEYS)) }).map(defined);
}

function agentSpec(name: string, n: Names): fc.Arbitrary<Record<string, unknown>> {
  const teams = union(n.Team, SEED.Team);
  const departments = union(n.Department, SEED.Department);
  const ticketTypes = union(n.TicketType, SEED.TicketType);
  const mode = fc.constantFrom('exact', 'include');
  const deptMembers = fc
    .subarray(departments, { maxLength: 3 })
    .chain((names) => fc.tuple(...names.map((d) => fc.record({ name: spelled(d), level: fc.constantFrom(...Object.keys(catalog.membershipLevels)) }))));
  return fc
    .record({
      email: opt(fc.constant(`${name.toLowerCase().replace(/[^a-z0-9]+/g, '.')}@example.com`)),
      roles: opt(someOf(union(n.Role, SEED.Role))),
      defaultTeam: opt(fc.constantFrom(...teams).chain(spelled)),
      teams: opt(fc.record({ mode, members: fc.oneof({ weight: 5, arbitrary: someOf(teams, 4) }, { weight: 1, arbitrary: fc.constant('all' as const) }) })),
      departments: opt(fc.record({ mode, members: deptMembers })),
      permissions: opt(permissions(4)),
      access: opt(
        fc
          .record({
            // An empty list is a real state (the flag no, no rows: nothing allowed).
            ticketTypes: opt(fc.oneof(fc.constant('all' as const), someOf(ticketTypes, 3))),
            customers: opt(fc.oneof(fc.constant('all' as const), someOf(SEED.Customer, 2))),
            assetTypes: opt(fc.constantFrom('all' as const, [])),
            canCreateTicketTypes: opt(fc.boolean()),
          })
          .map(defined)
          .filter((a) => Object.keys(a).length > 0),
      ),
    })
    .map((spec): Record<string, unknown> => ({ apiOnly: true, ...defined(spec) }))
    // One claim set twice with different values (permissions.X vs access.X) is refused at plan
    // time (agent handler `unsupported`): it could never converge, so it is not a state manifests allow.
    .filter((spec) => {
      const p = spec.permissions as Record<string, unknown> | undefined;
      const a = spec.access as Record<string, unknown> | undefined;
      return p?.canCreateTicketTypes === undefined || a?.canCreateTicketTypes === undefined || p.canCreateTicketTypes === a.canCreateTicketTypes;
    });
}

function applicationSpec(n: Names): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .record({
      loginAs: fc.constantFrom(...n.Agent).chain(spelled),
      scopes: fc.uniqueArray(fc.constantFrom(...SCOPES), { minLength: 1, maxLength: 4 }),
      active: opt(fc.boolean()),
    })
    .map(defined);
}

function ticketTypeSpec(n: Names): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .record({
      itilType: opt(fc.constantFrom(...Object.keys(catalog.itilTypes))),
      use: opt(fc.constantFrom(...Object.keys(catalog.ticketUse))),
      projectHierarchy: opt(fc.constantFrom(...Object.keys(catalog.projectHierarchy))),
      visibleToAgents: opt(fc.boolean()),
      agentsCanLog: opt(fc.boolean()),
      defaultTeam: opt(fc.constantFrom(...union(n.Team, SEED.Team)).chain(spelled)),
      fields: opt(fc.subarray(Object.keys(catalog.ticketFields))),
      // A plain list (include), or the membership form: exact removes the live custom fields it does not list.
      customFields: opt(
        someOf(union(n.CustomField, SEED.CustomField), 2).chain((members) =>
          fc.constantFrom<unknown>(members, { mode: 'include', members }, { mode: 'exact', members }),
        ),
      ),
    })
    .map(defined)
    // An itilType other than the hierarchy's own is refused at plan time (it could never converge:
    // ticket-type handler `unsupported`), so it is not a state the manifests allow.
    .filter((s) => s.projectHierarchy === undefined || s.itilType === undefined || catalog.projectHierarchy[String(s.projectHierarchy)]?.itilType === s.itilType);
}

function webhookSpec(): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .record({
      url: opt(fc.constantFrom('https://hooks.example.com/a', 'https://hooks.example.com/b')),
      // Catalog names, and a code the catalog does not name.
      events: opt(fc.subarray([...Object.keys(catalog.webhookEvents), 42])),
      authentication: opt(fc.constantFrom({ type: 'none' }, { type: 'basic', username: 'halo' }, { type: 'basic' }, { type: 'header' })),
      active: opt(fc.boolean()),
    })
    .map(defined);
}

function customFieldSpec(): fc.Arbitrary<Record<string, unknown>> {
  const plain = Object.keys(catalog.customFieldTypes).filter((t) => !OPTION_TYPES.includes(t));
  return fc.oneof(
    fc.record({ label: opt(fc.constantFrom('External ID', 'Impact')), type: opt(fc.constantFrom(...plain)), usage: opt(fc.constantFrom('tickets', 'customers')) }).map(defined),
    // Options go with a list type (anything else is refused: it could never converge).
    fc.record({ label: opt(fc.constant('Pick one')), type: fc.constantFrom(...OPTION_TYPES), options: opt(fc.subarray(['Email', 'Network', 'Phones'])) }).map(defined),
  );
}

function settingsSpec(): fc.Arbitrary<Record<string, unknown>> {
  return fc.constantFrom(...Object.keys(catalog.settings.nextTicketIdMethod?.values ?? {})).map((v) => ({ nextTicketIdMethod: v }));
}

function doc(kind: KindName, name: string, spec: Record<string, unknown>, line: number): ManifestDocument {
  return { kind, name, spec, previously: [], absent: false, protect: false, source: { file: 'manifests/random.yaml', line, column: 7 }, fieldSources: {} };
}

/** One random desired state as manifest documents (without `previously`). */
export function desiredDocuments(): fc.Arbitrary<ManifestDocument[]> {
  const names = fc.record({
    Department: uniqueNames('Department', 4),
    Team: uniqueNames('Team', 5),
    Role: uniqueNames('Role', 2),
    Agent: uniqueNames('Agent', 5),
    Application: uniqueNames('Application', 2),
    TicketType: uniqueNames('TicketType', 2),
    Webhook: uniqueNames('Webhook', 2),
    CustomField: uniqueNames('CustomField', 2),
  });
  return names.chain((n) => {
    const specs = <K extends keyof Names>(kind: K, arb: (name: string) => fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<[KindName, string, Record<string, unknown>][]> =>
      n[kind].length === 0 ? fc.constant([]) : fc.tuple(...n[kind].map((name) => arb(name).map((s): [KindName, string, Record<string, unknown>] => [kind, name, s])));
    return fc
      .tuple(
        specs('Department', () => fc.constant({})),
        specs('Team', () => teamSpec(n)),
        specs('Role', () => roleSpec()),
        specs('Agent', (name) => agentSpec(name, n)),
        // An application logs in as a declared agent: none without agents.
        n.Agent.length === 0 ? fc.constant([]) : specs('Application', () => applicationSpec(n)),
        specs('TicketType', () => ticketTypeSpec(n)),
        specs('Webhook', () => webhookSpec()),
        specs('CustomField', () => customFieldSpec()),
        opt(settingsSpec()),
      )
      .map(([deps, teams, roles, agents, apps, types, hooks, fields, settings]) => {
        const all = [...deps, ...teams, ...roles, ...agents, ...apps, ...types, ...hooks, ...fields];
        if (settings) all.push(['Settings', 'settings', settings]);
        return all.map(([kind, name, spec], i) => doc(kind, name, spec, i * 10 + 1));
      });
  });
}

/**
 * A second state to apply on top of `first`: random too, and some of its objects rename an object
 * of `first` (same kind, not declared again in `second`) through `previously`. Each old name is
 * claimed by at most one object, as a manifest reviewer would require.
 */
export function renamedOnto(first: readonly ManifestDocument[], second: fc.Arbitrary<ManifestDocument[]>): fc.Arbitrary<ManifestDocument[]> {
  return second.chain((docs) =>
    fc.array(fc.nat(), { minLength: docs.length, maxLength: docs.length }).map((picks) => {
      const declared = new Set(docs.map((d) => `${d.kind}/${naturalKey(d.name)}`));
      const claimed = new Set<string>();
      return docs.map((d, i) => {
        if (d.kind === 'Settings') return d;
        const candidates = first.filter((f) => f.kind === d.kind && !declared.has(`${f.kind}/${naturalKey(f.name)}`) && !claimed.has(`${f.kind}/${naturalKey(f.name)}`));
        const pick = picks[i] ?? 0;
        // About half of the objects that could rename something do.
        if (candidates.length === 0 || pick % 2 === 0) return d;
        const old = candidates[Math.floor(pick / 2) % candidates.length] as ManifestDocument;
        claimed.add(`${old.kind}/${naturalKey(old.name)}`);
        return { ...d, previously: [old.name] };
      });
    }),
  );
}

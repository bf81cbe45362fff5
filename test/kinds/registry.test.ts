import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Environment, HaloApp, synthesizeDesiredState } from '../../constructs/index.js';
import { applyGroups } from '../../src/engine/order.js';
import type { ResourceChange } from '../../src/model/plan.js';
import { canonicalPath } from '../../src/halo/endpoint.js';
import { checkedKindOrder, constructFor, handlerFor, HANDLERS, kindOrder, KINDS } from '../../src/kinds/index.js';
import { declarationOf } from '../../constructs/registry.js';
import { fieldsOf } from '../../constructs/kind.js';
import { loadCatalog } from '../../src/manifest/catalog.js';
import { kebabKind, kindSchemaFile, readSchemaFile, SCHEMA_BASE } from '../../src/manifest/schema-registry.js';
import { MANIFEST_KINDS, RESOURCE_KINDS, type KindName } from '../../src/model/kinds.js';
import { type DesiredObject } from '../../src/model/desired.js';
import { GENERATE_COMMAND, manifestSchemaPath, manifestSchemaText } from '../../scripts/gen-manifest-schema.js';
import { GENERATE_COMMAND as KINDS_INDEX_COMMAND, kindsIndexPath, kindsIndexText } from '../../scripts/gen-kinds-index.js';
import { doc, env } from '../constructs/helpers.js';

const root = join(import.meta.dirname, '..', '..');
const { catalog } = loadCatalog();

/**
 * A spec per kind that uses every reference the kind can make (the compiler asks for one per kind).
 * The construct's references and the handler's must agree on it, and stay within `dependsOn`.
 */
const REFERENCING_SPECS: Record<KindName, Record<string, unknown>> = {
  Department: {},
  Team: { department: 'D' },
  Role: {},
  CustomField: {},
  TicketType: { defaultTeam: 'T', customFields: ['CF'] },
  Agent: {
    roles: ['R'],
    defaultTeam: 'T',
    teams: { mode: 'include', members: ['T'] },
    departments: { mode: 'include', members: [{ name: 'D', level: 'member' }] },
    access: { ticketTypes: ['TT'] },
  },
  Application: { loginAs: 'A', scopes: ['all'] },
  Webhook: {},
  Settings: {},
};

type Envelope = {
  properties: { kind: { enum: string[] } };
  allOf: { if: { properties: { kind: { const: string } } }; then: { $ref: string } }[];
  $defs: Record<string, { properties: { spec: { $ref: string } } }>;
};

describe('kind registry', () => {
  const envelope = JSON.parse(readFileSync(manifestSchemaPath(), 'utf8')) as Envelope;

  it('has exactly one entry per RESOURCE_KINDS kind, in the same order', () => {
    expect(Object.keys(KINDS)).toEqual([...RESOURCE_KINDS]);
    expect(Object.keys(HANDLERS)).toEqual([...RESOURCE_KINDS]);
  });

  for (const kind of RESOURCE_KINDS) {
    describe(kind, () => {
      it('has a schema file named after the kind', () => {
        const file = kindSchemaFile(kind);
        expect(existsSync(join(root, 'schemas', file))).toBe(true);
        expect(readSchemaFile(file).$id).toBe(`${SCHEMA_BASE}${file}`);
      });

      it('has a construct file whose class builds objects of this kind', () => {
        expect(existsSync(join(root, 'constructs', 'kinds', `${kebabKind(kind)}.ts`))).toBe(true);
        const e = new Environment(new HaloApp(), { config: env(), catalog });
        expect(new (constructFor(kind))(e, 'x', { spec: {} as never }).kind).toBe(kind);
      });

      it('has a handler file whose handler manages this kind, at a canonically spelled path', () => {
        expect(existsSync(join(root, 'src', 'kinds', `${kebabKind(kind)}.ts`))).toBe(true);
        expect(handlerFor(kind).kind).toBe(kind);
        expect(canonicalPath(handlerFor(kind).apiPath)).toBe(handlerFor(kind).apiPath);
      });

      it('is dispatched by the manifest envelope to its spec schema', () => {
        expect(envelope.properties.kind.enum).toContain(kind);
        const branch = envelope.allOf.find((b) => b.if.properties.kind.const === kind);
        expect(branch?.then.$ref).toBe(`#/$defs/${kind}Document`);
        expect(envelope.$defs[`${kind}Document`]?.properties.spec.$ref).toBe(kindSchemaFile(kind));
      });

      it('extracts references once: validate (construct) and plan (handler) see the same ones, all within dependsOn', () => {
        const spec = REFERENCING_SPECS[kind];
        const e = new Environment(new HaloApp(), { config: env(), catalog });
        const fromConstruct = new (constructFor(kind))(e, 'x', { spec: spec as never }).references();
        expect(handlerFor(kind).references(spec)).toEqual(fromConstruct);
        for (const ref of fromConstruct) expect(handlerFor(kind).dependsOn).toContain(ref.kind);
      });
    });
  }

  it('keeps the committed envelope (schemas/manifest.schema.json) generated from the kind list', () => {
    const committed = readFileSync(manifestSchemaPath(), 'utf8');
    expect(committed === manifestSchemaText(), `schemas/manifest.schema.json is out of date: run \`${GENERATE_COMMAND}\``).toBe(true);
    expect(envelope.properties.kind.enum).toEqual([...MANIFEST_KINDS]);
  });

  it('keeps the committed TypeScript barrel (constructs/kinds/index.ts) generated from the kind files, exporting every declaration', async () => {
    expect(readFileSync(kindsIndexPath, 'utf8') === kindsIndexText(), `constructs/kinds/index.ts is out of date: run \`${KINDS_INDEX_COMMAND}\``).toBe(true);
    const barrel = (await import('../../constructs/index.js')) as Record<string, unknown>;
    for (const kind of RESOURCE_KINDS) expect(Object.values(barrel), kind).toContain(declarationOf(kind));
  });

  it('Settings can never be deleted; every other kind can', () => {
    expect(RESOURCE_KINDS.filter((k) => HANDLERS[k].delete !== true)).toEqual(['Settings']);
  });
});

describe('kind order', () => {
  it('is RESOURCE_KINDS, with every kind after the kinds it depends on', () => {
    expect(kindOrder()).toEqual(['Department', 'Team', 'Role', 'CustomField', 'TicketType', 'Agent', 'Application', 'Webhook', 'Settings']);
    const order = kindOrder();
    for (const kind of order) {
      for (const dep of HANDLERS[kind].dependsOn) expect(order.indexOf(dep)).toBeLessThan(order.indexOf(kind));
    }
  });

  it('refuses a kind that depends on a later (or unknown) kind, naming both', () => {
    const deps = (k: KindName): KindName[] => (k === 'Team' ? ['Department'] : []);
    expect(checkedKindOrder(['Department', 'Team'], deps)).toEqual(['Department', 'Team']);
    expect(() => checkedKindOrder(['Team', 'Department'], deps)).toThrow('kind order: Team depends on Department');
    expect(() => checkedKindOrder(['Team'], deps)).toThrow('kind order: Team depends on Department');
  });

  /** The kinds of the objects in the order validate (desired state) and apply (write groups) put them. */
  function orders(docs: ReturnType<typeof doc>[]): { validate: string[]; apply: string[] } {
    const { state, diagnostics } = synthesizeDesiredState(env(), docs, catalog);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const asCreate = (o: DesiredObject): ResourceChange => ({
      address: o.address,
      kind: o.kind,
      name: o.name,
      change: { actions: ['create'], before: null, after: {}, before_sensitive: [], after_sensitive: [] },
      field_changes: [],
      risks: [],
      depends_on: o.dependsOn,
    });
    return {
      validate: state.objects.map((o) => o.address),
      apply: applyGroups(state.objects.map(asCreate)).flatMap((g) => g.changes.map((c) => c.address)),
    };
  }

  it('is the same in validate and apply for unrelated objects of every kind', () => {
    const nameOf = (k: KindName): string => (k === 'Settings' ? 'settings' : `${k} one`);
    // An application must log in as someone: an undeclared agent is a warning, not a dependency.
    const specOf = (k: KindName): Record<string, unknown> => (k === 'Application' ? { loginAs: 'Someone else', scopes: ['all'] } : {});
    // Declared in reverse, so neither side can pass by keeping input order.
    const { validate, apply } = orders([...RESOURCE_KINDS].reverse().map((k, i) => doc(k, nameOf(k), specOf(k), i + 1)));
    const expected = RESOURCE_KINDS.map((k) => `${k.toLowerCase()}/${nameOf(k)}`);
    expect(validate).toEqual(expected);
    expect(apply).toEqual(expected);
  });

  it('puts a ticket type before the agent that may use it, in validate and in apply', () => {
    const { validate, apply } = orders([
      doc('Agent', 'Bot', { apiOnly: true, access: { ticketTypes: ['Incident'] } }, 1),
      doc('TicketType', 'Incident', {}, 5),
    ]);
    expect(validate).toEqual(['tickettype/Incident', 'agent/Bot']);
    expect(apply).toEqual(['tickettype/Incident', 'agent/Bot']);
  });
});

describe('field tables', () => {
  for (const kind of RESOURCE_KINDS) {
    it(`${kind}: the table has one line per property of schemas/${kindSchemaFile(kind)}`, () => {
      const table = fieldsOf(declarationOf(kind), catalog);
      const schema = readSchemaFile(kindSchemaFile(kind)) as { properties?: Record<string, unknown> };
      const dynamic = typeof declarationOf(kind).fields === 'function';
      // A catalog-supplied table (Settings) has the catalog's keys besides the schema's.
      const expected = dynamic ? [...Object.keys(catalog.settings), ...Object.keys(schema.properties ?? {})] : Object.keys(schema.properties ?? {});
      expect(Object.keys(table).sort()).toEqual([...new Set(expected)].sort());
    });
  }
});

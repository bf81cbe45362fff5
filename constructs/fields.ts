/**
 * The field table: each kind declares its spec fields ONCE (after the schema map of a Terraform
 * provider, terraform-provider-github `resource_github_team.go`), and everything that used to be
 * written per field four times follows from it: here the references and catalog checks
 * (validate), in src/kinds/fields.ts the canonical form, normalize, the POST payload, export and
 * whether a detail read is needed (plan and apply). A field the vocabulary cannot say is `custom`:
 * its table line still marks it (detail read, references), and its handler writes its codec.
 *
 * A table names Halo fields: it is the declarative half of the kind's handler (the other half,
 * the endpoint and the hand-written parts, is src/kinds/<kind>.ts).
 */
import type { Catalog, CatalogValue } from '../src/model/catalog.js';
import type { Reference } from '../src/model/desired.js';
import type { KindName } from '../src/model/kinds.js';

/**
 * What export writes for a field of a live object:
 * - `always`: the reading, whatever it is (flags, sets);
 * - `present`: the reading when it is a non-empty string or list;
 * - `named`: the reading when it is a catalog name (a string), not a code the catalog lacks;
 * - `value`: the reading when Halo has a value and it reads as a string, number or boolean;
 * - `never`: nothing (write-only or detail-only values).
 */
export type ExportRule = 'always' | 'present' | 'named' | 'value' | 'never';

/** Catalog sections that map friendly names to Halo values (`{halo}` entries). */
export type ValueSection = Exclude<
  { [K in keyof Catalog]: Catalog[K] extends Record<string, CatalogValue<infer _T>> ? K : never }[keyof Catalog],
  'application'
>;

/** What every field says. */
interface FieldBase {
  /** The list form of the kind lacks the field: an object that sets it needs the detail read. */
  readonly detailOnly?: boolean;
  readonly export: ExportRule;
  /**
   * A reference field: how the object holding it depends on the object it names, as a destroy's
   * `dependents` say it (`member of` -> `member of team/Old`); default `refers to`.
   */
  readonly relation?: string;
}

/** A string: `email`, a role's `description`. Live: the string, '' when missing. */
export interface TextField extends FieldBase {
  readonly type: 'text';
  readonly halo: string;
}

/** A boolean, optionally negated (`active` is Halo's `inactive`). Live: missing reads as false. */
export interface FlagField extends FieldBase {
  readonly type: 'flag';
  readonly halo: string;
  readonly negate?: boolean;
  /** Sent on create when the spec omits it (a Halo field without a database default). */
  readonly createDefault?: boolean;
}

/** A reference by name to an object of another kind, sent as its id or as its name. */
export interface RefField extends FieldBase {
  readonly type: 'ref';
  readonly kind: KindName;
  readonly halo: string;
  readonly by: 'id' | 'name';
  /** `by: 'id'`: the Halo field with the name of the referenced object, read when the id is not known. */
  readonly nameField?: string;
  /** `by: 'id'`: what an id that neither resolves nor has a name reads as (default null). */
  readonly unresolved?: 'null' | 'id';
  /** `by: 'id'`: without an id, the name field is read (default: nothing is referenced). */
  readonly nameWithoutId?: boolean;
}

/** A set of references by name, sent as rows `{<idKey>: id, <nameKey>: name}` (an agent's roles). */
export interface RefListField extends FieldBase {
  readonly type: 'refList';
  readonly kind: KindName;
  readonly halo: string;
  readonly idKey: string;
  readonly nameKey: string;
}

/**
 * A catalog value (`itilType` through catalog itilTypes), or one of a value table of its own (a
 * setting's values). Live values the catalog does not name read as themselves, so drift shows.
 */
export interface ChoiceField extends FieldBase {
  readonly type: 'choice';
  readonly halo: string;
  /** The catalog section the names come from; validate looks each value up there. */
  readonly section?: ValueSection;
  /** A value table of the field's own (no catalog check here: the kind checks it). */
  readonly values?: Record<string, CatalogValue>;
  /** The section's values in the words of messages, e.g. `ITIL type`. */
  readonly what?: string;
  /** Sent on create when the spec omits it (and looked up by validate as if given). */
  readonly createDefault?: string;
}

/** A set of catalog names, each entry's `halo` being a boolean Halo field (a team's `use`). */
export interface ChoiceSetField extends FieldBase {
  readonly type: 'choiceSet';
  readonly section: 'teamUse';
  readonly what: string;
}

/** A set of names sent as rows `{<key>: name}` (an application's scopes). */
export interface NamedListField extends FieldBase {
  readonly type: 'namedList';
  readonly halo: string;
  readonly key: string;
  /** Always compared and sent, even when the spec omits it (the schema requires it). */
  readonly required?: boolean;
}

/** Any JSON value sent and read as it is (a setting without a value table). */
export interface ScalarField extends FieldBase {
  readonly type: 'scalar';
  readonly halo: string;
}

/** Raw Halo fields, merged into the payload last; only the keys the spec names are compared. */
export interface RawField extends FieldBase {
  readonly type: 'raw';
}

/** A field the vocabulary cannot say: its codec is hand-written in the kind's handler. */
export interface CustomCodecField<S> extends FieldBase {
  readonly type: 'custom';
  /** The references the field makes, with the spec path of each. */
  readonly references?: (spec: S) => Reference[];
}

/** One line of a field table. */
export type Field<S = never> =
  | TextField
  | FlagField
  | RefField
  | RefListField
  | ChoiceField
  | ChoiceSetField
  | NamedListField
  | ScalarField
  | RawField
  | CustomCodecField<S>;

/**
 * A kind's fields: one line per spec key, in the order payloads are written (later fields win:
 * `raw` goes last). The mapped type makes the compiler demand a line for every key of the spec.
 */
export type FieldTable<S> = { readonly [K in keyof S]-?: Field<S> };

/** The spec keys of a table that are `custom` (their handler must give a codec for each). */
export type CustomKeys<T> = { [K in keyof T]: T[K] extends CustomCodecField<never> ? K : never }[keyof T] & string;

type Options<F> = Partial<Omit<F, 'type'>>;

/** A string field. */
export function text(halo: string, o: Options<TextField> = {}): TextField {
  return { type: 'text', halo, export: 'present', ...o };
}

/** A boolean field. */
export function flag(halo: string, o: Options<FlagField> = {}): FlagField {
  return { type: 'flag', halo, export: 'always', ...o };
}

/** A reference to a `kind` object, sent by id or by name. */
export function ref(kind: KindName, halo: string, o: Options<RefField> & { by: 'id' | 'name' }): RefField {
  return { type: 'ref', kind, halo, export: 'present', ...o };
}

/** A set of references to `kind` objects, sent as `{id, name}` rows. */
export function refList(kind: KindName, halo: string, o: Options<RefListField> = {}): RefListField {
  return { type: 'refList', kind, halo, idKey: 'id', nameKey: 'name', export: 'present', ...o };
}

/** A catalog value of `section`. */
export function choice(halo: string, section: ValueSection, what: string, o: Options<ChoiceField> = {}): ChoiceField {
  return { type: 'choice', halo, section, what, export: 'named', ...o };
}

/** One of a value table of the field's own (a setting's values); the kind checks the values itself. */
export function tableChoice(halo: string, values: Record<string, CatalogValue>, o: Options<ChoiceField> = {}): ChoiceField {
  return { type: 'choice', halo, values, export: 'named', ...o };
}

/** A set of catalog names whose entries are boolean Halo fields. */
export function choiceSet(section: ChoiceSetField['section'], what: string, o: Options<ChoiceSetField> = {}): ChoiceSetField {
  return { type: 'choiceSet', section, what, export: 'always', ...o };
}

/** A set of names sent as `{key: name}` rows. */
export function namedList(halo: string, key: string, o: Options<NamedListField> = {}): NamedListField {
  return { type: 'namedList', halo, key, export: 'always', ...o };
}

/** A value sent and read as it is. */
export function scalar(halo: string, o: Options<ScalarField> = {}): ScalarField {
  return { type: 'scalar', halo, export: 'value', ...o };
}

/** Raw Halo fields (never exported: export cannot know which raw fields a manifest meant). */
export function raw(o: Options<RawField> = {}): RawField {
  return { type: 'raw', ...o, export: 'never' };
}

/** A field with a hand-written codec (src/kinds/<kind>.ts). */
export function custom<S>(o: Options<CustomCodecField<S>> = {}): CustomCodecField<S> {
  return { type: 'custom', export: 'always', ...o };
}

/** The references a table's fields make in `spec`, in table order; malformed names are not references. */
export function tableReferences<S extends object>(table: Readonly<Record<string, Field<S>>>, spec: S): Reference[] {
  const refs: Reference[] = [];
  const values = spec as Record<string, unknown>;
  for (const [key, f] of Object.entries(table)) {
    const v = values[key];
    const relation = f.relation !== undefined ? { relation: f.relation } : {};
    if (f.type === 'ref' && v !== undefined) refs.push({ kind: f.kind, name: v as string, path: key, ...relation });
    else if (f.type === 'refList' && Array.isArray(v)) v.forEach((name, i) => refs.push({ kind: f.kind, name: name as string, path: `${key}.${i}`, ...relation }));
    else if (f.type === 'custom' && v !== undefined && f.references) refs.push(...f.references(spec).map((r) => ({ ...r, ...relation })));
  }
  return refs.filter((r) => typeof r.name === 'string' && r.name !== '');
}

/**
 * A kind declared once (style.md "A sketch of a kind declared once"): its name, the kinds it
 * depends on, its field table, its construct class, and the few checks no table can say. The
 * declaration lives in constructs/kinds/<kind>.ts next to the spec type and the construct; the
 * registry (constructs/registry.ts) finds it from the kind's name. Capabilities shared code would
 * otherwise test by kind name (one object per environment, a secret sink, a warning about what a
 * reference points at) are declared here; a missing one means the capability is off.
 */
import type { Construct } from 'constructs';
import type { Catalog } from '../src/model/catalog.js';
import type { Reference } from '../src/model/desired.js';
import type { KindName } from '../src/model/kinds.js';
import type { Checker } from './checker.js';
import { tableReferences, type Field, type FieldTable, type ValueSection } from './fields.js';
import type { HaloObject, ObjectProps } from './object.js';

/** A problem at a spec path (`access.customers.1`), worded without the object's address. */
export interface SpecProblem {
  path: string;
  message: string;
}

/** Constructor of a kind construct, as the manifest loader uses it (the spec is untyped there). */
export type KindClass = new (scope: Construct, id: string, props: ObjectProps<never>) => HaloObject;

/** A field table, or (Settings) a table the catalog supplies: its keys are the catalog's entries. */
export type FieldSource<S> = FieldTable<S> | ((catalog: Catalog) => Readonly<Record<string, Field<S>>>);

/** What a kind declares besides its construct class. */
export interface KindSpec<S extends object, T extends FieldSource<S> = FieldSource<S>> {
  readonly kind: KindName;
  /** Kinds this kind references; apply order comes from this (and from object references). */
  readonly dependsOn: readonly KindName[];
  readonly fields: T;
  /** Exactly one live object per tenant (Settings): one per environment, matched whatever its name, never created or deleted. */
  readonly singleton?: true;
  /**
   * Catalog value tables the kind brings (friendly name -> `{halo, verified, source}`, data in
   * catalog/<kind>.yaml): the construct file augments the Catalog interface with each, and the
   * catalog checks them like core sections (src/model/catalog.ts `Catalog`).
   */
  readonly valueTables?: readonly ValueSection[];
  /**
   * Cross-field and catalog checks the table cannot say (validate; the spec's shape was checked by
   * its schema). The table's own catalog lookups run first.
   */
  check?(spec: S, c: Checker, object: { readonly name: string }): void;
  /**
   * Specs that could never converge (contradictions, values this catalog cannot write): errors
   * for validate, and refusals for plan, which runs them on every desired state it is given.
   */
  neverConverges?(spec: S, catalog: Catalog): SpecProblem[];
  /** Where the object's generated secret goes (`secret.sink`), when it has one: two objects may not share a sink. */
  secretSink?(spec: S): string | undefined;
  /**
   * Names of live objects no kind declares (an agent's `access.customers`), with their spec paths:
   * names like references' (never from `${env:..}`), though nothing resolves them before plan.
   */
  liveNames?(spec: S): { path: string; name: string }[];
  /** A warning about a reference to a DECLARED object, given the target's spec (`what` names it: "agent 'Bot'"). */
  referenceWarning?(ref: Reference, target: Readonly<Record<string, unknown>>, what: string): string | undefined;
}

/** A kind's declaration: what it declares, plus its construct class. */
export interface KindDeclaration<S extends object = Record<string, unknown>, T extends FieldSource<S> = FieldSource<S>> extends KindSpec<S, T> {
  readonly construct: KindClass;
}

const DECLARATION = Symbol.for('halo-iac.KindDeclaration');

/** A declaration with its spec type erased, as registries hold it. */
export type AnyKindDeclaration = KindDeclaration<Record<string, unknown>>;

/** Declares a kind: its construct class and what it declares (see KindSpec). */
export function declareKind<S extends object, const T extends FieldSource<S>>(
  construct: new (scope: Construct, id: string, props: never) => HaloObject<S>,
  spec: KindSpec<S, T>,
): KindDeclaration<S, T> {
  const declaration = { ...spec, construct: construct as unknown as KindClass };
  Object.defineProperty(declaration, DECLARATION, { value: true });
  return declaration;
}

/** True for a value made by declareKind. */
export function isKindDeclaration(x: unknown): x is AnyKindDeclaration {
  return typeof x === 'object' && x !== null && DECLARATION in x;
}

/** A declaration's field table for a catalog (a static table ignores it). */
export function fieldsOf<S extends object>(declaration: KindSpec<S>, catalog: Catalog): Readonly<Record<string, Field<S>>> {
  const f = declaration.fields;
  return typeof f === 'function' ? f(catalog) : (f as Readonly<Record<string, Field<S>>>);
}

/** The references an object of the kind makes (a catalog-supplied table makes none). */
export function referencesOf<S extends object>(declaration: KindSpec<S>, spec: S): Reference[] {
  return typeof declaration.fields === 'function' ? [] : tableReferences(declaration.fields as Readonly<Record<string, Field<S>>>, spec);
}

/** Every name of another object a spec holds: its references' and its live names (`access.customers`). */
export function namesInSpec<S extends object>(declaration: KindSpec<S>, spec: S): { path: string; name: string }[] {
  return [...referencesOf(declaration, spec), ...(declaration.liveNames?.(spec) ?? [])];
}

/**
 * Validates a spec against the catalog: first the lookups the table implies (each catalog choice,
 * also a create default; each name of a catalog set), then the kind's own `check`.
 */
export function checkSpec<S extends object>(declaration: KindSpec<S>, spec: S, c: Checker, object: { readonly name: string }): void {
  const values = spec as Record<string, unknown>;
  for (const [key, f] of Object.entries(fieldsOf(declaration, c.catalog))) {
    if (f.type === 'choice' && f.section && f.what) {
      // A string: the schema checked the spec's shape, and a create default is a catalog name.
      const value = values[key] ?? f.createDefault;
      if (value !== undefined) c.lookup(f.section, value as string, key, f.what);
    } else if (f.type === 'choiceSet') {
      const list = values[key];
      if (Array.isArray(list)) list.forEach((v, i) => c.lookup(f.section, v, `${key}.${i}`, f.what));
    }
  }
  declaration.check?.(spec, c, object);
}

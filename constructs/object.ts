/**
 * What every Halo object construct shares: its identity (kind, name, address), where it was declared, and
 * what the environment asks of it (check, references), both answered from the kind's declaration
 * (constructs/kind.ts: its field table and its own checks). Kept thin on purpose: nothing here is a
 * default a kind has to work around.
 */
import { Construct, type IConstruct } from 'constructs';
import { formatDiagnostic, type SourcePosition } from '../src/model/diagnostics.js';
import type { Catalog } from '../src/model/catalog.js';
import { addressOf, type KindName } from '../src/model/kinds.js';
import { checkSpec, referencesOf, type KindSpec } from './kind.js';
import { type Reference } from '../src/model/desired.js';
import { Checker } from './checker.js';
import { constructPath } from './path.js';
import { appIsRunning, creationSource } from './source.js';

/** Props common to every kind construct; `spec` is the kind's friendly spec (its Spec type, next to its construct). */
export interface ObjectProps<S extends object> {
  /** The object's natural key in Halo (defaults to the construct id). */
  name?: string;
  spec: S;
  /** Old names: renamed instead of deleted and re-created. */
  previously?: string[];
  /** Ensure the object is deleted. */
  absent?: boolean;
  /** Never delete the object. */
  protect?: boolean;
  /**
   * The live object's Halo id: matched by id before any name (a pinned object whose live name
   * differs is renamed). Tells apart live objects that share a name.
   */
  id?: string | number;
  /** Where the document is (its `name:` value); for an object an app creates, where it was created (captured). */
  source?: SourcePosition;
  /** Positions of spec values by dotted path. */
  fieldSources?: Record<string, SourcePosition>;
  /** Set for objects a Blueprint produced, e.g. `blueprint/moovila` (an app's: its construct path, `app/rewst/Automation`). */
  origin?: string;
}

const HALO_OBJECT = Symbol.for('halo-iac.HaloObject');

/** Marks the construct that supplies the catalog to the objects below it (the Environment). */
export const CATALOG_SCOPE = Symbol.for('halo-iac.CatalogScope');

/** A construct carrying the catalog for its subtree. */
export interface CatalogScope {
  readonly [CATALOG_SCOPE]: () => Catalog;
}

/** A construct standing for one Halo object. */
export abstract class HaloObject<S extends object = object> extends Construct {
  /** True for any HaloObject (also across module copies, like Construct.isConstruct). */
  static isHaloObject(x: unknown): x is HaloObject {
    return typeof x === 'object' && x !== null && HALO_OBJECT in x;
  }

  readonly kind: KindName;
  /** The kind's declaration: field table, dependencies, checks. */
  readonly declaration: KindSpec<S>;
  readonly name: string;
  readonly spec: S;
  readonly previously: string[];
  readonly absent: boolean;
  readonly protect: boolean;
  /** The pinned Halo id (`id:`), when there is one. */
  readonly id?: string | number;
  readonly source?: SourcePosition;
  readonly fieldSources: Record<string, SourcePosition>;
  readonly origin?: string;
  private checked?: Checker;
  private readonly ownAddress: string;

  constructor(scope: Construct, declaration: KindSpec<S>, id: string, props: ObjectProps<S>) {
    const kind = declaration.kind;
    // The kind is part of the construct id so a team and an agent may share a name.
    super(scope, sanitizeId(`${kind}:${id}`));
    Object.defineProperty(this, HALO_OBJECT, { value: true });
    this.kind = kind;
    this.declaration = declaration;
    this.name = props.name ?? id;
    // Scalars are fixed at construction (cdk8s style): the spec is copied so later edits to the caller's
    // object cannot change it; collections grow only through the kinds' add* methods.
    this.spec = copyData(props.spec);
    this.previously = [...(props.previously ?? [])];
    this.absent = props.absent ?? false;
    this.protect = props.protect ?? false;
    if (props.id !== undefined) this.id = props.id;
    // Created by an app (halo-iac --app): the user's file:line, from the stack (constructs/source.ts),
    // and the construct path as origin, which plans show as they show a blueprint's.
    const byApp = appIsRunning();
    this.source = props.source ?? (byApp ? creationSource() : undefined);
    this.fieldSources = { ...(props.fieldSources ?? {}) };
    this.origin = props.origin ?? (byApp ? constructPath(this) : undefined);
    this.ownAddress = addressOf(kind, this.name);
    this.node.addValidation({ validate: () => this.check().diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic) });
  }

  /** `<kind>/<name>` (computed once: kind and name are fixed). */
  get address(): string {
    return this.ownAddress;
  }

  /** The catalog of the nearest enclosing Environment. */
  private catalog(): Catalog {
    const scope = [...this.node.scopes].reverse().find((s): s is IConstruct & CatalogScope => CATALOG_SCOPE in s);
    if (!scope) throw new Error(`${this.address}: a Halo object must be created inside an Environment`);
    return scope[CATALOG_SCOPE]();
  }

  /** Validates the spec against the catalog (once; re-run after add* calls). */
  check(): Checker {
    if (this.checked) return this.checked;
    const c = new Checker(this.catalog(), { address: this.address, source: this.source, fieldSources: this.fieldSources });
    if (this.name.trim() === '') c.error('', 'name must not be empty');
    // An absent object only needs its name: its spec is not sent anywhere.
    if (!this.absent) checkSpec(this.declaration, this.spec, c, this);
    this.checked = c;
    return c;
  }

  /** Forgets the cached check after a collection grew. */
  protected changed(): void {
    this.checked = undefined;
  }

  /** Adds `item` to a list of the spec unless it is there (the `add*` methods of the kinds); returns this. */
  protected addOnce<T extends string | number>(list: T[], item: T): this {
    if (!list.includes(item)) list.push(item);
    this.changed();
    return this;
  }

  /** Objects this one refers to by name, with the spec path of each reference. */
  references(): Reference[] {
    return referencesOf(this.declaration, this.spec);
  }
}

/** Construct ids may not contain the path separator. */
export function sanitizeId(id: string): string {
  return id.replace(/\//g, '∕');
}

/**
 * A deep copy of a spec. Specs are plain data (mappings, lists, scalars), copied by a loop that
 * is several times faster than structuredClone, which still copies anything else (a Date a
 * TypeScript user put in). Recursion follows the spec's depth (at most limits.maxDepth from YAML).
 */
function copyData<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(copyData) as T;
  if (Object.getPrototypeOf(value) !== Object.prototype) return structuredClone(value);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    // defineProperty keeps a `__proto__` key an own key, as structuredClone does.
    if (k === '__proto__') Object.defineProperty(out, k, { value: copyData(v), enumerable: true, writable: true, configurable: true });
    else out[k] = copyData(v);
  }
  return out as T;
}

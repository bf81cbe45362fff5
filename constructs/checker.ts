/**
 * Collects the diagnostics of one object's spec (cdk8s style: every problem, each with its address and the
 * position of the offending value) and records which catalog entries the spec relies on, so the desired
 * state can list the unverified Halo values in use. Only catalog lookups and cross-field rules are
 * checked here: the spec's shape is its JSON schema's (schemas/<kind>.schema.json).
 */
import { closest } from 'fastest-levenshtein';
import { error, warning, type Diagnostic, type SourcePosition } from '../src/model/diagnostics.js';
import type { Catalog } from '../src/model/catalog.js';

/** Where an object came from: its document position and the positions of its spec values. */
export interface Origin {
  address: string;
  source?: SourcePosition;
  fieldSources: Record<string, SourcePosition>;
}

/** Catalog sections whose entries are plain name -> entry maps. */
export type CatalogSection = Exclude<keyof Catalog, 'application' | 'invalidScopes' | 'yesNoSpellings'>;

/** Position of a dotted spec path: the value itself, else its nearest parent, else the document. */
export function positionOf(origin: Origin, path: string): SourcePosition | undefined {
  const parts = path === '' ? [] : path.split('.');
  for (let n = parts.length; n > 0; n--) {
    const pos = origin.fieldSources[parts.slice(0, n).join('.')];
    if (pos) return pos;
  }
  return origin.source;
}

/** "did you mean" suffix from the closest known name. */
export function suggestion(value: string, known: string[]): string {
  if (known.length === 0) return '';
  const best = closest(value, known);
  return ` (did you mean '${best}'?)`;
}

/**
 * A diagnostic about one object. The message names the address when there is a position (formatDiagnostic
 * then prints only the position); without one, formatDiagnostic prints the address itself.
 */
export function objectDiagnostic(severity: 'error' | 'warning', address: string, message: string, source?: SourcePosition): Diagnostic {
  const make = severity === 'error' ? error : warning;
  return make(source ? `${address}: ${message}` : message, source, address);
}

/** Per-object diagnostics and catalog usage, filled by a kind's `check`. */
export class Checker {
  readonly diagnostics: Diagnostic[] = [];
  /** Catalog entry paths used, e.g. `membershipLevels.modifyAll`. */
  readonly uses = new Set<string>();

  constructor(
    readonly catalog: Catalog,
    readonly origin: Origin,
  ) {}

  error(path: string, message: string): void {
    this.diagnostics.push(objectDiagnostic('error', this.origin.address, message, positionOf(this.origin, path)));
  }

  warn(path: string, message: string): void {
    this.diagnostics.push(objectDiagnostic('warning', this.origin.address, message, positionOf(this.origin, path)));
  }

  /**
   * Looks `value` up in a catalog section; an unknown value is an error naming the known ones.
   * Returns the entry (and records its use) or undefined.
   */
  lookup<S extends CatalogSection>(section: S, value: string, path: string, what: string): Catalog[S][string] | undefined {
    const entries = this.catalog[section] as Record<string, Catalog[S][string]>;
    const entry = Object.hasOwn(entries, value) ? entries[value] : undefined;
    if (!entry) {
      const known = Object.keys(entries);
      this.error(path, `unknown ${what} '${value}'${suggestion(value, known)}; known: ${known.join(', ')}`);
      return undefined;
    }
    this.uses.add(`${section}.${value}`);
    return entry;
  }

  /** Records the use of a nested catalog entry (e.g. a permission value). */
  use(entry: string): void {
    this.uses.add(entry);
  }
}

/**
 * The desired-state model: what the manifest layer hands to the engine. The loader (src/manifest)
 * reads YAML into ManifestDocuments, the construct tree (constructs/) turns them into a
 * DesiredState, and plan (src/engine) consumes it.
 */
import type { Diagnostic, SourcePosition } from './diagnostics.js';
import type { Catalog } from './catalog.js';
import type { KindName } from './kinds.js';

/** A reference from one object to another, by name (resolved to an id at plan/apply time). */
export interface Reference {
  kind: KindName;
  name: string;
  /** Dotted path inside spec, e.g. `teams.members.2`; used to find the source position. */
  path: string;
  /** How the referring object depends on the one named, in words (`member of`), from its field table. */
  relation?: string;
}

/** One desired object after variables, includes and blueprints are resolved. */
export interface DesiredObject<S extends object = Record<string, unknown>> {
  kind: KindName;
  name: string;
  address: string;
  /** The friendly spec exactly as the manifest states it (only set fields are compared). */
  spec: S;
  previously: string[];
  absent: boolean;
  protect: boolean;
  /**
   * `id:` in the manifest: the live object this one is, matched by id before any name (a number, or a
   * string for kinds whose Halo ids are strings). It resolves duplicate live names; a rename follows.
   */
  id?: string | number;
  /** Where the document (its `name:` value) is; blueprint-expanded objects point at the Blueprint. */
  source?: SourcePosition;
  /** Positions of individual spec values, keyed by dotted path (`scopes.1`, `teams.mode`). */
  fieldSources: Record<string, SourcePosition>;
  references: Reference[];
  /** Addresses this object must come after (references, plus ordering rules). */
  dependsOn: string[];
  /** Set when a Blueprint produced the object, e.g. `blueprint/moovila`. */
  origin?: string;
  /**
   * Values its manifest substituted from `${env:..}` (directly or through a variable): sensitive,
   * so plans show the fields holding them as `(sensitive value)` (engine/sensitive-values.ts).
   */
  envValues?: string[];
}

export interface Connection {
  url: string;
  authUrl?: string;
  tenant?: string;
  /** Undefined when `${env:...}` was unset (validate warns; plan/apply refuse). */
  clientId?: string;
  clientSecret?: string;
  scope: string;
  /** Allow http:// to a non-loopback host. */
  insecure?: boolean;
  /**
   * Client-side request budget (`rateLimit: 300/300` or `off`); undefined: the client's default
   * (300 per 300 s, off for loopback hosts).
   */
  rateLimit?: { requests: number; windowSeconds: number } | false;
  /** Per-request timeout in ms (`timeout: 30s`); undefined: the client's default (30 s). */
  timeoutMs?: number;
}

/** What plan does with live objects no manifest declares: leave them out, list them (default), or refuse while a privileged one exists. */
export type UnmanagedPolicy = 'ignore' | 'report' | 'error';

export interface Policy {
  allowDelete: boolean;
  maxDeletes: number;
  /** Path to a catalog override file, relative to the environment file. */
  catalog?: string;
  /** An application halo-iac would create without a `secret.sink` refuses the plan (else: a warning). */
  requireSecretSink?: boolean;
  /** `policy.unmanaged` (undefined: report). */
  unmanaged?: UnmanagedPolicy;
}

export interface EnvironmentConfig {
  name: string;
  /** Absolute path of environment.yaml. */
  file: string;
  connection: Connection;
  policy: Policy;
  variables: Record<string, string>;
  source?: SourcePosition;
}

/** The whole desired state of one environment, objects in apply order. */
export interface DesiredState {
  environment: EnvironmentConfig;
  objects: DesiredObject[];
  catalog: Catalog;
  /** Warnings from loading (unresolved references that may exist live, unset connection vars...). */
  diagnostics: Diagnostic[];
  /** Unverified catalog values the manifests rely on (`validate --explain`). */
  unverified: UnverifiedUse[];
}

export interface UnverifiedUse {
  /** Catalog path, e.g. `membershipLevels.modifyAll`. */
  entry: string;
  halo: unknown;
  source: string;
  usedBy: string[];
}

/**
 * A parsed, schema-valid manifest document with positions: the hand-off from the YAML loader
 * (src/manifest) to the construct tree (constructs/), which expands blueprints, checks
 * references and orders objects.
 */
export interface ManifestDocument {
  kind: KindName | 'Blueprint';
  name: string;
  /** Variables already substituted. For Blueprint: `{use, with}`. */
  spec: Record<string, unknown>;
  previously: string[];
  absent: boolean;
  protect: boolean;
  /** `id:`, pinning the document to one live object (see DesiredObject.id). */
  id?: string | number;
  /** Position of the document's `name` value. */
  source: SourcePosition;
  /** Positions of spec values by dotted path relative to spec (`scopes.1`, `teams.members.0`). */
  fieldSources: Record<string, SourcePosition>;
  /** Values substituted from `${env:..}` into the document (see DesiredObject.envValues). */
  envValues?: string[];
}

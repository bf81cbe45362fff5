/**
 * Environment: one Halo tenant. Holds the environment config and the catalog its objects are validated
 * against; every Halo object construct lives somewhere below one Environment. Loaded from YAML, its
 * documents' objects sit under its `manifests` child; an app (`--app`, constructs/app.ts) adds its
 * own directly under it or under constructs of its own.
 */
import { Construct } from 'constructs';
import type { Catalog } from '../src/model/catalog.js';
import type { EnvironmentConfig } from '../src/model/desired.js';
import { CATALOG_SCOPE, sanitizeId } from './object.js';

/** Props of an Environment construct. */
export interface EnvironmentProps {
  config: EnvironmentConfig;
  catalog: Catalog;
}

const ENVIRONMENT = Symbol.for('halo-iac.Environment');

/** One tenant's desired configuration. */
export class Environment extends Construct {
  /** True for any Environment construct. */
  static isEnvironment(x: unknown): x is Environment {
    return typeof x === 'object' && x !== null && ENVIRONMENT in x;
  }

  readonly config: EnvironmentConfig;
  readonly catalog: Catalog;
  readonly [CATALOG_SCOPE] = (): Catalog => this.catalog;

  constructor(scope: Construct, props: EnvironmentProps) {
    super(scope, sanitizeId(props.config.name));
    Object.defineProperty(this, ENVIRONMENT, { value: true });
    this.config = props.config;
    this.catalog = props.catalog;
  }
}

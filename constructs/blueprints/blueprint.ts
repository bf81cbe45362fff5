/**
 * Shared machinery of the Blueprints (L2 presets after the vendor guides in shared/seeds/): reading `with:`
 * options with positioned errors, and the provenance every expanded object carries (origin
 * `blueprint/<name>`, the Blueprint document's source, positions of the `with:` values it used).
 */
import { Construct } from 'constructs';
import { formatDiagnostic, type Diagnostic, type SourcePosition } from '../../src/model/diagnostics.js';
import { objectDiagnostic, suggestion } from '../checker.js';
import { sanitizeId } from '../object.js';
import { Application } from '../kinds/application.js';
import { creationSource } from '../source.js';
import type { BlueprintOptions } from './options.js';

/** Props of every Blueprint construct. */
export interface BlueprintProps {
  /** The Blueprint document's name (origin of the expanded objects). */
  name?: string;
  /** The `with:` options. */
  with?: Record<string, unknown>;
  source?: SourcePosition;
  /** Positions relative to the Blueprint spec (`with.teams.0`). */
  fieldSources?: Record<string, SourcePosition>;
}

const BLUEPRINT = Symbol.for('halo-iac.Blueprint');

/** Base of the vendor blueprints: option reading and provenance only; each vendor creates its objects. */
export abstract class Blueprint extends Construct {
  /** True for any Blueprint construct. */
  static isBlueprint(x: unknown): x is Blueprint {
    return typeof x === 'object' && x !== null && BLUEPRINT in x;
  }

  readonly name: string;
  readonly diagnostics: Diagnostic[] = [];
  /** The `with:` options as given (their shape is the schema's to check: src/manifest/app-objects.ts for an app's). */
  readonly options: Record<string, unknown>;
  private readonly props: BlueprintProps;

  /** `declared`: the blueprint's options (options.ts), their defaults used as declared. */
  constructor(
    scope: Construct,
    id: string,
    props: BlueprintProps,
    private readonly declared: BlueprintOptions,
  ) {
    super(scope, sanitizeId(`Blueprint:${id}`));
    Object.defineProperty(this, BLUEPRINT, { value: true });
    this.name = props.name ?? id;
    // Created by an app: its file:line, which the expanded objects inherit (provenance).
    const created = props.source ? undefined : creationSource();
    this.props = created ? { ...props, source: created } : props;
    this.options = props.with ?? {};
    const allowed = Object.keys(declared);
    for (const key of Object.keys(this.options))
      if (!allowed.includes(key)) this.fail(key, `unknown option '${key}'${suggestion(key, allowed)}; options: ${allowed.join(', ')}`);
    this.node.addValidation({ validate: () => this.diagnostics.map(formatDiagnostic) });
  }

  /** The declared default of an option (an internal error when the option is not declared). */
  private defaultOf(key: string): unknown {
    const o = this.declared[key];
    if (!o) throw new Error(`internal: blueprint option ${key} is not declared`);
    return o.default;
  }

  /** Records an error about `with.<key>`. */
  protected fail(key: string, message: string): void {
    this.diagnostics.push(objectDiagnostic('error', `blueprint/${this.name}`, `with.${key}: ${message}`, this.at(key)));
  }

  /** Where the blueprint was declared: its document, or the app line that created it. */
  get source(): SourcePosition | undefined {
    return this.props.source;
  }

  /** Position of `with.<path>`, else the Blueprint document. */
  protected at(path: string): SourcePosition | undefined {
    return this.props.fieldSources?.[`with.${path}`] ?? this.props.source;
  }

  /**
   * A string option, else its declared default (if any). Option types are the schema's to check
   * (schemas/blueprint.schema.json, for YAML and for an app's blueprints alike), so none is checked here.
   */
  protected string(key: string): string | undefined {
    const declared = this.defaultOf(key);
    const v = this.options[key];
    return v === undefined ? (typeof declared === 'string' ? declared : undefined) : (v as string);
  }

  /** A string option with a declared string default. */
  protected text(key: string): string {
    const v = this.string(key);
    if (v === undefined) throw new Error(`internal: blueprint option ${key} declares no default`);
    return v;
  }

  /** A required string option; a missing one is an error saying what it is for (returns '' so expansion can continue). */
  protected required(key: string): string {
    const v = this.string(key);
    if (v === undefined && this.options[key] === undefined) this.fail(key, `is required (${this.declared[key]?.description ?? key})`);
    return v ?? '';
  }

  /** A yes/no option, else its declared default. */
  protected boolean(key: string): boolean {
    const v = this.options[key];
    return v === undefined ? this.defaultOf(key) === true : v === true;
  }

  /** A list of names, or `all` when `allowAll`; when not given, `fallback` (a computed default) or the declared one. */
  protected names(key: string, fallback: string[] | undefined, allowAll: true): string[] | 'all';
  protected names(key: string, fallback?: string[], allowAll?: false): string[];
  protected names(key: string, given?: string[], allowAll = false): string[] | 'all' {
    const declared = this.defaultOf(key);
    const fallback = given ?? (Array.isArray(declared) ? [...(declared as string[])] : []);
    const v = this.options[key];
    if (v === undefined) return fallback;
    if (allowAll && v === 'all') return 'all';
    return v as string[];
  }

  /**
   * Provenance for an expanded object: the Blueprint's source and origin, and `spec path -> with path`
   * positions so a problem in an expanded object points at the option that caused it.
   */
  protected provenance(map: Record<string, string> = {}): { source?: SourcePosition; origin: string; fieldSources: Record<string, SourcePosition> } {
    const fieldSources: Record<string, SourcePosition> = {};
    for (const [specPath, withPath] of Object.entries(map)) {
      const pos = this.props.fieldSources?.[`with.${withPath}`];
      if (pos) fieldSources[specPath] = pos;
    }
    return { ...(this.props.source ? { source: this.props.source } : {}), origin: `blueprint/${this.name}`, fieldSources };
  }

  /**
   * The vendor's API application as every guide describes it: "Client ID and Secret (Services)",
   * login type Agent, logging in as `loginAs`, with `scopes`, its generated secret sent to `sink`.
   * `positions` maps extra spec paths to `with:` options (see provenance).
   */
  protected integrationApplication(name: string, loginAs: string, scopes: readonly string[], sink: string, positions: Record<string, string> = {}): Application {
    return new Application(this, name, {
      spec: { authMethod: 'clientCredentials', loginType: 'agent', loginAs, scopes: [...scopes], active: true, secret: { sink } },
      ...this.provenance({ 'secret.sink': 'secretSink', ...positions }),
    });
  }

  /** `spec path -> with path` for each item of a list option. */
  protected listPositions(specPrefix: string, withKey: string, count: number, suffix = ''): Record<string, string> {
    const out: Record<string, string> = {};
    for (let i = 0; i < count; i++) out[`${specPrefix}.${i}${suffix}`] = `${withKey}.${i}`;
    return out;
  }

  /** The secret sink: `with.secretSink`, else a per-blueprint env file under .halo-iac/ next to the environment (SECRET_SINK). */
  protected secretSink(): string {
    return this.string('secretSink') ?? `env-file:.halo-iac/${this.name}.env`;
  }
}

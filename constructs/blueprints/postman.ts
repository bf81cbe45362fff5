/**
 * Postman blueprint (seed 000, "Using Postman"): one client-credentials application named "Postman" with
 * scope `all` (or `with.scopes`) logging in as `with.loginAs`, for ad-hoc API calls.
 */
import type { Construct } from 'constructs';
import { Blueprint, type BlueprintProps } from './blueprint.js';
import { SECRET_SINK, type BlueprintOptions } from './options.js';

/** The `with:` options (options.ts). */
const OPTIONS: BlueprintOptions = {
  loginAs: { type: 'string', required: true, description: 'The guide\'s "Agent to Log in as": the agent the application logs in as' },
  applicationName: { type: 'string', default: 'Postman', description: 'Name of the API application' },
  scopes: { type: 'names', default: ['all'], description: 'Scopes of the application (catalog/scopes.yaml)' },
  secretSink: SECRET_SINK,
};

/** Expands into the Postman application. */
export class PostmanBlueprint extends Blueprint {
  static readonly options = OPTIONS;
  static readonly summary = 'Postman (seed 000): one client-credentials application for ad-hoc API calls';

  constructor(scope: Construct, id: string, props: BlueprintProps = {}) {
    super(scope, id, props, OPTIONS);
    const scopes = this.names('scopes');
    const name = this.text('applicationName');
    const loginAs = this.required('loginAs');
    const sink = this.secretSink();
    // Bad options: report them, expand nothing (avoids follow-on errors in a half-built object).
    if (this.diagnostics.length > 0) return;
    this.integrationApplication(name, loginAs, scopes, sink, { loginAs: 'loginAs', ...this.listPositions('scopes', 'scopes', this.options.scopes === undefined ? 0 : scopes.length) });
  }
}

/**
 * Postman blueprint (seed 000, "Using Postman"): one client-credentials application named "Postman" with
 * scope `all` (or `with.scopes`) logging in as `with.loginAs`, for ad-hoc API calls.
 */
import type { Construct } from 'constructs';
import { Blueprint, type BlueprintProps } from './blueprint.js';

const OPTIONS = ['applicationName', 'loginAs', 'scopes', 'secretSink'] as const;

/** Expands into the Postman application. */
export class PostmanBlueprint extends Blueprint {
  constructor(scope: Construct, id: string, props: BlueprintProps = {}) {
    super(scope, id, props, OPTIONS);
    const scopes = this.names('scopes', ['all']);
    const name = this.string('applicationName', 'Postman');
    const loginAs = this.required('loginAs', 'the guide\'s "Agent to Log in as"');
    const sink = this.secretSink();
    // Bad options: report them, expand nothing (avoids follow-on errors in a half-built object).
    if (this.diagnostics.length > 0) return;
    this.integrationApplication(name, loginAs, scopes, sink, { loginAs: 'loginAs', ...this.listPositions('scopes', 'scopes', this.options.scopes === undefined ? 0 : scopes.length) });
  }
}

/**
 * Webhook: a Halo outgoing webhook (/api/Webhook, schema Webhook, string ids; halo-api.md §2.8):
 * the URL it posts to, the events that trigger it (by name, catalog webhookEvents), how it
 * authenticates (catalog webhookAuthentication, the secret read from the environment: never in a
 * manifest, a plan or a log), and whether it is active.
 */
import type { Construct } from 'constructs';
import type { Catalog } from '../../src/model/catalog.js';
import { specPath } from '../../src/model/spec-path.js';
import type { Checker } from '../checker.js';
import { custom, flag, text } from '../fields.js';
import { declareKind, type SpecProblem } from '../kind.js';
import { HaloObject, type ObjectProps } from '../object.js';

declare module '../../src/model/catalog.js' {
  interface Catalog {
    /** Webhook `authentication.type` -> Webhook.authentication_type (catalog/webhook.yaml). */
    webhookAuthentication: Record<string, CatalogValue<number>>;
    /** Webhook event name -> the eventno of one Webhook.events row (catalog/webhook.yaml). */
    webhookEvents: Record<string, CatalogValue<number>>;
  }
}

/** The authentication type that sends nothing, and the one that sends a user name and password. */
export const NO_AUTHENTICATION = 'none';
export const BASIC_AUTHENTICATION = 'basic';

/** How Halo authenticates to the webhook's URL. */
export interface WebhookAuthentication {
  /** catalog webhookAuthentication name: none | basic | header. */
  type: string;
  /** basic only: the user name. */
  username?: string;
  /** `env:NAME`: where the secret (basic: the password; otherwise the header) is read at plan and apply time. */
  secretFrom?: string;
  /** Bump to send the secret again: Halo never returns it, so only this counter is compared. */
  rotate?: number;
}

/** Webhook spec. */
export interface WebhookSpec {
  url?: string;
  /** The whole list of events: catalog webhookEvents names, or Halo event codes the catalog does not name. */
  events?: (string | number)[];
  authentication?: WebhookAuthentication;
  active?: boolean;
}

/** Props of a Webhook construct. */
export type WebhookProps = Omit<ObjectProps<WebhookSpec>, 'spec'> & { spec?: WebhookSpec };

/** An outgoing webhook. */
export class Webhook extends HaloObject<WebhookSpec> {
  constructor(scope: Construct, id: string, props: WebhookProps = {}) {
    super(scope, webhookKind, id, { ...props, spec: props.spec ?? {} });
  }

  /** Subscribes the webhook to one more event (catalog webhookEvents name). */
  addEvent(event: string): this {
    return this.addOnce((this.spec.events ??= []), event);
  }
}

function checkEvents(spec: WebhookSpec, c: Checker): void {
  (Array.isArray(spec.events) ? spec.events : []).forEach((e, i) => {
    if (typeof e === 'string') c.lookup('webhookEvents', e, `events.${i}`, 'webhook event');
  });
}

/** What the authentication block says beyond its shape: which parts go with which type. */
function checkAuthentication(spec: WebhookSpec, c: Checker): void {
  const a = spec.authentication;
  if (a === undefined) return;
  c.lookup('webhookAuthentication', a.type, 'authentication.type', 'webhook authentication');
  if (a.username !== undefined && a.type !== BASIC_AUTHENTICATION) c.error('authentication.username', `username applies to basic authentication, not ${a.type}`);
  if (a.secretFrom !== undefined && a.type === NO_AUTHENTICATION) c.error('authentication.secretFrom', 'authentication type none sends no secret: drop secretFrom');
  if (a.rotate !== undefined && a.secretFrom === undefined) c.error('authentication.rotate', 'authentication.rotate needs secretFrom (the secret to send again)');
}

/**
 * Two entries naming one event (its name and its code) read back as one: the list could never
 * match what Halo holds.
 */
function duplicateEvents(spec: WebhookSpec, catalog: Catalog): SpecProblem[] {
  const seen = new Map<string, number>();
  const out: SpecProblem[] = [];
  (spec.events ?? []).forEach((e, i) => {
    const code = typeof e === 'number' ? String(e) : catalog.webhookEvents[e] !== undefined ? String(catalog.webhookEvents[e]?.halo) : undefined;
    if (code === undefined) return;
    const first = seen.get(code);
    if (first !== undefined) out.push({ path: `events.${i}`, message: `${specPath(`events.${i}`)} is the same event as ${specPath(`events.${first}`)} (code ${code})` });
    else seen.set(code, i);
  });
  return out;
}

/**
 * The Webhook kind. `url` and `active` are plain fields; `events` and `authentication` are
 * hand-written (src/kinds/webhook.ts): events are rows keyed by event code, and the secret is sent
 * only on create and when `authentication.rotate` changes.
 */
export const webhookKind = declareKind(Webhook, {
  kind: 'Webhook',
  dependsOn: [],
  valueTables: ['webhookAuthentication', 'webhookEvents'],
  fields: {
    url: text('url'),
    // The list form may lack the subscriptions (GET /Webhook/{id}?includedetails has them, halo-api.md §2.8).
    events: custom<WebhookSpec>({ detailOnly: true }),
    authentication: custom<WebhookSpec>(),
    active: flag('active'),
  },
  check(spec, c) {
    checkEvents(spec, c);
    checkAuthentication(spec, c);
  },
  neverConverges: duplicateEvents,
});

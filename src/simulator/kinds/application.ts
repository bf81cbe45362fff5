/**
 * Application: /api/Application, schema NHD_Identity_Application, string GUID ids, required
 * `displayName` (not `name`).
 *
 * Quirks (halo-api.md §2.6, halo-enums.md §3): bare-array list. `clientId` is a GUID generated
 * on create (posted values ignored). `clientSecret` sent on create or update is stored; with none
 * on create one is generated (two GUIDs joined by '-', 73 characters) and returned ONLY in that
 * create response. GET never echoes clientSecret (omitted). `scopes` replace on POST as
 * `[{id, application_id, name}]`. `loginas_agent_id` must be an agent and fills loginas_agent_name.
 * Any stored application with a secret, grant_type client_credentials and not inactive can get
 * tokens (see auth.ts).
 */
import type { JsonObject } from '../schema/bind.js';
import type { KindContext, KindDef } from './types.js';
import { nameOf, postedArray, storedArray } from './references.js';

/** A secret in Halo's format: two GUIDs joined by '-'. */
export function generateSecret(newGuid: () => string): string {
  return `${newGuid()}-${newGuid()}`;
}

function render(app: JsonObject, ctx: KindContext): JsonObject {
  const out: JsonObject = {
    ...app,
    loginas_agent_name: nameOf(ctx, 'Agent', app['loginas_agent_id']),
    scopes: storedArray(app, 'scopes'),
  };
  delete out['clientSecret'];
  return out;
}

/** The Application quirk declaration. */
export const applicationKind: KindDef = {
  route: 'Application',
  entity: 'NHD_Identity_Application',
  idType: 'guid',
  detailSchema: 'NHD_Identity_Application',
  listSchema: 'NHD_Identity_Application',
  nestedSchemas: ['NHD_Identity_ApplicationScope', 'KeyPair2'],
  list: { kind: 'array' },
  requiredField: 'displayName',
  neverEchoed: ['clientSecret'],
  serverOwned: ['clientId', 'loginas_agent_name', 'authorizations', 'tokens', 'concurrencyToken', '_issystem'],
  nested: ['scopes'],
  defaults: () => ({ inactive: false, loginentity: 0, allowagents: false, allowusers: false, scopes: [] }),
  check(item, at, ctx, errors) {
    const agentId = item['loginas_agent_id'];
    if (typeof agentId === 'number' && agentId !== 0 && !ctx.store.get('Agent', agentId)) {
      errors.push({ key: `${at}.loginas_agent_id`, message: `Agent ${agentId} does not exist.` });
    }
  },
  write(app, item, ctx, created) {
    const scopes = postedArray(item, 'scopes');
    if (scopes) {
      app['scopes'] = scopes.map((s) => ({ id: ctx.store.nextId('ApplicationScope'), application_id: app['id'], name: s['name'] ?? null }));
    }
    app['concurrencyToken'] = ctx.newGuid();
    if (!created) return;
    app['clientId'] = ctx.newGuid();
    app['type'] ??= 'confidential';
    app['_issystem'] = false;
    if (typeof app['clientSecret'] === 'string' && app['clientSecret'] !== '') return;
    const secret = generateSecret(ctx.newGuid);
    app['clientSecret'] = secret;
    return { clientSecret: secret };
  },
  renderList: (app, _q, ctx) => render(app, ctx),
  renderDetail: (app, _q, ctx) => render(app, ctx),
};

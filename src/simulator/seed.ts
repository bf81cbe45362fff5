/**
 * The starting tenant. Names and ids are stable: other areas' tests and the demo environment
 * rely on them ("Acme IT", the three departments, four teams, three roles, agents Admin (id 1)
 * and Jane Smith, the four stock ticket types, the "halo-iac bootstrap" application, customers
 * Acme Corp, Globex and Initech under the "Acme Customers" top level).
 * Permissions are claims with Halo's short codes (halo-claims.md §2.1), as a real tenant holds them:
 * the admin agent and the Administrator role carry SA, the Agent role is a technician (Tx, l6, ...),
 * and Jane Smith carries what older or newer tenants hold: a legacy long-named claim
 * (`Can_View_Unassigned_Tickets`, ROLE-SQL-B, spelled 'true') and a value the catalog does not
 * know (`Tx` = '7'), so export, plan and doctor meet both in every test.
 * With seedTenant false only what authentication needs is created: organisation 1, agent 1
 * "Admin", Control 1 and the bootstrap application.
 */
import type { JsonObject } from './schema/bind.js';
import type { TenantState } from './store.js';

/** Credentials of the bootstrap application. */
export interface BootstrapCredentials {
  clientId: string;
  clientSecret: string;
}

const bootstrapAppId = '6e3f5a1c-7b2d-4c8e-9f10-b00751a90001';
const roleIds = {
  admin: '3b9c7d2e-1a4f-4e6b-8c5d-000000000001',
  agent: '3b9c7d2e-1a4f-4e6b-8c5d-000000000002',
  readOnly: '3b9c7d2e-1a4f-4e6b-8c5d-000000000003',
};
/** Claims from `{type: value}` pairs. */
const claims = (pairs: Record<string, string>): JsonObject[] => Object.entries(pairs).map(([type, value]) => ({ type, value }));

/** The technician role's Permissions tab (the Agent role). */
const technicianClaims = claims({
  Tx: '2', Ux: '2', Fx: '2', Ax: '2', Dx: '1', Bx: '1', Hx: '1', Ft: '1', Fc: '1',
  l6: '1', l8: '1', l9: '1', lc: '1', l7: '1', l1: '0', l5: '1', l4: '0', lb: '1', lg: '1', lz: '1', lr: '1', l0: 'true',
});

const guid = (n: number) => `0a11ce00-0000-4000-8000-${String(n).padStart(12, '0')}`;
const created = '2024-01-01T00:00:00.000Z';

function agent(id: number, name: string, extra: JsonObject): JsonObject {
  const [first = '', ...rest] = name.split(' ');
  return {
    id,
    name,
    firstname: first,
    surname: rest.join(' '),
    initials: name.split(' ').map((w) => w[0]).join(''),
    colour: id === 1 ? '#2e86de' : '#10ac84',
    isdisabled: false,
    isapiagent: false,
    is_agent: true,
    is_admin: false,
    datecreated: created,
    teams: [],
    departments: [],
    roles: [],
    claims: [],
    ...extra,
  };
}

function teamRows(ids: number[], start: number): JsonObject[] {
  return ids.map((team_id, i) => ({
    id: start + i, team_id, is_manager: false, no_config_access: false, unassigned_access: false,
    otheragent_access: false, fortickets: true, foropps: false, forprojects: false,
  }));
}

function depRows(ids: number[], start: number): JsonObject[] {
  return ids.map((department_id, i) => ({ id: start + i, department_id, membershiplevel: 0, includeteamsintree: false }));
}

function bootstrapApp(creds: BootstrapCredentials): JsonObject {
  return {
    id: bootstrapAppId,
    displayName: 'halo-iac bootstrap',
    clientId: creds.clientId,
    clientSecret: creds.clientSecret,
    grant_type: 'client_credentials',
    type: 'confidential',
    inactive: false,
    loginentity: 0,
    loginas_agent_id: 1,
    allowagents: false,
    allowusers: false,
    _issystem: false,
    concurrencyToken: guid(900),
    scopes: [{ id: 1, application_id: bootstrapAppId, name: 'all' }],
  };
}

const control: JsonObject = {
  id: 1,
  nextfaultidcalculationmethod: 0,
  next_ticket_id: 1000,
  app_version: '2.170.11',
  app_version_nopatch: '2.170',
  database_version: '2.170.11',
  searchfullticketids: false,
  email_start_tag: '[Ticket #',
  email_end_tag: ']',
};

const organisation: JsonObject = { id: 1, guid: guid(1), name: 'Acme IT', email: 'it@acme.example' };

/** The admin agent's claims: administrator, every ticket type and client. */
function adminClaims(): JsonObject[] {
  return claims({ SA: 'true', Ft: '1', Fc: '1' });
}

/** The minimal tenant (seedTenant: false). */
function minimal(tenant: string, creds: BootstrapCredentials): TenantState {
  return {
    version: 1,
    tenant,
    collections: {
      Organisation: [organisation],
      Agent: [agent(1, 'Admin', { email: 'admin@acme.example', is_admin: true, claims: adminClaims() })],
      Control: [control],
      Application: [bootstrapApp(creds)],
    },
    counters: { Organisation: 1, Agent: 1, ApplicationScope: 1 },
    bootstrapApplicationId: bootstrapAppId,
  };
}

function ticketType(id: number, name: string, itil: number, team: string): JsonObject {
  return {
    id, guid: guid(300 + id), name, itilrequesttype: itil, use: 'reqs', sequence: id, agentscanselect: true,
    cancreate: true, visible: true, enduserscanselect: itil !== 2, anonymouscanselect: false, default_team: team,
    allowall_team: true, allowed_teams: [],
  };
}

/** A customer (/api/Client, Area) under the seeded customer top level. */
function customer(id: number, name: string): JsonObject {
  return { id, name, toplevel_id: 1, inactive: false, colour: '#5f27cd', datecreated: created };
}

/** The realistic starting tenant (seedTenant: true, the default). */
export function seedState(tenant: string, creds: BootstrapCredentials, realistic: boolean): TenantState {
  if (!realistic) return minimal(tenant, creds);
  const topLevel = (id: number, name: string, agentDepartment: boolean): JsonObject => ({
    id, guid: guid(100 + id), name, agent_department: agentDepartment, organisation_id: 1, type: 0, parentid: 0,
  });
  const team = (id: number, name: string, department_id: number): JsonObject => ({
    id, guid: guid(200 + id), name, department_id, sequence: id, forrequests: true, foropps: name === 'Sales',
    forprojects: name === 'Projects', inactive: false,
  });
  const role = (id: string, id_int: number, name: string, notes: string, roleClaims: JsonObject[]): JsonObject => ({
    id, id_int, name, normalizedName: name.toUpperCase(), concurrencyStamp: guid(400 + id_int), notes,
    teams: [], departments: [], claims: roleClaims,
  });
  return {
    version: 1,
    tenant,
    collections: {
      Organisation: [organisation],
      TopLevel: [
        topLevel(1, 'Acme Customers', false),
        topLevel(2, 'Service Delivery', true),
        topLevel(3, 'Professional Services', true),
        topLevel(4, 'Sales', true),
      ],
      Team: [team(1, '1st Line Support', 2), team(2, '2nd Line Support', 2), team(3, 'Projects', 3), team(4, 'Sales', 4)],
      Roles: [
        role(roleIds.admin, 1, 'Administrator', 'Full access', claims({ SA: 'true' })),
        role(roleIds.agent, 2, 'Agent', 'Standard agent', technicianClaims),
        role(roleIds.readOnly, 3, 'Read Only', 'View only', claims({ Tx: '1', Ux: '2', Fx: '2', l6: '0', Ft: '1', Fc: '1' })),
      ],
      Agent: [
        agent(1, 'Admin', {
          email: 'admin@acme.example', is_admin: true, team: '1st Line Support', jobtitle: 'IT Manager',
          teams: teamRows([1, 2, 3, 4], 1), departments: depRows([2, 3, 4], 1), roles: [{ id: roleIds.admin }],
          claims: adminClaims(),
        }),
        agent(2, 'Jane Smith', {
          email: 'jane.smith@acme.example', team: '1st Line Support', jobtitle: 'Service Desk Analyst',
          teams: teamRows([1], 5), departments: depRows([2], 4), roles: [{ id: roleIds.agent }],
          claims: claims({ Tx: '7', Can_View_Unassigned_Tickets: 'true', Ft: '1', Fc: '1' }),
        }),
      ],
      TicketType: [
        ticketType(1, 'Incident', 1, '1st Line Support'),
        ticketType(2, 'Service Request', 3, '1st Line Support'),
        ticketType(3, 'Change Request', 2, '2nd Line Support'),
        ticketType(4, 'Problem', 4, '2nd Line Support'),
      ],
      Application: [bootstrapApp(creds)],
      Control: [control],
      Features: [
        { id: 1, module_name: 'Tickets', actual_name: 'Tickets', enabled: true, core: true, licensed: true, accesslevel: 0 },
        { id: 2, module_name: 'Projects', actual_name: 'Projects', enabled: true, core: false, licensed: true, accesslevel: 0 },
        { id: 3, module_name: 'Opportunities', actual_name: 'Opportunities', enabled: false, core: false, licensed: true, accesslevel: 0 },
        { id: 4, module_name: 'Knowledge Base', actual_name: 'Knowledge Base', enabled: true, core: false, licensed: true, accesslevel: 0 },
        { id: 5, module_name: 'Service Catalogue', actual_name: 'Service Catalogue', enabled: false, core: false, licensed: true, accesslevel: 0 },
      ],
      Webhook: [],
      // Two ticket custom fields, one a list with its options (FieldInfo, custom-field kind).
      FieldInfo: [
        { id: 1, guid: '6a1f0c52-3b7e-4d2a-9c11-000000000001', name: 'CFCustomerReference', label: 'Customer reference', type: 0, usage: 1, custom: 1, values: [] },
        {
          id: 2, guid: '6a1f0c52-3b7e-4d2a-9c11-000000000002', name: 'CFImpactArea', label: 'Impact area', type: 2, usage: 1, custom: 1,
          values: [{ id: 1, name: 'Email' }, { id: 2, name: 'Network' }],
        },
      ],
      Client: [customer(1, 'Acme Corp'), customer(2, 'Globex'), customer(3, 'Initech')],
    },
    counters: {
      Organisation: 1, TopLevel: 4, Team: 4, Roles: 3, Agent: 2, TicketType: 4, Features: 5,
      UnameSection: 5, UnameDepartment: 4, ApplicationScope: 1, Client: 3, FieldInfo: 2, Lookup: 2,
    },
    bootstrapApplicationId: bootstrapAppId,
  };
}

/** Sets the bootstrap application's credentials (when given as options on a loaded state). */
export function setBootstrapCredentials(state: TenantState, creds: Partial<BootstrapCredentials>): void {
  const app = state.collections['Application']?.find((a) => a['id'] === state.bootstrapApplicationId);
  if (!app) return;
  if (creds.clientId) app['clientId'] = creds.clientId;
  if (creds.clientSecret) app['clientSecret'] = creds.clientSecret;
}

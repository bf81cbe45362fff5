/**
 * catalog/permissions.yaml against the evidence, written here as literal data: ROLE-SQL-A's claim
 * codes with their Permissions-tab labels and value tables, and ROLE-SQL-B's legacy names
 * (halo-claims.md §0, §2.1-2.5). The catalog must hold exactly these facts.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/model/diagnostics.js';
import { loadCatalog } from '../../src/manifest/catalog.js';
import { claimOwners, legacyAliases, readClaim, valueTable } from '../../src/model/catalog-claims.js';

const { catalog, diagnostics } = loadCatalog();

/** ROLE-SQL-A: ClaimType code -> the label its CASE gives (every claim type of halo-claims.md §2.1). */
const ROLE_SQL_A_LABELS: Record<string, string> = {
  SA: 'Is a Halo Administrator', l0: 'Editing of own Preferences', ln: 'Editing of Own Notifications',
  Tx: 'Tickets Access Level', Ux: 'Clients Access Level', Fx: 'Users Access Level', Ex: 'CRM Access Level',
  Dx: 'Assets Access Level', Ax: 'Calendars and Appointments Access level', Bx: 'Knowledge Base Access Level',
  Sx: 'Suppliers Access Level', Ix: 'Items Access Level', Ox: 'Sales Access Level', Qx: 'Quotations Access Level',
  Yx: 'Sales Orders Access Level', Zx: 'Purchase Orders Access Level', Jx: 'Billing Details Access Level',
  Xx: 'Invoices Access Level', Rx: 'Reporting Access Level', Cx: 'Client Contracts Access Level',
  Gx: 'Supplier Contracts Access Level', Vx: 'Services Access Level', Wx: 'Software Releases Access Level',
  Hx: 'Timesheets Access Level', Lx: 'Software Licencing Access Level', Kx: 'Distribution Lists Access Level',
  Mx: 'Document Management Access Level', Nx: 'Mail Campaign Access Level',
  l6: 'Can add new Tickets', lf: 'Can Edit Closed Tickets', l9: 'Can View Unassigned Tickets',
  l8: 'Can view Tickets that are assigned to other Agents', lc: 'Can change a Tickets Ticket Type', l7: 'Can Re-Assign Tickets',
  l1: 'Can Edit Advanced Ticket Details', l5: 'Editing of Actions', l4: 'Can Remove Tickets',
  ld: 'Can assign to Agents in Teams the Agent is not a member of', le: 'Can Edit Tickets Which Are Not Assigned To Them',
  lj: 'Can override maximum priority escalation at ticket type level', lh: 'Can Override Ticket Review Processing',
  ll: 'Can Use the Treat as Spam button', lm: 'Can Export Tickets',
  lo: 'Can always change Ticket Statuses and re-assign Tickets outside of actions', Td: 'Can remove To-Do items',
  lb: 'Editing of Appointments', lg: 'Adding New Appointments', lz: 'Visibility of Appointments', lr: 'Deleting of Appointments',
  Ft: 'Allow use of all Ticket Types', Fc: 'Allow use of all Clients', Ff: 'Allow use of all Asset Fields', Fa: 'Allow use of all Asset Types',
  l3: 'My Approvals Page Access', l2: 'Can Override Approval Results',
  li: 'Can view item costs', pi: 'Can View Item Prices', A1: 'Can View Agent Costs',
  At: 'Allow creation of new Ticket Types and linked objects', As: 'Allow creation of new Scheduled Tickets',
  lt: 'Allow creation of new global templates', ly: 'Can Create Dashboards', Ad: 'Can Create SQL Data Sources',
  ls: 'Can Create Custom Fields', Af: 'Can Create Field Groups', mg: 'Can Create Message Groups', Ar: 'Can Create Ticket Rules',
  Av: 'Can Create Roles', Az: 'Can Create SLAs', Al: 'Can Create Languages', Aq: 'Can Create Quote Group Templates',
  Cp: 'Can Create Chat Profiles', Fl: 'Can Create FAQ Lists',
  la: 'Password Fields', lk: 'Can change whether Suppliers/Clients/Sites/Users are active or inactive', Ru: 'Can Publish Reports',
  Px: 'Project Level', LC: 'Chat Level', A: 'Technician', D1: 'Can View Site Docs',
  lu: 'Can view PowerShell results and requeue scripts on Tickets', lv: 'Can queue PowerShell scripts via a quick action',
};

/** ROLE-SQL-B's "standardise" step: older long claim name -> short code (its identity rows Ix, PR left out). */
const ROLE_SQL_B_ALIASES: Record<string, string> = {
  Administration: 'SA', Technician: 'A', Ticket_Level: 'Tx', Calendar_Level: 'Ax', Customers_Level: 'Ux', Sup_Lvl: 'Sx',
  Serv_Lvl: 'Vx', Contract_Level: 'Cx', Project_Level: 'Px', Sales_Level: 'Ox', Reporting_Level: 'Rx', Software_Level: 'Wx',
  KB_Level: 'Bx', Assets_Level: 'Dx', Timesheets_Level: 'Hx', Chat_Lvl: 'LC', Advanced_Edit: 'l1', Approvals_Can_Override: 'l2',
  Approvals_Page_Access: 'l3', Can_Remove_Tickets: 'l4', Can_Edit_Actions: 'l5', Can_Log_Tickets: 'l6', Can_Reassign_Tickets: 'l7',
  Can_View_Tech_Tickets: 'l8', Can_View_Unassigned_Tickets: 'l9', Edit_Preferences: 'l0', Pwd_Level: 'la',
  Can_Edit_Appointments: 'lb', Can_Change_Ticket_Types: 'lc', Can_View_Site_Docs: 'D1',
};

/** A permission's table as [friendly, stored, UI label] rows. */
function table(key: string): [string, string, string][] {
  const def = catalog.permissions[key];
  if (!def) throw new Error(`no permission ${key}`);
  return valueTable(def).map((v) => [v.name, v.halo, v.label]);
}

function overrideFile(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'halo-perm-catalog-')), 'catalog-overrides.yaml');
  writeFileSync(file, text);
  return file;
}

describe('catalog/permissions.yaml against ROLE-SQL-A and ROLE-SQL-B', () => {
  it('loads cleanly', () => {
    expect(diagnostics).toEqual([]);
  });

  it('has one entry per claim type of ROLE-SQL-A, labelled as the report labels it', () => {
    const byCode = Object.fromEntries(
      Object.entries(catalog.permissions).flatMap(([, d]) => ('claim' in d.target ? [[d.target.claim, d.label]] : [])),
    );
    expect(byCode).toEqual(ROLE_SQL_A_LABELS);
    expect(Object.keys(catalog.permissions)).toHaveLength(Object.keys(ROLE_SQL_A_LABELS).length + 1); // + admin (is_admin)
  });

  it('reads exactly ROLE-SQL-B legacy names as aliases of the short codes', () => {
    expect(legacyAliases(catalog)).toEqual(ROLE_SQL_B_ALIASES);
  });

  it('keeps every claim entry unverified, citing the storage evidence', () => {
    for (const [key, def] of Object.entries(catalog.permissions)) {
      if (key === 'admin') {
        expect(def).toMatchObject({ target: { field: 'is_admin' }, verified: true, privileged: true });
        continue;
      }
      expect(def.verified, key).toBe(false);
      expect(def.source, key).toMatch(/^storage code: ROLE-SQL-A.*API pass-through unverified$/);
      if (def.aliases) expect(def.source, key).toContain('ROLE-SQL-B');
    }
  });

  it('gives each feature its own scale (halo-claims.md §2.3)', () => {
    expect(table('tickets')).toEqual([['none', '0', 'No Access'], ['readOnly', '1', 'Read Only'], ['readModify', '2', 'Read and Modify']]);
    for (const k of ['customers', 'users', 'products'])
      expect(table(k), k).toEqual([['none', '0', 'No Access'], ['namesOnly', '1', 'View (Names Only)'], ['readOnly', '2', 'Read Only'], ['readModify', '3', 'Read and Modify']]);
    for (const k of ['assets', 'invoices'])
      expect(table(k), k).toEqual([['none', '0', 'No Access'], ['readOnly', '1', 'Read Only'], ['readModify', '2', 'Read and Modify'], ['readModifyRemove', '3', 'Read, Modify and Remove']]);
    expect(table('timesheets')).toEqual([
      ['none', '0', 'No Access'], ['ownReadModify', '1', 'Read and Modify (Own)'], ['managedReadModify', '2', 'Read and Modify (Managed)'],
      ['readOnly', '3', 'Read Only'], ['readModifyAll', '4', 'Read and Modify (All)'],
    ]);
    expect(table('distributionLists')).toEqual([['none', '0', 'No Access'], ['readOnly', '1', 'Read Only'], ['readSend', '2', 'Read and Send'], ['readModify', '3', 'Read and Modify']]);
    for (const k of ['calendars', 'sales', 'suppliers', 'services', 'softwareReleases', 'clientContracts', 'knowledgeBase', 'projects', 'reporting', 'crm', 'supplierContracts', 'softwareLicencing', 'quotations', 'salesOrders', 'purchaseOrders', 'billingDetails', 'documentManagement', 'mailCampaign'])
      expect(table(k).map(([n, h]) => [n, h]), k).toEqual([['none', '0'], ['readOnly', '1'], ['readModify', '2']]);
  });

  it('uses 3 for "all" where the report does (halo-claims.md §2.4)', () => {
    expect(table('actionEditing')).toEqual([['none', '0', 'Cannot Edit Actions'], ['ownOnly', '1', 'Can Edit Own Actions Only'], ['all', '3', 'Can Edit All Actions']]);
    expect(table('appointmentEditing').map(([n, h]) => [n, h])).toEqual([['none', '0'], ['own', '1'], ['all', '3']]);
    expect(table('appointmentDeleting').map(([n, h]) => [n, h])).toEqual([['none', '0'], ['own', '1'], ['all', '3']]);
    expect(table('appointmentAdding').map(([n, h]) => [n, h])).toEqual([['none', '0'], ['own', '1'], ['all', '2']]);
    expect(table('appointmentVisibility').map(([n, h]) => [n, h])).toEqual([['own', '0'], ['team', '1'], ['teamAndDepartment', '2'], ['all', '3']]);
  });

  it("writes yes/no as '1'/'0', except SA, l0 and ln ('true'/'false')", () => {
    const words = ['SA', 'l0', 'ln'];
    for (const [key, def] of Object.entries(catalog.permissions)) {
      if (def.type !== 'boolean' || !('claim' in def.target)) continue;
      const [yes, no] = words.includes(def.target.claim) ? ['true', 'false'] : ['1', '0'];
      expect([String(def.values?.yes?.halo), String(def.values?.no?.halo)], key).toEqual([yes, no]);
    }
  });

  it('marks privilege as data: administrator, remove tickets, creation rights, and levels above read-only of six features', () => {
    const privileged = Object.entries(catalog.permissions).filter(([, d]) => d.privileged).map(([k]) => k).sort();
    expect(privileged).toEqual(expect.arrayContaining(['admin', 'administrator', 'canDeleteTickets', 'canCreateTicketTypes', 'canCreateScheduledTickets', 'canCreateRoles', 'canCreateTicketRules']));
    const codes = Object.entries(catalog.permissions).filter(([, d]) => d.privileged && d.group === 'Configuration').map(([, d]) => ('claim' in d.target ? d.target.claim : ''));
    expect(codes.sort()).toEqual(['Ad', 'Af', 'Al', 'Aq', 'Ar', 'As', 'At', 'Av', 'Az', 'Cp', 'Fl', 'lt', 'ls', 'ly', 'mg'].sort());
    const values = Object.entries(catalog.permissions).flatMap(([k, d]) => valueTable(d).filter((v) => v.privileged).map((v) => `${k}.${v.name}`));
    expect(values.sort()).toEqual([
      'assets.readModify', 'assets.readModifyRemove', 'billingDetails.readModify', 'customers.readModify',
      'invoices.readModify', 'invoices.readModifyRemove', 'tickets.readModify', 'users.readModify',
    ]);
  });

  it('names the access list each "allow all" flag governs', () => {
    const flags = Object.fromEntries(Object.values(catalog.permissions).flatMap((d) => (d.restriction && 'claim' in d.target ? [[d.target.claim, d.restriction.access]] : [])));
    expect(flags).toEqual({ Ft: 'ticketTypes', Fc: 'customers', Fa: 'assetTypes', Ff: 'assetFields' });
  });

  it('reads claims case-sensitively (LC is Chat Level, lc is change ticket type), legacy names and both yes/no spellings', () => {
    expect(claimOwners(catalog).get('LC')?.key).toBe('chat');
    expect(claimOwners(catalog).get('lc')?.key).toBe('canChangeTicketType');
    expect(readClaim(catalog, { type: 'Can_Log_Tickets', value: 'true' })).toMatchObject({ owner: { key: 'canAddTickets', code: 'l6', legacy: true }, friendly: true, alternateSpelling: true });
    expect(readClaim(catalog, { type: 'l6', value: '1' })).toMatchObject({ friendly: true, alternateSpelling: false });
    expect(readClaim(catalog, { type: 'SA', value: 'True' })).toMatchObject({ friendly: true, alternateSpelling: true });
    expect(readClaim(catalog, { type: 'Hx', value: '4' }).friendly).toBe('readModifyAll');
    // Never the nearest value: 7 is not on the tickets scale.
    expect(readClaim(catalog, { type: 'Tx', value: '7' })).toEqual({ claim: { type: 'Tx', value: '7' }, owner: expect.objectContaining({ key: 'tickets' }), alternateSpelling: false });
    expect(readClaim(catalog, { type: 'ZZ', value: '1' }).owner).toBeUndefined();
  });
});

describe('permission overrides (policy.catalog, deep merge)', () => {
  it('teaches a permission a new value and keeps the rest of its table', () => {
    const file = overrideFile('permissions:\n  tickets:\n    values:\n      readModifyAll: { halo: "7", label: "Read and Modify (All)", verified: true, source: "our tenant 2025-06" }\n');
    const r = loadCatalog(file);
    expect(r.diagnostics).toEqual([]);
    expect(valueTable(r.catalog.permissions.tickets!).map((v) => v.name)).toEqual(['none', 'readOnly', 'readModify', 'readModifyAll']);
    expect(readClaim(r.catalog, { type: 'Tx', value: '7' }).friendly).toBe('readModifyAll');
    expect(r.catalog.permissions.tickets?.target).toEqual({ claim: 'Tx' });
  });

  it('re-targets a code and adds an alias', () => {
    const file = overrideFile('permissions:\n  chat:\n    target: { claim: Cl }\n    aliases: [Chat_Lvl, Chat_Level]\n');
    const r = loadCatalog(file);
    expect(r.diagnostics).toEqual([]);
    expect(readClaim(r.catalog, { type: 'Chat_Level', value: '1' })).toMatchObject({ owner: { key: 'chat', code: 'Cl', legacy: true }, friendly: 'readOnly' });
  });

  it('refuses a claim type used by two permissions and a yes/no claim without yes and no, at their positions', () => {
    const file = overrideFile(['permissions:', '  chat:', '    target: { claim: Tx }', '  canAddTickets:', '    values:', '      maybe: { halo: "2", label: Maybe, verified: false, source: "x" }', ''].join('\n'));
    expect(loadCatalog(file).diagnostics.map(formatDiagnostic)).toEqual([
      `${file}:3:15: catalog permissions.chat.target.claim: claim type 'Tx' is also used by permission 'tickets'`,
      `${file}:5:5: catalog permissions.canAddTickets.values: a yes/no claim permission needs exactly the values 'yes' and 'no'`,
    ]);
  });

  it('reads a listed spelling as the code, and refuses a spelling that is another permission\'s code, at its position', () => {
    const stock = loadCatalog(overrideFile('{}\n')).catalog;
    expect(readClaim(stock, { type: 'TD', value: '1' })).toMatchObject({ owner: { key: 'canRemoveTodos', code: 'Td', legacy: false, alias: 'spelling' }, friendly: true });
    // Claim types compare case-sensitively: a case variant the catalog does not list is unknown.
    expect(readClaim(stock, { type: 'tD', value: '1' }).owner).toBeUndefined();
    const file = overrideFile('permissions:\n  canChangeTicketType:\n    spellings: [LC]\n');
    expect(loadCatalog(file).diagnostics.map(formatDiagnostic)).toEqual([
      `${file}:3:17: catalog permissions.canChangeTicketType.spellings.0: claim type 'LC' is also used by permission 'chat'`,
    ]);
  });

  it('refuses a value without its UI label', () => {
    const file = overrideFile('permissions:\n  tickets:\n    values:\n      all: { halo: "3", verified: false, source: "guess" }\n');
    expect(loadCatalog(file).diagnostics.map(formatDiagnostic)).toEqual([`${file}:4:7: catalog permissions.tickets.values.all: is missing 'label'`]);
  });
});

/**
 * The vendor guides' permission tables (shared/seeds/), literally: each row is the guide's label
 * and value, where the blueprint's spec must say it (dotted path, friendly value), and what Halo
 * must receive for it (a claim code and stored value from ROLE-SQL-A, or an agent field). The
 * expansion tests check the spec side; sent.test.ts checks the request bodies the simulator logged.
 */

/** What Halo receives for a row: `{claim: code}` or `{field: Uname field}`, and the value sent. */
export type Wire = { claim: string; value: string } | { field: string; value: unknown };

/** label, guide value, spec path, friendly value, what is sent. */
export type GuideRow = [label: string, guideValue: string, specPath: string, specValue: unknown, wire: Wire];

const claim = (code: string, value: string): Wire => ({ claim: code, value });
const field = (name: string, value: unknown): Wire => ({ field: name, value });

/** seed 002 (Moovila), "Setting up HaloPSA's API Pre-Integration", Permissions tab and "is an API-only Agent". */
export const MOOVILA_PERMISSIONS: GuideRow[] = [
  ['Is a HaloPSA Administrator', 'No', 'admin', false, field('is_admin', false)],
  ['Tickets Access Level', 'Read and Modify', 'permissions.tickets', 'readModify', claim('Tx', '2')],
  ['Customers Access Level', 'Ready Only', 'permissions.customers', 'readOnly', claim('Ux', '2')],
  ['Calendars and Appointments Access Level', 'Read and Modify', 'permissions.calendars', 'readModify', claim('Ax', '2')],
  ['Products Access Level', 'Read Only', 'permissions.products', 'readOnly', claim('Ix', '2')],
  ['Sales Access Level', 'Read Only', 'permissions.sales', 'readOnly', claim('Ox', '1')],
  ['Timesheets Access Level', 'Read and Modify (All)', 'permissions.timesheets', 'readModifyAll', claim('Hx', '4')],
  ['Can add new Tickets', 'Yes', 'permissions.canAddTickets', true, claim('l6', '1')],
  ['Can edit closed Tickets', 'Yes', 'permissions.canEditClosedTickets', true, claim('lf', '1')],
  ['Can view Unassigned Tickets', 'Yes', 'permissions.canViewUnassignedTickets', true, claim('l9', '1')],
  ['Can view Tickets that are assigned to other Agents', 'Yes', 'permissions.canViewOtherAgentsTickets', true, claim('l8', '1')],
  ['Can change a Tickets Ticket Type', 'Yes', 'permissions.canChangeTicketType', true, claim('lc', '1')],
  ['Can Re-Assign Tickets', 'Yes', 'permissions.canReassignTickets', true, claim('l7', '1')],
  ['Can Edit Advanced Ticket Details', 'Yes', 'permissions.canEditAdvancedTicketDetails', true, claim('l1', '1')],
  ['Editing of Actions', 'Can Edit All Actions', 'permissions.actionEditing', 'all', claim('l5', '3')],
  ['Can Delete Tickets', 'Yes', 'permissions.canDeleteTickets', true, claim('l4', '1')],
  ['Can assign to Agents in Teams the Agent is not a member of', 'Yes', 'permissions.canAssignOutsideOwnTeams', true, claim('ld', '1')],
  ['Can Edit Tickets Which Are Not Assigned to Them', 'Yes', 'permissions.canEditTicketsNotAssignedToThem', true, claim('le', '1')],
  ['Can always update Ticket Statuses and re-assign Tickets outside of actions', 'Yes', 'permissions.canUpdateStatusOutsideActions', true, claim('lo', '1')],
  ['Can remove To-Do items', 'Yes', 'permissions.canRemoveTodos', true, claim('Td', '1')],
  ['Editing of Appointments', 'Can Edit All Appointments', 'permissions.appointmentEditing', 'all', claim('lb', '3')],
  ['Adding New Appointments', 'Can Add All Appointments', 'permissions.appointmentAdding', 'all', claim('lg', '2')],
  ['Visibility of Appointments', 'Can View All Appointments', 'permissions.appointmentVisibility', 'all', claim('lz', '3')],
  ['Deleting of Appointments', 'Can Delete All Appointments', 'permissions.appointmentDeleting', 'all', claim('lr', '3')],
  ['Allow use of all Ticket Types', 'Yes', 'access.ticketTypes', 'all', claim('Ft', '1')],
  ['Allow use of all Customers', 'Yes', 'access.customers', 'all', claim('Fc', '1')],
  ['Allow creation of new Ticket Types and linked objects', 'Yes', 'permissions.canCreateTicketTypes', true, claim('At', '1')],
  ['is an API-only Agent', 'checked', 'apiOnly', true, field('isapiagent', true)],
];

/** seed 003 (Perimeters), "Required Privileges for Agent Account". */
export const PERIMETERS_PRIVILEGES: GuideRow[] = [
  ['Tickets Access Level', 'Read and Modify', 'permissions.tickets', 'readModify', claim('Tx', '2')],
  ['Clients Access Level', 'Read Only', 'permissions.customers', 'readOnly', claim('Ux', '2')],
  ['Users Access Level', 'Read Only', 'permissions.users', 'readOnly', claim('Fx', '2')],
  ['Assets Access Level', 'Read Only', 'permissions.assets', 'readOnly', claim('Dx', '1')],
  ['Can add new Tickets', 'Yes', 'permissions.canAddTickets', true, claim('l6', '1')],
  ['Can edit closed Tickets', 'Yes', 'permissions.canEditClosedTickets', true, claim('lf', '1')],
  ['Can view Unassigned Tickets', 'Yes', 'permissions.canViewUnassignedTickets', true, claim('l9', '1')],
  ['Can view Tickets that are assigned to other Agents', 'Yes', 'permissions.canViewOtherAgentsTickets', true, claim('l8', '1')],
  ["Can change a Ticket's Ticket Type", 'Yes', 'permissions.canChangeTicketType', true, claim('lc', '1')],
  ['Can Re-assign Tickets', 'Yes', 'permissions.canReassignTickets', true, claim('l7', '1')],
  ['Can Edit Advanced Ticket Details', 'Yes', 'permissions.canEditAdvancedTicketDetails', true, claim('l1', '1')],
  ['Editing of Actions', 'Can Edit Own Actions Only', 'permissions.actionEditing', 'ownOnly', claim('l5', '1')],
  ['Can assign to Agents in Teams the Agent is not a member of', 'Yes', 'permissions.canAssignOutsideOwnTeams', true, claim('ld', '1')],
  ['Can Edit Tickets Which Are Not Assigned To Them', 'Yes', 'permissions.canEditTicketsNotAssignedToThem', true, claim('le', '1')],
  ['Can always update Ticket Statuses and re-assign Tickets outside of actions', 'Yes', 'permissions.canUpdateStatusOutsideActions', true, claim('lo', '1')],
  ['Allow use of all Asset Types', 'Yes', 'access.assetTypes', 'all', claim('Fa', '1')],
  ['Allow use of all Ticket Types', 'Yes', 'access.ticketTypes', 'all', claim('Ft', '1')],
  ['Allow use of all Asset Fields', 'Yes', 'access.assetFields', 'all', claim('Ff', '1')],
];

/** seed 004 (Rewst), "Required for Mapping Customers in the Integration" (the guide leaves the rest to the reader). */
export const REWST_REQUIRED: GuideRow[] = [
  ['Allow use of all Customers (Client Restriction)', 'Yes', 'access.customers', 'all', claim('Fc', '1')],
];

/** environments/rewst/rewst.yaml: the permissions that example environment chooses (with.permissions). */
export const REWST_EXAMPLE_CHOICES: GuideRow[] = [
  ['Tickets Access Level', 'Read and Modify (environment choice)', 'permissions.tickets', 'readModify', claim('Tx', '2')],
  ['Clients Access Level', 'Read Only (environment choice)', 'permissions.customers', 'readOnly', claim('Ux', '2')],
];

/** Reads a dotted path from an object. */
export function at(spec: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), spec);
}

/**
 * Halo API permission scopes (halo-api.md §3). Scopes not listed here are rejected with
 * `invalid_scope`, notably read:actions / edit:actions (confirmed invalid on a live tenant) and
 * read:agents / edit:agents / read:users / read:teams (claimed by one third party, probably wrong).
 */

const areas = [
  'tickets', 'calendar', 'customers', 'crm', 'contracts', 'suppliers', 'items', 'projects', 'sales', 'quotes',
  'sos', 'pos', 'invoices', 'reporting', 'timesheets', 'software', 'softwarelicensing', 'kb', 'assets',
  'distributionlists',
];

/** Every scope name the simulator's token endpoint accepts. */
export const knownScopes: ReadonlySet<string> = new Set([
  'all',
  'all:standard',
  'admin',
  'all:teams',
  'admin:webhooks',
  'editMine:timesheets',
  'access:chat',
  'access:adpasswordreset',
  ...areas.flatMap((a) => [`read:${a}`, `edit:${a}`]),
]);

/** True when an application holding `granted` scopes may request `scope` (edit:X implies read:X). */
export function scopeGranted(scope: string, granted: ReadonlySet<string>): boolean {
  if (granted.has('all') || granted.has(scope)) return true;
  const m = /^read:(.+)$/.exec(scope);
  return m !== null && granted.has(`edit:${m[1]}`);
}

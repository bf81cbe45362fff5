/**
 * How observations are written: codes as Halo sent them and counts, never names or e-mail
 * addresses. Every value doctor quotes goes through `code` / `quoted`, which print anything that
 * does not look like a code (an '@', long text) as its length only, so markdown meant for a bug
 * report cannot carry a name or an address even when a tenant stores one where a code belongs.
 */

import { isCode } from '../model/catalog-overrides.js';

export { isCode };

/** A value as a bare code (claim types, scope names, header names). */
export function code(v: unknown): string {
  if (typeof v === 'string') return isCode(v) ? (v === '' ? '""' : v) : `(a value of ${v.length} characters)`;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v === null) return 'null';
  if (v === undefined) return '(none)';
  return Array.isArray(v) ? '(a list)' : '(an object)';
}

/** A value quoted as JSON would (claim values, grant types): `"7"`, `0`. */
export function quoted(v: unknown): string {
  return typeof v === 'string' && isCode(v) ? JSON.stringify(v) : code(v);
}

/** `1 agent`, `2 roles`. */
export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** `on 1 agent and 2 roles` (parts with 0 left out). */
export function onHolders(agents: number, roles: number): string {
  const parts = [agents > 0 ? count(agents, 'agent') : '', roles > 0 ? count(roles, 'role') : ''].filter(Boolean);
  return `on ${parts.join(' and ') || 'nothing'}`;
}

/** `a, b and c`. */
export function listing(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** Why a check saw nothing: the failed read, without its path (paths may hold ids). */
export function notRead(what: string, failure: { status: number } | undefined): string {
  return `${what} could not be read${failure && failure.status > 0 ? ` (HTTP ${failure.status})` : ''}; see the error on stderr`;
}

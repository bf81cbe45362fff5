/**
 * The kind constructs, re-exported for TypeScript users (classes, props, Spec types and declarations).
 * The registry finds a kind's file by its name (constructs/registry.ts), not through this barrel.
 */
export * from './agent.js';
export * from './agent-access.js';
export * from './application.js';
export * from './department.js';
export * from './permissions.js';
export * from './role.js';
export * from './settings.js';
export * from './team.js';
export * from './ticket-type.js';

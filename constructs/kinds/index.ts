/**
 * The kind constructs, re-exported for TypeScript users (classes, props and Spec types). Which construct
 * belongs to which kind is the registry's business (src/kinds/index.ts `KINDS`), not this barrel's.
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

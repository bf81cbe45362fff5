/**
 * THE kind registry: the resource kinds halo-iac manages, one line each, in THE kind order (a kind
 * comes after every kind it may reference: Agent refers to TicketType through access.ticketTypes,
 * so TicketType comes first). Everything else about a kind is found from its name, like its schema
 * always was: schemas/<kebab>.schema.json, constructs/kinds/<kebab>.ts (its spec, construct and
 * field table) and src/kinds/<kebab>.ts (its Halo endpoint and hand-written parts). The
 * desired-state order (constructs/graph.ts) and apply (src/kinds kindOrder) both use this order,
 * refined by object references. test/kinds/registry.test.ts checks that every kind has all its parts.
 */
export const RESOURCE_KINDS = ['Department', 'Team', 'Role', 'CustomField', 'TicketType', 'Agent', 'Application', 'Webhook', 'Settings'] as const;

/** A resource kind's name: the closed union of RESOURCE_KINDS. */
export type KindName = (typeof RESOURCE_KINDS)[number];

/** Every `kind:` a manifest document may have. */
export const MANIFEST_KINDS = ['Environment', ...RESOURCE_KINDS, 'Blueprint'] as const;

/** The `kind:` of a manifest document. */
export type ManifestKind = (typeof MANIFEST_KINDS)[number];

/** `<kind>/<name>` with the kind in lower case, e.g. `agent/Moovila API`. */
export function addressOf(kind: KindName, name: string): string {
  return `${kind.toLowerCase()}/${name}`;
}

/**
 * THE name normaliser: every place halo-iac matches names (live objects, references, customers,
 * duplicate declarations, export) compares these keys. Unicode NFC (an "é" typed as one code point
 * or as e + accent is one name), trimmed, runs of inner whitespace collapsed to one space, and
 * case-insensitive (design.md §3; issue 9 §2).
 */
export function naturalKey(name: string): string {
  return name.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
}

/** `TicketType` -> `ticket-type`: the file-name form of a kind (its schema, construct and handler files). */
export function kebabKind(kind: string): string {
  return kind.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}

/** `TicketType` -> `ticket type`: the kind in the words of messages. */
export function kindWords(kind: string): string {
  return kind.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
}

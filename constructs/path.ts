/**
 * A construct's path as its author wrote it: `app/rewst/Automation` for `new Team(environment,
 * 'Automation')` in the environment rewst. Construct ids carry the kind (`Team:Automation`, so a
 * team and an agent may share a name); the path shows the id the code passed. Objects and
 * blueprints are recognised by their registered symbols, not their classes: object.ts uses this
 * file, and importing the blueprint base from here would close an import cycle through the kinds.
 */
import type { IConstruct } from 'constructs';

const HALO_OBJECT = Symbol.for('halo-iac.HaloObject');
const BLUEPRINT = Symbol.for('halo-iac.Blueprint');

/** The id a construct's creator passed (without the `Kind:` or `Blueprint:` prefix). */
function writtenId(c: IConstruct): string {
  const id = c.node.id;
  const prefixed = HALO_OBJECT in c || BLUEPRINT in c;
  return prefixed ? id.slice(id.indexOf(':') + 1) : id;
}

/** The root's id, then each scope's written id, joined by `/`. */
export function constructPath(c: IConstruct): string {
  return c.node.scopes.map(writtenId).join('/');
}

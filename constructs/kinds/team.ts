/** Team: a Halo team (/api/Team, SectionDetail), optionally in a department. */
import type { Construct } from 'constructs';
import type { Reference } from '../../src/model/desired.js';
import type { Checker } from '../checker.js';
import { HaloObject, type ObjectProps } from '../object.js';

/** What a team is used for (catalog teamUse names). */
export type TeamUse = 'tickets' | 'opportunities' | 'projects';

/** Team spec. */
export interface TeamSpec {
  /** Department name (reference). */
  department?: string;
  use?: TeamUse[];
  inactive?: boolean;
  addToAllAgents?: boolean;
}

/** A team refers to its department. */
export function teamReferences(spec: TeamSpec): Reference[] {
  return typeof spec.department === 'string' && spec.department !== '' ? [{ kind: 'Department', name: spec.department, path: 'department' }] : [];
}

/** Props of a Team construct. */
export type TeamProps = Omit<ObjectProps<TeamSpec>, 'spec'> & { spec?: TeamSpec };

/** A team; `use` values are catalog teamUse names. */
export class Team extends HaloObject<TeamSpec> {
  constructor(scope: Construct, id: string, props: TeamProps = {}) {
    super(scope, 'Team', id, { ...props, spec: props.spec ?? {} });
  }

  protected checkSpec(c: Checker): void {
    const s = this.spec;
    if (s.department !== undefined && (typeof s.department !== 'string' || s.department.trim() === ''))
      c.error('department', 'department must be a department name');
    c.stringList(s.use, 'use').forEach((u, i) => c.lookup('teamUse', u, `use.${i}`, 'team use'));
    c.boolean(s.inactive, 'inactive');
    c.boolean(s.addToAllAgents, 'addToAllAgents');
  }

  references(): Reference[] {
    return teamReferences(this.spec);
  }
}

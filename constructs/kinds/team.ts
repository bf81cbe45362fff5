/** Team: a Halo team (/api/Team, SectionDetail), optionally in a department. */
import type { Construct } from 'constructs';
import { choiceSet, flag, ref } from '../fields.js';
import { declareKind } from '../kind.js';
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

/** Props of a Team construct. */
export type TeamProps = Omit<ObjectProps<TeamSpec>, 'spec'> & { spec?: TeamSpec };

/** A team; `use` values are catalog teamUse names. */
export class Team extends HaloObject<TeamSpec> {
  constructor(scope: Construct, id: string, props: TeamProps = {}) {
    super(scope, teamKind, id, { ...props, spec: props.spec ?? {} });
  }
}

/**
 * The Team kind. `use` maps to the boolean fields catalog.teamUse names (forrequests, foropps,
 * forprojects); the department is sent as its id. The list form (SectionDetail_List) lacks
 * addtoallagents, so a team that sets addToAllAgents is read in detail.
 */
export const teamKind = declareKind(Team, {
  kind: 'Team',
  dependsOn: ['Department'],
  fields: {
    department: ref('Department', 'department_id', { by: 'id', nameField: 'department_name', nameWithoutId: true, relation: 'in' }),
    use: choiceSet('teamUse', 'team use'),
    inactive: flag('inactive'),
    addToAllAgents: flag('addtoallagents', { detailOnly: true, export: 'never' }),
  },
});

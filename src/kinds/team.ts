/**
 * Team (Halo "section", /api/Team, schema SectionDetail). Its fields are its table
 * (constructs/kinds/team.ts); here: the endpoint. The list asks for disabled and enabled teams;
 * the list form (SectionDetail_List) lacks addtoallagents, read per managed team that sets it.
 */
import { teamKind } from '../../constructs/kinds/team.js';
import type { HaloRecord } from '../halo/types.js';
import { kindHandler } from './handler.js';

/** Teams: department, use, inactive, addToAllAgents. */
export const teamHandler = kindHandler(teamKind, {
  apiPath: 'Team',
  schema: 'SectionDetail',
  delete: true,
  list: (reader) => reader.list<HaloRecord>('Team', { includedisabled: 'true', includeenabled: 'true' }),
  detail: (reader, listed) => reader.get<HaloRecord>('Team', listed.id as number),
});

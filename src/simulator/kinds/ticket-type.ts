/**
 * TicketType: /api/TicketType, schema RequestType (list items RequestType_List), int ids,
 * required `name`.
 *
 * Quirks (halo-api.md §2.5, halo-enums.md §4): bare-array list. `default_team` is a team NAME
 * string, stored and returned as sent (not checked, not renamed with the team). `allowed_teams`
 * rows (SectionRequestType) replace on POST; `section_id` must be a team and section_name is
 * filled. `itilrequesttype` is opaque (1 Incident, 2 Change, 3 Service Request, 4 Problem in the
 * seed). List filter: `itil_type`.
 */
import type { KindDef } from './types.js';
import { nameOf, postedArray, storedArray } from './references.js';

/** The TicketType quirk declaration. */
export const ticketTypeKind: KindDef = {
  route: 'TicketType',
  entity: 'RequestType',
  idType: 'int',
  detailSchema: 'RequestType',
  listSchema: 'RequestType_List',
  nestedSchemas: ['SectionRequestType', 'RequestTypeField'],
  list: { kind: 'array' },
  requiredField: 'name',
  serverOwned: ['guid', 'ticket_count', 'default_agent_name', 'group_name', 'workflow_name'],
  nested: ['allowed_teams'],
  defaults: () => ({
    use: 'reqs',
    sequence: 0,
    agentscanselect: true,
    cancreate: true,
    visible: true,
    enduserscanselect: false,
    anonymouscanselect: false,
    allowall_team: true,
    allowed_teams: [],
  }),
  check(item, at, ctx, errors) {
    postedArray(item, 'allowed_teams')?.forEach((row, j) => {
      if (!ctx.store.get('Team', row['section_id'])) {
        errors.push({ key: `${at}.allowed_teams[${j}].section_id`, message: `Team ${String(row['section_id'])} does not exist.` });
      }
    });
  },
  write(tt, item, ctx, created) {
    if (created) tt['guid'] = ctx.newGuid();
    const rows = postedArray(item, 'allowed_teams');
    if (rows) {
      tt['allowed_teams'] = rows.map((r) => ({
        id: ctx.store.nextId('SectionRequestType'),
        tickettype_id: tt['id'],
        section_id: r['section_id'],
        allowedteamsrestriction: r['allowedteamsrestriction'] ?? false,
      }));
    }
  },
  filter(tt, q) {
    const itil = q.int('itil_type');
    return itil === undefined || tt['itilrequesttype'] === itil;
  },
  renderList: (tt, _q, ctx) => ({ ...tt, ticket_count: 0, default_agent_name: nameOf(ctx, 'Agent', tt['default_agent']) }),
  renderDetail: (tt, _q, ctx) => ({
    ...tt,
    ticket_count: 0,
    default_agent_name: nameOf(ctx, 'Agent', tt['default_agent']),
    allowed_teams: storedArray(tt, 'allowed_teams')
      .filter((r) => ctx.store.get('Team', r['section_id']))
      .map((r) => ({ ...r, section_name: nameOf(ctx, 'Team', r['section_id']) })),
  }),
};

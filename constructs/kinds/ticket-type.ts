/** TicketType: a Halo ticket type (/api/TicketType, RequestType) with friendly ITIL type, use and hierarchy. */
import type { Construct } from 'constructs';
import type { Catalog } from '../../src/model/catalog.js';
import { choice, custom, flag, raw, ref } from '../fields.js';
import { declareKind, type SpecProblem } from '../kind.js';
import { HaloObject, type ObjectProps } from '../object.js';
import type { MembershipMode } from './agent.js';

/**
 * Which custom fields a ticket type shows, in the membership convention of an agent's `teams`:
 * `exact` removes the custom fields it does not list (standard fields are never touched),
 * `include` only adds. A plain list is `include`.
 */
export interface CustomFieldLinks {
  mode: MembershipMode;
  /** CustomField names (references). */
  members: string[];
}

/** The links a spec declares, a plain list read as `include`; undefined when it declares none. */
export function customFieldLinks(spec: TicketTypeSpec): CustomFieldLinks | undefined {
  const c = spec.customFields;
  if (c === undefined) return undefined;
  return Array.isArray(c) ? { mode: 'include', members: c } : c;
}

/** TicketType spec: friendly ITIL type, use and hierarchy (catalog names), plus raw RequestType fields. */
export interface TicketTypeSpec {
  /** catalog itilTypes name, e.g. `projects`, `tasks`, `incident`. */
  itilType?: string;
  /** catalog ticketUse name: tickets | opportunities | projects. */
  use?: string;
  /** catalog projectHierarchy name: projects | projectTasks. */
  projectHierarchy?: string;
  visibleToAgents?: boolean;
  agentsCanLog?: boolean;
  /** Team name (reference). */
  defaultTeam?: string;
  /** catalog ticketFields names, e.g. startDateTime, targetDateTime. */
  fields?: string[];
  /** The custom fields the ticket type shows (CustomField names), e.g. an integration's external id field: a list (include) or `{mode, members}`. */
  customFields?: string[] | CustomFieldLinks;
  /** Raw RequestType fields for anything not mapped. */
  raw?: Record<string, unknown>;
}

/** Props of a TicketType construct. */
export type TicketTypeProps = Omit<ObjectProps<TicketTypeSpec>, 'spec'> & { spec?: TicketTypeSpec };

/** A ticket type. */
export class TicketType extends HaloObject<TicketTypeSpec> {
  constructor(scope: Construct, id: string, props: TicketTypeProps = {}) {
    super(scope, ticketTypeKind, id, { ...props, spec: props.spec ?? {} });
  }

  /** Shows one more field on the ticket type (catalog ticketFields name). */
  addField(field: string): this {
    return this.addOnce((this.spec.fields ??= []), field);
  }

  /** Shows one more custom field on the ticket type (a CustomField's name); the mode stays as declared. */
  addCustomField(name: string): this {
    const c = (this.spec.customFields ??= []);
    return this.addOnce(Array.isArray(c) ? c : c.members, name);
  }
}

/**
 * The hierarchy writes its own ITIL type (catalog projectHierarchy.itilType) over `itilType`, so a
 * different `itilType` could never converge: apply would write one and re-plan the other forever.
 */
function hierarchyContradiction(spec: TicketTypeSpec, catalog: Catalog): SpecProblem[] {
  const h = spec.projectHierarchy !== undefined ? catalog.projectHierarchy[spec.projectHierarchy] : undefined;
  if (!h || spec.itilType === undefined || spec.itilType === h.itilType) return [];
  return [{
    path: 'itilType',
    message: `itilType '${spec.itilType}' contradicts projectHierarchy '${spec.projectHierarchy}', which sets the ITIL type '${h.itilType}' (set itilType: ${h.itilType} or drop one of them)`,
  }];
}

/**
 * The TicketType kind. `default_team` is a team NAME, not an id (halo-api.md §2.5). The project
 * hierarchy sets several fields (catalog projectHierarchy) and `fields` adds catalog field ids to
 * the live ones: both are hand-written (src/kinds/ticket-type.ts), as is `customFields`, which adds
 * custom fields (CustomField references) to the same field rows, or with `mode: exact` also removes
 * the custom fields it does not list (never a standard field). The links live here, not on the
 * CustomField: they are rows of the ticket type (RequestType.fields), so one object writes that list
 * and the custom field stays one POST to its own endpoint. Payload order is table order: the
 * hierarchy's ITIL type wins over `itilType`, `raw` over everything. The list form
 * (RequestType_List) lacks the hierarchy's fields and the `fields` rows (it has only fieldidlist),
 * and may lack any raw field: those (and `customFields`, which are `fields` rows too) are detail-only.
 */
export const ticketTypeKind = declareKind(TicketType, {
  kind: 'TicketType',
  dependsOn: ['Team', 'CustomField'],
  fields: {
    itilType: choice('itilrequesttype', 'itilTypes', 'ITIL type'),
    use: choice('use', 'ticketUse', 'ticket type use'),
    projectHierarchy: custom<TicketTypeSpec>({ detailOnly: true }),
    visibleToAgents: flag('agentscanselect'),
    agentsCanLog: flag('cancreate'),
    defaultTeam: ref('Team', 'default_team', { by: 'name', relation: 'defaults to' }),
    fields: custom<TicketTypeSpec>({ detailOnly: true }),
    customFields: custom<TicketTypeSpec>({
      detailOnly: true,
      references: (s) => {
        const at = Array.isArray(s.customFields) ? 'customFields' : 'customFields.members';
        return (customFieldLinks(s)?.members ?? []).map((name, i) => ({ kind: 'CustomField' as const, name, path: `${at}.${i}` }));
      },
    }),
    raw: raw({ detailOnly: true }),
  },
  check(spec, c) {
    if (spec.projectHierarchy !== undefined) {
      const h = c.lookup('projectHierarchy', spec.projectHierarchy, 'projectHierarchy', 'project hierarchy');
      if (h && spec.itilType !== undefined && spec.itilType !== h.itilType)
        c.warn('itilType', `project hierarchy '${spec.projectHierarchy}' expects itilType '${h.itilType}', got '${spec.itilType}'`);
    }
    (Array.isArray(spec.fields) ? spec.fields : []).forEach((f, i) => c.lookup('ticketFields', f, `fields.${i}`, 'ticket field'));
  },
  neverConverges: hierarchyContradiction,
});

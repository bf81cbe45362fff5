/** TicketType: a Halo ticket type (/api/TicketType, RequestType) with friendly ITIL type, use and hierarchy. */
import type { Construct } from 'constructs';
import type { Reference } from '../../src/model/desired.js';
import type { Checker } from '../checker.js';
import { HaloObject, type ObjectProps } from '../object.js';

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
  /** Raw RequestType fields for anything not mapped. */
  raw?: Record<string, unknown>;
}

/** A ticket type refers to its default team. */
export function ticketTypeReferences(spec: TicketTypeSpec): Reference[] {
  return typeof spec.defaultTeam === 'string' && spec.defaultTeam !== '' ? [{ kind: 'Team', name: spec.defaultTeam, path: 'defaultTeam' }] : [];
}

/** Props of a TicketType construct. */
export type TicketTypeProps = Omit<ObjectProps<TicketTypeSpec>, 'spec'> & { spec?: TicketTypeSpec };

/** A ticket type. */
export class TicketType extends HaloObject<TicketTypeSpec> {
  constructor(scope: Construct, id: string, props: TicketTypeProps = {}) {
    super(scope, 'TicketType', id, { ...props, spec: props.spec ?? {} });
  }

  /** Shows one more field on the ticket type (catalog ticketFields name). */
  addField(field: string): this {
    const fields = (this.spec.fields ??= []);
    if (!fields.includes(field)) fields.push(field);
    this.changed();
    return this;
  }

  protected checkSpec(c: Checker): void {
    const s = this.spec;
    if (s.itilType !== undefined) c.lookup('itilTypes', s.itilType, 'itilType', 'ITIL type');
    if (s.use !== undefined) c.lookup('ticketUse', s.use, 'use', 'ticket type use');
    if (s.projectHierarchy !== undefined) {
      const h = c.lookup('projectHierarchy', s.projectHierarchy, 'projectHierarchy', 'project hierarchy');
      if (h && s.itilType !== undefined && s.itilType !== h.itilType)
        c.warn('itilType', `project hierarchy '${s.projectHierarchy}' expects itilType '${h.itilType}', got '${s.itilType}'`);
    }
    c.boolean(s.visibleToAgents, 'visibleToAgents');
    c.boolean(s.agentsCanLog, 'agentsCanLog');
    if (s.defaultTeam !== undefined && typeof s.defaultTeam !== 'string') c.error('defaultTeam', 'defaultTeam must be a team name');
    c.stringList(s.fields, 'fields').forEach((f, i) => c.lookup('ticketFields', f, `fields.${i}`, 'ticket field'));
    if (s.raw !== undefined && (typeof s.raw !== 'object' || s.raw === null || Array.isArray(s.raw))) c.error('raw', 'raw must be a mapping of RequestType fields');
  }

  references(): Reference[] {
    return ticketTypeReferences(this.spec);
  }
}

/**
 * CustomField: a Halo custom field (/api/FieldInfo, schema FieldInfo, int ids): its label, its type
 * (catalog customFieldTypes), what it belongs to (catalog customFieldUsage) and, for list types, its
 * options. Which ticket types show it is the ticket types' business (TicketType `customFields`):
 * the links are rows of each ticket type (RequestType.fields), written by that ticket type alone.
 *
 * Halo's custom fields live at /api/FieldInfo, not /api/Field: SPEC24 `Field` has no label or type
 * (its typeinfo_id, issoftware and showoncalendar are asset-type fields), RequestTypeField.fieldid
 * points at FIELDINFO (halo-claims.md) and its `fieldinfo` is a FieldInfo, and HaloAPI's
 * Get-/New-HaloCustomField use api/FieldInfo while Get-HaloField ("field types") uses api/Field.
 */
import type { Construct } from 'constructs';
import { choice, custom, text } from '../fields.js';
import { declareKind, type SpecProblem } from '../kind.js';
import { HaloObject, type ObjectProps } from '../object.js';

declare module '../../src/model/catalog.js' {
  interface Catalog {
    /** CustomField `type` -> FieldInfo.type (catalog/custom-field.yaml). */
    customFieldTypes: Record<string, CatalogValue<number>>;
    /** CustomField `usage` -> FieldInfo.usage (catalog/custom-field.yaml). */
    customFieldUsage: Record<string, CatalogValue<number>>;
  }
}

/** The types whose values are picked from `options` (halo-iac's own type names). */
export const OPTION_TYPES: readonly string[] = ['singleSelect', 'multiSelect'];

/** The type and usage a field is created with when the spec does not say. */
export const CUSTOM_FIELD_DEFAULTS = { type: 'text', usage: 'tickets' } as const;

/** CustomField spec. */
export interface CustomFieldSpec {
  label?: string;
  /** catalog customFieldTypes name, e.g. text, singleSelect. */
  type?: string;
  /** catalog customFieldUsage name: tickets (default), customers, sites, assets. */
  usage?: string;
  /** singleSelect and multiSelect only: the whole list of options. */
  options?: string[];
}

/** Props of a CustomField construct. */
export type CustomFieldProps = Omit<ObjectProps<CustomFieldSpec>, 'spec'> & { spec?: CustomFieldSpec };

/** A custom field; ticket types show it through their `customFields`. */
export class CustomField extends HaloObject<CustomFieldSpec> {
  constructor(scope: Construct, id: string, props: CustomFieldProps = {}) {
    super(scope, customFieldKind, id, { ...props, spec: props.spec ?? {} });
  }

  /** Adds one more option (list types). */
  addOption(option: string): this {
    return this.addOnce((this.spec.options ??= []), option);
  }
}

/**
 * Options on a type that has none would be sent and never read back the same: the field could
 * never converge. The type must be said with them (a field created without one is text).
 */
function optionsWithoutList(spec: CustomFieldSpec): SpecProblem[] {
  if (spec.options === undefined || (spec.type !== undefined && OPTION_TYPES.includes(spec.type))) return [];
  const types = OPTION_TYPES.join(' or ');
  return [{ path: 'options', message: spec.type === undefined ? `options need type ${types}` : `options apply to ${types} fields, not ${spec.type}` }];
}

/** The CustomField kind. Label, type and usage are plain fields; the options are hand-written (src/kinds/custom-field.ts). */
export const customFieldKind = declareKind(CustomField, {
  kind: 'CustomField',
  dependsOn: [],
  valueTables: ['customFieldTypes', 'customFieldUsage'],
  fields: {
    label: text('label'),
    type: choice('type', 'customFieldTypes', 'custom field type', { createDefault: CUSTOM_FIELD_DEFAULTS.type }),
    usage: choice('usage', 'customFieldUsage', 'custom field usage', { createDefault: CUSTOM_FIELD_DEFAULTS.usage }),
    options: custom<CustomFieldSpec>(),
  },
  neverConverges: optionsWithoutList,
});

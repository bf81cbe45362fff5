/**
 * Model binding the way Halo's ASP.NET back end does it, driven by the OpenAPI component schemas:
 * unknown fields are dropped silently, scalars of the wrong JSON type are reported with .NET's
 * converter message, and responses are projected onto the schema so they always validate
 * (every Halo schema has additionalProperties: false).
 */
import { schemaFields } from './fields.generated.js';

/** A JSON object as the simulator stores and serves it. */
export type JsonObject = Record<string, unknown>;

/** One model-state error: ASP.NET key (`[0].name`, `$[0].id`) and its message. */
export interface FieldError {
  key: string;
  message: string;
}

const dotnetType: Record<string, string> = {
  i: 'System.Int32',
  n: 'System.Double',
  s: 'System.String',
  b: 'System.Boolean',
};

/** True when `value` is a plain JSON object (not an array, not null). */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The field table of a served schema; throws for a schema the simulator was not generated with. */
export function fieldsOf(schema: string): Record<string, string> {
  const fields = schemaFields[schema];
  if (!fields) throw new Error(`simulator: schema ${schema} is not in fields.generated.ts`);
  return fields;
}

function typeMismatch(code: string, path: string): FieldError {
  const base = code.replace(/\?$/, '');
  const t = dotnetType[base] ?? (base.startsWith('a:') ? 'System.Collections.Generic.List`1' : 'System.Object');
  const shown = code.endsWith('?') && dotnetType[base] ? `System.Nullable\`1[${t}]` : t;
  return {
    key: `$${path}`,
    message: `The JSON value could not be converted to ${shown}. Path: $${path} | LineNumber: 0 | BytePositionInLine: 0.`,
  };
}

function bindValue(code: string, value: unknown, path: string, errors: FieldError[]): unknown {
  const nullable = code.endsWith('?');
  const base = nullable ? code.slice(0, -1) : code;
  if (value === null) {
    if (!nullable && base !== 'x') errors.push(typeMismatch(code, path));
    return null;
  }
  switch (base) {
    case 'i':
      if (typeof value !== 'number' || !Number.isInteger(value)) errors.push(typeMismatch(code, path));
      return value;
    case 'n':
      if (typeof value !== 'number') errors.push(typeMismatch(code, path));
      return value;
    case 's':
      if (typeof value !== 'string') errors.push(typeMismatch(code, path));
      return value;
    case 'b':
      if (typeof value !== 'boolean') errors.push(typeMismatch(code, path));
      return value;
    case 'x':
      return value;
  }
  if (base.startsWith('a:')) {
    if (!Array.isArray(value)) {
      errors.push(typeMismatch(code, path));
      return value;
    }
    const item = base.slice(2);
    return value.map((v, i) => bindValue(item, v, `${path}[${i}]`, errors));
  }
  // o:<Schema>: bind recursively when the simulator knows the schema, else pass through.
  const schema = base.slice(2);
  if (!isObject(value)) {
    errors.push(typeMismatch(code, path));
    return value;
  }
  return schemaFields[schema] ? bindObject(schema, value, path, errors) : value;
}

/** Binds one posted object to `schema`: unknown fields dropped, type errors pushed to `errors`. */
export function bindObject(schema: string, value: JsonObject, path: string, errors: FieldError[]): JsonObject {
  const fields = fieldsOf(schema);
  const out: JsonObject = {};
  for (const [key, v] of Object.entries(value)) {
    const code = fields[key];
    if (code === undefined || v === undefined) continue;
    out[key] = bindValue(code, v, `${path}.${key}`, errors);
  }
  return out;
}

function projectValue(code: string, value: unknown): unknown {
  const base = code.replace(/\?$/, '');
  if (value === null || value === undefined) return value;
  if (base.startsWith('a:') && Array.isArray(value)) {
    const item = base.slice(2);
    return value.map((v) => projectValue(item, v));
  }
  if (base.startsWith('o:') && isObject(value)) {
    const schema = base.slice(2);
    return schemaFields[schema] ? project(schema, value) : value;
  }
  return value;
}

/** Keeps only the fields `schema` declares (recursively for known nested schemas). */
export function project(schema: string, value: JsonObject): JsonObject {
  const fields = fieldsOf(schema);
  const out: JsonObject = {};
  for (const [key, v] of Object.entries(value)) {
    const code = fields[key];
    if (code === undefined || v === undefined) continue;
    out[key] = projectValue(code, v);
  }
  return out;
}

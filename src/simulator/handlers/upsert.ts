/**
 * POST /api/<kind>: Halo's upsert (halo-api.md §2.0). The body must be a JSON array. An item
 * without id (or id 0 / "" for GUID kinds) is created; an item with id merges the given fields.
 * The whole array is validated first and then applied, so a 400/404 changes nothing.
 * One item answers the object; several answer an array.
 */
import { duplicateKey, HttpError, modelState, problem } from '../http-error.js';
import { bindObject, isObject, type FieldError, type JsonObject } from '../schema/bind.js';
import type { KindContext, KindDef } from '../kinds/types.js';
import { QueryParams } from '../query.js';
import { detailOf } from './read.js';

const detailQuery = new QueryParams(new URLSearchParams('includedetails=true'));

function isNewId(kind: KindDef, id: unknown): boolean {
  if (id === undefined || id === null) return true;
  return kind.idType === 'int' ? id === 0 : id === '' || id === '00000000-0000-0000-0000-000000000000';
}

function listTypeError(entity: string): HttpError {
  return modelState([
    {
      key: '$',
      message: `The JSON value could not be converted to System.Collections.Generic.List\`1[${entity}]. Path: $ | LineNumber: 0 | BytePositionInLine: 1.`,
    },
  ]);
}

interface PlannedItem {
  bound: JsonObject;
  existing: JsonObject | undefined;
}

const nameKey = (v: unknown): string => String(v ?? '').trim().toUpperCase();

/** A kind's unique field (uniqueName) may not repeat a stored record's value, nor another item's. */
function uniqueNames(kind: KindDef, planned: readonly PlannedItem[], ctx: KindContext, errors: FieldError[]): void {
  if (!kind.uniqueName) return;
  const { field, taken: message } = kind.uniqueName;
  const taken = new Map<string, unknown>();
  const moving = new Set(planned.map((p) => p.existing?.['id']).filter((id) => id !== undefined).map(String));
  for (const r of ctx.store.all(kind.route)) if (!moving.has(String(r['id']))) taken.set(nameKey(r[field]), r['id']);
  planned.forEach((p, i) => {
    const value = p.bound[field] ?? p.existing?.[field];
    if (value === undefined || value === null) return;
    const key = nameKey(value);
    if (taken.has(key) && String(taken.get(key)) !== String(p.existing?.['id'])) {
      errors.push({ key: `[${i}].${field}`, message: message.replace('{0}', String(value)) });
      return;
    }
    taken.set(key, p.existing?.['id'] ?? `new-${i}`);
  });
}

function validate(kind: KindDef, body: unknown, ctx: KindContext): PlannedItem[] {
  if (!Array.isArray(body)) throw listTypeError(kind.entity);
  const errors: FieldError[] = [];
  const planned: PlannedItem[] = [];
  const seen = new Set<string>();
  body.forEach((item: unknown, i) => {
    const at = `[${i}]`;
    if (!isObject(item)) {
      errors.push({ key: `$${at}`, message: `The JSON value could not be converted to ${kind.entity}. Path: $${at} | LineNumber: 0 | BytePositionInLine: 0.` });
      return;
    }
    const before = errors.length;
    const bound = bindObject(kind.detailSchema, item, at, errors);
    const bindingFailed = errors.length > before;
    for (const f of kind.serverOwned ?? []) delete bound[f];
    let existing: JsonObject | undefined;
    if (kind.singleton) {
      existing = ctx.store.all(kind.route)[0];
      if (!isNewId(kind, bound['id']) && existing && String(bound['id']) !== String(existing['id'])) existing = undefined;
      if (!existing) throw problem(404, 'Not Found');
    } else if (!isNewId(kind, bound['id'])) {
      const key = String(bound['id']);
      if (seen.has(key)) throw duplicateKey(kind.entity);
      seen.add(key);
      existing = ctx.store.get(kind.route, key);
    } else if (kind.requiredField) {
      const v = bound[kind.requiredField];
      if (v === undefined || v === null || v === '') {
        errors.push({ key: `${at}.${kind.requiredField}`, message: `The ${kind.requiredField} field is required.` });
      }
    } else {
      errors.push({ key: `${at}.id`, message: `The id field is required.` });
    }
    // Like ASP.NET, business checks run only on items that bound cleanly.
    if (!bindingFailed) kind.check?.(bound, at, ctx, errors);
    planned.push({ bound, existing });
  });
  if (errors.length === 0) uniqueNames(kind, planned, ctx, errors);
  if (errors.length > 0) throw modelState(errors);
  // Unknown ids answer 404 only once the body itself is valid (model validation runs first).
  for (const p of planned) if (!isNewId(kind, p.bound['id']) && !p.existing) throw problem(404, 'Not Found');
  return planned;
}

function apply(kind: KindDef, { bound, existing }: PlannedItem, ctx: KindContext): JsonObject {
  const created = existing === undefined;
  const record: JsonObject = existing ?? {
    id: kind.idType === 'int' ? ctx.store.nextId(kind.route) : ctx.newGuid(),
    ...kind.defaults?.(ctx),
  };
  const nested = new Set(kind.nested ?? []);
  for (const [k, v] of Object.entries(bound)) if (k !== 'id' && !nested.has(k)) record[k] = v;
  const extra = kind.write?.(record, bound, ctx, created);
  ctx.store.put(kind.route, record);
  return { ...detailOf(kind, record, detailQuery, ctx), ...(extra ?? {}) };
}

/** Handles one POST body; throws HttpError for 400/404. */
export function upsert(kind: KindDef, body: unknown, ctx: KindContext): unknown {
  const planned = validate(kind, body, ctx);
  const saved = planned.map((p) => apply(kind, p, ctx));
  return saved.length === 1 ? saved[0] : saved;
}

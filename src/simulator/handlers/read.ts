/**
 * Generic GET list, GET by id and DELETE, driven by a KindDef. Every body is projected onto the
 * kind's schema, so it validates against spec/halo-openapi.json whatever was stored.
 */
import { HttpError, problem } from '../http-error.js';
import { project, type JsonObject } from '../schema/bind.js';
import type { KindContext, KindDef } from '../kinds/types.js';
import type { QueryParams } from '../query.js';

/** Halo silently caps every page at 100 rows (halo-api.md §4.2). */
export const maxPageSize = 100;
/** Page size when pageinate=true comes without page_size (Halo's default is unknown). */
export const defaultPageSize = 50;

/** The detail form of a record, projected onto the detail schema. */
export function detailOf(kind: KindDef, record: JsonObject, query: QueryParams, ctx: KindContext): JsonObject {
  return project(kind.detailSchema, kind.renderDetail(record, query, ctx));
}

/** GET /api/<kind>: bare array or wrapper, per the kind's list shape. */
export function listRecords(kind: KindDef, query: QueryParams, ctx: KindContext): unknown {
  if (kind.singleton) {
    const only = ctx.store.all(kind.route)[0];
    if (!only) throw problem(404, 'Not Found');
    return detailOf(kind, only, query, ctx);
  }
  const rows = ctx.store.all(kind.route).filter((r) => !kind.filter || kind.filter(r, query, ctx));
  const render = (r: JsonObject) => project(kind.listSchema, kind.renderList(r, query, ctx));
  const shape = kind.list;
  const paged = shape.kind !== 'array' && query.bool('pageinate');
  if (shape.kind === 'array' || (shape.kind === 'array-or-paged' && !paged)) return rows.map(render);
  if (!paged) {
    const count = query.int('count');
    const limited = count !== undefined && count >= 0 ? rows.slice(0, count) : rows;
    return { record_count: rows.length, [shape.key]: limited.map(render) };
  }
  const size = Math.min(Math.max(query.int('page_size') ?? defaultPageSize, 1), maxPageSize);
  const pageNo = Math.max(query.int('page_no') ?? 1, 1);
  const page = rows.slice((pageNo - 1) * size, pageNo * size);
  return { page_no: pageNo, page_size: size, record_count: rows.length, [shape.key]: page.map(render) };
}

/** The stored record for `id`, or a 404 HttpError. */
export function findRecord(kind: KindDef, id: string, ctx: KindContext): JsonObject {
  const record = ctx.store.get(kind.route, id);
  if (!record) throw problem(404, 'Not Found');
  return record;
}

/** GET /api/<kind>/<id>. */
export function getRecord(kind: KindDef, id: string, query: QueryParams, ctx: KindContext): JsonObject {
  if (kind.singleton) throw problem(404, 'Not Found');
  return detailOf(kind, findRecord(kind, id, ctx), query, ctx);
}

/** DELETE /api/<kind>/<id>: returns the deleted object (rendered before removal). */
export function deleteRecord(kind: KindDef, id: string, query: QueryParams, ctx: KindContext): JsonObject {
  if (kind.singleton) throw new HttpError(405, { type: 'https://tools.ietf.org/html/rfc7231#section-6.5.5', title: 'Method Not Allowed', status: 405 }, { allow: 'GET, POST' });
  const record = findRecord(kind, id, ctx);
  const out = detailOf(kind, record, query, ctx);
  ctx.store.remove(kind.route, id);
  return out;
}

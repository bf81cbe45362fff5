/**
 * The resource server: routes /api requests (case-insensitive) to the generic handlers, plus
 * the kinds' sub-routes (Agent/me, Team/Tree: declared in their kind files); /api/authinfo is
 * anonymous and answered by server.ts. Transport concerns (auth, rate limit, faults, logging) stay in server.ts.
 */
import { HttpError, modelState, problem } from './http-error.js';
import type { KindContext } from './kinds/types.js';
import { kindForRoute } from './kinds/index.js';
import { deleteRecord, getRecord, listRecords } from './handlers/read.js';
import { upsert } from './handlers/upsert.js';
import type { QueryParams } from './query.js';
import type { TokenGrant } from './auth.js';

/** One parsed /api request. */
export interface ApiRequest {
  method: string;
  /** Path segments after /api, e.g. ['Agent', '5']. */
  segments: string[];
  query: QueryParams;
  /** Raw body text (JSON for POST). */
  body: string;
  contentType: string;
  grant: TokenGrant;
}

function parseJsonBody(req: ApiRequest): unknown {
  if (!req.contentType.toLowerCase().includes('json')) {
    throw new HttpError(415, { type: 'https://tools.ietf.org/html/rfc7231#section-6.5.13', title: 'Unsupported Media Type', status: 415 });
  }
  if (req.body.trim() === '') throw modelState([{ key: '', message: 'A non-empty request body is required.' }]);
  try {
    return JSON.parse(req.body) as unknown;
  } catch {
    throw modelState([{ key: '$', message: `'${req.body.trim().charAt(0)}' is an invalid start of a value. Path: $ | LineNumber: 0 | BytePositionInLine: 0.` }]);
  }
}

/** Handles an authenticated /api request; returns the 2xx body or throws HttpError. */
export function handleApi(req: ApiRequest, ctx: KindContext): unknown {
  const [route = '', sub, ...rest] = req.segments;
  const kind = kindForRoute(route);
  if (!kind || rest.length > 0) throw problem(404, 'Not Found');
  const subLower = sub?.toLowerCase();
  switch (req.method) {
    case 'GET':
      if (sub === undefined) return listRecords(kind, req.query, ctx);
      if (subLower !== undefined && kind.subRoutes?.[subLower]) return kind.subRoutes[subLower](req.query, ctx, req.grant.applicationId);
      return getRecord(kind, sub, req.query, ctx);
    case 'POST':
      if (sub !== undefined) throw problem(404, 'Not Found');
      return upsert(kind, parseJsonBody(req), ctx);
    case 'DELETE':
      if (sub === undefined) throw problem(405, 'Method Not Allowed');
      return deleteRecord(kind, sub, req.query, ctx);
    default:
      throw problem(405, 'Method Not Allowed');
  }
}

/**
 * The Halo client contract. Everything halo-iac sends to Halo goes through one HaloWriter;
 * planning only ever receives a HaloReader (no write methods exist on it at run time).
 */
import type { Dispatcher } from 'undici';
import type { ProbeResponse } from './probe.js';

/** A Halo record as JSON. Field names are Halo's (see spec/halo-openapi.json). */
export type HaloRecord = Record<string, unknown>;

/**
 * An API path segment under /api, e.g. `Agent` or `TicketType`. Halo (and the simulator) match routes
 * case-insensitively, so any spelling works; handlers declare theirs (`apiPath`) and the client sends
 * known routes in one canonical casing (endpoint.ts). Deliberately an open string: a new kind's
 * route needs no edit here, and src/halo stays independent of the kind registry.
 */
export type HaloPath = string;

export type Query = Record<string, string | number | boolean | undefined>;

export interface ListOptions {
  /**
   * Set for endpoints that paginate: send pageinate=true&page_size=<pageSize>&page_no=N and follow
   * the pages. Callers pass the catalog's listShapes pageCap for the path (the most Halo returns a page).
   */
  pageSize?: number;
}

export interface ClientStats {
  /** HTTP requests sent to the resource server (excludes token requests). */
  requests: number;
  reads: number;
  writes: number;
  tokenRequests: number;
  retries: number;
  /** Responses with status 429 received. */
  status429: number;
  /** Total milliseconds spent waiting for the client-side rate budget. */
  rateLimitWaitMs: number;
}

export type ClientEvent =
  | { type: 'request'; method: string; path: string; status: number; ms: number; rateLimit?: Record<string, string> }
  | { type: 'retry'; method: string; path: string; attempt: number; delayMs: number; reason: string }
  /** The client budget is full: the next request waits `ms`; `budget` is the limit being kept. */
  | { type: 'rate-wait'; ms: number; budget?: BudgetOptions }
  | { type: 'token'; renewed: boolean }
  | { type: 'warning'; message: string };

export interface HaloReader {
  /** GET /api/<path>; a bare array, or all pages of a `{record_count, <plural>}` wrapper. */
  list<T = HaloRecord>(path: HaloPath, query?: Query, options?: ListOptions): Promise<T[]>;
  /** GET /api/<path>/<id>. 404 -> HaloApiError with status 404. */
  get<T = HaloRecord>(path: HaloPath, id: string | number, query?: Query): Promise<T>;
  /** GET /api/<path> of a singleton such as Control (unwraps a `{control: {...}}` wrapper). */
  getSingleton<T = HaloRecord>(path: HaloPath): Promise<T>;
  /** GET /api/Agent/me: the agent the token logs in as. */
  me(): Promise<HaloRecord>;
  /** GET /api/<path> once, body as Halo sent it (doctor: wrapper keys, page sizes). */
  probe(path: HaloPath, query?: Query): Promise<ProbeResponse>;
  readonly stats: ClientStats;
  /** The client-side rate budget this client keeps (undefined: none), for estimates of long work. */
  readonly budget?: BudgetOptions;
}

export interface HaloWriter extends HaloReader {
  /** POST /api/<path> with an array body; always resolves to an array of saved objects. */
  upsert<T = HaloRecord>(path: HaloPath, items: HaloRecord[]): Promise<T[]>;
  /** DELETE /api/<path>/<id>; resolves to the deleted object. */
  remove(path: HaloPath, id: string | number): Promise<HaloRecord>;
}

export interface RetryOptions {
  /** Retries after the first attempt (default 6). */
  maxRetries: number;
  /** First backoff (default 500 ms), doubled per attempt, with full jitter. */
  baseDelayMs: number;
  /** Cap of one backoff (default 30 s). */
  maxDelayMs: number;
  /**
   * Retries after a 429 without Retry-After (default 14). Halo's window is a rolling 5 minutes,
   * so the 429 schedule is longer than the one for errors: it must outlast the window.
   */
  rateLimitRetries: number;
  /** Cap of one 429 backoff (default 60 s). */
  rateLimitMaxDelayMs: number;
  /**
   * Retries of a refused connection (default 4, from 250 ms doubling: under 4 s in all). Brief on
   * purpose: nothing listens there, most likely a wrong URL or a simulator not (yet) running.
   */
  refusedRetries: number;
  /** First delay before retrying a refused connection (default 250 ms), doubled per retry. */
  refusedDelayMs: number;
  /**
   * Retries of a read that got no answer within the timeout (default 1): a server that does not
   * answer in 30 s rarely answers the fourth time, and each try costs the whole timeout.
   */
  timeoutRetries: number;
}

export interface BudgetOptions {
  /** Requests allowed per rolling window (Halo hosted: 300 per 300 s). */
  requests: number;
  windowSeconds: number;
}

export interface HaloClientOptions {
  /** Resource server base, e.g. https://acme.halopsa.com (the API is <url>/api). */
  url: string;
  /** Authorisation server; else discovered via /api/authinfo, else <url>/auth. */
  authUrl?: string;
  tenant?: string;
  clientId: string;
  clientSecret: string;
  /** Space-separated scopes; default `all`. */
  scope?: string;
  /** Injected undici dispatcher (a MockAgent in tests). Default: one shared Agent. */
  dispatcher?: Dispatcher;
  /** Permit http:// to a non-loopback host. */
  insecure?: boolean;
  retry?: Partial<RetryOptions>;
  /** false: no client budget. Default: 300/300 s, but off for loopback hosts unless given. */
  budget?: BudgetOptions | false;
  /**
   * Where the per-tenant budget state shared by processes lives (shared-budget.ts); the CLI passes
   * the user's cache directory. Undefined: this client budgets its own requests only.
   */
  budgetStateDir?: string;
  /** Progress and diagnostics; never receives tokens or secrets. */
  onEvent?: (e: ClientEvent) => void;
  /** Timeout of one attempt of one request, answer body included (default 30 s; `connection.timeout`). */
  timeoutMs?: number;
  /**
   * Whole-run deadline in ms from the client's creation (`--deadline`); undefined: none. Every wait
   * (rate budget, backoff, an answer) is bounded by it; past it every call fails with one error
   * naming what it was waiting for. `deadlineLabel` is how the user wrote it, for that message.
   */
  deadlineMs?: number;
  deadlineLabel?: string;
  /** Pages one paginated list may take before it is refused (default MAX_PAGES, pagination.ts). */
  maxPages?: number;
}

/**
 * Webhook (/api/Webhook, schema Webhook; string GUID ids; halo-api.md §2.8). Its URL and active
 * flag are its table (constructs/kinds/webhook.ts); here: the endpoint, the events and the
 * authentication.
 * - `events` is the whole list of Webhook.events rows (UnameNotification), keyed by their event
 *   code (catalog webhookEvents); rows of events that stay keep their id. The list form may lack
 *   them: a managed webhook that sets `events` is read in detail.
 * - The secret (basic_password, or authentication_header for the other types) is write-only: it is
 *   read from `secretFrom` through the context (a placeholder in plan; an unset source is a plan
 *   warning and an apply refusal only when the request would send it), sent on create and when
 *   `authentication.rotate` differs from the counter halo-iac keeps in the webhook's `note`
 *   (a line `halo-iac:secret-rotate=N`; the rest of the note is kept). Nothing else about it is compared.
 */
import { BASIC_AUTHENTICATION, webhookKind, type WebhookSpec } from '../../constructs/kinds/webhook.js';
import type { HaloRecord } from '../halo/types.js';
import type { Catalog } from '../model/catalog.js';
import type { FieldCodec } from './fields.js';
import { kindHandler } from './handler.js';
import { fromHalo, nameSet, records, str, toHalo } from './lookup.js';

/** The rotate counter's line in the webhook's note. */
const ROTATE_LINE = /^halo-iac:secret-rotate=(\d+)$/m;

/** The rotate counter halo-iac left in a live webhook's note, or null when there is none. */
export function liveRotateCounter(raw: HaloRecord): number | null {
  const m = ROTATE_LINE.exec(str(raw, 'note') ?? '');
  return m?.[1] === undefined ? null : Number(m[1]);
}

/** The note with the counter line set to `n`, every other line kept. */
export function withRotateCounter(note: unknown, n: number): string {
  const line = `halo-iac:secret-rotate=${n}`;
  const text = typeof note === 'string' ? note : '';
  if (ROTATE_LINE.test(text)) return text.replace(ROTATE_LINE, line);
  return text === '' ? line : `${text.replace(/\n+$/, '')}\n${line}`;
}

/** An event as it reads: its catalog name, else its code (as a string, for the comparison). */
function eventName(catalog: Catalog, code: unknown): string {
  return String(fromHalo(catalog.webhookEvents, code));
}

/** The event code of a spec entry: a catalog name's, or the code given. */
function eventCode(catalog: Catalog, e: string | number): number | undefined {
  return typeof e === 'number' ? e : toHalo(catalog.webhookEvents, e);
}

/** `events`: the whole subscription list, compared as a set of event names. */
const events: FieldCodec<WebhookSpec> = {
  set: true,
  canonical: (spec, ctx) => nameSet((spec.events ?? []).map((e) => (typeof e === 'number' ? eventName(ctx.catalog, e) : e))),
  normalize: (live, _spec, ctx) => nameSet(liveEvents(live.raw).map((r) => eventName(ctx.catalog, r.eventno))),
  payload(p, spec, ctx, live) {
    if (spec.events === undefined) return;
    const have = live ? liveEvents(live.raw) : [];
    p.events = spec.events.flatMap((e) => {
      const code = eventCode(ctx.catalog, e);
      if (code === undefined) return [];
      // A row that stays keeps its id, so Halo updates it instead of dropping and re-adding it.
      const row = have.find((r) => String(r.eventno) === String(code));
      return [row?.id !== undefined ? { id: row.id, eventno: code } : { eventno: code }];
    });
  },
  // Names where the catalog has them, Halo codes where it does not: both plan as they read.
  export(live, ctx) {
    const out = liveEvents(live.raw).map((r) => fromHalo(ctx.catalog.webhookEvents, r.eventno));
    const names = out.filter((e): e is string => typeof e === 'string');
    const codes = out.filter((e): e is number => typeof e === 'number');
    return out.length > 0 ? [...nameSet(names), ...[...new Set(codes)].sort((a, b) => a - b)] : undefined;
  },
};

function liveEvents(raw: HaloRecord): HaloRecord[] {
  return records(raw, 'events').filter((r) => r.eventno !== undefined && r.eventno !== null);
}

/** The Halo field a type's secret goes in: the password for basic, the header for the others. */
function secretField(type: string): string {
  return type === BASIC_AUTHENTICATION ? 'basic_password' : 'authentication_header';
}

/** `authentication`: type and user name as they read, the secret through its rotate counter only. */
const authentication: FieldCodec<WebhookSpec> = {
  canonical(spec) {
    const a = spec.authentication;
    if (a === undefined) return undefined;
    return { type: a.type, ...(a.username !== undefined ? { username: a.username } : {}), ...(a.secretFrom !== undefined ? { rotate: a.rotate ?? 0 } : {}) };
  },
  normalize(live, spec, ctx) {
    const a = spec.authentication;
    if (a === undefined) return undefined;
    return {
      type: fromHalo(ctx.catalog.webhookAuthentication, live.raw.authentication_type),
      ...(a.username !== undefined ? { username: str(live.raw, 'basic_username') ?? null } : {}),
      ...(a.secretFrom !== undefined ? { rotate: liveRotateCounter(live.raw) } : {}),
    };
  },
  payload(p, spec, ctx, live) {
    const a = spec.authentication;
    if (a === undefined) return;
    p.authentication_type = toHalo(ctx.catalog.webhookAuthentication, a.type) ?? a.type;
    if (a.username !== undefined) p.basic_username = a.username;
    if (a.secretFrom === undefined) return;
    const rotate = a.rotate ?? 0;
    p.note = withRotateCounter(live?.raw.note, rotate);
    // Sent on create and when the counter moves: Halo never returns it, so nothing else can tell it changed.
    if (live && liveRotateCounter(live.raw) === rotate) return;
    const secret = ctx.secretFrom(a.secretFrom);
    if (secret !== undefined) p[secretField(a.type)] = secret;
  },
  // Never the secret or where it came from (export cannot know); a type the catalog lacks: no block.
  export(live, ctx) {
    const type = fromHalo(ctx.catalog.webhookAuthentication, live.raw.authentication_type);
    if (typeof type !== 'string') return undefined;
    const username = type === BASIC_AUTHENTICATION ? str(live.raw, 'basic_username') : undefined;
    return { type, ...(username ? { username } : {}) };
  },
};

/** Webhooks: url, events, authentication, active. */
export const webhookHandler = kindHandler(webhookKind, {
  apiPath: 'Webhook',
  schema: 'Webhook',
  delete: true,
  list: (reader) => reader.list<HaloRecord>('Webhook'),
  detail: (reader, listed) => reader.get<HaloRecord>('Webhook', listed.id as string, { includedetails: true }),
  codecs: { events, authentication },
  // The rotate counter stands for the secret it sends (as an Application's secret.rotate does).
  sensitive: ['authentication.rotate'],
});

/**
 * Sending one batch of POST items, with the two recovery paths apply needs:
 * - a lost response (network error: the write may have been committed) -> re-list the kind and
 *   match creates by natural key BEFORE re-sending, so a dropped response never makes a duplicate;
 * - a rejected batch (4xx) -> bisect until the failing items are named; the rest still converge.
 * Items carrying a generated secret have it in its pending record before they are sent
 * (secret/keeper.ts): delivered once the write is known to have committed, the record deleted
 * only on a definitive 4xx, kept (and named in the failure) whenever the outcome is unknown.
 */
import type { Catalog } from '../model/catalog.js';
import type { DesiredObject, EnvironmentConfig } from '../model/desired.js';
import type { KindName } from '../model/kinds.js';
import type { HaloRecord, HaloWriter } from '../halo/types.js';
import { isHaloApiError, type HaloApiError } from '../halo/errors.js';
import { naturalKey } from '../model/kinds.js';
import { handlerFor } from '../kinds/index.js';
import type { LiveId } from '../kinds/types.js';
import type { ResourceChange } from '../model/plan.js';
import type { EngineEventSink } from './events.js';
import { LiveIndex } from './match.js';
import { scrubSecrets } from './secrets.js';
import { SecretKeeper } from './secret/keeper.js';

/** One POST item with what apply needs to account for it. */
export interface ApplyItem {
  change: ResourceChange;
  obj: DesiredObject;
  payload: HaloRecord;
  create: boolean;
  /** The generated secret this item sends; set only once it is safe in its pending record. */
  secret?: string;
  /** The secret replaces a stranded one (finish.ts): its record is kept even if Halo refuses it. */
  replacesStranded?: boolean;
  /** The POST item that clears the "undelivered" mark this item sets (keeper.markSent). */
  clear?: HaloRecord;
}

/** Re-sends after lost responses before giving up on a batch. */
const MAX_RECHECKS = 5;

function rejectsItems(e: HaloApiError): boolean {
  return e.kind === 'http' && e.status >= 400 && e.status < 500 && ![401, 403, 429].includes(e.status);
}

function lostResponse(e: HaloApiError): boolean {
  return e.status === 0 || e.writeMayHaveApplied;
}

/** Halo answered 4xx: it did not store the request (a 5xx or no answer may have been committed). */
function definitelyRefused(e: unknown): boolean {
  return isHaloApiError(e) && e.kind === 'http' && e.status >= 400 && e.status < 500;
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Sends batches and deletes, and keeps the counts, created ids and failures of one apply run. */
export class BatchSender {
  added = 0;
  changed = 0;
  destroyed = 0;
  readonly failed = new Map<string, string>();
  /** Generates, keeps and delivers the secrets of this run. */
  readonly keeper: SecretKeeper;

  private readonly catalog: Catalog;

  constructor(
    private readonly writer: HaloWriter,
    private readonly created: Map<string, LiveId>,
    where: { envDir: string; environment: EnvironmentConfig; catalog: Catalog; env?: NodeJS.ProcessEnv; known?: readonly string[] },
    private readonly emit: EngineEventSink,
    /** Secrets read from their sources for this run's payloads (secretFrom), live: payloads add to it. */
    private readonly sourced: ReadonlySet<string> = new Set(),
  ) {
    this.catalog = where.catalog;
    this.keeper = new SecretKeeper(writer, where.envDir, where.environment, where.catalog, emit, { ...(where.env ? { env: where.env } : {}), ...(where.known ? { known: where.known } : {}) });
  }

  /** Clears the undelivered marks of the secrets delivered so far (one POST per kind); failures are failed objects. */
  async flushSecrets(): Promise<void> {
    for (const f of await this.keeper.flush()) this.fail(f.address, f.message);
  }

  /** Every secret handled in this run (generated or read from a source), scrubbed from any message that leaves apply. */
  get secrets(): readonly string[] {
    return [...this.keeper.secrets, ...this.sourced];
  }

  /** Records a failure (or a skip) for an address. */
  fail(address: string, message: string, type: 'failed' | 'skipped' = 'failed'): void {
    const clean = scrubSecrets(message, this.secrets);
    this.failed.set(address, clean);
    if (type === 'skipped') this.emit({ type: 'skipped', address, reason: clean });
    else this.emit({ type: 'failed', address, message: clean });
  }

  /**
   * A non-Halo error (undici, a bug) rethrown without the generated secrets: its message or stack
   * may quote the request body. The cause is dropped on purpose (it may quote it too).
   */
  scrubbed(e: unknown): Error {
    const out = new Error(scrubSecrets(messageOf(e), this.secrets));
    out.name = e instanceof Error ? e.name : 'Error';
    const stack = e instanceof Error ? e.stack : undefined;
    out.stack = stack === undefined ? undefined : scrubSecrets(stack, this.secrets);
    return out;
  }

  /**
   * Generates the secret for `item`, writes it to its pending record and only then puts it into
   * the payload. When the record cannot be written the item is failed and must not be sent.
   */
  async attachSecret(item: Omit<ApplyItem, 'secret'>, live: { id: LiveId; raw: HaloRecord } | undefined): Promise<ApplyItem | undefined> {
    const handling = handlerFor(item.obj.kind).secret;
    if (!handling || handling.sink(item.obj.spec) === undefined) return item;
    const prepared = await this.keeper.prepare(item.obj, live);
    if ('error' in prepared) {
      this.fail(item.obj.address, prepared.error);
      return undefined;
    }
    const clear = this.keeper.markSent(item.obj, item.payload);
    handling.inject(item.payload, prepared.secret);
    return { ...item, secret: prepared.secret, ...(clear ? { clear } : {}) };
  }

  /** Fails the items of a batch; what happens to a pending secret depends on whether Halo may have it. */
  private async failItems(items: ApplyItem[], e: unknown): Promise<void> {
    const refused = definitelyRefused(e);
    for (const it of items) {
      // The failure is recorded under its address: the message itself does not repeat it.
      const message = messageOf(e);
      this.fail(it.obj.address, it.secret === undefined ? message : `${message}; ${await this.keeper.settle(it.obj, refused, it.replacesStranded)}`);
    }
  }

  /** POSTs one batch; recovers from lost responses and bisects rejected batches. */
  async send(kind: KindName, items: ApplyItem[], rechecks: number): Promise<void> {
    if (items.length === 0) return;
    const h = handlerFor(kind);
    let saved: HaloRecord[];
    try {
      saved = await this.writer.upsert(h.apiPath, items.map((i) => i.payload));
      const created = items.filter((i) => i.create).length;
      this.emit({ type: 'batch', kind, size: items.length, ok: true, created, updated: items.length - created });
    } catch (e) {
      this.emit({ type: 'batch', kind, size: items.length, ok: false });
      // Not a Halo answer (a bug, a crash in undici): stop, with any pending secret left on disk.
      if (!isHaloApiError(e)) throw this.scrubbed(e);
      if (lostResponse(e) && rechecks < MAX_RECHECKS) return this.recheck(kind, items, rechecks);
      if (rejectsItems(e) && items.length > 1) {
        this.emit({ type: 'bisect', kind, size: items.length });
        const half = Math.ceil(items.length / 2);
        await this.send(kind, items.slice(0, half), rechecks);
        await this.send(kind, items.slice(half), rechecks);
        return;
      }
      await this.failItems(items, e);
      return;
    }
    await Promise.all(items.map((it, i) => this.saved(it, this.pick(kind, saved, items, i))));
  }

  /** After a lost response: creates that landed are taken as saved; the rest are re-sent. */
  private async recheck(kind: KindName, items: ApplyItem[], rechecks: number): Promise<void> {
    const h = handlerFor(kind);
    const creates = items.filter((i) => i.create);
    let index: LiveIndex | undefined;
    if (creates.length > 0) {
      for (const it of creates) this.emit({ type: 'create-recheck', address: it.obj.address });
      try {
        const raws = await h.list(this.writer, this.catalog);
        index = new LiveIndex(kind, raws.map((raw) => ({ id: raw.id as LiveId, name: h.liveName(raw), raw })));
      } catch (e) {
        // The outcome of the lost write stays unknown: pending secrets are kept.
        await this.failItems(items, new Error(`could not re-read ${kind} after a lost response: ${messageOf(e)}`));
        return;
      }
    }
    const rest: ApplyItem[] = [];
    for (const it of items) {
      // The first of the name: a second copy must never be sent on top of one that landed.
      const found = it.create ? index?.named(it.obj.name)[0] : undefined;
      if (found) await this.saved(it, found.raw);
      else rest.push(it);
    }
    await this.send(kind, rest, rechecks + 1);
  }

  private pick(kind: KindName, saved: HaloRecord[], items: ApplyItem[], i: number): HaloRecord | undefined {
    if (saved.length === items.length) return saved[i];
    const h = handlerFor(kind);
    const key = naturalKey(items[i]?.obj.name ?? '');
    return saved.find((r) => naturalKey(h.liveName(r)) === key);
  }

  private async saved(it: ApplyItem, raw: HaloRecord | undefined): Promise<void> {
    const id = raw?.id as LiveId | undefined;
    if (it.create) {
      if (id === undefined || id === null) {
        const message = 'Halo saved the object but returned no id';
        this.fail(it.obj.address, it.secret === undefined ? message : `${message}; ${await this.keeper.settle(it.obj, false)}`);
        return;
      }
      this.created.set(it.obj.address, id);
      this.added++;
    } else {
      this.changed++;
    }
    if (it.secret === undefined) return;
    const problem = await this.keeper.store(it.obj, it.secret, raw ?? {}, id ?? it.change.live_id, it.clear);
    if (problem) this.fail(it.obj.address, problem);
  }

  /** DELETE one object; a 404 means it is already gone (e.g. a lost response last time). */
  async remove(change: ResourceChange): Promise<void> {
    const h = handlerFor(change.kind);
    const id = change.live_id;
    if (id === undefined) return;
    for (let attempt = 0; ; attempt++) {
      try {
        await this.writer.remove(h.apiPath, id);
        break;
      } catch (e) {
        if (isHaloApiError(e) && e.status === 404) break;
        if (isHaloApiError(e) && lostResponse(e) && attempt < MAX_RECHECKS) continue;
        this.emit({ type: 'delete', kind: change.kind, address: change.address, ok: false });
        this.fail(change.address, messageOf(e));
        return;
      }
    }
    this.destroyed++;
    this.emit({ type: 'delete', kind: change.kind, address: change.address, ok: true });
  }
}

/**
 * Sending one batch of POST items, with the two recovery paths apply needs:
 * - a lost response (network error: the write may have been committed) -> re-list the kind and
 *   match creates by natural key BEFORE re-sending, so a dropped response never makes a duplicate;
 * - a rejected batch (4xx) -> bisect until the failing items are named; the rest still converge.
 */
import type { DesiredObject, KindName } from '../manifest/types.js';
import type { HaloRecord, HaloWriter } from '../halo/types.js';
import { isHaloApiError, type HaloApiError } from '../halo/errors.js';
import { naturalKey } from '../manifest/types.js';
import { handlerFor } from '../kinds/index.js';
import type { LiveId } from '../kinds/types.js';
import type { ResourceChange } from './plan-types.js';
import type { EngineContext } from './context.js';
import type { EngineEventSink } from './events.js';
import { LiveIndex } from './match.js';
import { scrubSecrets, writeSecretSink } from './secrets.js';

/** One POST item with what apply needs to account for it. */
export interface ApplyItem {
  change: ResourceChange;
  obj: DesiredObject;
  payload: HaloRecord;
  create: boolean;
  secret?: string;
}

/** Re-sends after lost responses before giving up on a batch. */
const MAX_RECHECKS = 5;

function rejectsItems(e: HaloApiError): boolean {
  return e.kind === 'http' && e.status >= 400 && e.status < 500 && ![401, 403, 429].includes(e.status);
}

function lostResponse(e: HaloApiError): boolean {
  return e.status === 0 || e.writeMayHaveApplied;
}

/** Sends batches and deletes, and keeps the counts, created ids and failures of one apply run. */
export class BatchSender {
  added = 0;
  changed = 0;
  destroyed = 0;
  readonly failed = new Map<string, string>();
  /** Every secret generated in this run, scrubbed from any message that leaves apply. */
  readonly secrets: string[] = [];

  constructor(
    private readonly writer: HaloWriter,
    private readonly ctx: EngineContext,
    private readonly created: Map<string, LiveId>,
    private readonly envDir: string,
    private readonly emit: EngineEventSink,
  ) {}

  /** Records a failure (or a skip) for an address. */
  fail(address: string, message: string, type: 'failed' | 'skipped' = 'failed'): void {
    const clean = scrubSecrets(message, this.secrets);
    this.failed.set(address, clean);
    if (type === 'skipped') this.emit({ type: 'skipped', address, reason: clean });
    else this.emit({ type: 'failed', address, message: clean });
  }

  /** POSTs one batch; recovers from lost responses and bisects rejected batches. */
  async send(kind: KindName, items: ApplyItem[], rechecks: number): Promise<void> {
    if (items.length === 0) return;
    const h = handlerFor(kind);
    let saved: HaloRecord[];
    try {
      saved = await this.writer.upsert(h.apiPath, items.map((i) => i.payload));
      this.emit({ type: 'batch', kind, size: items.length, ok: true });
    } catch (e) {
      this.emit({ type: 'batch', kind, size: items.length, ok: false });
      if (!isHaloApiError(e)) throw e;
      if (lostResponse(e) && rechecks < MAX_RECHECKS) return this.recheck(kind, items, rechecks);
      if (rejectsItems(e) && items.length > 1) {
        this.emit({ type: 'bisect', kind, size: items.length });
        const half = Math.ceil(items.length / 2);
        await this.send(kind, items.slice(0, half), rechecks);
        await this.send(kind, items.slice(half), rechecks);
        return;
      }
      for (const it of items) this.fail(it.obj.address, e.withAddress(it.obj.address).message);
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
        const raws = await h.list(this.writer);
        index = new LiveIndex(kind, raws.map((raw) => ({ id: raw.id as LiveId, name: h.liveName(raw), raw })));
      } catch (e) {
        for (const it of items) this.fail(it.obj.address, `could not re-read ${kind} after a lost response: ${(e as Error).message}`);
        return;
      }
    }
    const rest: ApplyItem[] = [];
    for (const it of items) {
      const found = it.create ? index?.byName(it.obj.name) : undefined;
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
        this.fail(it.obj.address, 'Halo saved the object but returned no id');
        return;
      }
      this.created.set(it.obj.address, id);
      this.added++;
    } else {
      this.changed++;
    }
    if (it.secret !== undefined) await this.storeSecret(it, raw ?? {}, id ?? it.change.live_id);
  }

  private async storeSecret(it: ApplyItem, raw: HaloRecord, id: LiveId | undefined): Promise<void> {
    const h = handlerFor(it.obj.kind);
    const handling = h.secret;
    const sink = handling?.sink(it.obj.spec);
    if (!handling || !sink || it.secret === undefined) return;
    try {
      let clientId = handling.clientId(raw);
      if (clientId === undefined && id !== undefined) clientId = handling.clientId(await this.writer.get(h.apiPath, id));
      if (clientId === undefined) throw new Error('Halo returned no client id');
      const path = await writeSecretSink(sink, this.envDir, clientId, it.secret);
      this.emit({ type: 'secret-written', address: it.obj.address, sink: path });
    } catch (e) {
      this.fail(it.obj.address, `the new secret could not be written to ${sink}: ${(e as Error).message}`);
    }
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
        this.emit({ type: 'delete', address: change.address, ok: false });
        this.fail(change.address, isHaloApiError(e) ? e.withAddress(change.address).message : (e as Error).message);
        return;
      }
    }
    this.destroyed++;
    this.emit({ type: 'delete', address: change.address, ok: true });
  }
}

/**
 * The secret side of apply's writes: a generated secret is put in its pending record before it
 * is sent, and sent with an "undelivered" mark on the application itself; once Halo is known to
 * have stored it, it is delivered to its sink, the mark is cleared (one POST per kind, see
 * `flush`) and only then the record removed. Whenever the outcome is unknown, or delivery fails,
 * record and mark stay: the next apply finishes them (finish.ts), on this machine from the record,
 * on another (a fresh CI runner) from the mark. Messages name files and commands, never a secret.
 */
import type { Catalog } from '../../model/catalog.js';
import type { DesiredObject, EnvironmentConfig } from '../../model/desired.js';
import type { KindName } from '../../model/kinds.js';
import type { HaloRecord, HaloWriter } from '../../halo/types.js';
import { isHaloApiError } from '../../halo/errors.js';
import { handlerFor } from '../../kinds/index.js';
import type { LiveId } from '../../kinds/types.js';
import type { EngineEventSink } from '../events.js';
import { generateSecret } from '../secrets.js';
import { deliverSecret } from './deliver.js';
import { newRecord, removePendingRecord, writePendingRecord, type PendingRecord } from './pending.js';
import { describeSink, parseSink, pendingPath, type SinkTarget } from '../../../constructs/secret/sink.js';

/** Where an object's secret goes. */
interface SecretPlace {
  target: SinkTarget;
  /** undefined for `none`. */
  pending?: string;
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** What the user reads when a secret is kept in its pending record. */
export function nextApplyAdvice(pending: string): string {
  return `it is kept in ${pending}; the next apply checks it against Halo and delivers it before anything else`;
}

/** A delivered secret whose application still carries the undelivered mark. */
interface Clear {
  obj: DesiredObject;
  /** The POST item that clears the mark (the item that was sent, or the desired one). */
  payload: HaloRecord;
  pending: string;
}

/** Sends of a mark-clearing POST whose response was lost, each after reading the objects back. */
const CLEAR_ATTEMPTS = 5;

/** Generates, keeps and delivers the secrets of one apply run. */
export class SecretKeeper {
  /** Every secret this run handled, scrubbed from any message that leaves apply. */
  readonly secrets: string[] = [];
  private clears: Clear[] = [];
  /** Addresses whose undelivered mark this run cleared: later items built from the older live read must not set it again. */
  private readonly cleared = new Set<string>();

  constructor(
    private readonly writer: HaloWriter,
    private readonly envDir: string,
    private readonly environment: EnvironmentConfig,
    private readonly catalog: Catalog,
    private readonly emit: EngineEventSink,
    /** A command sink's environment and the secrets known besides the generated ones (webhook secretFrom values). */
    private readonly commandContext: { env?: NodeJS.ProcessEnv; known?: readonly string[] } = {},
  ) {}

  /**
   * Marks a POST item that will carry a new secret of `obj` as undelivered (nothing for `none`)
   * and returns the item that clears the mark again: the same, without the mark (and without the
   * secret, which is injected after this).
   */
  markSent(obj: DesiredObject, payload: HaloRecord): HaloRecord | undefined {
    const handling = handlerFor(obj.kind).secret;
    if (!handling || !this.placeOf(obj)?.pending) return undefined;
    // The item may carry an older mark from the live object (a secret that reached nobody): the clearing item has none.
    const clear = structuredClone(payload);
    if (!handling.markUndelivered(clear, this.catalog, undefined)) return undefined;
    return handling.markUndelivered(payload, this.catalog, new Date().toISOString()) ? clear : undefined;
  }

  /** Removes from a POST item built from the live read an undelivered mark this run has since cleared. */
  dropClearedMark(obj: DesiredObject, payload: HaloRecord): void {
    if (this.cleared.has(obj.address)) handlerFor(obj.kind).secret?.markUndelivered(payload, this.catalog, undefined);
  }

  /** The undelivered mark on a live object, if any. */
  undelivered(obj: DesiredObject, raw: HaloRecord): string | undefined {
    return handlerFor(obj.kind).secret?.undelivered(raw, this.catalog);
  }

  /** The sink and pending file of `obj`; undefined when it has no secret block. Throws for a malformed sink. */
  placeOf(obj: DesiredObject): SecretPlace | undefined {
    const spec = handlerFor(obj.kind).secret?.sinkSpec(obj.spec);
    if (!spec) return undefined;
    const target = parseSink(spec, this.envDir);
    const pending = pendingPath(target, obj.name, this.envDir);
    return pending === undefined ? { target } : { target, pending };
  }

  /** Registers a secret read from a pending record, so messages are scrubbed of it too. */
  remember(secret: string): void {
    this.secrets.push(secret);
  }

  /**
   * A new secret for `obj`, already in its pending record (with what is known of the live
   * object); `{error}` when it could not be saved, and then it must not be sent.
   */
  async prepare(obj: DesiredObject, live: { id: LiveId; raw: HaloRecord } | undefined): Promise<{ secret: string } | { error: string }> {
    const handling = handlerFor(obj.kind).secret;
    const secret = generateSecret();
    this.secrets.push(secret);
    let where = 'its pending record';
    try {
      const place = this.placeOf(obj);
      // `none`: sent so the application never exists without a secret, then dropped (README "Secrets").
      if (!place?.pending) return { secret };
      where = place.pending;
      const clientId = live ? handling?.clientId(live.raw) : undefined;
      await writePendingRecord(place.pending, newRecord(obj.name, this.environment, secret, { liveId: live?.id, clientId }, new Date()));
      return { secret };
    } catch (e) {
      return {
        error:
          `not sent: the new secret could not be saved to ${where} before sending it (${messageOf(e)}); ` +
          'Halo was not asked to store it. Fix the secret.sink path or its permissions and apply again',
      };
    }
  }

  /**
   * Halo refused the write, or its outcome is unknown. A refused secret's record is removed,
   * unless `keep` (the record replaced a stranded one, whose application still needs a secret).
   */
  async settle(obj: DesiredObject, refused: boolean, keep = false): Promise<string> {
    const pending = this.placeOf(obj)?.pending;
    if (!pending) return refused ? 'Halo did not store the new secret' : 'Halo may have stored the new secret (secret.sink is none: it is kept nowhere)';
    if (refused && !keep) {
      try {
        await removePendingRecord(pending);
        return 'Halo did not store the new secret (its pending record was removed)';
      } catch (e) {
        return `Halo did not store the new secret; ${pending} could not be removed (${messageOf(e)}) and can be deleted`;
      }
    }
    return `${refused ? 'Halo did not store the new secret' : 'Halo may have stored the new secret'}: ${nextApplyAdvice(pending)}`;
  }

  /**
   * The write committed: the pending record gets the client id (read back when the response
   * lacks it), then the secret is delivered; `clear` (from markSent) clears the mark at `flush`.
   * Returns an error message.
   */
  async store(obj: DesiredObject, secret: string, raw: HaloRecord, id: LiveId | undefined, clear: HaloRecord | undefined): Promise<string | undefined> {
    const h = handlerFor(obj.kind);
    const place = this.placeOf(obj);
    if (!h.secret || !place?.pending) return undefined;
    const pending = place.pending;
    let clientId: string | undefined;
    try {
      clientId = h.secret.clientId(raw);
      if (clientId === undefined && id !== undefined) clientId = h.secret.clientId(await this.writer.get(h.apiPath, id));
    } catch (e) {
      return `Halo stored the new secret but its client id could not be read (${messageOf(e)}); ${nextApplyAdvice(pending)}`;
    }
    if (clientId === undefined) return `Halo stored the new secret but returned no client id; ${nextApplyAdvice(pending)}`;
    const record = newRecord(obj.name, this.environment, secret, { liveId: id, clientId }, new Date());
    try {
      await writePendingRecord(pending, record);
    } catch {
      // The record written before sending is still there (without the client id): delivery goes on.
    }
    // A create's item has no id yet: the clearing POST must update, not create a second object.
    return this.deliver(obj, { ...record, clientId }, pending, clear && id !== undefined ? { ...clear, id } : undefined);
  }

  /**
   * Delivers a secret Halo has to the sink of `obj`. The record is removed at once, or, when
   * `clear` is given (the application carries the undelivered mark), by `flush` once the mark is
   * cleared. Returns an error message.
   */
  async deliver(obj: DesiredObject, record: PendingRecord & { clientId: string }, pending: string, clear?: HaloRecord): Promise<string | undefined> {
    let place: SecretPlace | undefined;
    try {
      place = this.placeOf(obj);
      if (!place) throw new Error('the application has no secret.sink any more');
      const keys = handlerFor(obj.kind).secret?.sinkSpec(obj.spec)?.keys;
      const done = await deliverSecret(place.target, {
        application: obj.name,
        clientId: record.clientId,
        secret: record.secret,
        envDir: this.envDir,
        ...(keys ? { keys } : {}),
        command: { ...this.commandContext, loginSecret: this.environment.connection.clientSecret, known: [...(this.commandContext.known ?? []), ...this.secrets] },
      });
      for (const note of done.notes) this.emit({ type: 'secret-note', address: obj.address, message: note });
    } catch (e) {
      const to = place ? describeSink(place.target) : 'its sink';
      return `Halo stored the new secret but it could not be delivered to ${to} (${messageOf(e)}); ${nextApplyAdvice(pending)}`;
    }
    this.emit({ type: 'secret-written', address: obj.address, sink: describeSink(place.target) });
    if (clear) {
      this.clears.push({ obj, payload: clear, pending });
      return undefined;
    }
    return this.removeRecord(pending);
  }

  private async removeRecord(pending: string): Promise<string | undefined> {
    try {
      await removePendingRecord(pending);
      return undefined;
    } catch (e) {
      return `the secret was delivered, but ${pending} could not be removed (${messageOf(e)}); delete it`;
    }
  }

  /**
   * Clears the undelivered marks of the secrets delivered since the last flush: one POST per
   * kind. After a lost response the objects are read back (never re-sent blindly) and only those
   * still marked are sent again. Then their records go. Returns the failures (record and mark
   * stay; the next apply clears them).
   */
  async flush(): Promise<{ address: string; message: string }[]> {
    const clears = this.clears;
    this.clears = [];
    const failures: { address: string; message: string }[] = [];
    for (const kind of [...new Set(clears.map((c) => c.obj.kind))] as KindName[]) {
      const problems = await this.clearMarks(kind, clears.filter((c) => c.obj.kind === kind));
      for (const c of clears.filter((x) => x.obj.kind === kind)) {
        const problem = problems.get(c);
        if (!problem) this.cleared.add(c.obj.address);
        const message = problem
          ? `the secret was delivered, but Halo's "undelivered" mark on the application could not be cleared (${problem}); ${nextApplyAdvice(c.pending)}`
          : await this.removeRecord(c.pending);
        if (message) failures.push({ address: c.obj.address, message });
      }
    }
    return failures;
  }

  /** POSTs the clearing items; the problem of each one that could not be confirmed cleared. */
  private async clearMarks(kind: KindName, batch: Clear[]): Promise<Map<Clear, string>> {
    const h = handlerFor(kind);
    let rest = batch;
    let problem = 'no response from Halo';
    for (let attempt = 1; attempt <= CLEAR_ATTEMPTS && rest.length > 0; attempt++) {
      try {
        await this.writer.upsert(h.apiPath, rest.map((c) => c.payload));
        return new Map();
      } catch (e) {
        problem = messageOf(e);
        if (!(isHaloApiError(e) && (e.status === 0 || e.writeMayHaveApplied))) break;
      }
      const still: Clear[] = [];
      for (const c of rest) {
        try {
          if (this.undelivered(c.obj, await this.writer.get(h.apiPath, c.payload.id as LiveId)) !== undefined) still.push(c);
        } catch {
          still.push(c);
        }
      }
      rest = still;
    }
    return new Map(rest.map((c) => [c, problem]));
  }
}
